"""Corrections through the real embedded store and the CLI: `casegraph correct`, re-ingest with
--refresh or from a changed document, `casegraph show`; the review's timeline kept as written."""
import json
from pathlib import Path

import pytest

from casegraph import ontology
from casegraph.cli import main
from conftest import FICTIONAL_TEXT
from casegraph.graph import curation
from casegraph.graph.stores import open_store
from test_add_review_page import smallest_document, unique_passage

BY = "Jo Fictional"


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def stored(data_dir: Path, review_id: str) -> dict:
    with open_store("embedded", data_dir=data_dir) as store:
        return store.review(review_id)


def test_corrections_survive_a_refresh_and_show_marks_them(corpus_dir, tmp_path, capsys):
    path, data = smallest_document(corpus_dir), tmp_path / "store"
    assert run(capsys, "ingest", path, "--data-dir", data)[0] == 0
    [listed] = json.loads(run(capsys, "reviews", "--format", "json", "--data-dir", data)[1])
    rid = listed["review_id"]
    record = stored(data, rid)
    field = next(f for f in ontology.coded_fields() if record[f])
    rejected = record[field][0]["code"]
    present = {i["code"] for f in ontology.coded_fields() for i in record[f]}
    added = next(c.code for c in ontology.concepts("risk_factor") if c.code not in present)
    quote = unique_passage(record["text"])

    code, out, err = run(capsys, "correct", rid, "--reject", rejected, "--add", added, "--quote", quote,
                         "--set", "published=2001-02", "--by", BY, "--note", "fictional check", "--data-dir", data)
    assert code == 0, err
    assert f"rejected {ontology.label(rejected)} ({rejected})" in out and f"added {ontology.label(added)}" in out

    for again in (["ingest", path, "--refresh"], ["ingest", path]):
        assert run(capsys, *again, "--data-dir", data)[0] == 0
        record = stored(data, rid)
        assert rejected not in {i["code"] for i in record[field]} and record["published"] == "2001-02"
        [fact] = [i for i in record[curation.coded_field(added)] if i["code"] == added]
        assert fact["curated"] == {"action": "add", "by": BY, "at": fact["curated"]["at"], "note": "fictional check"}
        assert [c["action"] for c in record["curation"]] == ["reject", "add", "set"]

    code, out, _ = run(capsys, "show", rid, "--data-dir", data)
    assert code == 0
    marked = [line for line in out.splitlines() if f"[curated by {BY}," in line]
    assert any(f"({added})" in line for line in marked) and any("Published: 2001-02" in line for line in marked)
    removed = out.split("Removed by a reviewer (1)\n", 1)[1].splitlines()[0]
    assert f"({rejected})" in removed and BY in removed


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_changed_document_keeps_the_correction_or_warns(tmp_path, capsys):
    data, quote = tmp_path / "store", "the partner was violent"
    added = ontology.concepts("harm_type")[0].code
    doc = write(tmp_path / "fictional-changing.txt", FICTIONAL_TEXT)
    assert run(capsys, "ingest", doc, "--data-dir", data)[0] == 0
    assert run(capsys, "correct", "fictional-changing", "--add", added, "--quote", quote, "--by", BY,
               "--data-dir", data)[0] == 0
    first = stored(data, "fictional-changing")
    [before] = [i for i in first["harm_types"] if i["code"] == added][0]["evidence"]

    write(doc, "FICTIONAL PREFACE of a second version.\n\n" + FICTIONAL_TEXT)
    assert "1 replaced" in run(capsys, "ingest", doc, "--data-dir", data)[1]
    moved = stored(data, "fictional-changing")
    [after] = [i for i in moved["harm_types"] if i["code"] == added][0]["evidence"]
    assert after["start"] > before["start"] and moved["text"][after["start"]:after["end"]] == quote
    assert not any("no longer in the document" in w for w in moved["warnings"])

    write(doc, FICTIONAL_TEXT.replace(quote, "the household was crowded"))
    assert run(capsys, "ingest", doc, "--data-dir", data)[0] == 0
    gone = stored(data, "fictional-changing")
    assert added not in {i["code"] for i in gone["harm_types"]}
    assert [c["code"] for c in gone["curation"]] == [added]
    code, out, _ = run(capsys, "show", "fictional-changing", "--data-dir", data)
    assert f"Warning: a correction by {BY}" in out and quote in out


