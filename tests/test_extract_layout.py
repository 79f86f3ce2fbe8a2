"""The layout's quick look-ups agree with the reader's outline."""
from __future__ import annotations

from casegraph.loaders import read_document
from casegraph.loaders.extract.layout import layout
from casegraph.loaders.outline import section_at


def test_section_at_is_the_outline_s_innermost_section(corpus_dir):
    for path in sorted(corpus_dir.rglob("*.txt")):
        doc = read_document(path)
        lay = layout(doc.text, tuple(doc.sections))
        for offset in range(0, len(doc.text), 53):
            assert lay.section_at(offset) == section_at(doc.sections, offset), (path.name, offset)
