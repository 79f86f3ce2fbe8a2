"""The children stage: names, ages in months, outcomes, incident year. Example texts are fictional."""
from __future__ import annotations

import pytest

from casegraph.loaders.extract.children import children
from casegraph.loaders.extract.layout import layout
from casegraph.loaders.extract.subjects import age_months, ages


@pytest.mark.parametrize("phrase, months", [
    ("nine weeks old", 2), ("a twelve week old baby", 2), ("10-week old", 2), ("a 10 day old baby", 0),
    ("aged 6 months", 6), ("a 7 month old girl", 7), ("at the age of 17 months", 17), ("a 15-year-old", 180),
    ("aged just over nine weeks", 2), ("twenty one months old", 21), ("at three months of age", 3),
    ("Amber is thirteen. She lives", 156), ("Sam is seventeen and has autism", 204), ("D9 was seventeen.", 204),
    ("Niamh, fourteen, lived", 168), ("Toby was seventeen and a half when he died", 210),
    ("a few weeks after his seventeenth birthday", 204), ("since her 15th birthday", 180),
    ("Ms O was nineteen.", None), ("Mother was 19.", None), ("The review is 14 pages long.", None),
])
def test_age_in_months(phrase, months):
    assert age_months(phrase) == months


def kids(text: str) -> list[dict]:
    return children(layout(text))["children"]


def test_named_child_with_age_outcome_and_year():
    assert kids("Serious Case Review: Child K\n\nIn 2019 Child K died aged nine weeks.") == [
        {"name": "Child K", "age_months": 2, "outcome": "OC_DEATH", "incident_year": 2019}]


def test_ages_of_earlier_times_or_other_people_are_skipped():
    text = ("Child M was a 7 month old girl. Her father went to prison when she was 3 months old. "
            "As a 16 year old her mother had left school.")
    assert kids(text)[0]["age_months"] == 7


def test_unnamed_baby_gets_an_entry():
    [child] = kids("This briefing concerns the death of a 6-month-old baby at home.")
    assert child["name"] is None and child["age_months"] == 6 and child["outcome"] == "OC_DEATH"


def test_serious_case_review_of_a_named_child_without_death_is_serious_harm():
    [child] = kids("Serious Case Review: Baby Q\n\nBaby Q was taken to hospital with injuries.")
    assert child["outcome"] == "OC_SERIOUS_HARM"


def test_any_review_of_a_named_child_without_death_is_serious_harm():
    [child] = kids("Seven Minute Briefing (fictional): Baby Y\n\nBaby Y was seen in hospital with a fractured arm.")
    assert child["outcome"] == "OC_SERIOUS_HARM"


def test_generic_statutory_wording_is_not_an_outcome():
    assert kids("When a child dies, or is seriously harmed, a review may be held.") == []


def test_two_children_with_different_outcomes():
    text = ("Fictional listing.\n\nChild A\nDeath of a 14-year-old after an illness.\n\n"
            "Child B\nSerious sexual abuse of a 7-year-old boy.")
    found = {(k["name"], k["outcome"], k["age_months"]) for k in kids(text)}
    assert found == {("Child A", "OC_DEATH", 168), ("Child B", "OC_SERIOUS_HARM", 84)}


def test_death_of_an_adult_relative_is_not_the_childs_outcome():
    [child] = kids("Serious Case Review: Child G\n\nChild G's grandfather died in 2016. Child G was injured.")
    assert child["outcome"] == "OC_SERIOUS_HARM"


def test_a_young_person_who_took_her_own_life():
    [child] = kids("Review: Young Person J\n\nYoung Person J was 15 years old when she took her own life in 2020.")
    assert child == {"name": "Young Person J", "age_months": 180, "outcome": "OC_DEATH", "incident_year": 2020}


def test_age_in_a_who_was_clause_and_not_an_adults_age():
    text = ("Fictional review of Child L.\n\nChild L's mother, aged 19 years, moved often. "
            "Child L is a girl who was 14 when the events began.")
    assert kids(text)[0]["age_months"] == 168


def test_children_named_together_keep_the_youngest_of_their_ages():
    lay = layout("Executive summary: Children F and G (a fictional case written for tests)\n\n"
                 "Two brothers, F (aged 8) and G (aged 5), were injured in 2016. Their cousin, aged 2, was not.")
    assert [c["age_months"] for c in children(lay)["children"]] == [60]


def test_ages_are_found_as_the_plain_age_regex_finds_them(corpus_dir):
    from casegraph.loaders.extract.subjects import _AGE
    extra = "Fictional: HE WAS 14 WHEN it began; IT was 3 when; Sam is 15 at the time; aged 4-5 years; aged 7, then."
    for text in [extra, *(p.read_text(encoding="utf-8") for p in sorted(corpus_dir.rglob("*.txt")))]:
        assert [m.span() for m in _AGE.finditer(text)] == [m.span() for m in _AGE.regex.finditer(text)]


def test_a_review_of_a_child_of_a_stated_age_with_no_death_concerns_serious_harm():
    [child] = kids("Learning review\n\nThe boy, aged 14 months, was taken to hospital by his grandmother.")
    assert (child["age_months"], child["outcome"]) == (14, "OC_SERIOUS_HARM")


def test_a_review_of_good_practice_has_no_outcome_unless_one_is_described():
    text = "Appreciative inquiry: Child L\n\nChild L, aged 6, was supported well by her school and the family."
    assert [k["outcome"] for k in kids(text)] == [None]
    assert [k["outcome"] for k in kids(text + " Child L died in 2021.")] == ["OC_DEATH"]


def test_an_adults_or_a_siblings_age_is_not_the_childs():
    lay = layout("Fictional case. Baby X and her 18-year-old mother moved in. His sister, aged eight, was at school. "
                 "Child J, aged two, was at home.")
    assert [months for _, months in ages(lay)] == [24]
