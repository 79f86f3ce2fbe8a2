"""loaders.evaluate agrees with the reference scorer, and the extract/evaluate commands behave for users."""
from __future__ import annotations

import copy
import json

import pytest

from casegraph.cli import main
from casegraph.loaders import extract_file
from casegraph.loaders.evaluate import load_gold, score, summary


@pytest.fixture(scope="module")
def predictions(corpus_dir) -> dict:
    return {p.stem: extract_file(p) for p in sorted(corpus_dir.rglob("*.txt"))}


def degraded(predictions: dict) -> dict:
    """The same predictions with some facts dropped, some added and one document missing."""
    out = copy.deepcopy(predictions)
    stems = sorted(out)
    del out[stems[0]]
    out[stems[1]]["risk_factors"] = out[stems[1]]["risk_factors"][1:]
    out[stems[2]]["agencies"].append({"code": "AG_RISK_PANEL", "name": "MARAC", "evidence": []})
    out[stems[3]]["lessons"] = [{"text": "A fictional lesson about nothing in particular."}]
    out[stems[4]]["children"] = []
    out[stems[5]]["published"] = "1999-01"
    return out


@pytest.mark.parametrize("variant", ["as extracted", "degraded"])
def test_scores_agree_with_the_reference_scorer(variant, predictions, reference_scorer, gold_dir, tmp_path):
    preds = predictions if variant == "as extracted" else degraded(predictions)
    for stem, rec in preds.items():
        (tmp_path / f"{stem}.json").write_text(json.dumps(rec), encoding="utf-8")
    assert score(load_gold(gold_dir), preds) == reference_scorer.score(gold_dir, tmp_path)


def test_evaluate_command_prints_the_reference_summary(gold_dir, corpus_dir, reference_scorer, predictions, tmp_path,
                                                      capsys):
    for stem, rec in predictions.items():
        (tmp_path / f"{stem}.json").write_text(json.dumps(rec), encoding="utf-8")
    reference_scorer.main([str(gold_dir), str(tmp_path)])
    expected = capsys.readouterr().out
    assert main(["evaluate", "--gold", str(gold_dir), "--corpus", str(corpus_dir)]) == 0
    assert capsys.readouterr().out == expected
    assert summary(score(load_gold(gold_dir), predictions)) + "\n" == expected


def test_evaluate_json(gold_dir, corpus_dir, capsys):
    assert main(["evaluate", "--gold", str(gold_dir), "--corpus", str(corpus_dir), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["documents"] == len(list(gold_dir.glob("*.yaml"))) and result["errors"] == []


def test_evaluate_missing_gold_folder_is_one_line(tmp_path, capsys):
    assert main(["evaluate", "--gold", str(tmp_path / "nope"), "--corpus", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nope" in err[0] and "gold folder" in err[0]


FICTION = ("Learning Lessons Briefing Note (fictional)\n\nMarch 2021\n\nSummary\n\nBaby V, a 3-month-old baby, "
           "died. The mother misused alcohol and the Health Visitor saw the family.\n\nKey Learning\n\n"
           "- Information was not shared between agencies.\n")


def test_extract_writes_one_json_per_input_and_reports_bad_files(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(FICTION, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(folder), "--format", "json", "--out", str(out)]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("casegraph: error:")]
    assert len(errors) == 1 and "empty.txt" in errors[0]
    assert sorted(p.name for p in out.iterdir()) == ["good.json"]
    rec = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert rec["id"] == "good" and rec["review_type"] == "RT_BRIEFING" and rec["published"] == "2021-03"
    assert {c["code"] for c in rec["risk_factors"]} >= {"RF_ALCOHOL_MISUSE", "RF_INFANT"}


def test_extract_text_summary_shows_labels_and_quotes(tmp_path, capsys):
    f = tmp_path / "fiction.txt"
    f.write_text(FICTION, encoding="utf-8")
    assert main(["extract", str(f)]) == 0
    out = capsys.readouterr().out
    assert "  - Parental alcohol misuse (RF_ALCOHOL_MISUSE)\n      \"misused alcohol\"" in out
    assert "Child: Baby V, 3 months, outcome: Child died" in out


def test_extract_with_nothing_found_fails(tmp_path, capsys):
    assert main(["extract", str(tmp_path)]) == 1
    assert "no review documents found" in capsys.readouterr().err
