"""Robustness of the stores with real processes: SIGKILL mid-batch, two writers, readers during a write,
and Neo4j that cannot be reached. Every review here is fictional."""
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import networkx as nx
import pytest

from casegraph.cli import main
from conftest import FICTIONAL_TEXT, fictional_record
from casegraph.graph.mapping import record_to_graph
from casegraph.graph.stores import open_store

TESTS = Path(__file__).resolve().parent

# A writer process: stores N fictional reviews one per transaction, pausing PAUSE seconds before each.
WRITER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from conftest import FICTIONAL_TEXT, fictional_record
    from casegraph.graph.stores import open_store
    data_dir, n, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    with open_store("embedded", data_dir=data_dir, on_wait=lambda m: print(m, file=sys.stderr, flush=True)) as s:
        for i in range(n):
            time.sleep(pause)
            s.write_review(fictional_record(f"fictional-{{i:03d}}", text=FICTIONAL_TEXT + f"Variant {{i}}.\\n"))
            print("stored", i, flush=True)
""")


def records(n):
    return [fictional_record(f"fictional-{i:03d}", text=FICTIONAL_TEXT + f"Variant {i}.\n") for i in range(n)]


def start_writer(tmp_path, data_dir, n, pause, env=None):
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(tests=str(TESTS)))
    return subprocess.Popen([sys.executable, str(script), str(data_dir), str(n), str(pause)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def stored_ids(data_dir):
    with open_store("embedded", data_dir=data_dir) as s:
        return [r["review_id"] for r in s.list_reviews()]


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def assert_complete(data_dir, expected):
    """Every expected review stored exactly once, each with all of its facts."""
    with open_store("embedded", data_dir=data_dir) as s:
        ids = [r["review_id"] for r in s.list_reviews()]
        assert ids == sorted(r["id"] for r in expected)
        assert nx.utils.graphs_equal(s.graph(), nx.compose_all([record_to_graph(r) for r in expected]))


def test_sigkill_mid_batch_then_rerun_stores_every_review_once_and_none_partially(tmp_path):
    data_dir = tmp_path / "store"
    n = 30
    writer = start_writer(tmp_path, data_dir, n, pause=0.02)
    # readers work while the writer writes: the counts only grow and every visible review is whole
    seen = []
    assert wait_for(lambda: seen.append(len(stored_ids(data_dir))) or seen[-1] >= 5), "the writer stored nothing"
    assert seen == sorted(seen)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    killed_at = stored_ids(data_dir)
    assert 5 <= len(killed_at) < n, "the writer was not killed mid-batch"
    assert_complete(data_dir, [r for r in records(n) if r["id"] in killed_at])
    rerun = start_writer(tmp_path, data_dir, n, pause=0)
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read()
    assert_complete(data_dir, records(n))


def test_two_writers_serialise(tmp_path):
    data_dir = tmp_path / "store"
    first = start_writer(tmp_path, data_dir, 15, pause=0.25)  # holds the store for about 4 s
    assert wait_for(lambda: data_dir.exists() and len(stored_ids(data_dir)) >= 1)
    second = start_writer(tmp_path, data_dir, 10, pause=0)
    assert first.wait(timeout=120) == 0, first.stderr.read()
    assert second.wait(timeout=120) == 0, second.stderr.read()
    assert "the store is busy (another casegraph process is writing); waiting..." in second.stderr.read()
    assert_complete(data_dir, records(15))


def test_a_writer_gives_up_clearly_when_the_store_stays_busy(tmp_path):
    data_dir = tmp_path / "store"
    first = start_writer(tmp_path, data_dir, 30, pause=0.1)
    assert wait_for(lambda: data_dir.exists() and len(stored_ids(data_dir)) >= 1)
    second = start_writer(tmp_path, data_dir, 1, pause=0, env={"CASEGRAPH_BUSY_TIMEOUT": "0.5"})
    assert second.wait(timeout=60) != 0
    err = second.stderr.read()
    assert "the store is busy (another casegraph process is writing) and did not become free within 0.5 s" in err
    first.kill()
    first.wait()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_neo4j_is_one_clear_line_naming_neo4j_uri(monkeypatch, capsys):
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    assert main(["stats", "--store", "neo4j"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"NEO4J_URI={uri}" in err and "Traceback" not in err


def test_wrong_neo4j_password_is_one_clear_line(monkeypatch, capsys):
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI is not set: no Neo4j server to try a wrong password on")
    monkeypatch.setenv("NEO4J_PASSWORD", "certainly-not-the-password")
    assert main(["stats", "--store", "neo4j"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "NEO4J_PASSWORD" in err and "NEO4J_URI=" in err


def test_unknown_store_name_is_refused(capsys):
    assert main(["stats", "--store", "mongo"]) == 1
    assert "unknown store 'mongo'" in capsys.readouterr().err


def test_two_cli_ingests_of_the_same_folder_at_once(corpus_dir, corpus_store, tmp_path):
    data_dir = tmp_path / "store"
    command = [sys.executable, "-c", "from casegraph.cli import run; run()", "ingest", str(corpus_dir), "--data-dir", str(data_dir)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in runs]
    assert [rc for rc, _, _ in results] == [0, 0], results
    assert "0 failed" in results[0][1] and "0 failed" in results[1][1]
    with open_store("embedded", data_dir=data_dir) as s:
        assert s.counts() == corpus_store.counts()


def test_any_text_in_titles_names_and_quotes_comes_back_verbatim(tmp_path_factory):
    from hypothesis import given, settings, strategies as st

    store = open_store("embedded", data_dir=tmp_path_factory.mktemp("hypothesis") / "store")
    written = []

    @settings(max_examples=60, deadline=None)
    @given(title=st.text(min_size=1), name=st.text(min_size=1), quote=st.text(min_size=1))
    def check(title, name, quote):
        rid = f"fictional-{len(written)}"
        prefix = FICTIONAL_TEXT + f"[{rid}] "  # every example is a different document
        text = prefix + quote
        rec = fictional_record(rid, title=title, text=text, partnership=name, areas=[name])
        rec["agencies"][0]["name"] = name
        rec["risk_factors"][0]["evidence"] = [{"text": quote, "start": len(prefix), "end": len(text),
                                               "section": name}]
        assert store.write_review(rec) == "ingested"
        written.append(rid)
        back = store.review(rid)
        assert (back["title"], back["partnership"], back["areas"], back["text"]) == (title, name, [name], text)
        assert back["agencies"][0]["name"] == name
        assert back["risk_factors"][0]["evidence"] == rec["risk_factors"][0]["evidence"]

    try:
        check()
    finally:
        store.close()
