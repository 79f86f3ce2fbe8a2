"""The examples in the docstrings of the graph mapping, stores, RDF and export modules are true."""
import doctest
import importlib

import pytest

MODULES = ["graph.mapping", "graph.collector", "graph.settings", "graph.rdf", "graph.export", "graph.stores", "graph.stores.cypher",
           "graph.stores.ladybugdb", "graph.stores.neo4jdb", "graph.stores.ingest"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failed, attempted = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failed == 0
    assert attempted > 0, f"{name} has no example"
