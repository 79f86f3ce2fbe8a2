"""The synthetic corpus: fictional reviews, each with the codes that truly apply.

A review is planned first (:func:`plan`: kind, format, size, names, the concepts
present, the concepts mentioned only as absent or as distractors), then written
from the templates of :mod:`bench.wording` with phrases from
:mod:`bench.vocabulary`, then rendered as .txt, .md or .html. Everything is
drawn from ``random.Random(f"{seed}/{index}")``, so one review can be made
without the others (lazy, parallel) and the same seed always gives the same
bytes. The codes a review declares are the concepts it was planned with plus
any concept whose phrase its positive sentences happen to contain.

>>> r = review(seed=7, index=3)
>>> r.truth["id"] == r.stem and r.truth["review_type"] in KINDS
True
>>> review(seed=7, index=3).text == r.text
True
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from casegraph import ontology
from casegraph.bench import vocabulary, wording
from casegraph.bench.render import FORMATS, Section, render

# Review types the generator writes: weight in the mix and size range in characters of text.
KINDS = {
    "RT_BRIEFING": (0.35, (4_000, 6_000)),
    "RT_EXECUTIVE_SUMMARY": (0.30, (11_000, 13_000)),
    "RT_PARTNERSHIP_RESPONSE": (0.20, (14_000, 16_000)),
    "RT_OVERVIEW_REPORT": (0.15, (60_000, 120_000)),
}
FORMAT_WEIGHTS = (0.5, 0.25, 0.25)  # txt, md, html
# Concepts that the generator must reason about (the child's age; the parent's own childhood).
INFANT = "RF_INFANT"
PARENT_CHILDHOOD = "RF_PARENT_ADVERSE_CHILDHOOD"
# How many concepts of each scheme a review is planned with.
PLANNED = {"risk_factor": (3, 8), "harm_type": (1, 2), "practice_theme": (3, 7),
           "agency_type": (3, 7), "family_role": (2, 4)}

for _code in (*KINDS, INFANT, PARENT_CHILDHOOD):
    ontology.concept(_code)  # fail at import if the ontology no longer has it


class Case(NamedTuple):
    """Everything decided about a review before a word is written."""
    stem: str
    kind: str                       # review type code
    fmt: str                        # txt, md, html
    target: int                     # characters of text to reach
    partnership: str
    body: str                       # "Partnership" or "Board"
    area: str
    child: str
    age_months: int
    outcome: str
    incident_year: int
    incident_month: int
    published: str                  # YYYY-MM
    author: str
    present: dict                   # scheme key -> codes planned as present
    negated: tuple[str, ...]        # risk factors written only as absent
    topics: tuple[str, ...]         # practice themes named only in the terms of reference
    childhood: str | None           # risk factor met only in a parent's own childhood


class SyntheticReview(NamedTuple):
    stem: str
    fmt: str
    text: str                       # the file's content
    truth: dict                     # what <stem>.codes.json holds


@lru_cache(maxsize=None)
def own_phrases(code: str) -> tuple[str, ...]:
    """Phrases of ``code`` that name no other concept (all its phrases if none is unambiguous)."""
    mine = tuple(p for p in vocabulary.phrases(code) if vocabulary.mentions(p) == {code})
    return mine or vocabulary.phrases(code)


@lru_cache(maxsize=None)
def _reach(code: str) -> frozenset[str]:
    """Every code that a sentence about ``code`` may end up naming."""
    return vocabulary.mentions(" ; ".join(own_phrases(code))) | {code}


def _place(rng: random.Random) -> str:
    return rng.choice(wording.PLACE_STEMS) + rng.choice(wording.PLACE_ENDS)


def _age_words(months: int) -> str:
    if months < 3:
        return f"{months * 4 + 2} weeks"
    if months < 24:
        return f"{months} months"
    return f"{months // 12} years"


def plan(seed: int, index: int, kind: str | None = None, chars: int | None = None,
         fmt: str | None = None) -> Case:
    """Decide review ``index`` of the corpus made with ``seed`` (kind, size and format may be forced)."""
    rng = random.Random(f"{seed}/{index}")
    kinds = list(KINDS)
    kind = kind or rng.choices(kinds, weights=[KINDS[k][0] for k in kinds])[0]
    low, high = KINDS[kind][1]
    drawn = rng.choices(FORMATS, weights=FORMAT_WEIGHTS)[0]
    present = {key: tuple(sorted(rng.sample(vocabulary.codes(key), rng.randint(*span))))
               for key, span in PLANNED.items()}
    reach = frozenset().union(*(_reach(c) for codes in present.values() for c in codes))
    absent = [c for c in vocabulary.codes("risk_factor") if not _reach(c) & reach]
    negated = tuple(sorted(rng.sample(absent, min(len(absent), rng.randint(1, 3)))))
    others = [c for c in absent if c not in negated]
    childhood = rng.choice(others) if PARENT_CHILDHOOD in present["risk_factor"] and others else None
    themes_absent = [c for c in vocabulary.codes("practice_theme") if not _reach(c) & reach]
    topics = tuple(sorted(rng.sample(themes_absent, min(len(themes_absent), rng.randint(3, 5)))))
    incident_year = rng.randint(2009, 2023)
    published_year = incident_year + rng.randint(1, 2)
    body = "Partnership" if published_year >= 2019 else "Board"
    area = _place(rng)
    infant = INFANT in present["risk_factor"]
    letters = wording.PSEUDONYM_LETTERS
    return Case(
        stem=f"synth-{index:05d}-{kind.split('_', 1)[1].lower().replace('_', '-')}",
        kind=kind, fmt=fmt or drawn, target=chars or rng.randint(low, high),
        partnership=f"{area} {wording.BODY_FROM_2019 if body == 'Partnership' else wording.BODY_BEFORE_2019}",
        body=body, area=area,
        child=(f"Baby {rng.choice(letters)}" if infant else
               f"Child {rng.choice(letters)}{rng.choice(letters) if rng.random() < 0.3 else ''}"),
        age_months=rng.randint(0, 11) if infant else rng.randint(24, 203),
        outcome=rng.choice([c.code for c in ontology.concepts("outcome")]),
        incident_year=incident_year, incident_month=rng.randint(1, 12),
        published=f"{published_year}-{rng.randint(1, 12):02d}",
        author=f"{rng.choice(wording.AUTHOR_FIRST)} {rng.choice(wording.AUTHOR_LAST)}",
        present=present, negated=negated, topics=topics, childhood=childhood,
    )


class _Writer:
    """Fills templates for one case and remembers every phrase written as present."""

    def __init__(self, case: Case, rng: random.Random):
        self.case, self.rng = case, rng
        self.used: list[str] = []
        self.absent: dict[str, set[str]] = {"negated": set(), "distractors": set()}
        self.carers = [p for c in case.present["family_role"] for p in own_phrases(c)]
        self.agencies = [p for c in case.present["agency_type"] for p in own_phrases(c)]

    def fill(self, template: str, phrase: str = "") -> str:
        """``template`` with its slots filled (dates, agencies and carers drawn afresh each time)."""
        rng, case = self.rng, self.case
        year = rng.randint(case.incident_year - 3, case.incident_year)
        month = rng.choice(wording.MONTHS)
        agency, other = rng.sample(self.agencies, 2) if len(self.agencies) > 1 else self.agencies * 2
        return template.format(
            p=phrase, P=phrase[:1].upper() + phrase[1:], child=case.child, carer=rng.choice(self.carers),
            agency=agency, Agency=agency[:1].upper() + agency[1:], other=other,
            date=f"{rng.randint(1, 28)} {month} {year}", month=month, year=year, body=case.body,
            partnership=case.partnership, age=_age_words(case.age_months), author=case.author,
            incident=f"{wording.MONTHS[case.incident_month - 1]} {case.incident_year}")

    def about(self, templates: tuple[str, ...], code: str, role: str = "present") -> str:
        """One sentence about concept ``code``, recorded as ``role``: present, negated or distractors."""
        phrase = self.rng.choice(own_phrases(code))
        if role == "present":
            self.used.append(phrase)
        else:
            self.absent[role].add(code)
        return self.fill(self.rng.choice(templates), phrase)

    def negations(self) -> str:
        """A paragraph saying the case's negated risk factors were absent."""
        return self.paragraph([self.about(wording.NEGATED, c, "negated") for c in self.case.negated])

    def childhood(self) -> list[str]:
        """The parent's own childhood (a distractor), if the case has one."""
        code = self.case.childhood
        return [self.about(wording.PARENT_CHILDHOOD, code, "distractors")] if code else []

    def neutral(self, templates: tuple[str, ...], k: int = 1) -> list[str]:
        """``k`` sentences that name no concept (distinct templates while there are enough)."""
        picked = self.rng.sample(templates, k) if k <= len(templates) else self.rng.choices(templates, k=k)
        return [self.fill(t) for t in picked]

    def paragraph(self, sentences: list[str], filler: tuple[str, ...] = wording.ANALYSIS) -> str:
        """Sentences in a shuffled order with one or two neutral ones mixed in."""
        mixed = sentences + self.neutral(filler, self.rng.randint(1, 2))
        self.rng.shuffle(mixed)
        return " ".join(mixed)

    def risks(self, codes) -> list[str]:
        """One sentence per risk factor, stating it as present."""
        return [self.about(wording.PRESENT, c) for c in codes]


