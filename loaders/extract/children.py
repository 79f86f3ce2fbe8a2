"""The subject children: name, age in months, outcome and incident year.

Names and stated ages come from ``loaders.extract.subjects``; a child's age is the first
stated age after the child is first named, for "Children F and G" the youngest of the next
two (ages of earlier times or of other people, "when she was 3 months old", are not stated
ages, nor is an age said of an adult family member). Outcomes
come from the outcome concepts' patterns; a review of a named child or of a child of a stated
age that describes no death concerns serious harm (``cg:seriousReviewOutcome``: death or serious
harm is what leads to a review), unless it is a review of good practice (``cg:noHarmReviewCue``,
an appreciative inquiry) or the text says the harm did not happen ("had not been seriously harmed").

>>> from casegraph.loaders.extract.layout import layout
>>> children(layout("Serious Case Review: Child K\\n\\nChild K died aged nine weeks in 2019."))["children"]
[{'name': 'Child K', 'age_months': 2, 'outcome': 'OC_DEATH', 'incident_year': 2019}]
"""
from __future__ import annotations

import re

from casegraph import ontology
from casegraph.loaders.extract import codes, context
from casegraph.loaders.extract.layout import Layout
from casegraph.loaders.extract.subjects import ages, names
from casegraph.loaders.extract.vocabulary import cue, flagged_codes

_YEAR = re.compile(r"\b(?:19|20)[0-9]{2}\b")
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


def _harm_denied(lay: Layout) -> bool:
    """The text says the outcome did not happen ("Harvey had not been seriously harmed"): a match of an outcome
    concept that its negation cancels, outside excluded text.

    >>> from casegraph.loaders.extract.layout import layout
    >>> _harm_denied(layout("Child Y9 had not been seriously harmed.")), _harm_denied(layout("Child Y9 was seriously harmed."))
    (True, False)
    """
    return any(not lay.is_excluded(s) and context.negated(lay, s, e)
               for c in ontology.concepts("outcome") for s, e in codes.spans_within(lay, c.code))


def _year_near(lay: Layout, pos: int) -> int | None:
    s = lay.sentence_at(pos)
    m = _YEAR.search(lay.text, s.start, s.end) if s else None
    return int(m.group()) if m else None


def _how_many(name: str | None) -> int:
    """How many children a name stands for: "Children F and G" two (their ages are the next two stated,
    and the youngest is kept), any other name one.

    >>> _how_many("Children F, G and H"), _how_many("Child F"), _how_many(None)
    (3, 1, 1)
    """
    words = (name or "").replace(",", " ").split()
    return len([w for w in words[1:] if w != "and"]) if words[:1] == ["Children"] else 1


def _refined(age: int, stated: list[int]) -> int:
    """A whole number of years made exact by a later statement of the same years and some months ("a 16-year-old
    boy ... aged sixteen years and four months").

    >>> _refined(192, [192, 196]), _refined(192, [192, 210]), _refined(5, [5, 6])
    (196, 192, 5)
    """
    if age % 12 or age < 12:
        return age
    return next((a for a in stated if age < a < age + 12), age)


def children(lay: Layout) -> dict:
    """``{"children": [...]}``: each subject child with name, age_months, outcome and incident_year."""
    named = names(lay)
    stated = [(p, months) for p, months in ages(lay) if not _about_an_adult(lay, p)]
    found = outcomes(lay)
    if not found and (named or stated) and not cue("noHarmReviewCue").search(lay.text) and not _harm_denied(lay):
        first = (named or stated)[0][0]
        found = [(first, code) for code in flagged_codes("seriousReviewOutcome")]
    people = named or ([(stated[0][0], None)] if stated else []) or ([(found[0][0], None)] if found else [])
    kids = []
    for i, (pos, name) in enumerate(people):
        s = lay.sentence_at(pos)
        lo = s.start if s else pos
        hi = people[i + 1][0] if i + 1 < len(people) else len(lay.text)
        in_range = [a for p, a in stated if lo <= p < hi]
        age = _refined(min(in_range[:_how_many(name)]), in_range) if in_range else None
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
