"""Context rules of extraction: negation, a parent's own childhood, general guidance, topics, terms of reference.

All example sentences are fictional, written for these tests.
"""
from __future__ import annotations

import pytest

from casegraph.loaders import document_from_text
from casegraph.loaders.extract import extract_document
from casegraph.loaders.extract.layout import layout


def codes(text: str, field: str = "risk_factors") -> set[str]:
    return {c["code"] for c in extract_document(document_from_text(text, source="fictional.txt"))[field]}


@pytest.mark.parametrize("text, absent", [
    ("Neither parent had a history of violence.", "RF_DOMESTIC_ABUSE"),
    ("There was no evidence of drug misuse by the mother.", "RF_SUBSTANCE_MISUSE"),
    ("None of the three siblings was ever on a Child Protection Plan.", "RF_CHILD_PROTECTION_PLAN"),
    ("The father was not known to the police and had no criminal record.", "RF_CRIMINALITY"),
])
def test_negated_risk_factors_do_not_apply(text, absent):
    assert absent not in codes("Fictional case. " + text)


def test_negation_stops_at_the_clause_boundary():
    found = codes("Neither parent had a history of violence, but the mother used illicit drugs.")
    assert "RF_SUBSTANCE_MISUSE" in found and "RF_DOMESTIC_ABUSE" not in found


def test_parents_own_childhood_is_not_their_own_misuse():
    text = ("Each parent had a troubled childhood and was brought up in a household where drug and alcohol abuse "
            "by their own parents was common.")
    found = codes(text)
    assert "RF_PARENT_ADVERSE_CHILDHOOD" in found
    assert not found & {"RF_SUBSTANCE_MISUSE", "RF_ALCOHOL_MISUSE", "RF_DOMESTIC_ABUSE"}


def test_misuse_stated_for_the_parents_now_applies():
    assert {"RF_SUBSTANCE_MISUSE", "RF_ALCOHOL_MISUSE"} <= codes("The mother misused alcohol and used illicit drugs.")


def test_terms_of_reference_list_states_no_findings():
    text = ("1.1 The review was asked to look at the case.\n"
            "1.2 The terms of reference were as follows:\n"
            " - a. Parental substance use\n - b. Domestic abuse\n - c. Parental learning difficulties\n"
            "1.3 The father self-harmed twice.\n")
    found = codes(text)
    assert "RF_SELF_HARM" in found
    assert not found & {"RF_SUBSTANCE_MISUSE", "RF_DOMESTIC_ABUSE", "RF_LEARNING_DIFFICULTY"}


def test_terms_of_reference_section_is_excluded():
    text = "Terms of Reference\n\nDomestic abuse and parental mental ill health.\n\nFindings\n\nThe home was very cluttered."
    found = codes(text)
    assert found == {"RF_POOR_HOME_CONDITIONS"}


def test_general_guidance_is_not_a_fact_of_the_case():
    text = "When a child dies and neglect is thought to be a factor, a review may follow. If in doubt, ask."
    assert codes(text, "harm_types") == set()


def test_topic_of_questions_is_not_presence():
    text = "Practitioners rarely used routine questioning around domestic abuse with the mother."
    assert "RF_DOMESTIC_ABUSE" not in codes(text)
    assert "PT_DOMESTIC_ABUSE_ENQUIRY" in codes(text, "practice_themes")


def test_practice_themes_are_found_in_negative_statements():
    assert "PT_INFO_SHARING" in codes("Information was not shared between the agencies.", "practice_themes")


def test_contents_lines_are_excluded():
    lay = layout("Contents\n\n- Race, Culture and IdentityPage 6\n- SummaryPage 8\n\nSummary\n\nText here.")
    assert lay.is_excluded(lay.text.index("Race"))
    assert not lay.is_excluded(lay.text.index("Text here"))


@pytest.mark.parametrize("text", [
    "Domestic abuse was not a feature of this case.",
    "The review found nothing to suggest domestic abuse.",
    "Enquiries made after the incident did not identify domestic abuse.",
    "No agency recorded any concern about domestic abuse.",
])
def test_negation_after_or_far_before_the_term(text):
    assert "RF_DOMESTIC_ABUSE" not in codes("Fictional case. " + text)


def test_agency_names_are_not_risk_factors():
    found = codes("The mental health services and the drug and alcohol services saw the family.")
    assert not found & {"RF_MENTAL_ILL_HEALTH", "RF_SUBSTANCE_MISUSE", "RF_ALCOHOL_MISUSE"}


def test_as_a_child_moves_only_what_it_follows():
    found = codes("The mother had a history of depression and had been known to children's services as a child.")
    assert {"RF_MENTAL_ILL_HEALTH", "RF_PARENT_ADVERSE_CHILDHOOD"} <= found


def test_a_background_of_absences_codes_no_risk_factor():
    text = ("There were no concerns about the mother's mental health. The father denied any drug use and there "
            "was no indication of alcohol misuse. Neither parent was known to the police. The family were not "
            "homeless. Child D was not subject to a child protection plan. No domestic abuse was reported. "
            "Child D was admitted to hospital with a fractured skull and the father was later convicted of murder.")
    assert codes(text) == set()
    assert codes(text, "harm_types") == {"HT_PHYSICAL_ABUSE"}


def test_advice_to_practitioners_is_not_a_finding_about_the_family():
    text = ("Key Learning\n\n- Practitioners should be alert to parental mental health, substance misuse and "
            "domestic abuse.\n- Be mindful of domestic abuse when a parent is isolated.\n")
    assert codes(text) == set()


@pytest.mark.parametrize("text", [
    "Fictional. The police " + "and the family was seen by many people who wrote notes " * 6 + "the GP saw",
    "The police " + "and the family was seen by many people who wrote notes " * 6 + "the GP saw it. Fictional.",
])
def test_a_long_sentence_at_either_end_of_the_text_gets_its_context(text):
    """A quote's context is cut at word boundaries, and the text's own ends are boundaries too."""
    record = extract_document(document_from_text(text, source="fictional.txt"))
    quotes = [e for item in record["agencies"] for e in item["evidence"]]
    assert quotes
    for e in quotes:
        assert e["context"] == text[e["context_start"]:e["context_end"]]
        assert e["context_start"] <= e["start"] and e["end"] <= e["context_end"]
