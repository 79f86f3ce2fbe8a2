"""dashboard.data on the real corpus store: what it reads to be quick (no documents, quotes only for
the reviews a page shows) gives the same answers as analytics over the whole stored graph."""
import pytest

from casegraph import ontology
from casegraph.dashboard import data
from casegraph.graph import analytics
from casegraph.graph.mapping import record_to_graph


@pytest.fixture
def state(corpus_data_dir, monkeypatch):
    monkeypatch.setenv("CASEGRAPH_STORE", "embedded")
    monkeypatch.setenv("CASEGRAPH_DATA_DIR", str(corpus_data_dir))
    return data.snapshot(data.store_settings())[1]


def test_similar_cases_and_their_quotes_are_those_of_the_whole_graph(state, corpus_store):
    index = analytics.build_index(corpus_store.graph())
    for review_id in sorted(index.features)[:4]:
        assert data.similar(review_id, state, top=4) == analytics.similar_reviews(index, review_id, top=4)
    draft = dict(corpus_store.review(sorted(index.features)[-1]), id="fictional-draft")
    assert (data.similar_to_draft(draft, state, top=4)
            == analytics.similar_to_graph(index, record_to_graph(draft), top=4))
    assert any(q for m in data.similar(review_id, state) for s in m["shared"] for q in s["quotes"]["match"])


def test_each_part_of_the_patterns_is_that_of_the_whole_graph_agencies_read_through_one_opening(
        state, corpus_store, monkeypatch):
    import streamlit as st
    report = analytics.pattern_report(corpus_store.graph())
    opened, open_store = [], data.stores.open_store
    monkeypatch.setattr(data.stores, "open_store", lambda *a, **kw: opened.append(a) or open_store(*a, **kw))
    st.cache_data.clear()
    st.cache_resource.clear()
    assert data.pattern_part("agency_involvement", state) == report["agency_involvement"]
    assert len(opened) == 1  # the graph and the quotes
    for part in ("prevalence", "cooccurrence", "recurring_lessons", "recommendations"):
        assert data.pattern_part(part, state) == report[part], part


def test_the_patterns_page_shows_each_part_in_its_tab(corpus_data_dir, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("CASEGRAPH_STORE", "embedded")
    monkeypatch.setenv("CASEGRAPH_DATA_DIR", str(corpus_data_dir))
    at = AppTest.from_file(str(Path(data.__file__).with_name("app.py")), default_timeout=180)
    at.switch_page("views/patterns.py").run()
    assert len(at.get("vega_lite_chart")) == 1 and not at.expander  # the first tab only: co-occurrence
    at.session_state["patterns_part"] = "Lessons learned again"
    at.run()
    assert at.expander and not at.get("vega_lite_chart")
    at.session_state["patterns_part"] = "Agencies named in missed opportunities"
    at.run()
    [agencies] = [t.value for t in at.dataframe if "Agency type" in t.value.columns]
    assert agencies["Missed opportunities naming it"].sum() > 0
    assert not at.exception and not at.error


def test_the_graph_pages_count_on_has_no_documents_or_quotes_but_every_link(state, corpus_store):
    whole, lite = corpus_store.graph(), data.whole_graph(state, evidence=False)
    assert set(lite) == set(whole) and lite.number_of_edges() == whole.number_of_edges()
    assert not any("evidence" in d for *_, d in lite.edges(data=True))
    assert not any("text" in d for _, d in lite.nodes(data=True) if d["kind"] == "Review")
    assert data.texts(("no-such-review",), state) == {}


def test_the_explorer_draws_a_part_with_the_quotes_of_the_whole_graph(state, corpus_store):
    from casegraph.dashboard.network import around
    whole = corpus_store.graph()
    reviews = sorted(n for n, kind in whole.nodes(data="kind") if kind == "Review")
    parallel = ontology.relation("parallelTo").graph_type
    paralleled = [n for n in reviews if any(k == parallel for *_, k in whole.out_edges(n, keys=True))]
    assert paralleled
    for centre in (reviews[0], paralleled[0]):
        expected = around(whole, centre)
        for part in (data.with_quotes(around(data.whole_graph(state, evidence=False), centre), state),
                     data.review_surroundings(centre.split(":", 1)[1], state)):  # read for its reviews only
            assert sorted(part.edges(keys=True)) == sorted(expected.edges(keys=True))
            assert any(d.get("evidence") for *_, d in part.edges(data=True))
            for u, v, key, d in expected.edges(keys=True, data=True):
                assert part.edges[u, v, key].get("evidence", []) == d.get("evidence", [])
    assert not any("evidence" in d for *_, d in data.whole_graph(state, evidence=False).edges(data=True))
