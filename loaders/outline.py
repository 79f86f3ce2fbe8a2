"""Finding the section headings of a review's plain text.

Reviews arrive as PDFs, Word files and web pages whose heading styles are lost
on the way to plain text, so headings are recognised from the lines themselves:

- Markdown headings (``## Key Learning``), level = number of ``#``;
- part/theme headings (``PART 4: SUMMARY AND CONCLUSIONS``, ``THEME 2: Fathers``,
  ``Appendix A``: the number alone, or followed by a colon, dash or capitals), level 1;
- item headings (``Lesson BF1.1``, ``Recommendation 3``, ``Finding 2``), level 2;
- numbered headings (``3. Findings``, ``3.2 Analysis``), level = depth of the number;
- short ALL-CAPS lines (``CSCP RESPONSE``), level 1;
- short lines that stand alone before body text (``Key Learning``,
  ``Improving Practice``), level 2.

A section runs from its heading to the next heading of the same or a higher
level (a smaller number), so sections nest: ``Lesson BF1.1`` lies within
``THEME 1: Engagement``.

>>> text = "THEME 1: Engagement\\n\\nLesson 1.1\\n\\nParents did not engage with the plan.\\n"
>>> [s.title for s in find_sections(text)]
['THEME 1: Engagement', 'Lesson 1.1']
>>> section_at(find_sections(text), text.index("engage"))
'Lesson 1.1'
"""
from __future__ import annotations

import re
from typing import NamedTuple


class Section(NamedTuple):
    """A heading's title and level, and the character span of its section in the text."""

    title: str
    level: int
    start: int
    end: int


MAX_HEADING_CHARS = 90
MAX_PLAIN_HEADING_WORDS = 8

_MARKDOWN = re.compile(r"#{1,6}(?=\s)")
_DECORATION = re.compile(r"^[*_#\s]+|[*_:\s]+$")
_PART = re.compile(r"(?:part|section|chapter|theme|appendix|annex)\s+(?:\d{1,3}|[ivx]{1,5}|[a-z])\b", re.I)
_ITEM = re.compile(r"(?:key\s+)?(?:lesson|learning(?:\s+point)?|recommendation|finding|key\s+message|message)s?"
                   r"\s+(?:[a-z]{0,3}\d+[a-z]?(?:\.\d+)*|[a-z])\b\.?", re.I)
_NUMBERED = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?=[A-Z])")
_BULLET = re.compile(r"[-*•·–▪◦○●]\s|\(?[a-z0-9]{1,3}[.)]\s*\(?[a-z0-9]{1,3}[.)]\s")
_DATE = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|date:)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                   r"oct|nov|dec)[a-z]*\.?,?\s+\d{4}\s*$", re.I)
_SENTENCE_END = (".", ",", ";", "-", "–", "(", "/", "&")
_TRAILING_WORDS = {"a", "an", "and", "are", "as", "at", "by", "for", "in", "is", "of", "on", "or", "the", "to",
                   "was", "were", "with"}  # a line ending in one of these goes on in the next line


def _clean(line: str) -> str:
    """A heading line without Markdown marks or bold/italic decoration.

    >>> _clean("## **PART 1: INTRODUCTION** ")
    'PART 1: INTRODUCTION'
    """
    return _DECORATION.sub("", line).strip()


def _letters(s: str) -> list[str]:
    return [c for c in s if c.isalpha()]


def _is_all_caps(title: str) -> bool:
    letters = _letters(title)
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _is_title_case(title: str) -> bool:
    """Most words of more than three letters start with a capital.

    >>> _is_title_case("Improving Practice"), _is_title_case("and his family were seen")
    (True, False)
    """
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", title) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _looks_like_a_title(title: str) -> bool:
    """Short, starts with a capital, has no sentence ending and is not a date.

    >>> _looks_like_a_title("Key Learning"), _looks_like_a_title("Wednesday 20 July 2016")
    (True, False)
    """
    words = title.split()
    return (0 < len(words) <= MAX_PLAIN_HEADING_WORDS and title[0].isupper() and not title.endswith(_SENTENCE_END)
            and words[-1].lower() not in _TRAILING_WORDS and len(_letters(title)) >= 3 and not _DATE.search(title))


