"""The dashboard in a real headless chromium: the graph draws and nothing is fetched from off the machine."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from casegraph.graph.stores import open_store

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's chromium is not installed at "
                                 f"{CHROMIUM} (run `make browser` or `apt-get install -y chromium`)")]
sync_playwright = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed"
                                      ).sync_playwright
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"localhost", "127.0.0.1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the dashboard exited early: {log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the dashboard did not start serving in time")


@pytest.fixture
def dashboard_url(tmp_path, make_record):
    """``casegraph dashboard`` serving a store of fictional reviews on a free local port."""
    data_dir = tmp_path / "store"
    with open_store("embedded", data_dir=data_dir) as store:
        for i in range(3):
            store.write_review(make_record(f"fictional-{i}", title=f"Fictional <img src=x onerror=alert({i})> {i}",
                                           text=make_record()["text"] + f"Fictional variant {i}.\n"))
    port, log = free_port(), tmp_path / "dashboard.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-c", "from casegraph.cli import run; run()", "dashboard",
                                 "--data-dir", str(data_dir), "--port", str(port), "--host", "127.0.0.1"],
                                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "HOME": str(tmp_path)})
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_graph_explorer_draws_offline_in_chromium(dashboard_url, tmp_path):
    from PIL import Image

    requests, dialogs = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(dashboard_url + "/graph_explorer")
            frame = page.frame_locator("iframe").first
            canvas = frame.locator("#mynetwork canvas")
            canvas.wait_for(timeout=90_000)
            page.wait_for_timeout(2500)   # let the layout settle
            shot = tmp_path / "graph-explorer.png"
            canvas.screenshot(path=str(shot))
            legend = frame.locator("#legend").inner_text()
            # clicking the review's circle shows its label and kind below the drawing
            drawing = next(f for f in page.frames if f.query_selector("#mynetwork"))
            spot = drawing.evaluate("""() => {
                const at = network.getPositions();
                const id = Object.keys(at).find(k => k.startsWith("Review:"));
                return network.canvasToDOM(at[id]); }""")
            box = drawing.query_selector("#mynetwork").bounding_box()
            page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
            details = drawing.inner_text("#details")
        finally:
            browser.close()

    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 20, f"the network canvas looks blank ({len(colours)} colours; see {shot})"
    assert "Review" in legend and "Risk factor" in legend
    assert "Fictional <img src=x onerror=alert(" in details and "Review" in details   # shown as text
    assert not dialogs, f"document text ran as script: {dialogs}"
    off_machine = [u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
                   and urlparse(u).hostname not in LOCAL_HOSTS]
    assert requests and not off_machine, off_machine


def test_search_shows_highlighted_passages_inert_in_chromium(dashboard_url):
    dialogs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(dashboard_url + "/search")
            box = page.get_by_role("textbox", name="Search the reviews")
            box.wait_for(timeout=90_000)
            box.fill("variant")
            box.press("Enter")
            marked = page.locator("[data-testid='stMarkdownContainer'] strong", has_text="variant").first
            marked.wait_for(timeout=60_000)
            shown = page.inner_text("body")
        finally:
            browser.close()
    assert "Fictional <img src=x onerror=alert(" in shown  # the title shown as text
    assert "characters" in shown and "Fictional variant" in shown
    assert not dialogs, f"document text ran as script: {dialogs}"
