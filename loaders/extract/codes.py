"""Coded facts of one concept scheme (risk factors, harm types, practice themes, agencies, family roles).

Every concept's matcher (``vocabulary.concept_matcher``) is run over the text; a match
counts unless it lies in excluded text (terms of reference, quoted criteria, contents),
in a section kind the scheme ignores, or its context cancels it. Which tests apply
depends on what the scheme codes: risk factors and harm types are facts of the case,
so negation, a parent's own childhood, general guidance and topic-only mentions cancel
them; practice themes are usually stated as failures ("information was not shared"),
so negation does not cancel them; an agency counts wherever the review names it ("neither the
school nor the GP knew" still names both), so negation does not cancel agencies either.

Four rules keep facts about the subject child apart from facts about the parents and siblings: a
mention of a parent's concept whose nearest person named before it (in its sentence) is
a subject child codes the child's concept instead (``cg:childCounterpart``: "her
self-harm" after "L's" is the child's own; not when a subject child is stated to be
younger than the child's concept allows, ``cg:minAgeMonths``); a child's concept that ends
a phrase about a parent's own childhood ("the father had himself been in foster care") is
the parent's history, not the child's; an age of an earlier time ("when she was 4
months old") codes no young-age concept when every current age stated is above its limit
(``cg:maxAgeMonths``); and a concept of the child's own situation said in a sentence about a sibling
codes its ``cg:siblingCounterpart`` ("her brother had been on a child protection plan": earlier involvement).

>>> from casegraph.loaders.extract.layout import layout
>>> lay = layout("Both parents used illicit drugs. Neither parent had a history of violence.")
>>> [c["code"] for c in find_codes(lay, "risk_factor")]
['RF_SUBSTANCE_MISUSE']
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from casegraph import ontology
from casegraph.loaders.extract import context, sentence_model, subjects
from casegraph.loaders.extract.layout import Layout
from casegraph.loaders.extract.vocabulary import concept_link_sets, concept_links, concept_matcher, cue, flagged_codes


class Policy(NamedTuple):
    """Which context tests cancel a match, and which section kinds a scheme ignores."""

    negation: bool
    generation: bool
    generic: bool
    topic: bool
    ignored_kinds: frozenset[str]


_FACT = Policy(True, True, True, True, frozenset({"actions", "recommendations", "terms_of_reference"}))
POLICIES = {
    "risk_factor": _FACT,
    "harm_type": _FACT,
    "practice_theme": Policy(False, False, False, False, frozenset({"actions", "terms_of_reference"})),
    "agency_type": Policy(False, False, False, False, frozenset({"terms_of_reference"})),
    "family_role": Policy(True, False, False, False, frozenset({"terms_of_reference"})),
    "outcome": Policy(True, False, True, False, frozenset({"actions", "recommendations", "terms_of_reference"})),
}


def accepted(lay: Layout, code: str, start: int, end: int, policy: Policy) -> bool:
    """Whether a match of ``code`` at ``start:end`` states a fact under ``policy``."""
    if lay.is_excluded(start) or lay.kind_at(start) in policy.ignored_kinds:
        return False
    if policy.negation and context.negated(lay, start, end):
        return False
    if policy.generation and code not in flagged_codes("earlierGeneration") and (
            context.earlier_generation(lay, start, end) or _inside_earlier_generation(lay, start, end)):
        return False
    if policy.generic and context.generic(lay, start):
        return False
    if policy.topic and context.topic_only(lay, start):
        return False
    if code in flagged_codes("familyConduct") and _done_by_an_agency(lay, start):
        return False
    if code in flagged_codes("childExperience") and _about_an_adult(lay, start, end):
        return False
    return not _age_of_an_earlier_time(lay, code, start)


def _done_by_an_agency(lay: Layout, start: int) -> bool:
    """The nearest actor named before ``start`` in its clause is an agency, not a family member or a subject child
    ("the GP did not attend and sent no report"; "the mother did not attend" stays the mother's).

    >>> from casegraph.loaders.extract.layout import layout
    >>> lay = layout("The GP did not attend the conference. The mother did not attend the clinic.")
    >>> [_done_by_an_agency(lay, i) for i in (7, lay.text.index("did", 30))]
    [True, False]
    """
    lo = context.clause(lay, start)[0]
    agencies = [s for c in ontology.concepts("agency_type") for s, _ in spans_within(lay, c.code, lo, start)]
    return bool(agencies) and max(agencies) > max(_last_named(lay, lo, start, subjects.mentions(lay)))


def _about_an_adult(lay: Layout, start: int, end: int) -> bool:
    """The person named last before ``end`` in the sentence of ``start:end`` is an adult, not a subject child
    ("the father was never seen alone" is not about the child; "the baby was never seen alone" is).

    >>> from casegraph.loaders.extract.layout import layout
    >>> lay = layout("The father was never seen alone. The baby was never seen alone.")
    >>> [_about_an_adult(lay, lay.text.index("seen", i), lay.text.index("alone", i) + 5) for i in (0, 30)]
    [True, False]
    """
    s = lay.sentence_at(start)
    return _nearest_person(lay, s.start if s else start, end, subjects.mentions(lay)) == "adult"


EARLIER_GENERATION_REACH = 200


def _inside_earlier_generation(lay: Layout, start: int, end: int) -> bool:
    """``start:end`` ends a match of a concept about a parent's own childhood ("the father had himself been
    in foster care" is not the child's care; in "the mother was 19 and had been in care" her age still counts)."""
    lo = max(0, start - EARLIER_GENERATION_REACH)
    return any(s <= start and end == e for code in flagged_codes("earlierGeneration")
               for s, e in spans_within(lay, code, lo, end + EARLIER_GENERATION_REACH))


def _age_of_an_earlier_time(lay: Layout, code: str, start: int) -> bool:
    limit = concept_links("maxAgeMonths").get(code)
    if limit is None or not subjects.earlier_age(lay, start):
        return False
    stated = [months for _, months in subjects.ages(lay)]
    return bool(stated) and min(stated) > int(limit)


SUBJECT_WINDOW = 80


def _old_enough(stated: list[int], code: str) -> bool:
    """No age in ``stated`` (the subject children's, in months) is below the ``cg:minAgeMonths`` of concept ``code``."""
    limit = concept_links("minAgeMonths").get(code)
    return limit is None or all(months >= int(limit) for months in stated)


def subject_of(lay: Layout, start: int, child_mentions: list[int]) -> str | None:
    """"child" or "adult": whether the nearest person named before ``start`` (in its sentence, at most ``SUBJECT_WINDOW`` characters back) is a
    subject child (one of ``child_mentions``, from ``subjects.mentions``) or an adult (an adult family role or a
    ``cg:adultSubjectCue``); None if nobody is. Where nobody is named there but a pronoun is ("She had self-harmed"),
    the person the sentence before named last decides.

    >>> from casegraph.loaders.extract.layout import layout
    >>> lay = layout("Child L was in care. L's mother drank, and her self-harm was missed. The mother self-harmed.")
    >>> kids = subjects.mentions(lay)
    >>> [subject_of(lay, lay.text.index(w), kids) for w in ("self-harm was", "drank", "self-harmed")]
    ['adult', 'adult', 'adult']
    >>> lay = layout("Nobody was named. It was missed.")
    >>> print(subject_of(lay, lay.text.index("missed"), subjects.mentions(lay)))
    None
    """
    s = lay.sentence_at(start)
    lo = max(s.start if s else start, start - SUBJECT_WINDOW)
    nearest = _nearest_person(lay, lo, start, child_mentions)
    if nearest is None and s is not None and _PRONOUN.search(lay.text, lo, start):
        # "She had self-harmed": the pronoun stands for the one the sentence before named last (measured better on
        # the blind batches than the one it named first)
        before = lay.sentence_before(s.start)
        if before is not None:
            nearest = _nearest_person(lay, max(before.start, before.end - PRONOUN_WINDOW), before.end, child_mentions)
    return nearest


def about_a_sibling(lay: Layout, start: int, end: int, child_mentions: list[int]) -> bool:
    """The sentence of ``start:end`` names a sibling (``FR_SIBLING``) with no subject child (one of
    ``child_mentions``) named between the sibling and the match, and not joined to one ("the child and her brother").

    >>> from casegraph.loaders.extract.layout import layout
    >>> text = "When her brother was small he was on a plan. Child L and her brother were on a plan. L was on a plan."
    >>> lay = layout(text)
    >>> [about_a_sibling(lay, i, i + 4, subjects.mentions(lay)) for i in (m.start() for m in re.finditer("plan", text))]
    [True, False, False]
    """
    s = lay.sentence_at(start)
    lo, hi = (s.start, s.end) if s else (start, end)
    for a, b in spans_within(lay, "FR_SIBLING", lo, hi):
        between = (b, start) if b <= start else (end, a)
        if any(between[0] <= k < between[1] for k in child_mentions):
            continue
        if b <= start and any(_JOINED.search(lay.text, k, a) for k in child_mentions if max(lo, a - 60) <= k < a):
            continue  # "Child D, aged four, and two older siblings were made subject to plans": the child's too
        return True
    return False


_JOINED = re.compile(r"\b(?:and|with|as well as)\b")
_PRONOUN = re.compile(r"\b(?:[Ss]he|[Hh]e|[Hh]er|[Hh]is|[Hh]im)\b")
PRONOUN_WINDOW = 200


def _last_named(lay: Layout, lo: int, hi: int, child_mentions: list[int]) -> tuple[int, int]:
    """Where ``lay.text[lo:hi]`` last names a subject child (one of ``child_mentions``) and an adult (an adult family
    role or a ``cg:adultSubjectCue``), each -1 if it names none."""
    i = bisect.bisect_left(child_mentions, hi) - 1
    child = child_mentions[i] if i >= 0 and child_mentions[i] >= lo else -1
    adults = [a for code in flagged_codes("adultRole") for a, _ in spans_within(lay, code, lo, hi)]
    adults += [m.start() + lo for m in cue("adultSubjectCue").finditer(lay.text[lo:hi])]
    return child, max(adults, default=-1)


def _nearest_person(lay: Layout, lo: int, hi: int, child_mentions: list[int]) -> str | None:
    """"child" or "adult": who is named last in ``lay.text[lo:hi]``; None if nobody is."""
    child, adult = _last_named(lay, lo, hi, child_mentions)
    if child < 0 and adult < 0:
        return None
    return "child" if child > adult else "adult"


def _older_subject_unnamed(lay: Layout, start: int, stated: list[int], code: str) -> bool:
    """In a review whose subject children are all stated to be old enough for the child's concept ``code``
    (``cg:minAgeMonths``), a mention with no adult named before it in its sentence is the child's own ("He had
    self-harmed since he was fourteen" in a review of a 17-year-old; "her mother's overdose" stays the mother's).

    >>> from casegraph.loaders.extract.layout import layout
    >>> lay = layout("Jess was 15 when she died. She had self-harmed for a year. Her mother took an overdose.")
    >>> [_older_subject_unnamed(lay, lay.text.index(w), [180], "RF_CHILD_MENTAL_HEALTH") for w in ("self-harmed", "overdose")]
    [True, False]
    """
    limit = concept_links("minAgeMonths").get(code)
    if limit is None or not stated or min(stated) < int(limit):
        return False
    s = lay.sentence_at(start)
    lo = s.start if s else start
    if any(spans_within(lay, c, lo, start) for c in flagged_codes("adultRole")):
        return False
    return cue("adultSubjectCue").search(lay.text, lo, start) is None


@lru_cache(maxsize=1024)
def _all_spans(code: str, text: str, folded: str) -> tuple[tuple[int, int], ...]:
    matcher = concept_matcher(code)
    return tuple(matcher.spans(text, folded)) if matcher is not None else ()


def spans_within(lay: Layout, code: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Every match ``(start, end)`` of concept ``code`` inside ``lay.text[start:end]``, before any context test
    (the whole text is matched once per concept and kept)."""
    end = len(lay.text) if end is None else end
    found = _all_spans(code, lay.text, lay.folded)
    i = bisect.bisect_left(found, (start, -1))
    out = []
    while i < len(found) and found[i][0] < end:
        if found[i][1] <= end:
            out.append(found[i])
        i += 1
    return out


def matches(lay: Layout, code: str, start: int = 0, end: int | None = None):
    """Spans ``(start, end)`` where the concept ``code`` is accepted in ``lay.text[start:end]``."""
    policy = POLICIES[ontology.concept(code).scheme]
    for s, e in spans_within(lay, code, start, end):
        if accepted(lay, code, s, e, policy):
            yield s, e


def find_codes(lay: Layout, scheme_key: str) -> list[dict]:
    """``[{"code", "evidence": [...]}]`` for every concept of the scheme found in the text, in code order
    (a parent's concept said of a subject child counts as the child's, see :func:`subject_of`). A concept of a
    scheme with a learned stage that no pattern found is coded where its model finds it (``sentence_model.found``),
    its evidence the sentences it rests on."""
    counterparts, for_siblings = concept_links("childCounterpart"), concept_links("siblingCounterpart")
    found: dict[str, dict[tuple[int, int], dict]] = {}
    kids = stated = None
    for c in ontology.concepts(scheme_key):
        for s, e in matches(lay, c.code):
            code = c.code
            if kids is None and (code in counterparts or code in for_siblings):
                kids, stated = subjects.mentions(lay), [months for _, months in subjects.ages(lay)]
            if code in counterparts:
                who = subject_of(lay, s, kids)  # "He had previous convictions" after "her boyfriend": the adult's
                if _old_enough(stated, counterparts[code]) and (
                        who == "child" or who is None and _older_subject_unnamed(lay, s, stated, counterparts[code])):
                    code = counterparts[code]
            elif code in for_siblings and about_a_sibling(lay, s, e, kids):
                code = for_siblings[code]
            found.setdefault(code, {})[(s, e)] = context.evidence(lay, s, e)
    if sentence_model.model(scheme_key) is not None:
        policy = POLICIES[scheme_key]
        for code, spans in sentence_model.found(lay, scheme_key, lambda c, s, e: accepted(lay, c, s, e, policy)).items():
            if code not in found:
                found[code] = {span: context.evidence(lay, *span) for span in spans}
    for code in _yielded(lay, found):
        del found[code]
    return [{"code": c.code, "evidence": [found[c.code][span] for span in sorted(found[c.code])]}
            for c in ontology.concepts(scheme_key) if c.code in found]


def _yielded(lay: Layout, found: dict[str, dict[tuple[int, int], dict]]) -> list[str]:
    """Codes in ``found`` (code -> evidence spans) each of whose sentences also codes a theme it ``cg:yieldsTo``,
    unless a match names the concept itself (a word of its label: "did not remain curious about the father").

    >>> from casegraph.loaders.extract.layout import layout
    >>> lay = layout("Nobody asked about the father. Practice lacked curiosity.")
    >>> _yielded(lay, {"PT_PROFESSIONAL_CURIOSITY": {(0, 12): {}}, "PT_FATHERS_AND_MEN": {(23, 29): {}}})
    ['PT_PROFESSIONAL_CURIOSITY']
    >>> _yielded(lay, {"PT_PROFESSIONAL_CURIOSITY": {(0, 12): {}, (31, 56): {}}, "PT_FATHERS_AND_MEN": {(23, 29): {}}})
    []
    """
    def sentences(code: str) -> set[int]:
        return {s.start if (s := lay.sentence_at(start)) else start for start, _ in found[code]}

    out = []
    for code, specific in concept_link_sets("yieldsTo").items():
        if code in found and not _names_itself(lay, code, found[code]):
            theirs = set().union(*(sentences(c) for c in specific if c in found))
            if sentences(code) <= theirs:
                out.append(code)
    return out


def _names_itself(lay: Layout, code: str, spans) -> bool:
    """A matched span of ``code`` holds a word of the concept's label (its first five letters: "curious" for
    "curiosity").

    >>> from casegraph.loaders.extract.layout import layout
    >>> lay = layout("They were not curious. Nobody asked.")
    >>> _names_itself(lay, "PT_PROFESSIONAL_CURIOSITY", [(9, 21)]), _names_itself(lay, "PT_PROFESSIONAL_CURIOSITY", [(23, 35)])
    (True, False)
    """
    stems = {w[:5] for w in re.findall(r"[a-z]{6,}", ontology.label(code).lower())}
    return any(w[:5] in stems for a, b in spans for w in re.findall(r"[a-z]{6,}", lay.text[a:b].lower()))


def themes_in(lay: Layout, start: int, end: int) -> list[str]:
    """Practice-theme codes whose matchers hit ``lay.text[start:end]`` (for lessons and recommendations)."""
    return [c.code for c in ontology.concepts("practice_theme") if spans_within(lay, c.code, start, end)]


def stage(scheme_key: str):
    """A pipeline stage filling the extraction field of ``scheme_key`` (e.g. ``risk_factors``)."""
    field = ontology.scheme(scheme_key).field

    def run(lay: Layout) -> dict:
        return {field: find_codes(lay, scheme_key)}

    run.__name__ = field
    run.__doc__ = f"Codes of the {scheme_key} scheme with their evidence."
    return run
