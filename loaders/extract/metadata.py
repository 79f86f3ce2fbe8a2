"""Document metadata: title, review type, publication date, partnership and areas.

The review type is read from the head of the document: each review-type concept's
``cg:matchPattern`` is tried in ``cg:matchPriority`` order (a partnership's response
that mentions the overview report is a response). A page that lists several reviews
(``cg:reviewListingCue``) has no single type. The publication date is the first date in
the head that stands on its own line (perhaps after a weekday or a label, and before a
separator such as "|") or follows a publication cue, and does not follow a cue such as
"carried out in" (``cg:notPublicationCue``).

>>> from casegraph.loaders.extract.layout import layout
>>> lay = layout("Briefing Note\\n\\nDecember 2019\\n\\nThe review was carried out in June 2019.")
>>> m = metadata(lay)
>>> m["review_type"], m["published"]
('RT_BRIEFING', '2019-12')
"""
from __future__ import annotations

import re

from casegraph.loaders.extract.layout import Layout
from casegraph.loaders.extract.vocabulary import by_priority, concept_matcher, cue

HEAD_CHARS = 1000
DATE_HEAD_CHARS = 1500
DATE_LINE_WORDS_BEFORE = 3
TITLE_HEAD_CHARS = 400  # a date in brackets closing a line counts only this near the top
_DATE_LINE_SEPARATORS = "|–—-/•,("
TITLE_LINES = 3
TITLE_LINE_CHARS = 100
TITLE_CHARS = 200
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?P<month>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\.?"
_DATE = re.compile(
    rf"(?:\b[0-9]{{1,2}}\s*(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<y1>(?:19|20)[0-9]{{2}})\b)"
    rf"|(?:\b{_MONTH.replace('month', 'month2')},?\s+(?:of\s+)?(?:[0-9]{{1,2}}\s*(?:st|nd|rd|th)?,?\s+)?(?P<y2>(?:19|20)[0-9]{{2}})\b)"
    r"|(?:\b[0-9]{1,2}[/.-](?P<m4>[0-9]{1,2})[/.-](?P<y4>(?:19|20)[0-9]{2})\b)"
    r"|(?:\b(?P<m5>[0-9]{1,2})/(?P<y5>(?:19|20)[0-9]{2})\b)"          # "Published 09/2023"
    r"|(?:\b(?P<y6>(?:19|20)[0-9]{2})[/-](?P<m6>[0-9]{1,2})\b(?![/-]))"  # "2023-09", "2021/06"
    r"|(?P<y3>\b(?:19|20)[0-9]{2}\b)", re.I)
_MONTH_AFTER_YEAR = re.compile(rf"[^0-9\n]{{0,40}}?\b{_MONTH}\b", re.I)  # "2020 (September)", "2019, December"
_TITLE_DECORATION = re.compile(r"[*_#]+")
_SEASON = re.compile(r"(?:early |late )?(?:spring|summer|autumn|winter)", re.I)  # "Spring 2022": the year


def _head(text: str, lay: Layout) -> str:
    """The first ``HEAD_CHARS`` of ``text`` with contents and quoted lists blanked out (same length)."""
    head = list(text[:HEAD_CHARS])
    for s, e in lay.excluded:
        head[s:min(e, HEAD_CHARS)] = " " * max(0, min(e, HEAD_CHARS) - s)
    return "".join(head[:HEAD_CHARS])


def review_type(lay: Layout) -> str | None:
    """The review-type code from the head of the document (its contents list left out), or None.

    >>> from casegraph.loaders.extract.layout import layout
    >>> review_type(layout("Overview Report: Child Z\\n\\nContents\\n\\nExecutive Summary 3\\nIntroduction 4\\n\\nBackground\\n\\nText."))
    'RT_OVERVIEW_REPORT'
    """
    head = _head(lay.text, lay)
    if cue("reviewListingCue").search(head):
        return None
    for code in by_priority("review_type"):
        if concept_matcher(code).spans(head, _head(lay.folded, lay)):
            return code
    return None


def _cue_at_end(pattern: re.Pattern, prefix: str) -> bool:
    return any(not prefix[m.end():].strip(" ,:|–-\t") for m in pattern.finditer(prefix))