@pytest.mark.parametrize("args, message", [
    (["--reject", "RF_NOT_A_CODE"], "'RF_NOT_A_CODE' is not a casegraph code"),
    (["--add", "{absent}"], "give one --quote for each --add"),
    (["--add", "{absent}", "--quote", "words no fictional review holds"], "is not in the text of fictional-a"),
    (["--add", "{absent}", "--quote", "social care"], "2 times: choose which occurrence"),
    (["--reject", "{absent}"], "is not among the risk factors of review fictional-a; nothing was changed"),
    (["--set", "published=March"], "a publication date is YYYY or YYYY-MM"),
    (["--set", "colour=blue"], "FIELD one of title"),
    ([], "no correction given"),
])
def test_correct_errors_are_one_plain_line_and_change_nothing(make_record, tmp_path, capsys, args, message):
    data = tmp_path / "store"
    record = make_record("fictional-a")
    with open_store("embedded", data_dir=data) as store:
        store.write_review(record)
    present = {i["code"] for i in record["risk_factors"]}
    absent = next(c.code for c in ontology.concepts("risk_factor") if c.code not in present)
    code, _, err = run(capsys, "correct", "fictional-a", *(a.format(absent=absent) for a in args), "--by", BY,
                       "--data-dir", data)
    assert code == 1 and len(err.strip().splitlines()) == 1 and message in err, err
    assert stored(data, "fictional-a")["curation"] == []


def test_correct_names_a_missing_review_and_defaults_to_casegraph_user(make_record, tmp_path, capsys, monkeypatch):
    data = tmp_path / "store"
    with open_store("embedded", data_dir=data) as store:
        store.write_review(make_record("fictional-a"))
    code, _, err = run(capsys, "correct", "fictional-b", "--set", "title=X", "--data-dir", data)
    assert code == 1 and "no review 'fictional-b' is stored" in err
    monkeypatch.setenv("CASEGRAPH_USER", "Sam Fictional")
    assert run(capsys, "correct", "fictional-a", "--set", "title=Fictional title", "--data-dir", data)[0] == 0
    [c] = stored(data, "fictional-a")["curation"]
    assert (c["by"], c["value"]) == ("Sam Fictional", "Fictional title")


def test_the_timeline_is_stored_as_written(make_record, tmp_path):
    from test_store_mapping import fictional_timeline
    record = make_record("fictional-a")
    record["timeline"] = fictional_timeline(record)
    with open_store("embedded", data_dir=tmp_path / "store") as store:
        store.write_review(record)
        store.write_review(make_record("fictional-b", text=FICTIONAL_TEXT + "A second fictional review.\n"))
        assert store.review("fictional-a")["timeline"] == record["timeline"]
        assert store.review("fictional-b")["timeline"] == []


def test_the_review_page_says_who_curated_what(corpus_dir, tmp_path, capsys, monkeypatch):
    from test_dashboard_app import page, texts
    path, data = smallest_document(corpus_dir), tmp_path / "store"
    assert run(capsys, "ingest", path, "--data-dir", data)[0] == 0
    [listed] = json.loads(run(capsys, "reviews", "--format", "json", "--data-dir", data)[1])
    rid, record = listed["review_id"], stored(data, listed["review_id"])
    rejected = next(record[f][0]["code"] for f in ontology.coded_fields() if record[f])
    added = next(c.code for c in ontology.concepts("harm_type")
                 if c.code not in {i["code"] for i in record["harm_types"]})
    assert run(capsys, "correct", rid, "--reject", rejected, "--add", added, "--quote", unique_passage(record["text"]),
               "--set", "published=2001-02", "--by", BY, "--data-dir", data)[0] == 0

    shown = texts(page("views/review.py", data, monkeypatch, review_page=rid))
    assert any(f"curated by {BY}" in t and "added" in t for t in shown)                  # the added fact
    assert any(t.startswith("Published") and f"curated by {BY}" in t for t in shown)     # the date set
    assert "Removed by a reviewer (1)" in shown and any(ontology.label(rejected) in t for t in shown)
