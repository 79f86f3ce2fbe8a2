"""Corrections people make to an extraction record (curation), applied as data.

A correction is a dict:

- ``"action"``: ``"reject"`` (remove a fact), ``"add"`` (add a fact with the passage that supports
  it), ``"accept"`` (confirm a fact) or ``"set"`` (give a metadata field a value);
- ``"field"``: a coded field (``ontology.coded_fields()``: ``"risk_factors"``, ``"agencies"`` ...), a
  text-item field (:data:`TEXT_FIELDS`) or, for ``"set"``, a metadata field (:data:`METADATA`);
- ``"code"``: the concept code (coded fields); ``"name"``: optionally, the agency's name (one agency
  of several of the same type);
- ``"start"``, ``"end"``: the item's offsets (text-item fields, ``"reject"`` and ``"accept"``);
- ``"evidence"``: ``{"text", "start", "end", "section"}``, the passage that supports an ``"add"``
  (``text == record["text"][start:end]``); for ``"accept"`` and a text item's ``"reject"`` it is filled
  in from the record, so that the fact can be found (or restored) after the document changes;
- ``"value"``: the new value (``"set"``); ``"by"``: who; ``"at"``: when (ISO-8601, UTC);
  ``"note"``: optional words.

:func:`apply_corrections` applies them in order and appends them to the record's ``"curation"``
log; each fact they touch carries ``"curated": {"action", "by", "at"}`` (and ``"note"``), and so does
the evidence an ``"add"`` brought. Stores keep the log; the marks are derived from it
(:func:`marked`). When a review is extracted again, its logged corrections are applied again
(``reapply=True``): automatic extraction never silently overwrites a curated fact.

>>> record = {"id": "child-x", "text": "Fictional: the father was not seen. Nobody asked who the lodger was.",
...           "risk_factors": [{"code": "RF_SELF_HARM", "evidence": []}]}
>>> fixed = apply_corrections(record, [
...     correction("reject", "risk_factors", "Jo Smith", code="RF_SELF_HARM", at="2026-11-22T09:00:00Z"),
...     correction("add", "family_roles", "Jo Smith", code="FR_FATHER", at="2026-11-22T09:00:00Z",
...                evidence=passage(record, "the father"))])
>>> fixed["risk_factors"], [(i["code"], i["curated"]["by"]) for i in fixed["family_roles"]]
([], [('FR_FATHER', 'Jo Smith')])
>>> [c["action"] for c in fixed["curation"]], [c["code"] for c in removed(fixed)]
(['reject', 'add'], ['RF_SELF_HARM'])
"""
from __future__ import annotations

import copy
import re
from datetime import datetime, timezone

from casegraph import ontology
from casegraph.errors import CasegraphError

ACTIONS = ("reject", "add", "accept", "set")
TEXT_FIELDS = ("lessons", "recommendations", "missed_opportunities")
METADATA = ("title", "review_type", "published", "partnership", "areas", "children")
# The keys a new text item has besides text, start, end and section.
_NEW_ITEM = {"lessons": {"themes": []}, "recommendations": {"number": None, "addressee": None, "themes": []},
             "missed_opportunities": {}}
_PAST = {"reject": "rejected", "add": "added", "accept": "accepted", "set": "set"}
_PUBLISHED = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$")
_CHILD_KEYS = {"name", "age_months", "outcome", "incident_year"}


# ---------------------------------------------------------------- building corrections

def now() -> str:
    """The current UTC time as a correction's ``"at"``: ``"2026-11-22T09:00:00Z"``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def correction(action: str, field: str, by: str, note: str | None = None, at: str | None = None,
               **details) -> dict:
    """A correction made now (or ``at``) by ``by``; ``details`` are its other keys (code, evidence, value ...)."""
    out = {"action": action, "field": field, **details, "by": by, "at": at or now()}
    if note:
        out["note"] = note
    return out


def coded_field(code: str) -> str:
    """The record field that holds ``code`` (CasegraphError if it is not a code of a coded field).

    >>> coded_field("RF_SELF_HARM")
    'risk_factors'
    """
    if not isinstance(code, str) or not ontology.is_code(code):
        raise CasegraphError(f"{code!r} is not a casegraph code")
    field = ontology.scheme(ontology.concept(code).scheme).field
    if not field:
        raise CasegraphError(f"{code} ({ontology.label(code)}) is not a fact with a supporting passage: "
                             "set the review's metadata instead")
    return field


def occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` occurs in ``text``, as ``(start, end)`` pairs; runs of white space match any
    white space (a passage pasted from a PDF reader keeps its words, not its line breaks).

    >>> occurrences("Fictional: the\\nfather, the father.", "the father")
    [(11, 21), (23, 33)]
    """
    words = (quote or "").split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    return [m.span() for m in pattern.finditer(text or "")]


