"""The small examples in the extraction modules' docstrings run and give what they show."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["casegraph.loaders.extract", "casegraph.loaders.extract.vocabulary", "casegraph.loaders.extract.layout", "casegraph.loaders.extract.context",
           "casegraph.loaders.extract.codes", "casegraph.loaders.extract.metadata", "casegraph.loaders.extract.subjects", "casegraph.loaders.extract.children",
           "casegraph.loaders.extract.agencies", "casegraph.loaders.extract.items", "casegraph.loaders.extract.parallels", "casegraph.loaders.evaluate"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
