"""The examples in the search docstrings are true."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import casegraph.graph.search
MODULES = ["casegraph.graph.search", *(f"casegraph.graph.search.{m.name}" for m in pkgutil.iter_modules(casegraph.graph.search.__path__))]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, verbose=False, optionflags=doctest.ELLIPSIS)
    assert failed == 0
    assert attempted > 0, f"{name} has no example"
