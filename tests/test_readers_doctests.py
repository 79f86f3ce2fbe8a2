"""The small examples in the loaders' docstrings run and give what they show."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["casegraph.loaders.outline", "casegraph.loaders.discover", "casegraph.loaders.readers", "casegraph.loaders.readers.document",
           "casegraph.loaders.readers.normalise", "casegraph.loaders.readers.decoding", "casegraph.loaders.readers.text",
           "casegraph.loaders.readers.html", "casegraph.loaders.readers.pdf", "casegraph.loaders.readers.docx"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
