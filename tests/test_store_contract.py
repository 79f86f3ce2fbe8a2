"""The store contract (docs/CONTRACTS.md "Stores"), run against every store.

Always against the embedded LadybugDB store (in a temporary folder); against Neo4j only when
NEO4J_URI is set (the whole database is emptied first: point it at a scratch database).
All review records here are fictional.
"""
import networkx as nx
import pytest

from casegraph import ontology
from casegraph.errors import CasegraphError, StoreError
from casegraph.graph import mapping
from casegraph.graph.stores import open_store
from casegraph.graph.stores.cypher import PACKED
from casegraph.graph.stores.ingest import ingest, summary_counts
from conftest import FICTIONAL_TEXT

HOSTILE = ["it's \"quoted\"", "back`tick`", "{braces: $x}", "'}) DETACH DELETE n //", "\\'; MATCH (n) DELETE n; //",
           PACKED + "looks packed, is not"]


@pytest.fixture
def store(any_store):
    return any_store


def per_review_counts(counts):
    return {label: counts["nodes"][label] for label in mapping.per_review_labels()}


def test_empty_store(store):
    counts = store.counts()
    assert set(counts["nodes"]) <= ontology.class_names()
    assert set(counts["relationships"]) <= ontology.relationship_types()
    assert not any(counts["nodes"].values()) and not any(counts["relationships"].values())
    assert store.list_reviews() == [] and store.review("nothing") is None and len(store.graph()) == 0


def test_write_is_idempotent_and_reads_back_the_record(store, make_record):
    rec = make_record("fictional-a")
    assert store.write_review(rec) == "ingested"
    before = store.counts()
    assert store.write_review(rec) == "unchanged"
    assert store.counts() == before
    back = store.review("fictional-a")
    assert back["text"] == rec["text"] and back["sections"] == rec["sections"]
    assert back["risk_factors"][0]["evidence"] == rec["risk_factors"][0]["evidence"]
    assert nx.utils.graphs_equal(mapping.record_to_graph(back), mapping.record_to_graph(rec))
    assert nx.utils.graphs_equal(store.review_graph("fictional-a"), mapping.record_to_graph(rec))
    assert [r["review_id"] for r in store.list_reviews()] == ["fictional-a"]
    assert "text" not in store.list_reviews()[0]


def test_unknown_values_are_stored_as_empty(store, make_record):
    rec = make_record("fictional-a", published=None, review_type=None, partnership=None, areas=[])
    rec["children"] = [{"name": None, "age_months": None, "outcome": None, "incident_year": None},
                       {**rec["children"][0]}]
    rec["recommendations"][0].update(number=None, addressee=None, section=None)
    assert store.write_review(rec) == "ingested"
    assert nx.utils.graphs_equal(store.review_graph("fictional-a"), mapping.record_to_graph(rec))


def test_changed_document_replaces_its_facts(store, make_record):
    rec = make_record("fictional-a")
    store.write_review(rec)
    changed = make_record("fictional-a", text=rec["text"] + "\nAddendum (fictional).\n")
    dropped = changed["risk_factors"].pop()["code"]
    changed["lessons"] = []
    assert store.write_review(changed) == "replaced"
    back = store.review("fictional-a")
    assert dropped not in {i["code"] for i in back["risk_factors"]} and back["lessons"] == []
    assert back["sha256"] == changed["sha256"]
    assert store.counts()["nodes"]["Lesson"] == 0
    assert store.counts()["relationships"]["IDENTIFIES_RISK_FACTOR"] == len(changed["risk_factors"])


def test_refresh_replaces_an_unchanged_documents_facts(store, make_record):
    rec = make_record("fictional-a")
    store.write_review(rec)
    re_extracted = {**rec, "lessons": []}
    assert store.write_review(re_extracted) == "unchanged"
    assert store.write_review(re_extracted, refresh=True) == "replaced"
    assert store.review("fictional-a")["lessons"] == [] and store.counts()["nodes"]["Lesson"] == 0
    assert store.write_review(make_record("copy-of-a"), refresh=True).duplicate_of == "fictional-a"


def test_same_document_under_two_names_is_stored_once(store, make_record):
    assert store.write_review(make_record("fictional-a")) == "ingested"
    status = store.write_review(make_record("copy-of-a"))
    assert status == "unchanged" and status.duplicate_of == "fictional-a"
    assert [r["review_id"] for r in store.list_reviews()] == ["fictional-a"]


def test_long_texts_come_back_verbatim(store, make_record):
    text = FICTIONAL_TEXT + "A long fictional paragraph, é and 💡 included. " * 400
    rec = make_record("fictional-long", text=text, title=PACKED + "a fictional title")
    rec["risk_factors"][0]["evidence"] = [{"text": text[:3000], "start": 0, "end": 3000, "section": None}] * 3
    assert store.write_review(rec) == "ingested"
    assert nx.utils.graphs_equal(store.review_graph("fictional-long"), mapping.record_to_graph(rec))
    assert store.review("fictional-long")["text"] == text