def _split(rng: random.Random, items: tuple[str, ...]) -> tuple[list[str], list[str]]:
    items = list(items)
    rng.shuffle(items)
    half = (len(items) + 1) // 2
    return items[:half], items[half:]


def _lessons(w: _Writer) -> list[dict]:
    return [{"text": w.about(wording.LESSON, c), "themes": [c]} for c in w.case.present["practice_theme"]]


def _recommendations(w: _Writer) -> list[dict]:
    themes = w.case.present["practice_theme"]
    chosen = sorted(w.rng.sample(themes, w.rng.randint(2, len(themes))))
    return [{"number": str(i), "text": w.about(wording.RECOMMENDATION, c), "themes": [c]}
            for i, c in enumerate(chosen, 1)]


def _case_facts(w: _Writer) -> list[str]:
    """Harm, outcome and household: the sentences every kind of review opens with."""
    case = w.case
    out = [w.fill(wording.INTRODUCTION[0])]
    out += [w.about(wording.HARM, c) for c in case.present["harm_type"]]
    out.append(w.about(wording.OUTCOME, case.outcome))
    out += [w.about(wording.FAMILY, c) for c in case.present["family_role"]]
    return out


def _family_background(w: _Writer) -> list[str]:
    """Paragraphs on the family: negations and the parent's own childhood (distractors)."""
    case = w.case
    return [w.paragraph([w.about(wording.FAMILY, c) for c in case.present["family_role"]] + w.childhood()),
            w.negations()]


