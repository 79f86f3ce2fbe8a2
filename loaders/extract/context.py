"""Where a match stands: its clause, and whether the text around it cancels it.

Reviews mention many things that are not facts of the case: absences ("neither parent
had a history of violence"), a parent's own childhood ("brought up in homes where
drug abuse featured"), general guidance ("When a child dies ...") and topics of
questions or training ("routine questioning around domestic abuse"). Each test here
reads its cues from the ontology (``cg:negationCue``, ``cg:earlierGenerationCue``, ``cg:earlierGenerationAfterCue``,
``cg:genericCue``, ``cg:topicCue``).

>>> from casegraph.loaders.extract.layout import layout
>>> lay = layout("Neither parent had a history of violence, but the father took drugs.")
>>> negated(lay, lay.text.index("violence")), negated(lay, lay.text.index("drugs"))
(True, False)
"""
from __future__ import annotations

import re
from functools import lru_cache

from casegraph.loaders.extract.layout import Layout
from casegraph.loaders.extract.vocabulary import cue

_CLAUSE_BREAK = re.compile(  # on the folded text
    r";|:|,\s+(?=and\b|which\b|who\b)|\b(?:but|however|although|whereas|while|whilst|though)\b")
TOPIC_WINDOW = 60
ADJACENT_WINDOW = 12
AFTER_WINDOW = 30
CONTEXT_CHARS = 300


@lru_cache(maxsize=4096)
def _breaks(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _CLAUSE_BREAK.finditer(text, start, end))


@lru_cache(maxsize=4096)
def _generic_sentence(text: str, start: int, end: int) -> bool:
    return cue("genericCue").search(text[start:end]) is not None


def clause(lay: Layout, pos: int) -> tuple[int, int]:
    """The span of the clause around ``pos``: its sentence cut at semicolons and contrasting words."""
    s = lay.sentence_at(pos)
    start, end = (s.start, s.end) if s else (pos, pos)
    for b_start, b_end in _breaks(lay.folded, start, end) if s else ():
        if b_end <= pos:
            start = b_end
        elif b_start > pos:
            end = b_start
            break
    return start, end


def negated(lay: Layout, pos: int, end: int | None = None) -> bool:
    """A negation cue comes before ``pos`` in its clause, a negating word right before it, or
    (given the match ``end``) a negation right after it ("... was not a feature of this case")."""
    start, stop = clause(lay, pos)
    if cue("negationCue").search(lay.text, start, pos) is not None:
        return True
    before = lay.text[max(start, pos - ADJACENT_WINDOW):pos]
    if any(not before[m.end():].strip() for m in cue("adjacentNegationCue").finditer(before)):
        return True
    if _negated_list_item(lay.text[max(start, pos - LIST_WINDOW):pos],
                          lay.text[end:min(stop, end + LIST_WINDOW)] if end is not None else ""):
        return True
    if end is None:
        return False
    after = lay.text[end:max(end, stop)]
    return cue("postNegationCue").match(after, len(after) - len(after.lstrip())) is not None


_LIST_GAP = re.compile(r"(?P<items>(?:[\w'’-]+(?: [\w'’-]+){0,3}(?:,| or| and|, or|, and) )*)(?:[\w'’-]+ ){0,3}")
_NOT_A_LIST_WORD = re.compile(r"\b(?:of|about|for|to|by|with|from|in|on|at|was|were|had|has|have|is|are|been|"
                              r"that|which|who|when|but|not)\b", re.I)
LIST_WINDOW = 80


def _negated_list_item(before: str, after: str = "") -> bool:
    """``before`` (the clause up to a match) ends in a negated list of short items joined by "or", the match being
    an item of it (``after`` is the text after the match): "there was no domestic abuse, [drug use] or [mental ill
    health]". An item holding a preposition or
    a verb ("no assessment of the father's drinking or") is no list item, and a list joined by "and" or commas
    may list what was found ("rooms with no usable bed, [dog faeces] on floors").

    >>> [_negated_list_item(s) for s in ("There was no domestic abuse, drug use or ", "no check of her drinking or ",
    ...                                  "with no usable bed, ")]
    [True, False, False]
    >>> _negated_list_item("There was no domestic abuse, ", " or mental ill health.")
    True
    """
    rest = _LIST_REST.match(after)
    continues = rest is not None and not _NOT_A_LIST_WORD.search(rest.group())
    for m in cue("adjacentNegationCue").finditer(before):
        gap = _LIST_GAP.fullmatch(before[m.end():].lstrip())
        if gap is None or _NOT_A_LIST_WORD.search(gap.group()):
            continue
        items = gap.group("items")  # the whole items before the match's own ("parental [drug use]")
        if items.endswith(" or ") or ((not items or items.endswith(", ")) and continues):
            return True
    return False


_LIST_REST = re.compile(r"(?:, [\w'’-]+(?: [\w'’-]+){0,3})*,? or ")


def earlier_generation(lay: Layout, pos: int, end: int | None = None) -> bool:
    """What is at ``pos`` is about a parent's own childhood: a cue such as "brought up in" comes before it
    in its clause, or (given the match ``end``) one such as "as a child" follows right after it."""
    start, stop = clause(lay, pos)
    if cue("earlierGenerationCue").search(lay.text, start, pos) is not None:
        return True
    if end is None:
        return False
    return cue("earlierGenerationAfterCue").search(lay.text, end, min(max(end, stop), end + AFTER_WINDOW)) is not None


def generic(lay: Layout, pos: int) -> bool:
    """The sentence around ``pos`` is general guidance or a hypothetical, not a fact of the case."""
    s = lay.sentence_at(pos)
    return s is not None and _generic_sentence(lay.text, s.start, s.end)


def topic_only(lay: Layout, pos: int) -> bool:
    """Just before ``pos`` (same clause) the text names it as a topic of questions, training or policy."""
    start, _ = clause(lay, pos)
    return cue("topicCue").search(lay.text, max(start, pos - TOPIC_WINDOW), pos) is not None


def context_span(lay: Layout, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``start:end``, cut to about CONTEXT_CHARS at word boundaries: what a reader quotes."""
    sentence = lay.sentence_at(start)
    lo, hi = (sentence.start, max(sentence.end, end)) if sentence else (start, end)
    if hi - lo > CONTEXT_CHARS:
        room = max(0, CONTEXT_CHARS - (end - start)) // 2
        lo, hi = max(lo, start - room), min(hi, end + room)
        while 0 < lo < start and not lay.text[lo - 1].isspace():  # the text's ends are word boundaries
            lo += 1
        while end < hi < len(lay.text) and not lay.text[hi].isspace():
            hi -= 1
    while lo < start and lay.text[lo].isspace():
        lo += 1
    while hi > end and lay.text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def evidence(lay: Layout, start: int, end: int) -> dict:
    """An evidence entry: the exact text between ``start`` and ``end``, its section title, and the
    sentence around it (``context``, with its own exact offsets) for people to read and cite."""
    lo, hi = context_span(lay, start, end)
    return {"text": lay.text[start:end], "start": start, "end": end, "section": lay.section_at(start),
            "context": lay.text[lo:hi], "context_start": lo, "context_end": hi}
