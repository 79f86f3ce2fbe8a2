"""The two stores give the same answers: the real corpus ingested into the embedded store and into Neo4j,
then every reading command run through the CLI on each and the outputs compared.

Only what must differ is normalised: the line or field naming where the store is. Skipped where NEO4J_URI
is not set (``make test`` starts a local Neo4j).
"""
from __future__ import annotations

import json
import re

import pytest
import rdflib
from rdflib.compare import to_isomorphic

from casegraph.cli import main
from conftest import empty_neo4j


def cli(capsys, *args) -> str:
    code = main(list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def normalised(text: str) -> str:
    """Output with the store's location (a folder, a NEO4J_URI) replaced by a placeholder."""
    return re.sub(r"(store: |\"store\": \")[^)\"\n]*", r"\1<store>", text)


@pytest.fixture(scope="module")
def stores(corpus_dir, tmp_path_factory):
    """CLI options of the two stores, each holding the corpus ingested through ``casegraph ingest``."""
    empty_neo4j().close()
    embedded = ["--store", "embedded", "--data-dir", str(tmp_path_factory.mktemp("parity") / "store")]
    options = {"embedded": embedded, "neo4j": ["--store", "neo4j"]}
    for args in options.values():
        assert main(["ingest", str(corpus_dir), *args]) == 0
    return options


def both(capsys, stores, *args) -> tuple[str, str]:
    return tuple(normalised(cli(capsys, *args, *stores[name])) for name in ("embedded", "neo4j"))


READS = [["stats", "--format", "json"], ["reviews", "--format", "json"], ["parallels", "--format", "json"],
         ["patterns", "--format", "json"], ["recommendations", "--format", "json"], ["reviews"], ["patterns"]]


@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_reads_are_identical(capsys, stores, args):
    embedded, neo4j = both(capsys, stores, *args)
    assert embedded == neo4j and embedded.strip()


def test_each_review_and_its_similar_cases_are_identical(capsys, stores):
    ids = [r["review_id"] for r in json.loads(cli(capsys, "reviews", "--format", "json", *stores["embedded"]))]
    assert len(ids) > 10
    for rid in ids:
        for args in (["show", rid, "--format", "json"], ["show", rid], ["similar", rid, "--format", "json"]):
            embedded, neo4j = both(capsys, stores, *args)
            assert embedded == neo4j, args


def test_rdf_exports_are_the_same_graph(capsys, stores, tmp_path):
    graphs = []
    for name, args in stores.items():
        out = tmp_path / f"{name}.ttl"
        cli(capsys, "export", "--format", "ttl", "--out", str(out), *args)
        graphs.append(to_isomorphic(rdflib.Graph().parse(out)))
    assert len(graphs[0]) > 100 and graphs[0] == graphs[1]