def section_at(record: dict, position: int) -> str | None:
    """The title of the innermost section of the record's document that holds ``position``."""
    holding = [s for s in record.get("sections") or [] if s.get("start", 0) <= position < s.get("end", 0)]
    return max(holding, key=lambda s: (s["start"], s.get("level") or 0))["title"] if holding else None


def passage(record: dict, quote: str, occurrence: int | None = None) -> dict:
    """The evidence ``{"text", "start", "end", "section"}`` of ``quote`` in the record's text.

    ``occurrence`` (1 = the first) chooses among several; CasegraphError when the passage is not
    there, or is there more than once and ``occurrence`` does not say which.
    """
    found = occurrences(record.get("text") or "", quote)
    rid = record.get("id") or "the review"
    if not found:
        raise CasegraphError(f"the passage \"{_short(quote)}\" is not in the text of {rid} "
                             "(copy it exactly from the document)")
    if occurrence is None and len(found) > 1:
        raise CasegraphError(f"the passage \"{_short(quote)}\" is in the text of {rid} {len(found)} times: "
                             f"choose which occurrence (1 to {len(found)}), or quote a longer passage")
    n = occurrence or 1
    if not 1 <= n <= len(found):
        raise CasegraphError(f"the passage \"{_short(quote)}\" is in the text of {rid} only "
                             f"{len(found)} time(s), so there is no occurrence {n}")
    start, end = found[n - 1]
    return {"text": record["text"][start:end], "start": start, "end": end, "section": section_at(record, start)}


# ---------------------------------------------------------------- checking

def _short(text, size: int = 80) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= size else text[:size - 1] + "…"


def _what(c: dict) -> str:
    """A correction in words, for messages: ``"reject risk_factors RF_SELF_HARM"``."""
    target = c.get("code") or (f"characters {c.get('start')}-{c.get('end')}" if "start" in c else "")
    return " ".join(str(x) for x in (c.get("action"), c.get("field"), target) if x)


def _fail(c: dict, reason: str):
    raise CasegraphError(f"cannot apply the correction \"{_what(c)}\": {reason}")


def _check_value(c: dict) -> None:
    field, value = c["field"], c.get("value")
    if value is None and field not in ("areas", "children"):
        return
    ok = {"title": isinstance(value, str), "partnership": isinstance(value, str),
          "published": isinstance(value, str) and bool(_PUBLISHED.match(value)),
          "review_type": isinstance(value, str) and ontology.is_code(value)
          and ontology.concept(value).scheme == "review_type",
          "areas": isinstance(value, list) and all(isinstance(a, str) and a.strip() for a in value),
          "children": isinstance(value, list) and all(_child_ok(ch) for ch in value)}[field]
    if not ok:
        _fail(c, {"published": "a publication date is YYYY or YYYY-MM",
                  "review_type": "the value must be a review type code ("
                  + ", ".join(x.code for x in ontology.concepts("review_type")) + ")",
                  "areas": "areas are a list of names",
                  "children": "children are a list of {name, age_months, outcome, incident_year}"}
              .get(field, "the value must be text"))


def _child_ok(child) -> bool:
    if not isinstance(child, dict) or not set(child) <= _CHILD_KEYS:
        return False
    outcome = child.get("outcome")
    return (all(child.get(k) is None or (isinstance(child[k], int) and not isinstance(child[k], bool))
                for k in ("age_months", "incident_year"))
            and (outcome is None or (ontology.is_code(outcome) and ontology.concept(outcome).scheme == "outcome"))
            and (child.get("name") is None or isinstance(child["name"], str)))


def _check_evidence(c: dict, required: bool) -> None:
    ev = c.get("evidence")
    if ev is None and not required:
        return
    if not (isinstance(ev, dict) and isinstance(ev.get("text"), str) and ev["text"].strip()
            and all(isinstance(ev.get(k), int) and not isinstance(ev.get(k), bool) for k in ("start", "end"))
            and 0 <= ev["start"] < ev["end"]):
        _fail(c, "it needs the supporting passage as evidence {text, start, end, section}")