def test_a_batch_stores_each_record_as_writing_it_alone_would(store, make_record):
    a, b = make_record("fictional-a"), make_record("fictional-b", text=FICTIONAL_TEXT + "Second fictional review.\n")
    changed = make_record("fictional-a", text=a["text"] + "\nAddendum (fictional).\n")
    changed["lessons"] = []
    statuses = store.write_reviews([a, make_record("copy-of-a"), b, a, changed])
    assert statuses == ["ingested", "unchanged", "ingested", "unchanged", "replaced"]
    assert statuses[1].duplicate_of == "fictional-a"
    assert [r["review_id"] for r in store.list_reviews()] == ["fictional-a", "fictional-b"]
    expected = nx.compose(mapping.record_to_graph(changed), mapping.record_to_graph(b))
    assert nx.utils.graphs_equal(store.graph(), expected)
    assert store.write_reviews([b, changed]) == ["unchanged", "unchanged"]


def test_a_batch_record_sees_what_the_records_before_it_changed(store, make_record):
    """A review replaced early in a batch frees its old content for a later record, and a review stored by
    the batch is the one a later copy of it duplicates, exactly as one write at a time would have it."""
    a = make_record("fictional-a")
    store.write_review(a)
    changed = make_record("fictional-a", text=a["text"] + "\nAddendum (fictional).\n")
    old_content = make_record("fictional-c")  # the first text of fictional-a, under another id
    b = make_record("fictional-b", text=FICTIONAL_TEXT + "Second fictional review.\n")
    copy_of_b = make_record("copy-of-b", text=b["text"])
    statuses = store.write_reviews([changed, old_content, b, copy_of_b])
    assert statuses == ["replaced", "ingested", "ingested", "unchanged"]
    assert statuses[3].duplicate_of == "fictional-b"
    assert [r["review_id"] for r in store.list_reviews()] == ["fictional-a", "fictional-b", "fictional-c"]


def test_a_batch_with_a_broken_record_stores_none_of_it(store, make_record):
    store.write_review(make_record("fictional-a"))
    before = store.counts()
    broken = make_record("fictional-broken", text=FICTIONAL_TEXT + "Another fictional text.\n")
    broken["children"][0]["age_months"] = 2 ** 70  # the database refuses it after other records are written
    with pytest.raises(StoreError):
        store.write_reviews([make_record("fictional-b", text=FICTIONAL_TEXT + "Second fictional review.\n"), broken])
    assert store.counts() == before and [r["review_id"] for r in store.list_reviews()] == ["fictional-a"]


def test_delete_removes_exactly_the_reviews_own_nodes(store, make_record):
    store.write_review(make_record("fictional-a"))
    before = store.counts()
    other = make_record("fictional-b", text=FICTIONAL_TEXT + "Second fictional review.\n")
    store.write_review(other)
    assert store.delete_review("fictional-b") is True
    after = store.counts()
    assert per_review_counts(after) == per_review_counts(before)
    assert after["relationships"] == before["relationships"]  # none left dangling
    shared = set(after["nodes"]) - set(mapping.per_review_labels())
    assert {k: after["nodes"][k] for k in shared} == {k: before["nodes"][k] for k in shared}
    assert store.review("fictional-b") is None and store.review("fictional-a") is not None
    assert store.delete_review("fictional-b") is False


def test_hostile_text_is_stored_and_returned_verbatim(store, make_record):
    for n, hostile in enumerate(HOSTILE):
        text = FICTIONAL_TEXT + f"Fictional text {n}: {hostile}\n"
        rec = make_record(f"hostile-{n}", title=hostile, text=text, partnership=hostile, areas=[hostile])
        rec["children"][0]["name"] = hostile
        rec["agencies"][0]["name"] = hostile
        rec["risk_factors"][0]["evidence"] = [{"text": hostile, "start": text.index(hostile),
                                               "end": text.index(hostile) + len(hostile), "section": hostile}]
        assert store.write_review(rec) == "ingested"
        back = store.review(f"hostile-{n}")
        assert back["title"] == back["partnership"] == back["children"][0]["name"] == hostile
        assert back["agencies"][0]["name"] == hostile and back["areas"] == [hostile]
        assert back["risk_factors"][0]["evidence"][0]["text"] == hostile
    assert len(store.list_reviews()) == len(HOSTILE)


def test_failure_mid_transaction_leaves_the_store_as_it_was(store, make_record):
    store.write_review(make_record("fictional-a"))
    before = store.counts()
    broken = make_record("fictional-broken", text=FICTIONAL_TEXT + "Another fictional text.\n")
    broken["children"][0]["age_months"] = 2 ** 70  # the database refuses it after the review node is written
    with pytest.raises(StoreError):
        store.write_review(broken)
    assert store.counts() == before and store.review("fictional-broken") is None
    assert store.write_review(make_record("fictional-c", text=FICTIONAL_TEXT + "A third fictional text.\n")) == "ingested"


