"""Analytics on the real corpus (read from ../shared through the conftest fixtures).

The seeds' known parallels must come out on top, with explanations quoting both
documents; a draft is compared without being stored. The draft below is fictional.
"""
from __future__ import annotations

import networkx as nx
import pytest

from casegraph import ontology
from casegraph.graph.analytics import build_index, find_parallels, pattern_report, similar_reviews, similar_to_graph
from casegraph.graph.mapping import record_to_graph

CHILD_H = "leicestershire-child-h-exec-summary"
BIRMINGHAM_2019 = "birmingham-2019-12-assurances"
BIRMINGHAM_2020_12 = "birmingham-2020-12-who-lives-here"
CHILD_BF = "cumbria-2020-05-child-bf-response"
# Reviews about other things: child sexual exploitation, generic key messages, early-help planning.
UNRELATED = ("oxfordshire-scr-cse", "hampshire-learning-from-reviews", "leeds-appreciative-inquiry")

FICTIONAL_DRAFT = """Learning briefing (a fictional example written for this test; not a real case)

Summary
Baby Z was six weeks old when she died. Her mother had used heroin for years and said she had stopped.
She missed three drug tests and nobody questioned it. Workers took her word for it.

Learning
A parent's word that they have stopped using drugs is not enough: ask for test results.
The core group meeting went ahead without the key agencies, so information was not shared.
"""


@pytest.fixture(scope="module")
def corpus(corpus_dir):
    from casegraph.loaders import discover, extract_file
    records = {}
    for path in discover([corpus_dir]):
        if not isinstance(path, Exception):
            record = extract_file(path)
            records[record["id"]] = record
    g = nx.compose_all([record_to_graph(r) for r in records.values()])
    return records, g, build_index(g)


def rid(records, stem_part: str) -> str:
    (found,) = [r for r in records if stem_part in r]
    return found


def ranking(index, review_id):
    return [m["review_id"] for m in similar_reviews(index, review_id, top=len(index))]


def match(index, a, b) -> dict:
    return next(m for m in similar_reviews(index, a, top=len(index)) if m["review_id"] == b)


def test_child_h_and_birmingham_2019_are_each_others_closest(corpus):
    records, _, index = corpus
    assert ranking(index, CHILD_H).index(BIRMINGHAM_2019) <= 1
    assert ranking(index, BIRMINGHAM_2019).index(CHILD_H) <= 1
    shared = {c["code"] for c in match(index, CHILD_H, BIRMINGHAM_2019)["shared"]}
    assert shared & {"RF_SUBSTANCE_MISUSE", "RF_ALCOHOL_MISUSE"}
    assert {"RF_INFANT", "PT_OVER_OPTIMISM", "PT_MULTI_AGENCY_MEETING"} <= shared


def test_birmingham_2020_12_and_child_bf_share_hidden_men_and_non_engagement(corpus):
    records, _, index = corpus
    m = match(index, BIRMINGHAM_2020_12, CHILD_BF)
    shared = {c["code"] for c in m["shared"]}
    assert shared & {"RF_HIDDEN_MEN", "PT_FATHERS_AND_MEN"} and "RF_NON_ENGAGEMENT" in shared
    back = match(index, CHILD_BF, BIRMINGHAM_2020_12)
    for other in UNRELATED:
        assert m["score"] > match(index, BIRMINGHAM_2020_12, rid(records, other))["score"], other
        assert back["score"] > match(index, CHILD_BF, rid(records, other))["score"], other


def test_known_parallels_rank_above_unrelated_reviews(corpus):
    records, _, index = corpus
    for a, b in ((CHILD_H, BIRMINGHAM_2019), (BIRMINGHAM_2019, CHILD_H)):
        order = ranking(index, a)
        assert all(order.index(b) < order.index(rid(records, other)) for other in UNRELATED)


def test_explanations_quote_both_documents(corpus):
    records, _, index = corpus
    for query in (CHILD_H, BIRMINGHAM_2019, BIRMINGHAM_2020_12, CHILD_BF):
        for m in similar_reviews(index, query, top=3):
            assert m["shared"]
            for concept in m["shared"]:
                for side, review_id in (("query", query), ("match", m["review_id"])):
                    quotes = concept["quotes"][side]
                    text = records[review_id]["text"]
                    if ontology.scheme(concept["scheme"]).field:    # outcomes are coded without a quote
                        assert quotes, (concept["code"], review_id)
                    for q in quotes:
                        assert q["text"] and text[q["start"]:q["end"]] == q["text"]


def test_a_fictional_draft_finds_its_parallel_without_being_stored(corpus):
    from casegraph.loaders import document_from_text, extract_document
    records, _, index = corpus
    draft = extract_document(document_from_text(FICTIONAL_DRAFT))
    before = len(index)
    matches = similar_to_graph(index, record_to_graph(draft), top=3)
    assert len(index) == before and draft["id"] not in records
    assert matches[0]["review_id"] in (BIRMINGHAM_2019, CHILD_H)
    for concept in matches[0]["shared"]:
        for q in concept["quotes"]["query"]:
            assert draft["text"][q["start"]:q["end"]] == q["text"]


def test_parallels_include_the_known_pair_and_mark_reviews_that_drew_parallels(corpus):
    records, _, index = corpus
    pairs = find_parallels(index)
    by_pair = {(p["a"], p["b"]): p for p in pairs}
    known = by_pair[tuple(sorted((CHILD_H, BIRMINGHAM_2019)))]
    assert "RF_SUBSTANCE_MISUSE" in known["shared"] or "RF_ALCOHOL_MISUSE" in known["shared"]
    drew = {r for r, rec in records.items() if rec.get("drew_parallels")}
    for p in pairs:
        assert set(p["drew_parallels"]) == {p["a"], p["b"]} & drew
        assert p["a"] < p["b"]


def test_patterns_on_the_corpus(corpus):
    records, g, _ = corpus
    report = pattern_report(g)
    n = report["reviews"]
    assert n == len(records)
    for row in report["prevalence"]:
        assert row["share"] == pytest.approx(row["reviews"] / n)
    lifts = [r["lift"] for r in report["cooccurrence"]]
    assert lifts and lifts == sorted(lifts, reverse=True)
    assert report["recurring_lessons"], "the seeds repeat lessons about conference attendance"
    for cluster in report["recurring_lessons"] + report["recommendations"]:
        assert len(cluster["reviews"]) >= 2
        for m in cluster["members"]:
            assert records[m["review_id"]]["text"][m["start"]:m["end"]] == m["text"]
    for row in report["agency_involvement"]:
        for e in row["examples"]:
            assert records[e["review_id"]]["text"][e["start"]:e["end"]] == e["text"]