def published(lay: Layout) -> str | None:
    """``YYYY-MM`` or ``YYYY`` of publication, or None.

    >>> from casegraph.loaders.extract.layout import layout
    >>> published(layout("Serious Case Review\\nThis review was carried out in September 2019."))
    >>> published(layout("Case reviews published in 2014"))
    '2014'
    >>> published(layout("Rapid Review Briefing\\nSpring 2022\\n\\nText."))
    '2022'
    >>> published(layout("Executive Summary\\nFenmoor Safeguarding Children Partnership, June 2021\\n\\nText."))
    '2021-06'
    """
    text = lay.text[:DATE_HEAD_CHARS]
    for m in _DATE.finditer(text):
        month = m.group("month") or m.group("month2")
        if month and (not month[0].isupper() or month[:3].lower() not in _MONTHS):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        prefix = text[line_start:m.start()]
        rest = text[m.end():line_end if line_end >= 0 else len(text)].strip()
        number = next((int(n) for n in (m.group("m4"), m.group("m5"), m.group("m6")) if n), None)
        if number is not None and not 1 <= number <= 12:
            continue  # "2019-20": a span of years, not a month
        if _cue_at_end(cue("publicationCue"), prefix):
            ok = True
        elif _cue_at_end(cue("notPublicationCue"), prefix) or not (month or number or _SEASON.fullmatch(prefix.strip())):
            ok = False
        elif prefix.rstrip().endswith("(") and rest.startswith(")") and line_start < TITLE_HEAD_CHARS:
            ok = True  # a title line that ends with its date: "Executive Summary (April 2023)"
        else:
            # a date line: the date alone, or with a weekday or label before it and a separator after it
            ok = len(prefix.split()) <= DATE_LINE_WORDS_BEFORE and (not rest or rest[0] in _DATE_LINE_SEPARATORS)
        if ok:
            year = next(m.group(y) for y in ("y1", "y2", "y3", "y4", "y5", "y6") if m.group(y))
            after = _MONTH_AFTER_YEAR.match(text, m.end(), line_end if line_end >= 0 else len(text)) \
                if m.group("y3") else None
            month = month or (after.group("month") if after and after.group("month")[0].isupper() else None)
            if month:
                number = _MONTHS.index(month[:3].lower()) + 1
            return f"{year}-{number:02d}" if number else year
    return None


def title(lay: Layout) -> str | None:
    """The document's opening lines (after any date line), without decoration: up to a blank line, a line of running text
    or ``TITLE_LINES`` lines, cut at ``TITLE_CHARS``.

    >>> from casegraph.loaders.extract.layout import layout
    >>> title(layout("**EXECUTIVE SUMMARY\\nOF A REVIEW**\\n\\nCHILD Z"))
    'EXECUTIVE SUMMARY OF A REVIEW'
    """
    lines: list[str] = []
    for line in lay.text.strip().split("\n"):
        if not lines and (not line.strip() or _DATE.fullmatch(line.strip())):  # a date line above the title
            continue
        if not line.strip() or (lines and len(line) > TITLE_LINE_CHARS) or len(lines) == TITLE_LINES:
            break
        lines.append(line)
    t = " ".join(_TITLE_DECORATION.sub("", " ".join(lines)).split())
    return t[:TITLE_CHARS] or None


def partnership(lay: Layout) -> tuple[str | None, list[str]]:
    """The commissioning board or partnership and the areas its name covers.

    >>> from casegraph.loaders.extract.layout import layout
    >>> partnership(layout("The Fictional and Imaginary Safeguarding Children Board met."))
    ('Fictional and Imaginary Safeguarding Children Board', ['Fictional', 'Imaginary'])
    """
    found = [m for m in cue("partnershipPattern").finditer(lay.text) if not m.group(1).isupper()]
    if not found:
        return None, []
    m = found[0]
    name = " ".join(lay.text[m.start(1):m.end()].split())
    areas = [a for a in re.split(r",\s*|\s+and\s+|\s*&\s*", m.group(1)) if a]
    return name, areas


def metadata(lay: Layout) -> dict:
    """Title, review type, publication date, partnership and areas (with warnings for unknowns)."""
    rt, pub = review_type(lay), published(lay)
    name, areas = partnership(lay)
    warnings = []
    if rt is None:
        warnings.append("review type not recognised")
    if pub is None:
        warnings.append("no publication date found")
    if name is None:
        warnings.append("no safeguarding board or partnership named")
    return {"title": title(lay), "review_type": rt, "published": pub, "partnership": name, "areas": areas,
            "warnings": warnings}
