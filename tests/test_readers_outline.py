"""Section outline detection, on fictional text and on the real seed reviews read from ../shared."""
from __future__ import annotations

import re

import pytest

from casegraph.loaders import document_from_text, read_document, section_at
from casegraph.loaders.outline import find_sections

FICTIONAL = """Fictional Overview Report

CONTENTS
1. Introduction
2
2. Findings
5

PART 1: INTRODUCTION

1.1 This fictional review looks at the help given to Child Z.

THEME 2: Fathers

Finding Z2

The father was not seen by the health visitor.

Lesson Z2.1
Professionals should ask about fathers at every visit.
Recommendation 3
The Board should make arrangements to disseminate key messages, including:-

The need to involve fathers in assessments.

How will we know

Audits will show fathers were seen.

## Next steps

- Share this note, Ms Smith, with your team.
May 2020
Gill Smith, Independent Chair
"""


def test_heading_kinds_levels_and_nesting():
    sections = find_sections(FICTIONAL)
    assert [(s.title, s.level) for s in sections] == [
        ("CONTENTS", 1), ("PART 1: INTRODUCTION", 1), ("THEME 2: Fathers", 1),
        ("Finding Z2", 2), ("Lesson Z2.1", 2), ("Recommendation 3", 2), ("How will we know", 2),
        ("Next steps", 2)]
    by_title = {s.title: s for s in sections}
    theme, lesson = by_title["THEME 2: Fathers"], by_title["Lesson Z2.1"]
    assert theme.start < lesson.start < lesson.end <= theme.end
    assert FICTIONAL[lesson.start:lesson.end].startswith("Lesson Z2.1\nProfessionals")
    recommendation = by_title["Recommendation 3"]
    assert "The need to involve fathers" in FICTIONAL[recommendation.start:recommendation.end]


def test_section_at_names_the_innermost_section():
    sections = find_sections(FICTIONAL)
    assert section_at(sections, FICTIONAL.index("ask about fathers")) == "Lesson Z2.1"
    assert section_at(sections, FICTIONAL.index("need to involve")) == "Recommendation 3"
    assert section_at(sections, FICTIONAL.index("Share this note")) == "Next steps"
    assert section_at(sections, 0) is None  # the title page comes before the first heading
    assert section_at((), 0) is None


@pytest.mark.parametrize("line", ["3. Findings", "4.2 Analysis of Practice", "PART 4: SUMMARY AND CONCLUSIONS",
                                  "Appendix A", "PART 1 INTRODUCTION", "Section 3 - Findings", "Recommendation 12", "Key Learning", "IMPROVING PRACTICE",
                                  "### Learning from the review"])
def test_common_heading_styles(line):
    text = f"Fictional text before the heading ends here.\n\n{line}\n\nBody text of the fictional section follows it."
    assert [s.title for s in find_sections(text)] == [line.lstrip("# ")]


@pytest.mark.parametrize("line", ["- Key Learning", "and the family", "12", "The worker visited the home.",
                                  "Wednesday 20 July 2016", "Jo Bloggs, Independent Author",
                                  "6.2 The lessons from this review are:", "Agency | Seen | Outcome",
                                  "Section 47 enquiries were not completed"])
def test_body_lines_are_not_headings(line):
    text = f"Fictional text before the line, which goes on\n{line}\nand then more of the fictional body text after it."
    assert find_sections(text) == ()


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return {p.name: read_document(p) for p in sorted(seeds_dir.glob("*.txt"))}


def test_seed_headings_of_known_kinds_are_found(seeds):
    titles = [s.title for doc in seeds.values() for s in doc.sections]
    kinds = {
        "key learning": r"Key Learning",
        "improving practice": r"Improving Practice",
        "lesson": r"Lesson [A-Z]*\d+\.\d+",
        "recommendation": r"Recommendation \d+",
        "part": r"PART \d+: [A-Z ]+",
        "theme": r"THEME \d+: .+",
    }
    for kind, pattern in kinds.items():
        assert any(re.fullmatch(pattern, t) for t in titles), kind
    for doc in seeds.values():
        numbered = [int(t.split()[1]) for t in (s.title for s in doc.sections) if re.fullmatch(r"Recommendation \d+", t)]
        assert numbered == list(range(1, len(numbered) + 1)), doc.source


def test_seed_sections_lie_within_the_text_and_start_at_their_heading(seeds):
    for doc in seeds.values():
        assert doc.sections, doc.source
        for s in doc.sections:
            assert 0 <= s.start < s.end <= len(doc.text)
            assert doc.text[s.start:s.end].lstrip("#* ").startswith(s.title.split()[0])


def test_document_from_text_outlines_like_read_document(seeds, seeds_dir):
    for name, doc in seeds.items():
        again = document_from_text((seeds_dir / name).read_text(encoding="utf-8"), name)
        assert (again.text, again.sections) == (doc.text, doc.sections)
