"""The Recommendations page, run with Streamlit's AppTest on real stores: the real corpus (the session's
``corpus_data_dir``), an empty store, and a store holding a (fictional) hostile document."""
import re

import pytest

from casegraph.graph.escaping import md
from casegraph.graph.analytics.stored import light_graph
from casegraph.graph.stores import open_store
from casegraph.graph.stores.ingest import ingest
from test_dashboard_app import HOSTILE, page, texts

PAGE = "views/recommendations.py"


def metrics(at) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.metric}


@pytest.fixture(scope="module")
def stored_recommendations(corpus_store) -> list[dict]:
    found = [d for _, d in light_graph(corpus_store).nodes(data=True) if d.get("kind") == "Recommendation"]
    assert found, "the extractor found no recommendations in the corpus"
    return found


def test_the_register_shows_every_recommendation_grouped(corpus_data_dir, stored_recommendations, monkeypatch):
    at = page(PAGE, corpus_data_dir, monkeypatch)
    assert not at.error, [e.value for e in at.error]
    shown = metrics(at)
    assert shown["Recommendations"] == len(stored_recommendations)
    [table] = [t.value for t in at.dataframe]
    assert len(table) == shown["Groups"] and table["Reviews"].ge(1).all()
    assert table["How often"].str.match(r"Asked (once|\d+ times)").all()
    assert at.expander and all(re.match(r"Asked (once|\d+ times)", e.label) for e in at.expander)
    [button] = at.get("download_button")
    assert button.proto.label.startswith("Download") and not button.proto.disabled


def test_filters_narrow_the_register(corpus_data_dir, stored_recommendations, monkeypatch):
    at = page(PAGE, corpus_data_dir, monkeypatch)
    total = metrics(at)["Recommendations"]
    named = [d["addressee"] for d in stored_recommendations if d.get("addressee")]
    addressee = min(named, key=lambda a: sum(a.lower() in n.lower() for n in named))   # the rarest
    wanted = sum(addressee.lower() in n.lower() for n in named)
    assert 1 <= wanted < total, "every recommendation of the corpus has the same addressee"
    at.sidebar.text_input(key="rec_addressee").set_value(addressee.upper()).run()
    assert not at.exception
    assert metrics(at)["Recommendations"] == wanted
    assert len(at.dataframe[0].value) == metrics(at)["Groups"] <= wanted
    at.sidebar.text_input(key="rec_addressee").set_value("no such addressee, fictional").run()
    assert metrics(at)["Recommendations"] == 0 and any("No recommendation matches" in i.value for i in at.info)
    [button] = at.get("download_button")
    assert button.proto.disabled


def test_theme_filter_keeps_recommendations_about_it(corpus_data_dir, corpus_store, monkeypatch):
    g = light_graph(corpus_store)
    themed = [v for u, v, rel in g.edges(keys=True)
              if g.nodes[u].get("kind") == "Recommendation" and rel == "ABOUT_THEME"]
    if not themed:
        pytest.skip("no recommendation of the corpus names a practice theme")
    theme = g.nodes[themed[0]]["code"]
    at = page(PAGE, corpus_data_dir, monkeypatch)
    at.sidebar.multiselect(key="rec_themes").set_value([theme]).run()
    assert not at.exception
    assert metrics(at)["Recommendations"] == themed.count(themed[0]) >= 1


def test_an_empty_store_says_how_to_load_reviews(tmp_path, monkeypatch):
    at = page(PAGE, tmp_path / "no-store-yet", monkeypatch)
    assert any("casegraph ingest" in i.value for i in at.info)


def test_hostile_recommendation_renders_inert(tmp_path, monkeypatch):
    path = tmp_path / "fictional-hostile-review.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    with open_store("embedded", data_dir=tmp_path / "store") as store:
        [outcome] = ingest(store, [path])
        assert outcome.status == "ingested", outcome.detail
        recs = [d["text"] for _, d in store.graph(documents=False).nodes(data=True)
                if d.get("kind") == "Recommendation"]
    at = page(PAGE, tmp_path / "store", monkeypatch)
    shown = texts(at)
    assert not any(re.search(r"<(script|img|b)\b", t) for t in shown)
    assert recs and all(any(md(text) in t for t in shown) for text in recs)


def test_a_large_group_lists_its_first_recommendations_and_says_how_many_more(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    n = 22
    for i in range(n):
        (folder / f"fictional-review-{i}.txt").write_text(
            f"Fictional case review of Child Q{i}\n\nThis invented document exists only to test the dashboard.\n\n"
            "Recommendations\n1. The partnership should audit the home visits made to every new baby.\n",
            encoding="utf-8")
    with open_store("embedded", data_dir=tmp_path / "store") as store:
        assert {o.status for o in ingest(store, [folder])} == {"ingested"}
    at = page(PAGE, tmp_path / "store", monkeypatch)
    [group] = [e for e in at.expander if e.label.startswith(md(f"Asked {n} times"))]
    assert len([m for m in group.markdown if "audit the home visits" in m.value]) == 20
    assert any(f"The first 20 of the {n} recommendations" in c.value for c in group.caption)
