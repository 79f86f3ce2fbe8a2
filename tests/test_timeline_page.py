"""The Timeline section of the Review page: its chart and table built from fictional events, and the page run
with Streamlit's AppTest on the real corpus and on stores holding fictional documents written for these tests."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casegraph.dashboard import timeline
from casegraph.graph.escaping import md
from casegraph.graph.stores import open_store
from casegraph.graph.stores.ingest import ingest
from casegraph.loaders.extract.timeline import PHASE_ORDER
from test_dashboard_app import page, texts

NO_EVENTS = "This review gives no dated events that name an agency."
COLUMNS = ["When", "Dated by", "Agencies", "Event"]


def event(when=None, phase=None, agencies=("AG_GP",), text="Fictional: the GP saw the baby.", when_text="then"):
    return {"when": when, "when_text": when_text, "phase": phase, "agencies": list(agencies), "text": text,
            "start": 0, "end": len(text)}


def test_rows_place_dated_events_and_keep_the_rest_undated():
    events = [event("2019-03"), event("2018", agencies=("AG_POLICE", "AG_GP")), event(phase="discharge"),
              event(when_text="two weeks later")]
    rows = timeline.rows(events)
    assert list(rows["event"]) == [0, 1, 1, 2, 3]
    assert list(rows["date"])[:3] == ["2019-03-15", "2018-07-01", "2018-07-01"]
    assert list(rows["dated to"])[:3] == ["month", "year only", "year only"]
    assert rows["date"][3:].isna().all()


def test_charts_hold_dated_and_staged_events_apart_with_the_text_on_hover():
    events = [event("2019-03"), event(phase="postnatal"), event(phase="antenatal", agencies=("AG_MIDWIFERY",)),
              event(when_text="two weeks later")]
    rows = timeline.rows(events)
    dated = timeline.dated_chart(rows).to_dict()
    assert len(dated["datasets"][dated["data"]["name"]]) == 1
    assert {t["field"] for t in dated["encoding"]["tooltip"]} == {"when_text", "agency", "text"}
    staged = timeline.phase_chart(rows).to_dict()
    assert staged["encoding"]["x"]["sort"] == [p for p in PHASE_ORDER if p in ("antenatal", "postnatal")]
    assert len(staged["datasets"][staged["data"]["name"]]) == 2
    assert timeline.phase_chart(timeline.rows([event("2019")])) is None
    assert timeline.dated_chart(timeline.rows([event(phase="birth")])) is None


def test_table_says_when_by_date_then_stage():
    table = timeline.table([event("2019-03", agencies=("AG_GP", "AG_POLICE")), event(phase="birth"), event()])
    assert list(table.columns) == COLUMNS
    assert list(table["When"]) == ["2019-03", "birth", "not dated"]
    assert table["Agencies"][0] == "General practice (GP), Police"


@pytest.fixture(scope="module")
def stored_timelines(corpus_data_dir) -> dict[str, list[dict]]:
    with open_store("embedded", data_dir=corpus_data_dir) as store:
        return {r["review_id"]: store.review(r["review_id"]).get("timeline") or [] for r in store.list_reviews()}


def test_review_page_shows_the_timeline_of_a_corpus_review(corpus_data_dir, stored_timelines, monkeypatch):
    review_id, events = max(stored_timelines.items(), key=lambda item: len(item[1]))
    assert events, "no review of the corpus has a dated event naming an agency"
    at = page("views/review.py", corpus_data_dir, monkeypatch, review_page=review_id)
    assert "Timeline" in [h.value for h in at.header]
    [table] = [t.value for t in at.dataframe if list(t.value.columns) == COLUMNS]
    assert list(table["Event"]) == [" ".join(e["text"].split()) for e in events]
    assert list(table["When"]) == [e["when"] or e["phase"] or "not dated" for e in events]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    charted = [s for s in specs if "when_text" in json.dumps(s.get("encoding", {}))]
    assert len(charted) == bool(any(e["when"] for e in events)) + bool(any(e["phase"] and not e["when"]
                                                                          for e in events))


FICTIONAL = ("Fictional case review of Baby Q, invented for this test\n\n"
             "Summary of events\n\n"
             "Antenatally the midwife saw the mother <img src=x onerror=alert(1)> twice.\n"
             "In March 2019 the health visitor saw **Baby Q** at home <b onmouseover=alert(2)>alone</b>.\n"
             "Two weeks later the police were called to the flat.\n")
UNDATED = ("Fictional case review of Baby P, invented for this test\n\n"
           "Summary of events\n\nThe health visitor saw Baby P at home. The GP was not told.\n")


@pytest.fixture(scope="module")
def fictional_data_dir(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A store holding two fictional documents: one with dated events (and markup), one without."""
    folder = tmp_path_factory.mktemp("timeline")
    ids = {}
    for name, text in (("dated", FICTIONAL), ("undated", UNDATED)):
        path = folder / f"fictional-{name}-review.txt"
        path.write_text(text, encoding="utf-8")
        with open_store("embedded", data_dir=folder / "store") as store:
            [outcome] = ingest(store, [path])
        assert outcome.status == "ingested", outcome.detail
        ids[name] = outcome.review_id
    return folder / "store", ids


