"""The Case-study pack page, run with Streamlit's AppTest on a store holding the real corpus."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from casegraph import dashboard
from casegraph import ontology
from casegraph.graph.escaping import md
from casegraph.graph.stores import open_store
from casegraph.graph.stores.ingest import ingest

APP = str(Path(dashboard.__file__).parent / "app.py")
PAGE = "views/casestudy.py"


def page(data_dir: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("CASEGRAPH_STORE", "embedded")
    monkeypatch.setenv("CASEGRAPH_DATA_DIR", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture(scope="module")
def stored(corpus_data_dir) -> dict[str, dict]:
    """Every stored review's record (evidence included), by id."""
    with open_store("embedded", data_dir=corpus_data_dir) as store:
        return {r["review_id"]: store.review(r["review_id"]) for r in store.list_reviews()}


def carrying(stored: dict[str, dict], code: str) -> list[str]:
    field = ontology.scheme(ontology.concept(code).scheme).field
    return [rid for rid, r in stored.items() if any(e["code"] == code for e in r.get(field) or [])]


def risk_factors() -> list[str]:
    return [c.code for c in ontology.concepts("risk_factor")]


def preview(at: AppTest) -> str:
    return at.markdown[-1].value


def test_nothing_chosen_asks_for_a_choice(corpus_data_dir, monkeypatch):
    at = page(corpus_data_dir, monkeypatch)
    assert at.title[0].value == "Case-study pack"
    assert any("Choose at least one finding" in i.value for i in at.info)
    assert not at.get("download_button")


def test_theme_preview_and_downloads(corpus_data_dir, stored, monkeypatch):
    at = page(corpus_data_dir, monkeypatch)
    code = next(c for c in risk_factors() if 2 <= len(carrying(stored, c)) <= 6)
    at.multiselect(key="casestudy-risk_factor").set_value([code]).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [b.label for b in at.get("download_button")] == ["Download as Word (.docx)", "Download as Markdown (.md)"]
    text = preview(at)
    assert text.startswith(f"# {md('Case-study pack: ' + ontology.label(code)).strip()}")
    field = ontology.scheme(ontology.concept(code).scheme).field
    for rid in carrying(stored, code):
        assert f"\n## {md(stored[rid]['title']).strip()}\n" in text, rid
        [entry] = [e for e in stored[rid][field] if e["code"] == code]
        assert md(entry["evidence"][0]["text"]).strip() in text, rid
    assert "## Discussion questions" in text and "## About the sources" in text


def test_reviews_chosen_by_name(corpus_data_dir, stored, monkeypatch):
    at = page(corpus_data_dir, monkeypatch)
    named = sorted(stored)[:2]
    at.multiselect(key="casestudy-reviews").set_value(named).run()
    assert not at.exception and not at.error
    text = preview(at)
    assert [line for line in text.splitlines() if line.startswith("## ")][:2] == \
        [f"## {md(stored[rid]['title']).strip()}" for rid in named]


def test_a_theme_no_review_carries_is_one_message(corpus_data_dir, stored, monkeypatch):
    at = page(corpus_data_dir, monkeypatch)
    options = [c for c in risk_factors() if carrying(stored, c)]
    pair = next([a, b] for a in options for b in options
                if a < b and not set(carrying(stored, a)) & set(carrying(stored, b)))
    at.multiselect(key="casestudy-risk_factor").set_value(pair).run()
    assert not at.exception
    assert any("no stored review carries all of the theme" in e.value for e in at.error)
    assert not at.get("download_button")


def test_an_empty_store_says_how_to_load_reviews(tmp_path, monkeypatch):
    at = page(tmp_path / "no-store-yet", monkeypatch)
    assert any("casegraph ingest" in i.value for i in at.info)


HOSTILE = ("Fictional case review of Child <script>alert('pack')</script>\n\n"
           "This invented document exists only to test the case-study pack page.\n\n"
           "Summary of events\n"
           "The fictional father was never seen <img src=x onerror=alert(1)> by any agency.\n\n"
           "Learning\n"
           "Ask who lives in the home [x](javascript:alert(2)) and <b onmouseover=alert(3)>record it</b>.\n")


def test_hostile_text_is_inert_in_the_preview(tmp_path, monkeypatch):
    path = tmp_path / "fictional-hostile-pack.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    with open_store("embedded", data_dir=tmp_path / "store") as store:
        [outcome] = ingest(store, [path])
    at = page(tmp_path / "store", monkeypatch)
    at.multiselect(key="casestudy-reviews").set_value([outcome.review_id]).run()
    assert not at.exception and not at.error
    text = preview(at)
    assert not re.search(r"<(script|img|b)\b", text) and "](javascript" not in text
    assert "&lt;script&gt;alert" in text
