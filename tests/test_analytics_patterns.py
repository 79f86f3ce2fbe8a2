"""Patterns on small fictional graphs with answers worked out by hand."""
from __future__ import annotations

import math

import networkx as nx
import pytest

from casegraph.graph.analytics import pattern_report, review_features
from casegraph.graph.analytics.cooccurrence import cooccurrence
from casegraph.graph.analytics.examples import review_graph, toy_graph
from casegraph.graph.analytics.missed_opportunities import agency_involvement
from casegraph.graph.analytics.prevalence import national_figures, prevalence
from casegraph.graph.analytics.recurring import cluster_texts, recurring_lessons, repeated_recommendations


def features_of(*graphs):
    return review_features(nx.compose_all(graphs))


@pytest.fixture(scope="module")
def four():
    """Fictional: hidden men in r1-r3, non-engagement in r1-r2, poverty in r3-r4, infant in r1."""
    return features_of(
        review_graph("r1", {"RF_HIDDEN_MEN": ["x"], "RF_NON_ENGAGEMENT": ["x"], "RF_INFANT": ["x"]}),
        review_graph("r2", {"RF_HIDDEN_MEN": ["x"], "RF_NON_ENGAGEMENT": ["x"]}),
        review_graph("r3", {"RF_HIDDEN_MEN": ["x"], "RF_POVERTY": ["x"]}),
        review_graph("r4", {"RF_POVERTY": ["x"], "HT_NEGLECT": ["x"]}))


def test_cooccurrence_counts_support_lift_pmi_by_hand(four):
    rows = {(r["a"], r["b"]): r for r in cooccurrence(four, min_count=1, min_lift=0)}
    hm_ne = rows[("RF_HIDDEN_MEN", "RF_NON_ENGAGEMENT")]
    assert (hm_ne["count"], hm_ne["a_count"], hm_ne["b_count"]) == (2, 3, 2)
    assert hm_ne["support"] == pytest.approx(2 / 4)
    assert hm_ne["lift"] == pytest.approx(2 * 4 / (3 * 2))
    assert hm_ne["pmi"] == pytest.approx(math.log2(4 / 3))
    assert rows[("RF_HIDDEN_MEN", "RF_POVERTY")]["lift"] == pytest.approx(1 * 4 / (3 * 2))
    assert rows[("RF_INFANT", "RF_NON_ENGAGEMENT")]["lift"] == pytest.approx(1 * 4 / (1 * 2))
    assert not any("HT_NEGLECT" in pair for pair in rows)          # harm types are not in the default schemes
    lifts = [r["lift"] for r in cooccurrence(four, min_count=1, min_lift=0)]
    assert lifts == sorted(lifts, reverse=True)
    assert ("RF_HIDDEN_MEN", "RF_POVERTY") not in {(r["a"], r["b"]) for r in cooccurrence(four, min_count=1)}


def test_cooccurrence_minimums(four):
    assert [(r["a"], r["b"]) for r in cooccurrence(four, min_count=2)] == [("RF_HIDDEN_MEN", "RF_NON_ENGAGEMENT")]
    assert cooccurrence(four, min_count=1, min_support=0.6) == []
    with_harm = cooccurrence(four, schemes=("risk_factor", "harm_type"), min_count=1)
    assert ("RF_POVERTY", "HT_NEGLECT") in {(r["a"], r["b"]) for r in with_harm}


def test_prevalence_beside_national_figures(four):
    rows = {r["code"]: r for r in prevalence(four)}
    assert (rows["RF_HIDDEN_MEN"]["reviews"], rows["RF_HIDDEN_MEN"]["share"]) == (3, 0.75)
    assert rows["RF_HIDDEN_MEN"]["national"] == []
    neglect = rows["HT_NEGLECT"]
    assert neglect["share"] == 0.25 and len(neglect["national"]) == 2
    for figure in neglect["national"]:
        assert figure["population"] and figure["source"].startswith("http") and figure["unit"]
    assert rows["RF_DOMESTIC_ABUSE"]["reviews"] == 0          # kept because it has a national figure
    assert "RF_YOUNG_PARENT" not in rows                      # neither found nor published


def test_national_figures_copy_is_complete_with_units():
    figures = national_figures()
    assert len(figures) >= 17
    units = {f["unit"] for f in figures}
    assert {"serious case reviews", "serious incident notifications"} <= units
    assert all(0 < f["share"] < 1 for f in figures)