def check(c: dict) -> dict:
    """``c`` if it is a well-formed correction, else CasegraphError saying what is wrong."""
    if not isinstance(c, dict) or c.get("action") not in ACTIONS:
        raise CasegraphError(f"a correction's action is one of {', '.join(ACTIONS)}, not {_what(c or {})!r}")
    if not isinstance(c.get("by"), str) or not c["by"].strip():
        _fail(c, "it does not say who made it (by)")
    try:
        datetime.fromisoformat(c.get("at"))
    except (TypeError, ValueError):
        _fail(c, "it does not say when it was made (at, an ISO-8601 time)")
    field = c.get("field")
    if c["action"] == "set":
        if field not in METADATA:
            _fail(c, f"only these fields can be set: {', '.join(METADATA)}")
        _check_value(c)
    elif field in TEXT_FIELDS:
        _check_evidence(c, required=c["action"] == "add")
        if c["action"] != "add" and not all(isinstance(c.get(k), int) for k in ("start", "end")):
            _fail(c, "it needs the item's start and end")
    elif field in ontology.coded_fields():
        if coded_field(c.get("code")) != field:
            _fail(c, f"{c.get('code')} is not a code of {field}")
        _check_evidence(c, required=c["action"] == "add")
    else:
        _fail(c, f"{field!r} is not a field of a review's record")
    return c


# ---------------------------------------------------------------- applying

def _mark(c: dict) -> dict:
    return {k: c[k] for k in ("action", "by", "at", "note") if c.get(k)}


def _warn(record: dict, message: str) -> None:
    warnings = record.setdefault("warnings", [])
    if message not in warnings:
        warnings.append(message)


def _anchor(record: dict, c: dict, reapply: bool) -> dict | None:
    """The correction's passage in the record's text: where it says it is; when ``reapply``ing to a
    document that changed, where its quote is now (the occurrence nearest the old place), or None
    if it is gone. A new correction whose quote is not the text at its offsets is refused."""
    ev, text = c["evidence"], record.get("text") or ""
    if text[ev["start"]:ev["end"]] == ev["text"]:
        return {"text": ev["text"], "start": ev["start"], "end": ev["end"],
                "section": ev.get("section") or section_at(record, ev["start"])}
    if not reapply:
        _fail(c, f"the passage \"{_short(ev['text'])}\" is not the document's text at characters "
                 f"{ev['start']}-{ev['end']}")
    found = occurrences(text, ev["text"])
    if not found:
        return None
    start, end = min(found, key=lambda span: abs(span[0] - ev["start"]))
    return {"text": text[start:end], "start": start, "end": end, "section": section_at(record, start)}


def _lost(record: dict, c: dict) -> None:
    fact = f"{ontology.label(c['code'])} ({c['code']})" if c.get("code") else c["field"].replace("_", " ")
    _warn(record, f"a correction by {c['by']} ({c['at'][:10]}: {_PAST[c['action']]} {fact}) could not be "
                  f"applied again: its passage \"{_short(c['evidence']['text'])}\" is no longer in the document; "
                  "the correction is kept in the review's curation log")


def _find_item(items: list, c: dict) -> int | None:
    """The index of the text item a correction names: by its offsets (and text), else by its text."""
    quote = (c.get("evidence") or {}).get("text")
    start, end = c.get("start", (c.get("evidence") or {}).get("start")), c.get("end", (c.get("evidence") or {}).get("end"))
    for i, item in enumerate(items):
        if (item.get("start"), item.get("end")) == (start, end) and quote in (None, item.get("text")):
            return i
    return next((i for i, item in enumerate(items) if quote and item.get("text") == quote), None)


def _names(c: dict, item: dict) -> bool:
    """True if the coded correction ``c`` is about ``item`` (its code, and its name if ``c`` gives one)."""
    return item.get("code") == c.get("code") and c.get("name") in (None, item.get("name"))


def _item_evidence(item: dict) -> dict:
    return {k: item.get(k) for k in ("text", "start", "end", "section")}


def _text_item(record: dict, c: dict, reapply: bool) -> dict:
    """Reject, accept or add a lesson, recommendation or missed opportunity; returns the logged correction."""
    items = record.setdefault(c["field"], [])
    index = _find_item(items, c)
    if index is not None:
        c = {**c, "evidence": c.get("evidence") or _item_evidence(items[index])}
        if c["action"] == "reject":
            del items[index]
        else:
            items[index]["curated"] = _mark(c)
        return c
    if c["action"] == "reject" or not c.get("evidence"):
        return c
    ev = _anchor(record, c, reapply)
    if ev is None:
        _lost(record, c)
        return c
    item = {**ev, **copy.deepcopy(_NEW_ITEM[c["field"]]), "curated": _mark(c)}
    at = next((i for i, x in enumerate(items) if isinstance(x.get("start"), int) and x["start"] > ev["start"]),
              len(items))
    items.insert(at, item)
    return c


