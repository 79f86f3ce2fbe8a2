"""The timeline stage: dated sentences that name an agency, on fictional text written for these tests
(every sentence below is invented), and the shape of its events on every real document of ../shared/corpus."""
from __future__ import annotations

import doctest
import re

import pytest

import casegraph.dashboard.timeline
from casegraph import loaders
from casegraph import ontology
from casegraph.loaders.extract import timeline as stage
from casegraph.loaders.extract.layout import layout

KEYS = {"when", "when_text", "phase", "agencies", "text", "start", "end"}
AGENCY_CODES = {c.code for c in ontology.concepts("agency_type")}
WHEN = re.compile(r"[0-9]{4}(?:-[0-9]{2})?")


def events(text: str) -> list[dict]:
    """The timeline of an invented text, through the whole extraction (so the record carries it)."""
    record = loaders.extract_document(loaders.document_from_text(text, source="fictional.txt"))
    for e in record["timeline"]:
        assert set(e) == KEYS
        assert record["text"][e["start"]:e["end"]] == e["text"] and e["when_text"] in e["text"]
    return record["timeline"]


def only(text: str) -> dict:
    [event] = events(text)
    return event


@pytest.mark.parametrize("sentence, when, when_text", [
    ("In March 2019 the health visitor saw the family at home.", "2019-03", "In March 2019"),
    ("On Wednesday, 21st of March 2019 the GP saw the baby.", "2019-03", "On Wednesday, 21st of March 2019"),
    ("The GP saw the baby on March 21, 2019 and weighed her.", "2019-03", "on March 21, 2019"),
    ("24 August 2023: the police made a home visit.", "2023-08", "24 August 2023"),
    ("March 2019 – the GP referred mother to the mental health service.", "2019-03", "March 2019"),
    ("On 12/03/2019 the school raised a concern.", "2019-03", "On 12/03/2019"),
    ("On 12.03.2019 the school raised a concern.", "2019-03", "On 12.03.2019"),
    ("On 5/6/17 the school raised a concern.", "2017-06", "On 5/6/17"),
    ("In 2016 the police were called to the flat.", "2016", "In 2016"),
    ("In the summer of 2018 the baby was taken to hospital.", "2018", "In the summer of 2018"),
    ("The midwife first met mother in mid-2014 and liked her.", "2014", "in mid-2014"),
    ("At the end of 2017 the housing officer visited twice.", "2017", "At the end of 2017"),
    ("In the early hours of 3 March 2018 the ambulance service came.", "2018-03", "3 March 2018"),
    ("Between 2015 and 2017 the school saw no cause for concern.", "2015", "Between 2015"),
])
def test_dates_are_read_as_far_as_the_words_go(sentence, when, when_text):
    text = f"Fictional review.\n\n{sentence} Nothing else happened."
    event = only(text)
    assert (event["when"], event["when_text"], event["phase"]) == (when, when_text, None)
    assert event["text"] == sentence and event["start"] == text.index(sentence)


@pytest.mark.parametrize("sentence, phase, when_text", [
    ("Antenatally the midwife noted that mother smoked.", "antenatal", "Antenatally"),
    ("The midwife saw her twice during the pregnancy.", "antenatal", "during the pregnancy"),
    ("At birth the hospital noted a low weight.", "birth", "At birth"),
    ("On discharge the hospital gave no advice on safe sleeping.", "discharge", "On discharge"),
    ("Postnatally the health visitor visited once.", "postnatal", "Postnatally"),
    ("The health visitor made the new birth visit alone.", "new birth visit", "new birth visit"),
    ("At the 6-8 week check the GP noted nothing.", "6-8 week check", "6-8 week check"),
    ("Two weeks later the police attended again.", None, "Two weeks later"),
    ("The next day the school phoned the mother.", None, "The next day"),
])
def test_phases_and_relative_words_keep_no_date(sentence, phase, when_text):
    event = only(f"Fictional review.\n\nIn May 2018 the family moved house. {sentence}")
    assert (event["when"], event["phase"], event["when_text"]) == (None, phase, when_text)


@pytest.mark.parametrize("sentence", [
    "The GP had known her birth family for years.",
    "The GP treated the mother's postnatal depression.",
    "The mother was discharged from the mental health service, the GP said.",
    "The police were called before the meeting.",
])
def test_words_about_birth_or_discharge_that_name_no_time_are_no_phase(sentence):
    assert events(f"Fictional review. {sentence}") == []


def test_a_list_item_without_a_full_stop_is_an_event():
    event = only("Fictional chronology\n\n- Visit by the health visitor in March 2019\n- Nothing else\n")
    assert (event["when"], event["text"]) == ("2019-03", "Visit by the health visitor in March 2019")


