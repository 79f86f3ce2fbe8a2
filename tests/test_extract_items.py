"""Lessons, recommendations, missed opportunities and parallels. Example texts are fictional."""
from __future__ import annotations

from casegraph.loaders.extract.items import lessons, missed_opportunities, recommendations
from casegraph.loaders.extract.layout import layout
from casegraph.loaders.extract.parallels import drew_parallels

BRIEFING = """Learning Lessons Briefing Note (fictional)

Key Learning

- The father avoided every home visit and his absence from the plan
went unnoticed by the core group.
- Each of the four referrals was looked at on its own.

Improving Practice

- Always ask who lives in the household.

Next steps - What can you do

- Circulate this briefing note to all the members of your team.
"""

RESPONSE = """THEME 1: Fathers

Lesson F1.1

Practitioners need to stay curious about the men in a baby's life, especially when they stop attending and

withdraw from caring for the baby.

Recommendation 1

The Board is asked to publicise the main points of this review, including:-

Why fathers must be part of every assessment.

Board Context / Actions already taken

A newsletter will be published.

Recommendation 2
The Board should commission an audit of pre-birth referrals.
How will we know
Audits will show it.
"""


def texts(items: list[dict]) -> list[str]:
    return [" ".join(i["text"].split()) for i in items]


def test_lessons_are_items_of_learning_sections_across_wrapped_lines():
    found = texts(lessons(layout(BRIEFING))["lessons"])
    assert found == ["The father avoided every home visit and his absence from the plan went unnoticed by the "
                     "core group.", "Each of the four referrals was looked at on its own.",
                     "Always ask who lives in the household."]


def test_a_lesson_under_a_numbered_heading_runs_over_a_page_break():
    [lesson] = texts(lessons(layout(RESPONSE))["lessons"])
    assert lesson.endswith("when they stop attending and withdraw from caring for the baby.")


def test_lessons_listed_after_a_classic_features_line():
    text = ("PART 4: CONCLUSIONS\n\n- 4.1. This review shows classic features:\n - too much optimism about change\n"
            " - too little professional curiosity\n\nPART 5: RECOMMENDATIONS\n")
    assert texts(lessons(layout(text))["lessons"]) == ["too much optimism about change", "too little professional curiosity"]


def test_recommendation_continues_after_including():
    recs = recommendations(layout(RESPONSE))["recommendations"]
    assert [r["number"] for r in recs] == ["1", "2"]
    assert texts(recs)[0] == ("The Board is asked to publicise the main points of this review, "
                              "including:- Why fathers must be part of every assessment.")
    assert texts(recs)[1] == "The Board should commission an audit of pre-birth referrals."
    assert recs[0]["addressee"] == "Board" and "PT_FATHERS_AND_MEN" in recs[0]["themes"]


def test_items_have_exact_offsets():
    lay = layout(RESPONSE)
    for item in lessons(lay)["lessons"] + recommendations(lay)["recommendations"]:
        assert lay.text[item["start"]:item["end"]] == item["text"]


def test_numbered_list_under_a_recommendations_heading():
    text = "Recommendations\n\n1. The Board should audit referrals.\n2. All agencies to review training.\n"
    recs = recommendations(layout(text))["recommendations"]
    assert texts(recs) == ["The Board should audit referrals.", "All agencies to review training."]
    assert [r["addressee"] for r in recs] == ["Board", "All agencies"]


def test_missed_opportunities_listed_after_an_intro():
    text = ("Analysis\n\nThere were three occasions when meetings should have taken place:\n- Antenatally\n"
            "- On discharge from hospital\n- After the move\n\nThe GP was not invited to the conference.\n")
    found = texts(missed_opportunities(layout(text))["missed_opportunities"])
    assert found == ["Antenatally", "On discharge from hospital", "After the move",
                     "The GP was not invited to the conference."]


def test_drew_parallels():
    assert drew_parallels(layout("This review has drawn parallels with other recent reviews."))["drew_parallels"]
    assert not drew_parallels(layout("This review found no similar cases."))["drew_parallels"]


def test_labelled_recommendation_paragraphs_anywhere():
    text = ("Finding 2\n\nThe plan drifted.\n\nRecommendation 4: The Partnership should audit plans for drift.\n\n"
            "Finding 3\n\nRecommendation 5 - All agencies to review their escalation policy.\n")
    recs = recommendations(layout(text))["recommendations"]
    assert [(r["number"], r["text"]) for r in recs] == [
        ("4", "The Partnership should audit plans for drift."), ("5", "All agencies to review their escalation policy.")]


MARKDOWN = """# Learning Lessons Briefing Note (fictional)

March 2022

## Key Learning

* Information was not shared between the GP and the health visitor.
* The father was not assessed or engaged by professionals.

## Recommendations

1. The Partnership should audit information sharing.
2. All agencies to review how they engage fathers.
"""


def test_markdown_and_html_documents(tmp_path):
    from casegraph.loaders import extract_file
    html = ("<html><body><h1>Learning Lessons Briefing Note</h1><p>March 2022</p><h2>Key Learning</h2><ul>"
            "<li>Information was not shared between the GP and the health visitor.</li>"
            "<li>The father was not assessed or engaged by professionals.</li></ul><h2>Recommendations</h2>"
            "<ol><li>The Partnership should audit information sharing.</li>"
            "<li>All agencies to review how they engage fathers.</li></ol></body></html>")
    (tmp_path / "brief.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "brief.html").write_text(html, encoding="utf-8")
    for name in ("brief.md", "brief.html"):
        rec = extract_file(tmp_path / name)
        assert texts(rec["lessons"]) == ["Information was not shared between the GP and the health visitor.",
                                         "The father was not assessed or engaged by professionals."], name
        assert texts(rec["recommendations"]) == ["The Partnership should audit information sharing.",
                                                 "All agencies to review how they engage fathers."], name


def test_plain_paragraphs_worded_as_recommendations():
    text = ("Recommendations\n\nThe review makes two recommendations.\n\nThe Partnership should audit plans for "
            "drift.\n\nAll agencies must check who lives in the household.\n")
    assert texts(recommendations(layout(text))["recommendations"]) == [
        "The Partnership should audit plans for drift.", "All agencies must check who lives in the household."]


def test_a_contents_entry_with_its_page_is_no_recommendation():
    """A contents list whose page numbers sit on their own lines (as PDF text often has them)."""
    text = ("Fictional Serious Case Review: Child Z\n\nCONTENTS\nPAGE\n1. Introduction\n2\n"
            "6. Conclusions\n30\n7. Recommendations for the Fictional Partnership\nBoard\n34\n8. References\n36\n\n"
            "1. Introduction\n\nThis invented review looks at the care of Child Z.\n")
    assert recommendations(layout(text))["recommendations"] == []