def test_recurring_lessons_span_reviews():
    f = features_of(
        review_graph("r1", {}, lessons=["Check a parent's claim to be drug-free with test results.",
                                        "Record the name of every adult in the home."]),
        review_graph("r2", {}, lessons=["Test results, not a parent's claim, show whether they are drug-free."]),
        review_graph("r3", {}, lessons=["Record the name of every adult living in the home.",
                                        "Supervision must be reflective."]),
        review_graph("r4", {}, lessons=["Supervision must be reflective and regular."]))
    clusters = recurring_lessons(f, threshold=0.3)
    assert [c["reviews"] for c in clusters] == [["r1", "r2"], ["r1", "r3"], ["r3", "r4"]]
    assert all(c["size"] == 2 for c in clusters)
    assert "drug" in clusters[0]["terms"]
    assert recurring_lessons(f, threshold=0.99) == []


def test_one_review_repeating_itself_is_not_a_pattern():
    items = [{"review_id": "r1", "text": "Hold a strategy meeting."},
             {"review_id": "r1", "text": "Hold a strategy meeting!"},
             {"review_id": "r2", "text": "Visit at night."}]
    assert cluster_texts(items, threshold=0.5) == []
    assert cluster_texts([], threshold=0.5) == []
    assert cluster_texts([{"review_id": "r", "text": "the and of"}] * 2) == []


def test_repeated_recommendations():
    f = features_of(review_graph("r1", {}, recommendations=["The partnership should audit pre-birth assessments."]),
                    review_graph("r2", {}, recommendations=["Audit pre-birth assessments across the partnership."]),
                    review_graph("r3", {}, recommendations=["Train staff on safe sleep."]))
    (cluster,) = repeated_recommendations(f, threshold=0.4)
    assert cluster["reviews"] == ["r1", "r2"]
    assert {m["text"] for m in cluster["members"]} == {"The partnership should audit pre-birth assessments.",
                                                      "Audit pre-birth assessments across the partnership."}


def test_agency_involvement_rule():
    f = features_of(
        review_graph("r1", {}, agencies={"AG_POLICE": "Fictionshire Constabulary", "AG_GP": "Elm Surgery"},
                     missed=["The Fictionshire Constabulary did not share the call-out.",
                             "The GP was not invited to the conference.", "No one visited."]),
        review_graph("r2", {}, agencies={"AG_POLICE": "Town Police", "AG_HOUSING": "Homes Trust"},
                     missed=["Police did not attend the strategy discussion."]),
        review_graph("r3", {}, agencies={"AG_GP": "Oak Surgery"}, missed=[]))
    rows = {r["code"]: r for r in agency_involvement(f)}
    assert (rows["AG_POLICE"]["missed_opportunities"], rows["AG_POLICE"]["reviews_naming"],
            rows["AG_POLICE"]["reviews_involved"]) == (2, 2, 2)
    assert (rows["AG_GP"]["missed_opportunities"], rows["AG_GP"]["reviews_involved"]) == (1, 1)  # r3: no MOs
    assert (rows["AG_HOUSING"]["missed_opportunities"], rows["AG_HOUSING"]["reviews_involved"]) == (0, 1)
    assert [r["code"] for r in agency_involvement(f)] == ["AG_POLICE", "AG_GP", "AG_HOUSING"]
    assert {e["review_id"] for e in rows["AG_POLICE"]["examples"]} == {"r1", "r2"}


def test_pattern_report_joins_everything():
    report = pattern_report(toy_graph(), min_count=2)
    assert report["reviews"] == 3
    assert [(r["a"], r["b"]) for r in report["cooccurrence"]] == [("RF_HIDDEN_MEN", "RF_NON_ENGAGEMENT")]
    assert [c["reviews"] for c in report["recurring_lessons"]] == [["a", "b"]]   # both: assess every man
    assert pattern_report(toy_graph(), text_threshold=0.9)["recurring_lessons"] == []
    assert report["agency_involvement"][0]["code"] == "AG_CHILDRENS_SOCIAL_CARE"


def test_star_clusters_do_not_chain():
    from scipy import sparse

    from casegraph.graph.analytics.recurring import _stars
    # a chain of links a-b, b-c, c-d, d-e: b leads {a, b, c}; d leads {d, e}; nothing chains further
    edges = [(0, 1), (1, 2), (2, 3), (3, 4)]
    rows, cols = zip(*(edges + [(j, i) for i, j in edges]))
    links = sparse.csr_matrix(([1] * len(rows), (rows, cols)), shape=(5, 5))
    assert list(_stars(links)) == [1, 1, 1, 3, 3]


def test_every_member_is_like_its_clusters_example():
    items = [{"review_id": f"r{i}", "text": text} for i, text in enumerate([
        "Share the plan with the GP.", "Share the plan with the school nurse.",
        "The school nurse should visit weekly.", "Visit weekly and record the visit."])]
    (cluster,) = cluster_texts(items, threshold=0.2)
    assert cluster["example"] == "Share the plan with the school nurse."       # linked to both neighbours
    assert [m["review_id"] for m in cluster["members"]] == ["r0", "r1", "r2"]  # r3 is two links away
