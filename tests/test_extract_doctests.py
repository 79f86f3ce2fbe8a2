"""The small examples in the extraction modules' docstrings run and give what they show."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["loaders.extract", "loaders.extract.vocabulary", "loaders.extract.layout", "loaders.extract.context",
           "loaders.extract.codes", "loaders.extract.metadata", "loaders.extract.subjects", "loaders.extract.children",
           "loaders.extract.agencies", "loaders.extract.items", "loaders.extract.parallels", "loaders.evaluate"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
