"""A case-study pack as a Word document (python-docx; the layout of :mod:`graph.casestudy.layout`).

Headings use Word's heading styles (a review's title is a Heading 1, so it shows in the navigation
pane), quotes the Quote style. XML cannot hold most control characters, which extracted text may
carry: they are removed (:func:`xml_safe`), and each run of whitespace (line breaks of the
source) becomes one space.

>>> xml_safe("Fictional\\x0b text\\x00 with\\ufffe controls\\tand a tab")
'Fictional text with controls\\tand a tab'
"""
from __future__ import annotations

import io
import re

from docx import Document

from .layout import Block, pack_blocks

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STYLES = {"quote": "Quote", "bullet": "List Bullet", "numbered": "List"}


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow."""
    return _NOT_XML.sub("", text)


def _text(text: str) -> str:
    return re.sub(r"\s+", " ", xml_safe(text))


def _add(doc, block: Block) -> None:
    if block.kind == "page_break":
        doc.add_page_break()
        return
    if block.kind in ("title", "heading"):
        doc.add_heading(_text("".join(r.text for r in block.runs)).strip(), 0 if block.kind == "title" else block.level)
        return
    paragraph = doc.add_paragraph(style=_STYLES.get(block.kind))
    if block.kind == "numbered":
        paragraph.add_run(f"{block.level}. ")
    for r in block.runs:
        run = paragraph.add_run(_text(r.text))
        run.bold, run.italic = r.bold or None, r.italic or None


def to_docx(pack: dict) -> bytes:
    """The pack (:func:`graph.casestudy.pack.build_pack`) as the bytes of a .docx file."""
    doc = Document()
    doc.core_properties.title = _text(pack["title"])
    doc.core_properties.subject = "Case-study pack for training"
    for block in pack_blocks(pack):
        _add(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
