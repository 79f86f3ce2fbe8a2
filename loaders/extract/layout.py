"""The layout of a review's text: blocks, sentences, section kinds and text that states no findings.

A *block* is a paragraph or a list item, joined across wrapped lines (a line that
starts in lower case continues the block before it, even across a blank line left by
a page break). Blocks are split into *sentences*. Each block knows the innermost
section it lies in (from the reader's outline) and that section's *kind* (lessons,
recommendations, actions, terms_of_reference or None), recognised from the heading
by the ontology's ``cg:headingCue`` patterns. *Excluded* spans are terms-of-reference
and quoted-criteria lists and table-of-contents lines: coded facts are never taken
from them.

>>> lay = layout("Key Learning\\n\\n- Parents did not engage with the\\nplan.\\n- The GP was not invited.")
>>> [lay.text[b.start:b.end] for b in lay.blocks]
['Key Learning', 'Parents did not engage with the\\nplan.', 'The GP was not invited.']
>>> lay.kind_at(lay.blocks[1].start)
'lessons'
"""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from casegraph.loaders.extract.vocabulary import by_priority, concept_matcher, cue, fold, section_kinds
from casegraph.loaders.outline import Section, find_sections

_BULLET = re.compile(r"[ \t]*(?:[-•*–·▪◦○●][ \t]+)?(?:\(?[a-z]{1,2}\)|\(?[ivx]{1,4}\)|[a-z][.)]|[0-9]{1,2}[.)])[ \t]+"
                     r"|[ \t]*[-•*–·▪◦○●][ \t]+")
_NUMBERED = re.compile(r"[ \t]*(?:[-•*][ \t]*)?[0-9]{1,2}(?:\.[0-9]{1,2})+\.?[ \t]*")
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n")
_NUMBERING = re.compile(r"^\W*(?:(?:part|section|chapter)\s+)?(?:[0-9]+(?:\.[0-9]+)*\.?|[ivx]+[.:)])\s*[:.)–-]?\s+", re.I)
_INTRO_END = re.compile(r"(?::\s*-?|\bwhere|\bas follows|\bfollowing)\s*$", re.I)


class Block(NamedTuple):
    """A paragraph or list item: ``start``/``end`` span its text without the list marker."""

    start: int
    end: int
    item: bool       # a bulleted or lettered list item
    numbered: bool   # a numbered paragraph ("1.2. ...")
    heading: bool    # the block is a section heading line


class Sentence(NamedTuple):
    start: int
    end: int
    block: int       # index into Layout.blocks


