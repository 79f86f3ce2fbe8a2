"""The similar, parallels and patterns commands on a real embedded store holding fictional reviews."""
from __future__ import annotations

import json

import pytest

from casegraph.cli import main
from casegraph.graph.analytics.examples import review_record
from casegraph.graph.stores import open_store

CSC = "AG_CHILDRENS_SOCIAL_CARE"
FICTIONAL = [
    review_record("a", {"RF_HIDDEN_MEN": ["the mother's new partner was never seen"],
                        "RF_NON_ENGAGEMENT": ["missed every appointment"]},
                  agencies={CSC: "Children's Services"},
                  lessons=["Find out who lives in the household and assess every man in it."],
                  missed=["Children's Services closed the case without seeing the partner."]),
    review_record("b", {"RF_HIDDEN_MEN": ["an unknown man"], "RF_NON_ENGAGEMENT": ["did not engage"],
                        "RF_INFANT": ["a baby of ten weeks"]},
                  agencies={CSC: "Children's Social Care"},
                  lessons=["Assess every man in the household, not only the mother."], drew_parallels=True),
    review_record("c", {"RF_INFANT": ["a newborn"], "RF_SUBSTANCE_MISUSE": ["used cannabis daily"]},
                  agencies={CSC: "Children's Social Care", "AG_POLICE": "County Police"},
                  lessons=["Drug testing should check claims of abstinence."]),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("store")
    with open_store("embedded", data_dir=path) as store:
        for record in FICTIONAL:
            store.write_review(record)
    return str(path)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_similar_json_explains_with_quotes(capsys, data_dir):
    code, out, _ = run(capsys, "similar", "a", "--top", "1", "--format", "json", "--data-dir", data_dir)
    assert code == 0
    (best,) = json.loads(out)
    assert best["review_id"] == "b" and best["drew_parallels"] is True
    hidden = best["shared"][0]
    assert hidden["quotes"]["query"][0]["text"] == "the mother's new partner was never seen"
    assert hidden["quotes"]["match"][0]["text"] == "an unknown man"


def test_similar_text(capsys, data_dir):
    code, out, _ = run(capsys, "similar", "b", "--data-dir", data_dir)
    assert code == 0
    assert "1. a:" in out and "Unknown, hidden or unassessed men" in out and '"an unknown man"' in out


def test_similar_draft_is_not_stored(capsys, data_dir, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Learning briefing (fictional, for a test)\n\nSummary\nThe mother used cannabis every day "
                     "and the baby was eight weeks old.\n", encoding="utf-8")
    code, out, _ = run(capsys, "similar", "--file", str(draft), "--format", "json", "--data-dir", data_dir)
    assert code == 0
    best = json.loads(out)[0]
    assert best["review_id"] == "c"
    assert "RF_SUBSTANCE_MISUSE" in {s["code"] for s in best["shared"]}
    with open_store("embedded", data_dir=data_dir) as store:
        assert [r["review_id"] for r in store.list_reviews()] == ["a", "b", "c"]


@pytest.mark.parametrize("args, message", [
    (("similar", "zzz"), "no review 'zzz'"),
    (("similar",), "either a REVIEW_ID or --file"),
])
def test_similar_mistakes_are_one_line(capsys, data_dir, args, message):
    code, out, err = run(capsys, *args, "--data-dir", data_dir)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_an_empty_store_says_what_to_do(capsys, tmp_path):
    code, _, err = run(capsys, "patterns", "--data-dir", str(tmp_path / "empty"))
    assert code == 1 and "holds no reviews" in err and "casegraph ingest" in err


def test_parallels_are_listed_marked_and_stored(capsys, data_dir):
    code, out, _ = run(capsys, "parallels", "--threshold", "0.3", "--min-shared", "2", "--format", "json",
                       "--data-dir", data_dir)
    assert code == 0
    result = json.loads(out)
    assert result["stored"] == 1
    assert [(p["a"], p["b"], p["drew_parallels"]) for p in result["pairs"]] == [("a", "b", ["b"])]
    with open_store("embedded", data_dir=data_dir) as store:
        links = [d for _, _, d in store.graph().edges(data=True) if d["rel"] == "PARALLEL_TO"]
    assert len(links) == 1 and links[0]["shared"] == ["RF_HIDDEN_MEN", "RF_NON_ENGAGEMENT"]
    code, out, _ = run(capsys, "parallels", "--threshold", "0.3", "--min-shared", "2", "--data-dir", data_dir)
    assert "a  <->  b  [b says it drew parallels]" in out
    code, out, _ = run(capsys, "parallels", "--threshold", "0.3", "--format", "json", "--data-dir", data_dir)
    assert json.loads(out)["pairs"] == []                 # two shared findings are below the default of three


def test_patterns(capsys, data_dir):
    code, out, _ = run(capsys, "patterns", "--format", "json", "--data-dir", data_dir)
    assert code == 0
    report = json.loads(out)
    assert report["reviews"] == 3
    assert ("RF_HIDDEN_MEN", "RF_NON_ENGAGEMENT") in {(r["a"], r["b"]) for r in report["cooccurrence"]}
    code, out, _ = run(capsys, "patterns", "--data-dir", data_dir)
    assert code == 0 and "(a)" in out and "(e)" in out and "national:" in out
