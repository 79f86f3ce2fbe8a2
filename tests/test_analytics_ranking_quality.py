"""scripts/ranking_quality.py: nDCG@5 by hand, gold against itself, and on the real corpus."""
from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from casegraph import ontology
from casegraph.graph.analytics.examples import review_record
from casegraph.graph.mapping import slug

_spec = importlib.util.spec_from_file_location("ranking_quality",
                                               Path(__file__).parents[1] / "scripts" / "ranking_quality.py")
rq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rq)


def test_ndcg_by_hand():
    relevance = np.array([0.0, 3.0, 2.0, 1.0])
    ideal = 3 + 2 / math.log2(3) + 1 / math.log2(4)
    assert rq.ndcg_at([1, 2, 3], relevance, k=3) == pytest.approx(1.0)
    assert rq.ndcg_at([3, 2, 1], relevance, k=3) == pytest.approx((1 + 2 / math.log2(3) + 3 / 2) / ideal)
    assert rq.ndcg_at([0], np.zeros(4), k=3) == 1.0        # nothing relevant: any ranking is ideal


def test_gold_record_keeps_required_and_optional_codes():
    gold = {"review_type": "RT_BRIEFING", "outcome": ["OC_DEATH"],
            "risk_factors": {"required": ["RF_INFANT"], "optional": ["RF_POVERTY"]},
            "lessons": ["Fictional lesson."], "recommendations": None}
    record = rq.gold_record("x", gold)
    assert [c["code"] for c in record["risk_factors"]] == ["RF_INFANT", "RF_POVERTY"]
    assert record["children"] == [{"outcome": "OC_DEATH"}] and record["recommendations"] == []


def test_identical_codes_rank_perfectly_and_a_scrambled_extraction_does_not():
    rf = [c.code for c in ontology.concepts("risk_factor")][:12]
    # twelve fictional reviews in six pairs, each pair sharing two risk factors of its own
    codes = [{rf[2 * (i // 2)]: ["x"], rf[2 * (i // 2) + 1]: ["x"], rf[(i * 5) % 12]: ["x"]} for i in range(12)]
    records = {f"r{i:02d}": review_record(f"r{i:02d}", c) for i, c in enumerate(codes)}
    result = rq.evaluate(records, records)
    assert result["mean"]["full"] == pytest.approx(1.0) and result["mean"]["full_overlap"] == 1.0
    assert result["mean"]["full_random"] < 0.8
    scrambled = {r: review_record(r, codes[(i * 7) % 12]) for i, r in enumerate(records)}
    assert rq.evaluate(scrambled, records)["mean"]["full"] < result["mean"]["full_random"] + 0.1


def test_extracted_rankings_match_gold_rankings(shared_dir):
    result = rq.evaluate(*rq.load(shared_dir))
    assert len(result["reviews"]) == len(list((shared_dir / "gold").glob("*.yaml")))
    assert result["mean"]["full"] >= 0.85
    assert result["mean"]["full"] > result["mean"]["full_random"] + 0.2
    first = sorted((shared_dir / "gold").glob("*.yaml"))[0]
    assert slug(first.stem) in result["reviews"]
    assert yaml.safe_load(first.read_text(encoding="utf-8"))["file"]
