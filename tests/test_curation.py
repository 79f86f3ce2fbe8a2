"""Corrections as data (graph.curation) on fictional records: reject, add, accept, set, provenance,
passages that move or disappear when a document changes, and the errors a person can fix."""
import copy
import doctest

import pytest

from casegraph import ontology
from casegraph.errors import CasegraphError
from conftest import code
from casegraph.graph import curation
from casegraph.graph.curation import apply_corrections, correction, passage

AT = "2026-11-22T09:00:00Z"
BY = "Jo Fictional"


def fix(action, field, **details):
    return correction(action, field, BY, at=AT, **details)


def test_doctests():
    assert doctest.testmod(curation).failed == 0


def test_reject_removes_the_fact_and_logs_who_and_when(make_record):
    record = make_record()
    rejected = record["risk_factors"][0]["code"]
    out = apply_corrections(record, [fix("reject", "risk_factors", code=rejected, note="not in this case")])
    assert rejected not in {i["code"] for i in out["risk_factors"]}
    assert len(out["risk_factors"]) == len(record["risk_factors"]) - 1
    [logged] = out["curation"]
    assert (logged["action"], logged["code"], logged["by"], logged["at"], logged["note"]) == (
        "reject", rejected, BY, AT, "not in this case")
    assert curation.removed(out) == [logged]


def test_add_brings_its_passage_and_both_are_marked(make_record):
    record = make_record()
    added = next(c.code for c in ontology.concepts("harm_type"))
    ev = passage(record, "the partner was violent")
    out = apply_corrections(record, [fix("add", "harm_types", code=added, evidence=ev)])
    [fact] = out["harm_types"]
    mark = {"action": "add", "by": BY, "at": AT}
    assert fact["code"] == added and fact["curated"] == mark
    [e] = fact["evidence"]
    assert record["text"][e["start"]:e["end"]] == e["text"] == "the partner was violent"
    assert e["section"] == "Summary of events" and e["curated"] == mark


def test_add_to_a_fact_already_found_keeps_its_own_evidence(make_record):
    record = make_record()
    item = record["risk_factors"][0]
    out = apply_corrections(record, [fix("add", "risk_factors", code=item["code"],
                                         evidence=passage(record, "Baby Z lived with mother"))])
    fact = next(i for i in out["risk_factors"] if i["code"] == item["code"])
    assert [e["text"] for e in fact["evidence"]] == [item["evidence"][0]["text"], "Baby Z lived with mother"]
    assert "curated" not in fact["evidence"][0] and fact["evidence"][1]["curated"]["action"] == "add"


def test_accept_keeps_and_marks_and_logs_the_passage(make_record):
    record = make_record()
    item = record["practice_themes"][0]
    out = apply_corrections(record, [fix("accept", "practice_themes", code=item["code"])])
    assert out["practice_themes"][0]["curated"]["action"] == "accept"
    assert out["curation"][0]["evidence"]["text"] == item["evidence"][0]["text"]


def test_set_changes_metadata_and_checks_the_value(make_record):
    out = apply_corrections(make_record(), [fix("set", "title", value="Fictional review, corrected"),
                                            fix("set", "published", value="2019"),
                                            fix("set", "areas", value=["Fictionshire"])])
    assert (out["title"], out["published"], out["areas"]) == ("Fictional review, corrected", "2019", ["Fictionshire"])
    assert set(curation.metadata_marks(out)) == {"title", "published", "areas"}
    for field, value in (("published", "2019-13"), ("review_type", code("risk_factor")), ("areas", "Fictionshire"),
                         ("children", [{"name": "Baby Z", "age_months": "five"}]), ("sha256", "0" * 64)):
        with pytest.raises(CasegraphError, match=field if field == "sha256" else "cannot apply"):
            apply_corrections(make_record(), [fix("set", field, value=value)])


def test_text_items_are_rejected_accepted_and_added_by_their_offsets(make_record):
    record = make_record()
    lesson, recommendation = record["lessons"][0], record["recommendations"][0]
    mo = passage(record, "Mother misused alcohol and the partner was violent.")
    out = apply_corrections(record, [
        fix("reject", "lessons", start=lesson["start"], end=lesson["end"]),
        fix("accept", "recommendations", start=recommendation["start"], end=recommendation["end"]),
        fix("add", "missed_opportunities", evidence=mo)])
    assert out["lessons"] == [] and out["recommendations"][0]["curated"]["action"] == "accept"
    assert [m["text"] for m in out["missed_opportunities"]] == [mo["text"], record["missed_opportunities"][0]["text"]]
    assert out["missed_opportunities"][0]["curated"]["by"] == BY
    assert [c["evidence"]["text"] for c in curation.removed(out)] == [lesson["text"]]


def test_one_agency_of_a_type_is_rejected_by_its_name(make_record):
    agency = make_record()["agencies"][0]
    other = {**agency, "name": "Fictional second service"}
    record = make_record(agencies=[agency, other])
    out = apply_corrections(record, [fix("reject", "agencies", code=agency["code"], name=other["name"])])
    assert out["agencies"] == [agency]