def _terms_of_reference(w: _Writer) -> list:
    w.absent["distractors"].update(w.case.topics)
    return [("p", wording.TERMS_OF_REFERENCE), ("ul", [ontology.label(c) for c in w.case.topics])]


def _briefing(w: _Writer, lessons: list[dict], recs: list[dict]) -> tuple[list[str], list[Section], list[int]]:
    case, rng = w.case, w.rng
    first, rest = _split(rng, case.present["risk_factor"])
    sections = [
        Section("Background", 1, [("p", w.paragraph(_case_facts(w) + w.childhood())),
                                   ("p", w.paragraph(w.risks(first)))]),
        Section("What happened", 1, [
            ("p", w.paragraph(w.risks(rest))),
            ("p", w.negations()),
            ("p", w.paragraph([w.about(wording.AGENCY, c) for c in case.present["agency_type"]])),
            ("p", w.paragraph(w.neutral(wording.MISSED_OPPORTUNITY)))]),
        Section("Key Learning", 1, [("ul", [x["text"] for x in lessons])]),
        Section("Improving Practice", 1, [("p", w.paragraph(
            [w.about(wording.THEME, c) for c in case.present["practice_theme"]]))]),
        Section("Recommendations", 1, [("ol", [x["text"] for x in recs])]),
        Section("Questions for reflection", 1, [("ul", list(wording.REFLECTION_QUESTIONS))]),
    ]
    preamble = [f"Learning Briefing: {case.child}", case.partnership, _month_year(case.published),
                wording.FICTION_NOTE]
    return preamble, sections, [1]


def _review_name(case: Case) -> str:
    return "Serious Case Review" if case.body == "Board" else "Child Safeguarding Practice Review"


def _month_year(published: str) -> str:
    year, month = published.split("-")
    return f"{wording.MONTHS[int(month) - 1]} {year}"


def _executive_summary(w: _Writer, lessons: list[dict], recs: list[dict]) -> tuple[list[str], list[Section], list[int]]:
    case, rng = w.case, w.rng
    first, rest = _split(rng, case.present["risk_factor"])
    sections = [
        Section("1. Introduction", 1, [("p", w.paragraph(_case_facts(w))),
                                       ("p", " ".join(w.neutral(wording.INTRODUCTION[1:], 3)))]),
        Section("2. Terms of reference", 1, _terms_of_reference(w)),
        Section("3. The family", 1, [("p", p) for p in _family_background(w)]),
        Section("4. Summary of events", 1, [
            ("p", w.paragraph(w.risks(first), wording.CHRONOLOGY)),
            ("p", w.paragraph([w.about(wording.AGENCY, c) for c in case.present["agency_type"]])),
            ("p", w.paragraph(w.neutral(wording.MISSED_OPPORTUNITY, 2)))]),
        Section("5. Analysis", 1, [
            ("p", w.paragraph(w.risks(rest))),
            ("p", w.paragraph([w.about(wording.THEME, c) for c in case.present["practice_theme"]]))]),
        Section("6. Conclusions and lessons", 1, [("ul", [x["text"] for x in lessons])]),
        Section("7. Recommendations", 1, [("ol", [x["text"] for x in recs])]),
    ]
    preamble = [f"Executive Summary of the {_review_name(case)}: {case.child}", case.partnership,
                f"Published {_month_year(case.published)}", wording.FICTION_NOTE]
    return preamble, sections, [3]


