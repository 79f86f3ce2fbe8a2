"""The metadata stage: review type, publication date, partnership, title. Example texts are fictional."""
from __future__ import annotations

import pytest

from casegraph.loaders.extract.layout import layout
from casegraph.loaders.extract.metadata import metadata, partnership, published, review_type


@pytest.mark.parametrize("head, expected", [
    ("Learning Lessons Briefing Note\n\nMarch 2021\n\nSummary\n\nA fictional case.", "RT_BRIEFING"),
    ("EXECUTIVE SUMMARY OF A SERIOUS CASE REVIEW\n\nCHILD Z", "RT_EXECUTIVE_SUMMARY"),
    ("The Overview Report into a Serious Case Review concerning Child Z", "RT_OVERVIEW_REPORT"),
    ("Serious Case Review: Child Z\n\nResponse from the Imaginary Safeguarding Children Partnership",
     "RT_PARTNERSHIP_RESPONSE"),
    ("The Imaginary Safeguarding Children Board has today published the overview report into Baby Z.",
     "RT_PARTNERSHIP_RESPONSE"),
    ("A thematic review of neglect in six families", "RT_THEMATIC_REVIEW"),
    ("An appreciative inquiry into early help planning", "RT_LEARNING_REVIEW"),
    ("Imaginary Safeguarding Partnership\nRapid Review: Baby O - summary of findings\n\nWhat happened", "RT_LEARNING_REVIEW"),
    ("Summary of Rapid Review - Baby T\nImaginary Partnership\nJune 2024", "RT_LEARNING_REVIEW"),
    ("7-Minute Briefing\nRapid Review: Baby R\nImaginary Partnership", "RT_BRIEFING"),
    ("Rapid Review Briefing - Spring 2024\nBaby O", "RT_BRIEFING"),
    ("Case review summary: Baby P\nPublished: May 2020\n\nSummary", "RT_BRIEFING"),
    ("Serious Case Review: Baby F\n\n3. The board carried out a rapid review, which found the case met the criteria.",
     "RT_OVERVIEW_REPORT"),
])
def test_review_type_from_the_head(head, expected):
    assert review_type(layout(head)) == expected


def test_a_listing_of_several_reviews_has_no_type():
    assert review_type(layout("Case reviews published in 2018\n\nA chronological list of summaries.")) is None


def test_unrecognised_type_is_null_with_a_warning():
    m = metadata(layout("Some notes about a meeting.\n\nThe meeting went well."))
    assert m["review_type"] is None and "review type not recognised" in m["warnings"]


@pytest.mark.parametrize("text, expected", [
    ("Briefing\n\nDecember 2019\n\nSummary", "2019-12"),
    ("Date: Monday, 4th Mar 2024 | Category: News", "2024-03"),
    ("Published on 3 March 2018", "2018-03"),
    ("Case reviews published in 2017", "2017"),
    ("Friday 8 October 2021\n\nIn March 2020 the child died.", "2021-10"),
    ("Learning Briefing\nPublished 09/2023\n\nSummary", "2023-09"),
    ("Executive Summary | Pub. date: 2024-05\n\n1. Introduction", "2024-05"),
    ("Overview Report\nPublished: 2021/06\n\nText.", "2021-06"),
    ("Case review summary\nPublished 2020 (September)\n\nSummary", "2020-09"),
    ("Briefing\nSpring 2022 (published April 2022)\n\nText.", "2022-04"),
    ("Executive summary\nPublished in the summer of 2021 (June)\n\nText.", "2021-06"),
    ("Overview report\nIssued March, 2025\n\nText.", "2025-03"),
    ("Executive summary\n(This summary was published in December of 2022.)\n\nText.", "2022-12"),
    ("Thematic review\nMonth and year of publication: June 2022\n\nText.", "2022-06"),
    ("Briefing\n2019-20\n\nText.", None),  # a span of years, not a month
    ("Child Safeguarding Practice Review: Baby E - Executive Summary (April 2023)\n\nText.", "2023-04"),
])
def test_publication_date(text, expected):
    assert published(layout(text)) == expected


@pytest.mark.parametrize("text", [
    "This review was carried out by an independent author in May 2018.",
    "Approved by the Board March 3 rd 2016 and shared widely with all partner agencies in the area.",
    "In April 2016 the Board began a review. It may be that the review was delayed.",
])
def test_dates_of_other_events_are_not_publication_dates(text):
    assert published(layout(text)) is None


def test_partnership_and_areas():
    name, areas = partnership(layout("The Northshire and Westvale Local Safeguarding Children Board agreed."))
    assert name == "Northshire and Westvale Local Safeguarding Children Board"
    assert areas == ["Northshire", "Westvale"]


def test_a_partnership_named_only_generically_is_unknown():
    assert partnership(layout("The Local Safeguarding Board carried out a Rapid Review.")) == (None, [])


def test_numeric_publication_date_after_a_cue():
    assert published(layout("Date of publication: 12/03/2021\n\nA fictional review.")) == "2021-03"


def test_a_topic_called_response_does_not_make_a_partnership_response():
    head = ("Child Safeguarding Practice Review: Child P\n\nThe terms of reference asked the review to consider "
            "the response to domestic abuse.")
    assert review_type(layout(head)) == "RT_OVERVIEW_REPORT"


def test_a_chronology_entry_is_not_a_publication_date():
    text = "Briefing (fictional)\n\nWhat happened\n\n12 March 2018: the health visitor visited the family.\n"
    assert published(layout(text)) is None
