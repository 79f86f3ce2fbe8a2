"""The examples in the analytics docstrings are true."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import casegraph.graph.analytics
MODULES = ["casegraph.graph.analytics", *(f"casegraph.graph.analytics.{m.name}" for m in pkgutil.iter_modules(casegraph.graph.analytics.__path__))]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, verbose=False, optionflags=doctest.ELLIPSIS)
    assert failed == 0
    assert attempted > 0, f"{name} has no example"
