"""Similar cases and parallels on small fictional graphs with answers worked out by hand."""
from __future__ import annotations

import math

import networkx as nx
import pytest

from casegraph.errors import CasegraphError
from casegraph.graph.analytics import build_index, find_parallels, similar_reviews, similar_to_graph
from casegraph.graph.analytics.examples import review_graph, review_record, toy_graph
from casegraph.graph.analytics.similarity import SCHEME_WEIGHTS, TEXT_WEIGHT

L43 = math.log(4 / 3)   # idf of a concept in 2 of 3 reviews: log((N + 1) / (df + 1))
L2 = math.log(2)        # ... in 1 of 3


@pytest.fixture(scope="module")
def index():
    return build_index(toy_graph())


def weight(index, code):
    return float(index.weights[index.code_position[code]])


def test_informativeness_weights(index):
    assert weight(index, "AG_CHILDRENS_SOCIAL_CARE") == pytest.approx(0.0)   # in every review
    assert weight(index, "RF_HIDDEN_MEN") == pytest.approx(L43, rel=1e-5)
    assert weight(index, "PT_FATHERS_AND_MEN") == pytest.approx(L2, rel=1e-5)
    assert weight(index, "AG_POLICE") == pytest.approx(SCHEME_WEIGHTS["agency_type"] * L2, rel=1e-5)


def test_concept_score_is_a_weighted_cosine(index):
    mass_a = 2 * L43 + L2            # hidden men, non-engagement, fathers theme (+ CSC weighing 0)
    mass_b = 3 * L43                 # hidden men, non-engagement, infant
    expected = 2 * L43 / math.sqrt(mass_a * mass_b)
    (best,) = similar_reviews(index, "a", top=1)
    assert best["review_id"] == "b"
    assert best["concept_score"] == pytest.approx(expected, abs=1e-4)
    assert best["score"] == pytest.approx((1 - TEXT_WEIGHT) * expected + TEXT_WEIGHT * best["text_score"],
                                          abs=1e-4)
    assert 0 < best["text_score"] < 1          # both lessons ask to assess every man in the household


def test_nothing_shared_scores_zero_and_ranking_excludes_the_query(index):
    ranked = similar_reviews(index, "a", top=10)
    assert [r["review_id"] for r in ranked] == ["b", "c"]
    assert ranked[1]["score"] == 0.0 and ranked[1]["shared"] == []


def test_explanation_quotes_both_reviews_with_checkable_offsets():
    records = {rid: review_record(rid, {"RF_HIDDEN_MEN": [f"{rid}: a man nobody assessed"],
                                        "RF_INFANT": [f"{rid}: a baby"]}) for rid in ("p", "q")}
    records["r"] = review_record("r", {"RF_POVERTY": ["no money for food"]})
    from casegraph.graph.mapping import record_to_graph
    index = build_index(nx.compose_all([record_to_graph(r) for r in records.values()]))
    (best,) = similar_reviews(index, "p", top=1)
    assert best["review_id"] == "q"
    assert [c["code"] for c in best["shared"]] == ["RF_HIDDEN_MEN", "RF_INFANT"]
    for concept in best["shared"]:
        for side, rid in (("query", "p"), ("match", "q")):
            (quote,) = concept["quotes"][side]
            assert quote["text"].startswith(f"{rid}:")
            assert records[rid]["text"][quote["start"]:quote["end"]] == quote["text"]
    assert sum(c["points"] for c in best["shared"]) == pytest.approx(best["score"], abs=1e-3)
    assert sum(c["contribution"] for c in best["shared"]) == pytest.approx(1.0, abs=1e-3)   # no lessons here


def test_without_lessons_the_score_is_the_concept_part():
    g = nx.compose_all([review_graph("x", {"RF_INFANT": ["baby"], "RF_POVERTY": ["poor"]}),
                        review_graph("y", {"RF_INFANT": ["infant"]}, lessons=["Weigh the baby."]),
                        review_graph("z", {"RF_POVERTY": ["debt"]})])
    (best, _) = similar_reviews(build_index(g), "y", top=2)
    assert best["review_id"] == "x"
    assert best["score"] == best["concept_score"] > 0


def test_a_draft_is_scored_without_being_added(index):
    draft = review_graph("draft", {"RF_HIDDEN_MEN": ["a partner never seen"], "RF_NON_ENGAGEMENT": ["no show"]},
                         lessons=["Assess every man in the household."])
    ranked = similar_to_graph(index, draft, top=3)
    assert [r["review_id"] for r in ranked][:2] in (["a", "b"], ["b", "a"])
    assert len(index) == 3 and "draft" not in index.position
    assert ranked[0]["shared"][0]["quotes"]["query"][0]["text"] in ("a partner never seen", "no show")


def test_a_draft_must_be_one_review(index):
    with pytest.raises(CasegraphError, match="one review"):
        similar_to_graph(index, toy_graph())


def test_unknown_review_is_a_plain_error(index):
    with pytest.raises(CasegraphError, match="no review 'nope'"):
        similar_reviews(index, "nope")


def test_empty_index_answers_nothing():
    index = build_index(nx.MultiDiGraph())
    assert len(index) == 0
    assert similar_to_graph(index, review_graph("d", {"RF_INFANT": ["baby"]})) == []
    assert find_parallels(index) == []


def test_parallels_threshold_marks_and_skips_duplicates(index):
    assert find_parallels(index, threshold=0.3) == []    # a and b share two findings; a parallel needs three
    pairs = find_parallels(index, threshold=0.3, min_shared=2)
    assert [(p["a"], p["b"]) for p in pairs] == [("a", "b")]
    assert pairs[0]["shared"] == ["RF_HIDDEN_MEN", "RF_NON_ENGAGEMENT"]
    assert pairs[0]["drew_parallels"] == ["b"]
    everything = find_parallels(index, threshold=0.0, min_shared=0)
    assert len(everything) == 3 and everything == sorted(everything, key=lambda p: -p["score"])
    same = nx.compose_all([review_graph(r, {"RF_INFANT": ["baby"], "RF_POVERTY": ["debt"]}) for r in "uv"])
    for node in ("Review:u", "Review:v"):
        same.nodes[node]["sha256"] = "one-document"
    assert find_parallels(build_index(same), threshold=0.0, min_shared=0) == []


def test_parallels_keep_each_reviews_closest():
    # fictional: x1..x4 all alike (infant, poverty), x4 also shares neglect with x3 only
    g = nx.compose_all([review_graph(f"x{i}", {"RF_INFANT": ["baby"], "RF_POVERTY": ["debt"],
                                              **({"HT_NEGLECT": ["dirty home"]} if i >= 3 else {})})
                        for i in range(1, 5)] + [review_graph("y", {"RF_SELF_HARM": ["overdose"]})])
    index = build_index(g)
    everything = find_parallels(index, threshold=0.1, per_review=10, min_shared=1)
    assert len(everything) == 6                       # every pair of x1..x4; y shares nothing
    closest = find_parallels(index, threshold=0.1, per_review=1, min_shared=1)
    assert ("x3", "x4") in {(p["a"], p["b"]) for p in closest}
    assert len(closest) < len(everything)
    for p in closest:                                 # each kept pair is someone's single best match
        assert any(similar_reviews(index, r, top=1)[0]["score"] == p["score"] for r in (p["a"], p["b"]))
