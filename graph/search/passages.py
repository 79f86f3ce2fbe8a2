"""A review's document split into passages: by section (the loaders' outline), then into passage-sized
pieces at paragraph or sentence ends, each with exact offsets into the document text.

>>> text = "Summary\\n\\nA fictional baby was seen.\\n\\nLessons\\n\\nFictional lesson one."
>>> sections = [{"title": "Summary", "level": 1, "start": 0, "end": 36},
...             {"title": "Lessons", "level": 1, "start": 36, "end": len(text)}]
>>> [(p.section, text[p.start:p.end] == p.text) for p in passages(text, sections)]
[('Summary', True), ('Lessons', True)]
"""
from __future__ import annotations

import re
from typing import NamedTuple

PASSAGE_CHARS = 800  # about a paragraph: long enough to quote, short enough to point at
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


class Passage(NamedTuple):
    section: str
    start: int
    end: int
    text: str


def _segments(length: int, sections) -> list[tuple[int, int, str]]:
    """``(start, end, title)``: the text cut at every section boundary, each piece named by the innermost
    section holding it (text before the first heading has no title)."""
    cuts = sorted({0, length} | {max(0, min(length, int(s[k]))) for s in sections for k in ("start", "end")})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        holding = [s for s in sections if int(s["start"]) <= a and int(s["end"]) >= b]
        deepest = max(holding, key=lambda s: (int(s.get("level") or 0), int(s["start"])), default=None)
        out.append((a, b, deepest["title"] if deepest else ""))
    return out


def _pieces(text: str, start: int, end: int):
    """``(start, end)`` pieces of ``text[start:end]`` of at most about :data:`PASSAGE_CHARS` characters."""
    while end - start > PASSAGE_CHARS * 1.5:
        window = text[start:start + PASSAGE_CHARS]
        cut = None
        for pattern in _BREAKS:
            found = [m.end() for m in pattern.finditer(window) if m.end() > PASSAGE_CHARS // 3]
            if found:
                cut = start + found[-1]
                break
        cut = cut or start + PASSAGE_CHARS
        yield start, cut
        start = cut
    yield start, end


def passages(text: str, sections) -> list[Passage]:
    """Every passage of ``text`` that holds a word, in order (``sections``: dicts with title, level, start, end)."""
    out = []
    for a, b, title in _segments(len(text or ""), sections or []):
        for s, e in _pieces(text, a, b):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if re.search(r"\w", text[s:e]):
                out.append(Passage(title, s, e, text[s:e]))
    return out