def test_the_input_record_is_not_changed(make_record):
    record = make_record()
    before = copy.deepcopy(record)
    apply_corrections(record, [fix("reject", "risk_factors", code=record["risk_factors"][0]["code"]),
                               fix("accept", "practice_themes", code=record["practice_themes"][0]["code"])])
    assert record == before


def test_applying_the_log_again_gives_the_same_record(make_record):
    record = make_record()
    out = apply_corrections(record, [
        fix("reject", "risk_factors", code=record["risk_factors"][0]["code"]),
        fix("add", "risk_factors", code=record["risk_factors"][0]["code"], evidence=passage(record, "Baby Z")),
        fix("accept", "family_roles", code=record["family_roles"][0]["code"]),
        fix("set", "partnership", value="Fictional Partnership")])
    again = apply_corrections({**out, "curation": []}, out["curation"], reapply=True)
    assert again == out == curation.marked(out)


@pytest.mark.parametrize("bad, message", [
    ({"evidence": {"text": "Mother misused alcohol", "start": 0, "end": 22}}, "is not the document's text"),
    ({"evidence": {"text": "", "start": 0, "end": 0}}, "needs the supporting passage"),
    ({"evidence": {"text": "Mother", "start": -6, "end": 0}}, "needs the supporting passage"),
    ({"evidence": None}, "needs the supporting passage"),
    ({"by": ""}, "who made it"),
    ({"at": "yesterday"}, "when it was made"),
    ({"field": "harm_types"}, "is not a code of harm_types"),
    ({"field": "sections"}, "is not a field"),
    ({"action": "delete"}, "action is one of"),
])
def test_bad_corrections_are_refused_with_a_clear_error(make_record, bad, message):
    record = make_record()
    good = fix("add", "risk_factors", code=code("risk_factor", 2), evidence=passage(record, "Mother misused alcohol"))
    with pytest.raises(CasegraphError, match=message):
        apply_corrections(record, [{**good, **bad}])


def test_passage_finds_the_quote_or_says_why_not(make_record):
    record = make_record()
    ev = passage(record, "the  partner\nwas violent")   # white space as pasted from a reader
    assert record["text"][ev["start"]:ev["end"]] == ev["text"] == "the partner was violent"
    with pytest.raises(CasegraphError, match="is not in the text of fictional-review-a"):
        passage(record, "a sentence no fictional review holds")
    with pytest.raises(CasegraphError, match="2 times: choose which occurrence"):
        passage(record, "social care")
    first, second = (passage(record, "social care", occurrence=n) for n in (1, 2))
    assert first["text"] == second["text"] == "social care" and first["start"] < second["start"]
    with pytest.raises(CasegraphError, match="no occurrence 3"):
        passage(record, "social care", occurrence=3)


def changed(record: dict, text: str) -> dict:
    """The record of a new version of its (fictional) document, as a fresh extraction gives it."""
    return {**record, "text": text, "sha256": "f" * 64, "curation": [], "warnings": [],
            "risk_factors": [], "lessons": []}


def test_a_moved_passage_is_found_again_and_a_lost_one_warns(make_record):
    record = make_record()
    rf = code("risk_factor", 3)
    lesson = record["lessons"][0]
    out = apply_corrections(record, [fix("add", "risk_factors", code=rf, evidence=passage(record, "the partner was violent")),
                                     fix("accept", "lessons", start=lesson["start"], end=lesson["end"])])
    moved_text = "FICTIONAL PREFACE added in a second version.\n" + record["text"]
    moved = apply_corrections(changed(record, moved_text), out["curation"], reapply=True)
    [e] = next(i for i in moved["risk_factors"] if i["code"] == rf)["evidence"]
    assert moved_text[e["start"]:e["end"]] == "the partner was violent" and e["start"] > out["risk_factors"][-1]["evidence"][0]["start"]
    assert [i["text"] for i in moved["lessons"]] == [lesson["text"]]   # the accepted lesson is restored
    assert moved["curation"] == out["curation"] and moved["warnings"] == []

    gone_text = record["text"].replace("the partner was violent", "the household was crowded")
    gone = apply_corrections(changed(record, gone_text), out["curation"], reapply=True)
    assert rf not in {i["code"] for i in gone["risk_factors"]}
    assert gone["curation"] == out["curation"]
    [warning] = gone["warnings"]
    assert BY in warning and "the partner was violent" in warning and "curation log" in warning


def test_a_logged_correction_that_cannot_be_applied_warns_instead_of_failing(make_record):
    record = make_record()
    broken = {"action": "set", "field": "published", "value": "not a date", "by": BY, "at": AT}
    out = apply_corrections(record, [broken], reapply=True)
    assert out["published"] == record["published"] and out["curation"] == [broken]
    assert "could not be applied again" in out["warnings"][0]
