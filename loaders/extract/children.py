"""The subject children: name, age in months, outcome and incident year.

Names come from ``cg:childNamePattern`` ("Child K", "Baby W", "Children A, B and C").
An age is the first stated age ("nine weeks old", "aged 6 months", "15-year-old")
after the child is first named, skipping ages of earlier times or of other people
(``cg:ageExcludedCue``: "when she was 3 months old", "as a 17 year old"). Outcomes
come from the outcome concepts' patterns; a statutory review of a named child that
describes no death concerns serious harm (``cg:seriousReviewCue``).

>>> age_months("nine weeks old"), age_months("twelve week old"), age_months("aged 6 months")
(2, 2, 6)
>>> from loaders.extract.layout import layout
>>> children(layout("Serious Case Review: Child K\\n\\nChild K died aged nine weeks in 2019."))["children"]
[{'name': 'Child K', 'age_months': 2, 'outcome': 'OC_DEATH', 'incident_year': 2019}]
"""
from __future__ import annotations

import re

import ontology
from loaders.extract import codes, context
from loaders.extract.layout import Layout
from loaders.extract.vocabulary import cue, flagged_codes

_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50})
_NUMBER = r"(?:[0-9]{1,3}|(?:twenty|thirty|forty|fifty)[- ](?:one|two|three|four|five|six|seven|eight|nine)|" + \
          "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_AGE = re.compile(
    rf"\b(?:aged|at the age of)\s+(?:just\s+)?(?:over\s+|under\s+|about\s+)?(?P<n1>{_NUMBER})\s+{_UNIT}"
    rf"|\b(?P<n2>{_NUMBER})[- ]{_UNIT.replace('unit', 'unit2')}[- ]old\b", re.I)
_PER_MONTH = {"day": 1 / 30.44, "week": 12 / 52.18, "month": 1.0, "year": 12.0}
_YEAR = re.compile(r"\b(?:19|20)[0-9]{2}\b")
AGE_CUE_WINDOW = 25


def _number(word: str) -> int:
    word = word.lower().replace("-", " ")
    if word.isdigit():
        return int(word)
    parts = word.split()
    return sum(_NUMBERS[p] for p in parts)


def age_months(phrase: str) -> int | None:
    """Whole months in an age phrase (floor), or None if it holds no age."""
    m = _AGE.search(phrase)
    if not m:
        return None
    n = _number(m.group("n1") or m.group("n2"))
    unit = (m.group("unit") or m.group("unit2")).lower()
    return int(n * _PER_MONTH[unit] + 1e-9)


def ages(lay: Layout) -> list[tuple[int, int]]:
    """``(offset, months)`` of every stated age that can be a subject child's current age."""
    out = []
    for m in _AGE.finditer(lay.text):
        if lay.is_excluded(m.start()) or context.earlier_generation(lay, m.start(), m.end()):
            continue
        before = lay.text[max(0, m.start() - AGE_CUE_WINDOW):m.start()]
        if any(not before[c.end():].strip() for c in cue("ageExcludedCue").finditer(before)):
            continue
        out.append((m.start(), age_months(m.group())))
    return out


def names(lay: Layout) -> list[tuple[int, str]]:
    """``(first offset, name)`` of each named subject child, in order of first mention."""
    seen: dict[str, int] = {}
    for m in cue("childNamePattern").finditer(lay.text):
        if lay.is_excluded(m.start()):
            continue
        name = next(g for g in m.groups() if g)
        key = name.split()[-1] if name.split()[0].lower() in ("baby", "child", "infant") else name
        if key not in {k for k, _ in seen.values()} and name not in seen:
            seen[name] = (m.start(), key)
    return sorted((pos, name) for name, (pos, _) in seen.items())


SUBJECT_WINDOW = 30


def _about_an_adult(lay: Layout, start: int) -> bool:
    """An adult family member (``cg:adultRole``) is named just before ``start`` in its clause ("her father died")."""
    lo = max(context.clause(lay, start)[0], start - SUBJECT_WINDOW)
    return any(codes.spans_within(lay, code, lo, start) for code in flagged_codes("adultRole"))


def outcomes(lay: Layout) -> list[tuple[int, str]]:
    """``(offset, code)`` of the first accepted mention of each outcome that is about a child."""
    out = []
    for c in ontology.concepts("outcome"):
        first = next((s for s, _ in codes.matches(lay, c.code) if not _about_an_adult(lay, s)), None)
        if first is not None:
            out.append((first, c.code))
    return sorted(out)


def _year_near(lay: Layout, pos: int) -> int | None:
    s = lay.sentence_at(pos)
    m = _YEAR.search(lay.text, s.start, s.end) if s else None
    return int(m.group()) if m else None


def children(lay: Layout) -> dict:
    """``{"children": [...]}``: each subject child with name, age_months, outcome and incident_year."""
    named = names(lay)
    stated = ages(lay)
    found = outcomes(lay)
    if not found and named and cue("seriousReviewCue").search(lay.text):
        found = [(named[0][0], code) for code in flagged_codes("seriousReviewOutcome")]
    people = named or ([(stated[0][0], None)] if stated else []) or ([(found[0][0], None)] if found else [])
    kids = []
    for i, (pos, name) in enumerate(people):
        s = lay.sentence_at(pos)
        lo = s.start if s else pos
        hi = people[i + 1][0] if i + 1 < len(people) else len(lay.text)
        age = next((a for p, a in stated if lo <= p < hi), None)
        kids.append({"name": name, "age_months": age, "outcome": None, "incident_year": None})
    for pos, code in found:
        owner = max((i for i, (p, _) in enumerate(people) if p <= pos), default=0)
        if kids[owner]["outcome"] is not None and kids[owner]["outcome"] != code:
            kids.append({"name": None, "age_months": None, "outcome": code, "incident_year": _year_near(lay, pos)})
        else:
            kids[owner]["outcome"] = kids[owner]["outcome"] or code
            kids[owner]["incident_year"] = kids[owner]["incident_year"] or _year_near(lay, pos)
    warnings = [] if kids else ["no subject child identified"]
    return {"children": kids, "warnings": warnings}
