"""The small examples in the loaders' docstrings run and give what they show."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["loaders.outline", "loaders.discover", "loaders.readers", "loaders.readers.document",
           "loaders.readers.normalise", "loaders.readers.decoding", "loaders.readers.text",
           "loaders.readers.html", "loaders.readers.pdf", "loaders.readers.docx"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
