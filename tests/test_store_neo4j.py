"""Neo4j as users run it: the schema made once, plain one-line errors, and an ingest that survives the
server stopping half-way. Against the server ``make test`` starts (scripts/neo4j-local); the restart test
runs only when that local server is the one NEO4J_URI names.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from casegraph.cli import main
from casegraph.graph.stores import open_store
from casegraph.graph.stores.neo4jdb import schema_statements
from conftest import REPO, empty_neo4j, neo4j_or_skip

SCRIPT = REPO / "scripts" / "neo4j-local"


def error_line(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def test_unreachable_server_is_one_line_naming_neo4j_uri(capsys, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # the discard port: nothing listens there
    code, err = error_line(capsys, "stats", "--store", "neo4j")
    assert code != 0 and err.count("\n") == 1
    assert "NEO4J_URI=bolt://127.0.0.1:9" in err and "cannot reach" in err and "Traceback" not in err


def test_wrong_password_is_one_line_naming_neo4j_uri(capsys, monkeypatch):
    neo4j_or_skip()
    monkeypatch.setenv("NEO4J_PASSWORD", os.environ["NEO4J_PASSWORD"] + "-wrong")
    code, err = error_line(capsys, "reviews", "--store", "neo4j")
    assert code != 0 and err.count("\n") == 1
    assert f"NEO4J_URI={os.environ['NEO4J_URI']}" in err and "NEO4J_PASSWORD" in err


def schema(store) -> tuple[set, set]:
    with store.backend.read() as run:
        constraints = {name for name, in run("SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH 'cg_' RETURN name")}
        indexes = {name for name, in run("SHOW INDEXES YIELD name WHERE name STARTS WITH 'cg_' RETURN name")}
    return constraints, indexes


def test_schema_is_made_once_and_opening_again_is_fine(make_record):
    first = empty_neo4j()
    first.write_review(make_record("fictional-a"))
    made = schema(first)
    first.close()
    with open_store("neo4j") as again:  # a second process opening the same database
        assert again.write_review(make_record("fictional-a")) == "unchanged"
        assert schema(again) == made
    constraints, indexes = made
    assert len(constraints) == sum("CONSTRAINT" in s for s in schema_statements())
    assert indexes - constraints >= {s.split()[2] for s in schema_statements() if s.startswith("CREATE INDEX")}


def local_server() -> None:
    """Skip unless NEO4J_URI is the local server of scripts/neo4j-local (only that one may be stopped)."""
    neo4j_or_skip()
    status = subprocess.run(["bash", str(SCRIPT), "status"], capture_output=True, text=True)
    if status.returncode != 0 or f"NEO4J_URI={os.environ['NEO4J_URI']} " not in status.stdout:
        pytest.skip("NEO4J_URI is not the local server of scripts/neo4j-local: not stopping it")


def ingest(folder) -> None:
    assert main(["ingest", str(folder), "--store", "neo4j"]) == 0


def test_server_stopped_mid_ingest_then_ingest_again_stores_everything_once(tmp_path):
    """Fictional reviews (casegraph synth), three batches, so that the server stops between two of them."""
    local_server()
    folder = tmp_path / "synthetic"
    assert main(["synth", "--n", "120", "--out", str(folder), "--workers", "1"]) == 0
    empty_neo4j().close()
    ingest(folder)
    with open_store("neo4j") as store:
        clean = store.counts()
    empty_neo4j().close()
    cmd = [sys.executable, "-c", "import sys; from casegraph.cli import main; sys.exit(main(sys.argv[1:]))",
           "ingest", str(folder), "--store", "neo4j"]
    ingesting = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(3)  # the first batch is written
    try:
        subprocess.run(["bash", str(SCRIPT), "stop"], check=True, capture_output=True, timeout=60)
        out, _ = ingesting.communicate(timeout=120)
    finally:
        subprocess.run(["bash", str(SCRIPT), "start"], check=True, capture_output=True, timeout=180)
    assert ingesting.returncode != 0 and out.count("\n") == 1 and "NEO4J_URI=" in out, out  # one plain line
    ingest(folder)
    with open_store("neo4j") as store:
        assert store.counts() == clean
        assert len(store.list_reviews()) == clean["nodes"]["Review"] == 120