class Layout(NamedTuple):
    text: str
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    excluded: tuple[tuple[int, int], ...]
    kinds: tuple[str | None, ...]  # kind of each section, parallel to sections
    folded: str                    # the text with ASCII letters in lower case, for fast matching
    section_starts: tuple[int, ...]

    def section_index_at(self, offset: int) -> int | None:
        """Index of the innermost section containing ``offset`` (None before the first heading).

        Sections are in order of their headings and nest, so the innermost is the last one
        starting at or before ``offset`` that has not ended.
        """
        for i in range(bisect.bisect_right(self.section_starts, offset) - 1, -1, -1):
            if offset < self.sections[i].end:
                return i
        return None

    def section_at(self, offset: int) -> str | None:
        """Title of the innermost section at ``offset`` (as ``loaders.outline.section_at`` gives it)."""
        i = self.section_index_at(offset)
        return self.sections[i].title if i is not None else None

    def kind_at(self, offset: int) -> str | None:
        """Kind of the innermost section at ``offset``."""
        i = self.section_index_at(offset)
        return self.kinds[i] if i is not None else None

    def is_excluded(self, offset: int) -> bool:
        """True if ``offset`` lies in terms of reference, quoted criteria or contents."""
        i = bisect.bisect_right(self.excluded, (offset, len(self.text) + 1)) - 1
        return i >= 0 and self.excluded[i][0] <= offset < self.excluded[i][1]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing ``offset`` (None between sentences)."""
        i = bisect.bisect_right(self.sentences, (offset, len(self.text) + 1)) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentence_before(self, offset: int) -> Sentence | None:
        """The last sentence that ends at or before ``offset`` (None if there is none)."""
        i = bisect.bisect_right(self.sentences, (offset, len(self.text) + 1)) - 1
        while i >= 0 and self.sentences[i].end > offset:
            i -= 1
        return self.sentences[i] if i >= 0 else None


def section_kind(title: str, level: int = 2) -> str | None:
    """The kind of a section, from its heading. A top-level heading that names a kind of review
    ("Learning Lessons Briefing Note") is the document's title, of no kind.

    >>> section_kind("Improving Practice"), section_kind("Recommendation 3"), section_kind("Background")
    ('lessons', 'recommendations', None)
    >>> section_kind("3. Lessons learned"), section_kind("PART 5: RECOMMENDATIONS")
    ('lessons', 'recommendations')
    >>> section_kind("Learning Lessons Briefing Note", level=1)
    """
    if level == 1 and any(concept_matcher(code).spans(title, fold(title)) for code in by_priority("review_type")):
        return None
    title = _NUMBERING.sub("", title)
    for sk in section_kinds():
        if sk.heading.search(title):
            return sk.kind
    return None


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _blocks(text: str, heading_starts: frozenset[int]) -> list[Block]:
    blocks: list[list] = []  # [start, end, item, numbered, heading]
    blank_before = True
    for pos, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            blank_before = True
            continue
        lead = len(line) - len(line.lstrip())
        heading = pos in heading_starts
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line) if not bullet else None
        marker = bullet or numbered
        prev = blocks[-1] if blocks else None
        continues = prev is not None and not prev[4] and not heading and not marker and (
            stripped[0].islower()
            or (not blank_before and not text[prev[1] - 1] in ".:;!?" and
                (text[prev[1] - 1].islower() or text[prev[1] - 1] in ",’'")))
        if continues:
            prev[1] = pos + len(line.rstrip())
        else:
            start = pos + (marker.end() if marker else lead)
            end = pos + len(line.rstrip())
            if start >= end:  # a bare marker line
                start = pos + lead
            blocks.append([start, end, bool(bullet), bool(numbered), heading])
        blank_before = False
    return [Block(*b) for b in blocks]


def _sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    out = []
    for i, b in enumerate(blocks):
        start = b.start
        for m in _SENTENCE_END.finditer(text, b.start, b.end):
            out.append(Sentence(start, m.start() + 1, i))
            start = m.end()
        if start < b.end:
            out.append(Sentence(start, b.end, i))
    return out


def _excluded(text: str, blocks: list[Block], sections: tuple[Section, ...], kinds) -> list[tuple[int, int]]:
    spans = [(s.start, s.end) for s, k in zip(sections, kinds) if k == "terms_of_reference"]
    quoted, contents = cue("quotedListCue"), cue("contentsLineCue")
    for i, b in enumerate(blocks):
        body = text[b.start:b.end]
        if contents.search(body):
            spans.append((b.start, b.end))
        m = quoted.search(body)
        if not m or not _INTRO_END.search(body):
            continue
        end = b.end
        for j, nxt in enumerate(blocks[i + 1:]):
            if nxt.heading or nxt.numbered or (j > 0 and not nxt.item):
                break
            end = nxt.end
        spans.append((b.start + m.start(), end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def layout(text: str, sections: tuple[Section, ...] | None = None) -> Layout:
    """The layout of ``text``; ``sections`` default to the reader's outline of it."""
    sections = tuple(find_sections(text) if sections is None else sections)
    kinds = tuple(section_kind(s.title, s.level) for s in sections)
    blocks = _blocks(text, frozenset(s.start for s in sections))
    return Layout(text, sections, tuple(blocks), tuple(_sentences(text, blocks)),
                  tuple(_excluded(text, blocks, sections, kinds)), kinds, fold(text),
                  tuple(s.start for s in sections))