def test_a_review_without_dated_events_says_so(fictional_data_dir, monkeypatch):
    data_dir, ids = fictional_data_dir
    at = page("views/review.py", data_dir, monkeypatch, review_page=ids["undated"])
    assert NO_EVENTS in texts(at)
    assert not [t for t in at.dataframe if list(t.value.columns) == COLUMNS]


def test_timeline_text_stays_inert(fictional_data_dir, monkeypatch):
    data_dir, ids = fictional_data_dir
    at = page("views/review.py", data_dir, monkeypatch, review_page=ids["dated"])
    [table] = [t.value for t in at.dataframe if list(t.value.columns) == COLUMNS]
    assert list(table["When"]) == ["antenatal", "2019-03", "not dated"]
    assert "<img src=x onerror=alert(1)>" in table["Event"][0]        # a table cell is plain text, shown as typed
    shown = texts(at)
    assert NO_EVENTS not in shown
    assert not any(re.search(r"<img\b|<b\b|\*\*Baby Q\*\*", t) for t in shown)
    assert any(md("<img src=x onerror=alert(1)>") in t for t in shown)   # the document, shown escaped


# Collects the text of every tooltip vega shows (the pointer sweeps too fast to read each one from Python).
WATCH_TOOLTIPS = """() => { window.shownTooltips = [];
    new MutationObserver(() => { const t = document.getElementById("vg-tooltip-element");
        if (t && t.classList.contains("visible")) window.shownTooltips.push(t.innerText); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true}); }"""


@pytest.mark.browser
@pytest.mark.slow
def test_timeline_tooltip_shows_document_text_as_text_in_chromium(fictional_data_dir, tmp_path):
    from test_dashboard_browser import CHROMIUM, CHROMIUM_ARGS, free_port, sync_playwright, wait_until_serving
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}")
    data_dir, ids = fictional_data_dir
    port, log = free_port(), tmp_path / "dashboard.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-c", "from casegraph.cli import run; run()", "dashboard",
                                 "--data-dir", str(data_dir), "--port", str(port), "--host", "127.0.0.1"],
                                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "HOME": str(tmp_path)})
    dialogs, tooltips = [], []
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url, proc, log)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                pg = browser.new_page(viewport={"width": 1400, "height": 1000})
                pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                pg.goto(url + "/review")
                pg.locator("[data-testid=stSelectbox]").first.click(timeout=90_000)
                pg.keyboard.type(ids["dated"])
                pg.keyboard.press("Enter")
                pg.get_by_text("Timeline", exact=True).scroll_into_view_if_needed(timeout=90_000)
                chart = pg.locator("[data-testid=stVegaLiteChart]").first
                chart.locator("canvas, svg").first.wait_for(timeout=90_000)
                box = chart.bounding_box()
                pg.evaluate(WATCH_TOOLTIPS)
                y = box["y"] + timeline.ROW_HEIGHT / 2   # along the middle of the first row
                pg.mouse.move(box["x"], y)
                pg.mouse.move(box["x"] + box["width"], y, steps=int(box["width"]) // 4)
                tooltips = pg.evaluate("window.shownTooltips")
            finally:
                browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert any("In March 2019" in t and "<b onmouseover=alert(2)>alone</b>" in t for t in tooltips)  # as typed
    assert not dialogs, f"document text ran as script: {dialogs}"
