"""Lessons, recommendations and missed opportunities: whole items of text with their spans.

- Lessons are the items (or, under a numbered heading such as "Lesson 2.1", the
  paragraphs) of sections whose heading the ontology marks as lessons, and the list items
  after a line such as "... shows classic features:" (``cg:lessonListCue``).
- Recommendations are the paragraphs under numbered recommendation headings
  ("Recommendation 3"), continued into the next paragraph when the first ends with
  "including:-" (``cg:continuationCue``), and paragraphs labelled "Recommendation 4: ...";
  without those, the items of a recommendations section, or its paragraphs worded as
  recommendations (``cg:recommendationVerbCue``).
- Missed opportunities are the list items after a line such as "... meetings should
  have taken place:" (``cg:missedListCue``) and sentences that say something that should
  have happened did not (``cg:missedOpportunityCue``).

>>> from casegraph.loaders.extract.layout import layout
>>> lay = layout("Recommendation 1\\n\\nThe Board should act, including:-\\n\\nA fictional key message.\\n")
>>> [r["text"] for r in recommendations(lay)["recommendations"]]
['The Board should act, including:-\\n\\nA fictional key message.']
"""
from __future__ import annotations

import re

from casegraph.loaders.extract.codes import themes_in
from casegraph.loaders.extract.layout import Block, Layout
from casegraph.loaders.extract.vocabulary import cue, section_kinds

_NUMBER = re.compile(r"([0-9]+(?:\.[0-9]+)*[a-z]?)\s*$", re.I)
MIN_ITEM_WORDS = 4  # shorter blocks (a date, a label, a contents entry and its page) are no lesson or recommendation
_LABEL_NUMBER = re.compile(r"\s*([0-9]+(?:\.[0-9]+)*)\s*[:.–-]\s+(?=\S)")
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)*")


def _item(lay: Layout, start: int, end: int, **extra) -> dict:
    return {"text": lay.text[start:end], "start": start, "end": end, "section": lay.section_at(start), **extra}


def _long_enough(lay: Layout, start: int, end: int) -> bool:
    return len(lay.text[start:end].split()) >= MIN_ITEM_WORDS


def _is_intro(lay: Layout, b: Block) -> bool:
    return lay.text[b.start:b.end].rstrip().endswith((":", ":-"))


def _list_after(lay: Layout, pattern: re.Pattern):
    """Item blocks that follow a block ending with a colon that matches ``pattern``."""
    blocks = lay.blocks
    for i, b in enumerate(blocks):
        if not (_is_intro(lay, b) and pattern.search(lay.text, b.start, b.end)):
            continue
        for nxt in blocks[i + 1:]:
            if nxt.heading or nxt.numbered or not nxt.item:
                break
            yield nxt


def _bodies(lay: Layout, kind: str) -> dict[int, list[Block]]:
    """For each section of ``kind``: the blocks whose innermost section it is (headings left out)."""
    wanted = {i for i, k in enumerate(lay.kinds) if k == kind}
    out: dict[int, list[Block]] = {i: [] for i in wanted}
    for b in lay.blocks:
        i = lay.section_index_at(b.start)
        if i in wanted and not b.heading:
            out[i].append(b)
    return out


def lessons(lay: Layout) -> dict:
    """``{"lessons": [{"text", "start", "end", "section", "themes"}]}``."""
    chosen: dict[int, Block] = {}
    for blocks in _bodies(lay, "lessons").values():
        body = [b for b in blocks if not _is_intro(lay, b)]
        items = [b for b in body if b.item]
        for b in items or body:
            chosen[b.start] = b
    for b in _list_after(lay, cue("lessonListCue")):
        chosen[b.start] = b
    out = [_item(lay, b.start, b.end, themes=themes_in(lay, b.start, b.end))
           for b in sorted(chosen.values())
           if not lay.is_excluded(b.start) and _long_enough(lay, b.start, b.end)]
    return {"lessons": out}


def _recommendation(lay: Layout, body: list[Block], number: str | None) -> dict | None:
    if not body:
        return None
    first = body[0]
    end = first.end
    if len(body) > 1 and cue("continuationCue").search(lay.text[first.start:first.end]):
        end = body[1].end
    return _item(lay, first.start, end, number=number, addressee=addressee(lay, first.start, end),
                 themes=themes_in(lay, first.start, end))


def addressee(lay: Layout, start: int, end: int) -> str | None:
    """Who a recommendation is addressed to: the first ``cg:addresseeCue`` in its text."""
    m = cue("addresseeCue").search(lay.text, start, end)
    if not m:
        return None
    words = m.group().split()
    return " ".join(words[1:] if words[0].lower() == "the" and len(words) > 1 else words)


def _labelled(lay: Layout, b: Block) -> dict | None:
    """A paragraph that opens with its own label: "Recommendation 4: The Board should ..."."""
    head = next(k.heading for k in section_kinds() if k.kind == "recommendations").match(lay.text[b.start:b.end])
    label = _LABEL_NUMBER.match(lay.text, b.start + head.end(), b.end) if head else None
    if not label:
        return None
    start = label.end()
    return _item(lay, start, b.end, number=label.group(1), addressee=addressee(lay, start, b.end),
                 themes=themes_in(lay, start, b.end))


def _marker_number(lay: Layout, b: Block) -> str | None:
    line_start = lay.text.rfind("\n", 0, b.start) + 1
    m = _DIGITS.search(lay.text, line_start, b.start)
    return m.group() if m else None


def recommendations(lay: Layout) -> dict:
    """``{"recommendations": [{"number", "text", "start", "end", "section", "addressee", "themes"}]}``.

    >>> from casegraph.loaders.extract.layout import layout
    >>> [r["number"] for r in recommendations(layout("Recommendation 2: The Board should audit plans."))["recommendations"]]
    ['2']
    """
    numbered, listed = [], []
    in_numbered = set()
    for i, body in _bodies(lay, "recommendations").items():
        n = _NUMBER.search(lay.sections[i].title)
        if n:
            numbered.append(_recommendation(lay, body, n.group(1)))
            in_numbered.update(b.start for b in body)
        else:
            entries = [b for b in body if (b.item or b.numbered) and not _is_intro(lay, b)] or [
                b for b in body if not _is_intro(lay, b) and cue("recommendationVerbCue").search(lay.text, b.start, b.end)]
            listed.extend(_item(lay, b.start, b.end, number=_marker_number(lay, b),
                                addressee=addressee(lay, b.start, b.end), themes=themes_in(lay, b.start, b.end))
                          for b in entries)
    numbered += [r for b in lay.blocks if not b.heading and b.start not in in_numbered
                 for r in [_labelled(lay, b)] if r]
    out = [r for r in (sorted((r for r in numbered if r), key=lambda r: r["start"]) or listed)
           if not lay.is_excluded(r["start"]) and _long_enough(lay, r["start"], r["end"])]
    return {"recommendations": out}


def missed_opportunities(lay: Layout) -> dict:
    """``{"missed_opportunities": [{"text", "start", "end", "section"}]}``."""
    spans = {(b.start, b.end) for b in _list_after(lay, cue("missedListCue"))}
    listed_intro = cue("missedListCue")
    for s in lay.sentences:
        if lay.is_excluded(s.start) or lay.kind_at(s.start) in ("actions", "recommendations"):
            continue
        body = lay.text[s.start:s.end]
        if cue("missedOpportunityCue").search(body) and not (body.rstrip().endswith(":") and listed_intro.search(body)):
            spans.add((s.start, s.end))
    return {"missed_opportunities": [_item(lay, s, e) for s, e in sorted(spans)]}
