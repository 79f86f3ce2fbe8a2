"""Every dashboard page, run with Streamlit's AppTest on real stores: the real corpus (the session's
``corpus_data_dir``), an empty store, and a store holding a (fictional) hostile document."""
import re
import shutil
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from casegraph import dashboard
from casegraph import ontology
from casegraph.cli import main
from casegraph import loaders
from casegraph.dashboard.data import STATE_TTL_S
from casegraph.graph.escaping import md
from casegraph.graph.stores import open_store
from casegraph.graph.stores.ingest import ingest

APP = str(Path(dashboard.__file__).parent / "app.py")
ALL_PAGES = tuple(re.findall(r"""st\.Page\(\s*["']([^"']+)["']""", Path(APP).read_text(encoding="utf-8")))
UPLOAD = "views/add_review.py"  # starts from an upload, not from the store: an empty store is its starting point
PAGES = tuple(p for p in ALL_PAGES if p != UPLOAD)  # the pages that show what is stored
CHILD_H = "leicestershire-child-h-exec-summary"
BIRMINGHAM_2019 = "birmingham-2019-12-assurances"


def page(name: str, data_dir: Path, monkeypatch, **choices) -> AppTest:
    """Run one page of the app on the store in ``data_dir``, with widget ``choices`` by key."""
    monkeypatch.setenv("CASEGRAPH_STORE", "embedded")
    monkeypatch.setenv("CASEGRAPH_DATA_DIR", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page(name).run()
    for key, value in choices.items():
        at.selectbox(key=key).set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    """Every piece of text the page sent to the browser (Markdown, captions, labels, messages, HTML)."""
    out = []
    for kind in ("markdown", "caption", "header", "subheader", "title", "info", "warning", "error"):
        out += [str(e.value) for e in at.get(kind)]
    return out + [e.label for e in at.expander]


def frames(at: AppTest) -> list[str]:
    """The HTML of every iframe on the page (the graph drawings)."""
    return [e.proto.srcdoc for e in at.get("iframe")]


def test_the_app_lists_every_page_script():
    views = Path(APP).parent / "views"
    assert sorted(ALL_PAGES) == sorted(f"views/{f.name}" for f in views.glob("*.py") if f.name != "__init__.py")


@pytest.mark.parametrize("name", ALL_PAGES)
def test_every_page_renders_on_the_corpus(name, corpus_data_dir, monkeypatch):
    at = page(name, corpus_data_dir, monkeypatch)
    assert not at.error, [e.value for e in at.error]
    assert at.title and not any("casegraph ingest" in i.value for i in at.info)


def test_overview_counts_and_compares_with_national_figures(corpus_data_dir, corpus_dir, monkeypatch):
    at = page("views/overview.py", corpus_data_dir, monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Reviews"]) == len(list(loaders.discover([corpus_dir])))
    assert len(at.get("vega_lite_chart")) >= 4
    tables = [t.value for t in at.dataframe if "Population of the national figure" in t.value.columns]
    assert tables and all(t["Population of the national figure"].str.len().gt(0).all() for t in tables)


def test_overview_filters_narrow_the_reviews(corpus_data_dir, monkeypatch):
    at = page("views/overview.py", corpus_data_dir, monkeypatch)
    total = int(at.metric[0].value)
    partnership = at.sidebar.multiselect[0].options[0]
    at.sidebar.multiselect[0].set_value([partnership]).run()
    assert not at.exception
    assert 1 <= int(at.metric[0].value) < total


def test_review_page_lists_child_h_recommendations(corpus_data_dir, monkeypatch):
    with open_store("embedded", data_dir=corpus_data_dir) as store:
        record = store.review(CHILD_H)
    assert record["recommendations"], "the extractor found no recommendations in Child H"
    at = page("views/review.py", corpus_data_dir, monkeypatch, review_page=CHILD_H)
    shown = texts(at)
    assert any(t.startswith("Recommendations (") for t in shown)
    listed = [t for t in shown if t.startswith("**Recommendation ")]
    assert len(listed) == len(record["recommendations"])
    for rec in record["recommendations"]:
        assert any(md(rec["text"]) in t for t in shown), rec["number"]
    assert any(":orange-background[" in t for t in shown)   # quotes are highlighted in the source text


def test_similar_cases_finds_child_h_for_the_birmingham_2019_briefing(corpus_data_dir, monkeypatch):
    at = page("views/similar_cases.py", corpus_data_dir, monkeypatch, similar_review=BIRMINGHAM_2019)
    ranked = [c.value for c in at.caption if c.value.startswith("Review id ")]
    assert len(ranked) == 5
    assert any(md(CHILD_H) in c for c in ranked[:3])
    # the explanation shows the shared concepts with quotes from both reviews side by side
    assert any("of the score" in t for t in texts(at))
    assert any(t.startswith("> ") for t in texts(at))
    # each match opens on the Review page
    first = next(b for b in at.button if b.key.startswith("similar-open-"))
    first.click().run()
    assert at.selectbox(key="review_page").value == first.key.removeprefix("similar-open-")


def test_graph_explorer_draws_a_review_offline(corpus_data_dir, monkeypatch):
    at = page("views/graph_explorer.py", corpus_data_dir, monkeypatch, explore_review=CHILD_H)
    html = frames(at)[0]
    assert 'id="mynetwork"' in html and "new vis.Network" in html
    assert not re.search(r"https?://", html)


def test_patterns_page_shows_the_parallels_stored_at_ingest(corpus_data_dir, hostile_data_dir, monkeypatch):
    at = page("views/patterns.py", corpus_data_dir, monkeypatch)
    assert len(at.get("vega_lite_chart")) == 1                       # the co-occurrence heatmap
    [table] = [t.value for t in at.dataframe if "Parallel review" in t.value.columns]
    assert len(table) > 0 and (table["Similarity"] >= 0.3).all()
    assert 'id="mynetwork"' in frames(at)[0]
    at = page("views/patterns.py", hostile_data_dir[0], monkeypatch)  # one review: nothing to pair it with
    assert any("casegraph parallels --threshold" in i.value for i in at.info)


@pytest.mark.parametrize("name", PAGES)
def test_an_empty_store_says_how_to_load_reviews(name, tmp_path, monkeypatch):
    at = page(name, tmp_path / "no-store-yet", monkeypatch)
    assert any("casegraph ingest" in i.value for i in at.info)


HOSTILE = ("Fictional case review of Child <script>alert('title')</script>\n\n"
           "This invented document exists only to test the dashboard.\n\n"
           "Summary of events\n"
           "The fictional mother drank heavily <img src=x onerror=alert(1)> and misused drugs. "
           "The baby, aged six weeks, was not seen by the health visitor <script>alert(2)</script>.\n\n"
           "Recommendations\n"
           "1. The partnership should <b onmouseover=alert(3)>audit</b> home visits [x](javascript:alert(4)).\n")


@pytest.fixture(scope="module")
def hostile_data_dir(tmp_path_factory) -> tuple[Path, str]:
    """A store holding one fictional document full of HTML and script injection."""
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "fictional-hostile-review.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    with open_store("embedded", data_dir=folder / "store") as store:
        [outcome] = ingest(store, [path])
    assert outcome.status == "ingested", outcome.detail
    return folder / "store", outcome.review_id


@pytest.mark.parametrize("name", ALL_PAGES)
def test_hostile_text_renders_inert_on_every_page(name, hostile_data_dir, monkeypatch):
    data_dir, review_id = hostile_data_dir
    choices = {"views/review.py": {"review_page": review_id}}.get(name, {})
    at = page(name, data_dir, monkeypatch, **choices)
    shown = texts(at)
    for text in shown:
        assert not re.search(r"<(script|img|b)\b", text), text[:200]
    for html in frames(at):
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    if name == "views/review.py":                                        # shown as text
        assert any(md("<img src=x onerror=alert(1)>") in t for t in shown)
        assert any("&lt;script&gt;alert" in t for t in shown)                # the title
        assert any(md("<b onmouseover=alert(3)>audit</b>") in t for t in shown)
    if name == "views/graph_explorer.py":                                # tooltip: HTML-escaped, in JSON
        assert "\\u0026lt;script\\u0026gt;alert(" in frames(at)[0]


def test_graph_explorer_starts_from_a_concept(corpus_data_dir, monkeypatch):
    at = page("views/graph_explorer.py", corpus_data_dir, monkeypatch)
    at.radio[0].set_value("A concept").run()
    concept = at.selectbox(key="explore_centre")
    assert concept.value.split(":", 1)[0] in {s.concept_class for s in ontology.schemes()}
    html = frames(at)[0]
    assert html.count('"shape": "dot"') >= 2 and "Review" in html


def test_similar_cases_for_a_pasted_draft_does_not_store_it(corpus_data_dir, monkeypatch):
    draft = ("Fictional draft review, invented for this test. The baby was nine weeks old. Mother misused "
             "alcohol and drugs; her partner was never assessed. No multi-agency meeting was held.")
    with open_store("embedded", data_dir=corpus_data_dir) as store:
        before = store.list_reviews()
    at = page("views/similar_cases.py", corpus_data_dir, monkeypatch)
    at.radio[0].set_value("A draft (paste text)").run()
    at.text_area[0].input(draft).run()
    assert not at.exception
    assert len([c for c in at.caption if c.value.startswith("Review id ")]) == 5
    assert any(t.startswith("The draft") for t in (c.value for c in at.caption))
    with open_store("embedded", data_dir=corpus_data_dir) as store:
        assert store.list_reviews() == before


def test_a_new_ingest_shows_up_at_the_next_page_view(tmp_path, make_record, monkeypatch):
    with open_store("embedded", data_dir=tmp_path) as store:
        store.write_review(make_record("fictional-one"))
    at = page("views/overview.py", tmp_path, monkeypatch)
    assert at.metric[0].value == "1"
    with open_store("embedded", data_dir=tmp_path) as store:
        store.write_review(make_record("fictional-two", text="Another fictional text.\n" + make_record()["text"]))
    time.sleep(STATE_TTL_S + 0.1)
    at.run()
    assert at.metric[0].value == "2"


def test_an_unreadable_store_gives_a_plain_message(tmp_path, make_record, monkeypatch):
    data_dir = tmp_path / "store"
    with open_store("embedded", data_dir=data_dir) as store:
        store.write_review(make_record())
    for f in data_dir.iterdir():
        if f.is_file():
            f.write_bytes(b"fictional garbage, not a database" * 100)
    for name in PAGES:
        at = page(name, data_dir, monkeypatch)
        assert at.error and md(str(data_dir)) in at.error[0].value and not at.exception


def test_an_uploaded_draft_is_compared_and_a_broken_one_named(corpus_data_dir, monkeypatch):
    draft = ("Fictional draft, invented for this test.\n\nSummary of events\nThe baby was nine weeks old. "
             "Mother misused alcohol and drugs; the father was never assessed.\n").encode()
    at = page("views/similar_cases.py", corpus_data_dir, monkeypatch)
    at.radio[0].set_value("A draft (upload a file)").run()
    at.get("file_uploader")[0].upload("fictional-draft.txt", draft, "text/plain").run()
    assert not at.exception
    assert len([c for c in at.caption if c.value.startswith("Review id ")]) == 5
    at.get("file_uploader")[0].upload("fictional-broken.pdf", b"%PDF-1.4 not really a pdf", "application/pdf").run()
    assert not at.exception
    assert at.error and "fictional\\-broken\\.pdf" in at.error[0].value


def test_an_unreachable_neo4j_server_gives_a_plain_message(monkeypatch):
    monkeypatch.setenv("CASEGRAPH_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")     # nothing listens on port 1
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page("views/overview.py").run()
    assert not at.exception
    assert at.error and md("NEO4J_URI") in at.error[0].value


def test_search_page_highlights_passages_and_links_to_the_review(corpus_data_dir, monkeypatch):
    at = page("views/search.py", corpus_data_dir, monkeypatch)
    at.text_input(key="search_box").set_value('"child protection plan"').run()
    assert not at.exception, [e.message for e in at.exception]
    shown = " ".join(texts(at))
    assert ":orange-background[**" in shown and "characters" in shown
    at.button(key="open-0").click().run()
    assert not at.exception and "start" in at.query_params


def test_search_page_explains_a_query_it_cannot_parse(corpus_data_dir, monkeypatch):
    at = page("views/search.py", corpus_data_dir, monkeypatch)
    at.text_input(key="search_box").set_value("(neglect").run()
    assert not at.exception and any("bracket is not closed" in w.value for w in at.warning)


def test_hostile_text_is_inert_in_search_results(hostile_data_dir, monkeypatch):
    data_dir, _ = hostile_data_dir
    at = page("views/search.py", data_dir, monkeypatch)
    at.text_input(key="search_box").set_value("alert OR audit OR script").run()
    shown = texts(at)
    assert any("orange-background" in t for t in shown)
    assert not any(re.search(r"<(script|img|b)\b", t) for t in shown)