def _coded(record: dict, c: dict, reapply: bool) -> dict:
    """Reject, accept or add a coded fact; returns the logged correction."""
    field, code = c["field"], c["code"]
    items = record.setdefault(field, [])
    mine = [i for i in items if _names(c, i)]
    if c["action"] == "reject":
        record[field] = [i for i in items if not any(i is m for m in mine)]
        return c
    if c["action"] == "accept" and mine:
        for item in mine:
            item["curated"] = _mark(c)
        first = next((e for i in mine for e in i.get("evidence") or []), None)
        return {**c, "evidence": c.get("evidence") or (first and _item_evidence(first))}
    if not c.get("evidence"):  # an accepted fact no longer extracted, with no passage to restore it from
        _warn(record, f"{ontology.label(code)} ({code}), accepted by {c['by']} ({c['at'][:10]}), is no longer "
                      "found in the document; the correction is kept in the review's curation log")
        return c
    ev = _anchor(record, c, reapply)
    if ev is None:
        _lost(record, c)
        return c
    ev["curated"] = _mark(c)
    if mine:
        item = mine[0]
        evidence = item.setdefault("evidence", [])
        same = [e for e in evidence if (e.get("start"), e.get("end")) == (ev["start"], ev["end"])]
        for e in same:
            e["curated"] = ev["curated"]
        if not same:
            evidence.append(ev)
    else:
        item = {"code": code, "evidence": [ev]}
        if field == "agencies":
            item["name"] = c.get("name")
        items.append(item)
    item["curated"] = _mark(c)
    return c


def apply_corrections(record: dict, corrections, reapply: bool = False) -> dict:
    """The record with ``corrections`` applied in order and appended to its ``"curation"`` log (pure).

    Rejected facts are removed, added ones added with their passage, accepted ones kept, metadata set;
    every fact touched carries ``"curated": {"action", "by", "at"}``. A malformed correction, or a new
    one whose passage is not the document's text at its offsets, raises CasegraphError.

    ``reapply`` is for corrections from the review's own log, applied again to a new extraction: the
    document may have changed, so a passage that moved is found again by its quote, and one that is
    gone (or an accepted fact no longer found), or a logged correction this version cannot apply, becomes
    a warning in the record; the log keeps them all.

    >>> rec = {"id": "child-x", "text": "Fictional: mother drank heavily.", "risk_factors": []}
    >>> ev = {"text": "drank heavily", "start": 18, "end": 31, "section": None}
    >>> out = apply_corrections(rec, [correction("add", "risk_factors", "Jo", code="RF_SUBSTANCE_MISUSE",
    ...                                          at="2026-11-22T09:00:00Z", evidence=ev)])
    >>> out["risk_factors"][0]["evidence"][0]["curated"]
    {'action': 'add', 'by': 'Jo', 'at': '2026-11-22T09:00:00Z'}
    >>> moved = {**rec, "text": "Fictional, revised: mother drank heavily.", "curation": []}
    >>> apply_corrections(moved, out["curation"], reapply=True)["risk_factors"][0]["evidence"][0]["start"]
    27
    """
    out = copy.deepcopy(record)
    log = list(out.get("curation") or [])
    for c in corrections:
        try:
            c = check(dict(c))
        except CasegraphError as e:
            if not reapply:
                raise
            _warn(out, f"a correction in the review's curation log could not be applied again: {e.reason}")
            log.append(c)
            continue
        if c["action"] == "set":
            out[c["field"]] = copy.deepcopy(c.get("value"))
        elif c["field"] in TEXT_FIELDS:
            c = _text_item(out, c, reapply)
        else:
            c = _coded(out, c, reapply)
        log.append(c)
    out["curation"] = log
    return out


# ---------------------------------------------------------------- reading the marks

def marked(record: dict) -> dict:
    """A stored record with the ``"curated"`` marks of its log on its facts (its log applied again)."""
    log = record.get("curation") or []
    return apply_corrections({**record, "curation": []}, log, reapply=True) if log else record


def removed(record: dict) -> list[dict]:
    """The logged rejections whose fact is not in the record now (a later add may have restored it)."""
    out = []
    for c in record.get("curation") or []:
        if c.get("action") != "reject":
            continue
        items = record.get(c["field"]) or []
        gone = (_find_item(items, c) is None if c["field"] in TEXT_FIELDS
                else not any(_names(c, i) for i in items))
        if gone:
            out.append(c)
    return out


def metadata_marks(record: dict) -> dict[str, dict]:
    """The last ``"set"`` correction of each metadata field: ``{field: correction}``."""
    return {c["field"]: c for c in record.get("curation") or [] if c.get("action") == "set"}


def provenance(mark: dict) -> str:
    """A curated mark (or a correction) in words.

    >>> provenance({"action": "add", "by": "Jo Smith", "at": "2026-11-22T09:00:00Z"})
    '[curated by Jo Smith, 2026-11-22: added]'
    """
    note = f"; {mark['note']}" if mark.get("note") else ""
    return f"[curated by {mark.get('by')}, {str(mark.get('at'))[:10]}: {_PAST.get(mark.get('action'), '')}{note}]"