def _overview_report(w: _Writer, lessons: list[dict], recs: list[dict]) -> tuple[list[str], list[Section], list[int]]:
    case, rng = w.case, w.rng
    national = [c for c in vocabulary.codes("risk_factor")
                if c not in case.negated and c != case.childhood
                and not _reach(c) & frozenset().union(*map(frozenset, case.present.values()))]
    sections = [
        Section("Part 1: Introduction", 1, [("p", w.paragraph(_case_facts(w))),
                                            ("p", " ".join(w.neutral(wording.INTRODUCTION[1:], 4)))]),
        Section("Part 2: Process and terms of reference", 1, _terms_of_reference(w)),
        Section("Part 3: Family background", 1, [("p", p) for p in _family_background(w)]),
        Section("Part 4: Chronology of agency involvement", 1, [
            ("p", w.paragraph(w.risks(case.present["risk_factor"]), wording.CHRONOLOGY)),
            ("p", w.paragraph(w.neutral(wording.MISSED_OPPORTUNITY, 3), wording.CHRONOLOGY))]),
        Section("Part 5: Analysis of agency involvement", 1, [("p", w.fill(wording.ANALYSIS[0]))]),
        *[Section(f"5.{i} {ontology.label(c)}", 2, [("p", w.paragraph([w.about(wording.AGENCY, c)]))])
          for i, c in enumerate(case.present["agency_type"], 1)],
        Section("Part 6: Themes", 1, [("p", w.fill(wording.ANALYSIS[7]))]),
        *[Section(f"6.{i} {ontology.label(c)}", 2, [
            ("p", w.paragraph([w.about(wording.THEME, c)] + w.risks(rng.sample(case.present["risk_factor"], 1))))])
          for i, c in enumerate(case.present["practice_theme"], 1)],
        Section("Part 7: The national picture", 1, [("p", w.paragraph(
            [w.about(wording.NATIONAL_CONTEXT, c, "distractors") for c in rng.sample(national, min(2, len(national)))]))]),
        Section("Part 8: Findings and lessons", 1, [("ul", [x["text"] for x in lessons])]),
        Section("Part 9: Recommendations", 1, [("ol", [x["text"] for x in recs])]),
    ]
    preamble = [f"{_review_name(case)}: Overview Report", case.child, case.partnership,
                f"Independent author: {case.author}", _month_year(case.published), wording.FICTION_NOTE]
    return preamble, sections, [3]


def _partnership_response(w: _Writer, lessons: list[dict], recs: list[dict]) -> tuple[list[str], list[Section], list[int]]:
    case, rng = w.case, w.rng
    sections = [Section("Introduction", 1, [("p", w.paragraph(_case_facts(w) + w.childhood())),
                                            ("p", w.paragraph(w.risks(case.present["risk_factor"]))),
                                            ("p", w.negations())])]
    stretch = []
    lesson_of = {x["themes"][0]: x for x in lessons}
    rec_of = {x["themes"][0]: x for x in recs}
    for i, code in enumerate(case.present["practice_theme"], 1):
        stretch.append(len(sections) + 1)
        sections += [
            Section(f"Theme {i}: {ontology.label(code)}", 1, []),
            Section(f"Finding {i}", 2, [("p", w.paragraph([w.about(wording.THEME, code)]))]),
            Section(f"Lesson {i}.1", 2, [("p", lesson_of[code]["text"])]),
        ]
        if code in rec_of:
            sections.append(Section(f"Recommendation {rec_of[code]['number']}", 2, [("p", rec_of[code]["text"])]))
        sections += [Section("Response", 2, [("p", " ".join(w.neutral(wording.RESPONSE, 2)))]),
                     Section("How will we know", 2, [("p", " ".join(w.neutral(wording.HOW_WILL_WE_KNOW, 2)))])]
    sections.append(Section("Agencies involved", 1, [("p", w.paragraph(
        [w.about(wording.AGENCY, c) for c in case.present["agency_type"]]))]))
    preamble = [f"Response from the {case.partnership} to the review of {case.child}",
                _month_year(case.published), wording.FICTION_NOTE]
    return preamble, sections, stretch