def test_every_phase_pattern_holds_a_word_that_lets_it_run():
    assert all(any(w in p for w in stage.PHASE_WORDS) for _, patterns in stage.PHASES for p in patterns)


def test_a_dated_sentence_keeps_its_phase_too():
    event = only("Fictional. In 2011, following the birth of her first child, children's social care assessed mother.")
    assert (event["when"], event["phase"], event["agencies"]) == ("2011", "postnatal", ["AG_CHILDRENS_SOCIAL_CARE"])


def test_undated_sentences_between_dated_ones_inherit_nothing():
    text = ("Fictional review. In March 2019 the GP saw mother. The health visitor then visited the home. "
            "The police were called in May 2019.")
    assert [(e["when"], e["agencies"]) for e in events(text)] == [("2019-03", ["AG_GP"]), ("2019-05", ["AG_POLICE"])]


def test_a_sentence_naming_no_agency_or_no_date_is_no_event():
    assert events("Fictional review. In March 2019 the family moved house. The GP was worried about the baby.") == []


def test_agencies_in_order_of_mention_once_each():
    event = only("Fictional. In June 2020 the police told the GP, and the GP told the health visitor and the police.")
    assert event["agencies"] == ["AG_POLICE", "AG_GP", "AG_HEALTH_VISITING"]


@pytest.mark.parametrize("text", [
    "Fictional Safeguarding Children Partnership\n\nPublished March 2020\n\nThe police and the GP took part.",
    "Fictional. This guidance for the hospital was updated in September 2020.",
    "Fictional. Approved by the Safeguarding Children Partnership on 3 May 2021.",
    "Fictional. Working Together 2018 asks the police to share information.",
    "Fictional. The police follow national guidance (2006) on this.",
    "Fictional. Report by the independent chair of the Safeguarding Children Partnership, May 2020",
    "Fictional. Wednesday 20 July 2016 | News from the police\n\nText.",
    "Fictional. In 1985 the police were called; in 2035 the GP will retire.",
    "Fictional. Paragraph 3.2.15 says what the police did.",
    "Fictional. In June 2017 the Safeguarding Children Partnership began a serious case review.",
    "Fictional. The police decided in May 2019 that this review should look at two years.",
])
def test_dates_of_the_document_itself_and_titles_are_no_events(text):
    assert events(text) == []


def test_excluded_text_and_recommendations_give_no_events():
    text = ("Fictional review\n\nTerms of reference\n\nThe review considered the police response in 2019.\n\n"
            "Recommendations\n\n1. By March 2022 the police should audit their response.\n\n"
            "Summary of events\n\nIn April 2019 the police visited the home.\n")
    [event] = events(text)
    assert event["when"] == "2019-04" and event["text"] == "In April 2019 the police visited the home."


def test_a_long_sentence_is_cut_around_its_date_with_exact_offsets():
    filler = "and the family was seen by many people who wrote notes about the home " * 6
    text = f"Fictional review. The school was told, {filler}until in May 2019 the police visited, {filler}."
    event = only(text)
    assert event["when"] == "2019-05" and event["agencies"] == ["AG_POLICE"]
    assert len(event["text"]) < 400 and "in May 2019" in event["text"]


def test_events_follow_the_contract_in_document_order():
    text = ("Fictional review.\n\nAntenatally the midwife saw mother. In March 2019 the GP saw the baby.\n\n"
            "Two weeks later the police attended. In the summer of 2019 the school raised a concern.")
    found = events(text)
    assert [e["start"] for e in found] == sorted(e["start"] for e in found) and len(found) == 4
    for e in found:
        assert e["when"] is None or WHEN.fullmatch(e["when"])
        assert e["phase"] is None or e["phase"] in stage.PHASE_ORDER
        assert e["agencies"] and set(e["agencies"]) <= AGENCY_CODES


@pytest.mark.parametrize("module", [stage, casegraph.dashboard.timeline])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_every_corpus_document_gives_exact_events_of_known_agencies(corpus_dir):
    paths = [p for p in loaders.discover([corpus_dir])]
    assert paths
    for path in paths:
        record = loaders.extract_file(path)
        found = {a["code"] for a in record["agencies"]}
        starts = [e["start"] for e in record["timeline"]]
        assert starts == sorted(starts), path.name
        for e in record["timeline"]:
            assert set(e) == KEYS, path.name
            assert record["text"][e["start"]:e["end"]] == e["text"] and e["when_text"] in e["text"], path.name
            assert e["agencies"] and set(e["agencies"]) <= AGENCY_CODES & found, path.name
            assert e["when"] is None or WHEN.fullmatch(e["when"]), path.name
            assert e["phase"] is None or e["phase"] in stage.PHASE_ORDER, path.name
            assert e["when"] or e["phase"] or e["when_text"], path.name