def test_a_broken_review_in_a_batch_is_named_and_the_rest_stored(store, make_record, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    records = {}
    for name in ("alpha", "broken", "gamma"):
        (folder / f"{name}.txt").write_text(f"fictional {name}\n")
        records[name] = make_record(name, text=FICTIONAL_TEXT + f"Fictional review {name}.\n")
    records["broken"]["children"][0]["age_months"] = 2 ** 70
    outcomes = ingest(store, [folder], extract=lambda path: records[path.stem])
    assert summary_counts(outcomes) == {"ingested": 2, "replaced": 0, "unchanged": 0, "failed": 1}
    failed = [o for o in outcomes if o.status == "failed"]
    assert failed[0].source.endswith("broken.txt") and failed[0].detail
    assert [r["review_id"] for r in store.list_reviews()] == ["alpha", "gamma"]


def test_invalid_records_are_refused_before_writing(store, make_record):
    with pytest.raises(CasegraphError):
        store.write_review(make_record("fictional-a", sha256="not-a-digest"))
    with pytest.raises(CasegraphError):
        store.write_review(make_record("Not A Valid Id"))
    assert store.list_reviews() == []


def test_graph_filters_and_parallels(store, make_record):
    store.write_review(make_record("fictional-a"))
    store.write_review(make_record("fictional-b", text=FICTIONAL_TEXT + "Second fictional review.\n"))
    whole = store.graph()
    assert {d["kind"] for _, d in whole.nodes(data=True)} <= ontology.class_names()
    only_a = store.graph(review_ids=["fictional-a"])
    assert "Review:fictional-b" not in only_a and "Partnership:fictional-safeguarding-partnership" in only_a
    reviews = store.graph(kinds=["Review"])
    assert sorted(reviews) == ["Review:fictional-a", "Review:fictional-b"]
    code = make_record()["risk_factors"][0]["code"]
    assert store.set_parallels([{"a": "fictional-a", "b": "fictional-b", "score": 0.5, "shared": [code]},
                                {"a": "fictional-a", "b": "not-stored", "score": 0.9, "shared": []}]) == 1
    edge = store.graph().edges["Review:fictional-a", "Review:fictional-b", "PARALLEL_TO"]
    assert edge["score"] == 0.5 and edge["shared"] == [code]
    assert store.set_parallels([]) == 0 and store.counts()["relationships"]["PARALLEL_TO"] == 0


def test_the_strongest_parallels_are_read_alone(store, make_record):
    for rid in ("fictional-a", "fictional-b", "fictional-c"):
        store.write_review(make_record(rid, text=FICTIONAL_TEXT + f"Fictional review {rid}.\n"))
    total, g = store.parallel_links()
    assert total == 0 and g.number_of_nodes() == 0
    store.set_parallels([{"a": "fictional-a", "b": "fictional-b", "score": 0.5, "shared": []},
                         {"a": "fictional-b", "b": "fictional-c", "score": 0.8, "shared": []},
                         {"a": "fictional-a", "b": "fictional-c", "score": 0.2, "shared": []}])
    total, g = store.parallel_links(threshold=0.3, top=1)
    assert total == 3 and list(g.edges(keys=True)) == [("Review:fictional-b", "Review:fictional-c", "PARALLEL_TO")]
    whole = store.graph(kinds=["Review"], documents=False, evidence=False)
    assert g.nodes["Review:fictional-b"] == whole.nodes["Review:fictional-b"]
    assert g.edges["Review:fictional-b", "Review:fictional-c", "PARALLEL_TO"]["score"] == 0.8
    _, of_a = store.parallel_links(top=None, review_id="fictional-a")
    assert sorted(of_a.edges(keys=False)) == [("Review:fictional-a", "Review:fictional-b"),
                                              ("Review:fictional-a", "Review:fictional-c")]
    _, both = store.parallel_links(threshold=0.3)
    assert sorted(both.edges(keys=False)) == [("Review:fictional-a", "Review:fictional-b"),
                                              ("Review:fictional-b", "Review:fictional-c")]


def test_reads_that_leave_out_documents_and_quotes_keep_everything_else(store, make_record):
    store.write_review(make_record("fictional-a"))
    full, lite = store.graph(), store.graph(documents=False, evidence=False)
    assert set(lite) == set(full) and sorted(lite.edges(keys=True)) == sorted(full.edges(keys=True))
    for node, attrs in full.nodes(data=True):
        dropped = ("text", "sections", "timeline", "curation") if attrs["kind"] == "Review" else ()
        assert lite.nodes[node] == {k: v for k, v in attrs.items() if k not in dropped}
    for u, v, key, attrs in full.edges(keys=True, data=True):
        assert lite.edges[u, v, key] == {k: x for k, x in attrs.items() if k != "evidence"}
    assert any(attrs.get("evidence") for *_, attrs in full.edges(data=True))
    assert any(attrs.get("text") for _, attrs in lite.nodes(data=True) if attrs["kind"] != "Review")
    one = store.graph(review_ids=["fictional-a"], documents=False)
    assert "text" not in one.nodes["Review:fictional-a"] and nx.utils.edges_equal(one.edges, full.edges)
    with store.reading():  # several reads through one read view
        assert [r["review_id"] for r in store.list_reviews()] == ["fictional-a"]
        assert store.counts()["nodes"]["Review"] == 1 and store.review("fictional-a")["id"] == "fictional-a"