_BUILDERS = {"RT_BRIEFING": _briefing, "RT_EXECUTIVE_SUMMARY": _executive_summary,
             "RT_OVERVIEW_REPORT": _overview_report, "RT_PARTNERSHIP_RESPONSE": _partnership_response}
assert set(_BUILDERS) == set(KINDS)


def _size(preamble: list[str], sections: list[Section]) -> int:
    n = sum(map(len, preamble))
    for s in sections:
        n += len(s.title)
        for kind, body in s.blocks:
            n += len(body) if kind == "p" else sum(len(x) + 4 for x in body)
    return n


def _pad(w: _Writer, preamble, sections: list[Section], stretch: list[int]) -> None:
    """Add neutral narrative to the stretchable sections until the text reaches the target size."""
    filler = wording.CHRONOLOGY if w.case.kind in ("RT_EXECUTIVE_SUMMARY", "RT_OVERVIEW_REPORT") else wording.ANALYSIS
    size, turn = _size(preamble, sections), 0
    while size < w.case.target:
        p = " ".join(w.neutral(filler, w.rng.randint(3, 6)))
        sections[stretch[turn % len(stretch)]].blocks.append(("p", p))
        size += len(p) + 2
        turn += 1


def review(seed: int, index: int, kind: str | None = None, chars: int | None = None,
           fmt: str | None = None) -> SyntheticReview:
    """Write review ``index`` of the corpus made with ``seed``; ``kind``, ``chars`` and ``fmt`` force
    its type, size and format."""
    case = plan(seed, index, kind, chars, fmt)
    w = _Writer(case, random.Random(f"{seed}/{index}/text"))
    lessons, recs = _lessons(w), _recommendations(w)
    preamble, sections, stretch = _BUILDERS[case.kind](w, lessons, recs)
    _pad(w, preamble, sections, stretch)
    text = render(preamble, sections, case.fmt)
    implied = vocabulary.mentions(" ; ".join([*w.used, case.partnership]))
    truth = {
        "id": case.stem, "file": f"{case.stem}.{case.fmt}", "review_type": case.kind, "format": case.fmt,
        "chars": len(text), "title": preamble[0], "published": case.published,
        "partnership": case.partnership, "areas": [case.area],
        "children": [{"name": case.child, "age_months": case.age_months, "outcome": case.outcome,
                      "incident_year": case.incident_year}],
        **{vocabulary.field_of(key): sorted(set(codes) | {c for c in implied if ontology.concept(c).scheme == key})
           for key, codes in case.present.items()},
        "negated": sorted(w.absent["negated"]), "distractors": sorted(w.absent["distractors"]),
        "lessons": lessons, "recommendations": recs,
    }
    return SyntheticReview(case.stem, case.fmt, text, truth)


def reviews(n: int, seed: int = 0, start: int = 0) -> Iterator[SyntheticReview]:
    """Reviews ``start`` .. ``start + n - 1`` of the corpus made with ``seed``, one at a time."""
    return (review(seed, i) for i in range(start, start + n))


def write_review(r: SyntheticReview, out: Path) -> int:
    """Write the review and its ``<stem>.codes.json`` into ``out``; return the review's size in bytes."""
    data = r.text.encode("utf-8")
    (out / f"{r.stem}.{r.fmt}").write_bytes(data)
    (out / f"{r.stem}.codes.json").write_text(json.dumps(r.truth, indent=1) + "\n", encoding="utf-8")
    return len(data)


def _write_range(args: tuple[Path, int, int, int]) -> tuple[int, int]:
    out, seed, start, n = args
    return n, sum(write_review(r, out) for r in reviews(n, seed, start))


def write_corpus(out: Path, n: int, seed: int = 0, workers: int = 1) -> tuple[int, int]:
    """Write ``n`` reviews (and their codes files) into ``out``; return (reviews, bytes).

    ``workers`` > 1 writes chunks in parallel processes; the files are the same either way.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    chunk = 250
    jobs = [(out, seed, start, min(chunk, n - start)) for start in range(0, n, chunk)]
    if workers > 1 and len(jobs) > 1:
        from multiprocessing import get_context
        with get_context("spawn").Pool(workers) as pool:
            done = pool.map(_write_range, jobs)
    else:
        done = [_write_range(j) for j in jobs]
    return sum(d[0] for d in done), sum(d[1] for d in done)
