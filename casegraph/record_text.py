"""A review's record as readable text, for `casegraph extract --format text` and `casegraph show`.

>>> from graph.analytics.examples import review_record
>>> text = record_text(review_record("r1", {"RF_DOMESTIC_ABUSE": ["violence at home"]}))
>>> text.splitlines()[0]
'Fictional review r1 [r1]'
>>> [line for line in text.splitlines() if "RF_" in line]
['  - Domestic abuse (RF_DOMESTIC_ABUSE)']
"""
from __future__ import annotations

import ontology

QUOTE_CHARS = 160


def _quote(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "…"


def _label(code: str | None) -> str:
    return ontology.label(code) if code and ontology.is_code(code) else "not recognised"


def _evidence_line(e: dict) -> str:
    return (f"      \"{_quote(e.get('text'))}\" ({e.get('section') or 'no section'}, "
            f"characters {e.get('start')}-{e.get('end')})")


def record_text(record: dict, all_evidence: bool = False) -> str:
    """Metadata, children, every code with its quote (all quotes with ``all_evidence``), items and warnings."""
    rid = record.get("id") or record.get("review_id") or ""
    lines = [f"{record.get('title') or rid} [{rid}]",
             f"  Type: {_label(record.get('review_type'))}   Published: {record.get('published') or 'not stated'}",
             f"  Partnership: {record.get('partnership') or 'not stated'}   "
             f"Areas: {', '.join(record.get('areas') or []) or 'not stated'}",
             f"  Source: {record.get('source')}   sha256: {record.get('sha256')}"]
    for c in record.get("children") or []:
        age = f"{c['age_months']} months" if c.get("age_months") is not None else "age not stated"
        lines.append(f"  Child: {c.get('name') or 'unnamed'}, {age}, outcome: {_label(c.get('outcome'))}, "
                     f"incident year: {c.get('incident_year') or 'not stated'}")
    for field in ontology.coded_fields():
        items = record.get(field) or []
        lines.append(f"{ontology.scheme_for_field(field).label} ({len(items)})")
        for item in items:
            name = f" - {item['name']}" if item.get("name") else ""
            lines.append(f"  - {_label(item['code'])} ({item['code']}){name}")
            evidence = item.get("evidence") or []
            lines.extend(_evidence_line(e) for e in (evidence if all_evidence else evidence[:1]))
    for field in ("lessons", "recommendations", "missed_opportunities"):
        items = record.get(field) or []
        lines.append(f"{field.replace('_', ' ').capitalize()} ({len(items)})")
        for item in items:
            number = f"{item['number']}. " if item.get("number") else ""
            themes = ", ".join(item.get("themes") or [])
            text = item.get("text") if all_evidence else _quote(item.get("text"))
            lines.append(f"  - {number}{text}" + (f"  [themes: {themes}]" if themes else ""))
    if record.get("drew_parallels"):
        lines.append("The review says it drew parallels with earlier reviews.")
    lines.extend(f"Warning: {w}" for w in record.get("warnings") or [])
    return "\n".join(lines)