def heading_level(line: str, before: str, after: str, blank_before: bool = True) -> int | None:
    """The heading level of ``line`` given the lines around it, or None for body text.

    ``before`` and ``after`` are the previous and next non-blank lines ("" at the start or end
    of the text); ``blank_before`` says whether a blank line (or the start of the text) comes
    right before ``line``.

    >>> heading_level("Recommendation 3", "", "The Board should commission an audit.")
    2
    >>> heading_level("3. Findings", "", "The review found that the mother was not seen.")
    1
    >>> heading_level("Key Learning", "", "- Lack of attendance by key professionals undermined the plan.")
    2
    >>> heading_level("and his family", "It was decided to visit the child", "The next day it was made.", False)
    """
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_HEADING_CHARS:
        return None
    marks = _MARKDOWN.match(stripped)
    if marks:
        return len(marks.group()) if _clean(stripped) else None
    title = _clean(stripped)
    if not title or _BULLET.match(title) or after.strip().isdigit():  # a bullet, or a contents entry and its page
        return None
    part = _PART.match(title)
    if part and (title[part.end():].lstrip()[:1] in ("", ":", ".", "-", "–") or _is_all_caps(title)):
        return 1  # not "Section 47 enquiries were ...", a body line about the Children Act
    if _ITEM.fullmatch(title) or (_ITEM.match(title) and _looks_like_a_title(title)):
        return 2
    numbered = _NUMBERED.match(title)
    if numbered:
        rest = title[numbered.end():]
        return numbered.group(1).count(".") + 1 if _looks_like_a_title(rest) else None
    if not _looks_like_a_title(title):
        return None
    if _is_all_caps(title):
        return 1
    if "," in title or "|" in title or before.rstrip().endswith((":", ":-", "-", ",")):
        return None  # a name and post, a table row, or an item of a list
    after_paragraph = before.rstrip().endswith((".", "?", "!")) or len(before.split()) <= MAX_PLAIN_HEADING_WORDS
    if (blank_before or after_paragraph) and (_is_title_case(title) or len(title.split()) <= 4) \
            and len(_clean(after).split()) > len(title.split()):
        return 2
    return None


def find_sections(text: str) -> tuple[Section, ...]:
    """The sections of ``text``, in order of their headings.

    Each section starts at its heading line and ends where the next heading of the
    same or a higher level starts (or at the end of the text).

    >>> find_sections("PART 1: INTRODUCTION\\nThe review began in 2019.\\nPART 2: EVENTS\\nThe baby was born.")
    (Section(title='PART 1: INTRODUCTION', level=1, start=0, end=47), Section(title='PART 2: EVENTS', level=1, start=47, end=80))
    """
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    previous = [""] * len(lines)
    following = [""] * len(lines)
    for order, neighbour in ((range(len(lines)), previous), (range(len(lines) - 1, -1, -1), following)):
        last = ""
        for i in order:
            neighbour[i] = last
            if lines[i].strip():
                last = lines[i]
    sections: list[Section] = []
    open_sections: list[int] = []  # indexes into sections, levels strictly increasing
    for i, line in enumerate(lines):
        level = heading_level(line, previous[i], following[i], i == 0 or not lines[i - 1].strip())
        if level is None:
            continue
        while open_sections and sections[open_sections[-1]].level >= level:
            closed = open_sections.pop()
            sections[closed] = sections[closed]._replace(end=starts[i])
        open_sections.append(len(sections))
        sections.append(Section(_clean(line), level, starts[i], len(text)))
    return tuple(sections)


def section_at(sections: tuple[Section, ...] | list[Section], offset: int) -> str | None:
    """The title of the innermost section containing character ``offset``, or None.

    >>> secs = (Section("THEME 1", 1, 0, 100), Section("Lesson 1.1", 2, 10, 60))
    >>> section_at(secs, 20), section_at(secs, 70), section_at(secs, 150)
    ('Lesson 1.1', 'THEME 1', None)
    """
    inside = [s for s in sections if s.start <= offset < s.end]
    return max(inside, key=lambda s: (s.start, s.level)).title if inside else None
