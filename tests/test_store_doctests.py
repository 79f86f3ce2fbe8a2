"""The examples in the docstrings of the graph mapping, stores, RDF and export modules are true."""
import doctest
import importlib

import pytest

MODULES = ["casegraph.graph.mapping", "casegraph.graph.collector", "casegraph.graph.settings", "casegraph.graph.rdf", "casegraph.graph.export", "casegraph.graph.stores", "casegraph.graph.stores.cypher",
           "casegraph.graph.stores.ladybugdb", "casegraph.graph.stores.neo4jdb", "casegraph.graph.stores.ingest"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failed, attempted = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failed == 0
    assert attempted > 0, f"{name} has no example"
