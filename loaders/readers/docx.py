"""Reader for Word documents (``.docx``): paragraphs and tables in document order.

Each paragraph becomes its own line, separated by a blank line; a paragraph in a
Title or Heading N style is written as a Markdown heading (``## Key Learning``) so
that the outline knows it and its level; each table row becomes one line with its
cells joined by `` | ``. Paragraphs inside content controls and text boxes are read
too, once.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from casegraph.errors import DocumentError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""Largest total size a Word file may unpack to (a guard against zip bombs)."""

_P, _TBL = qn("w:p"), qn("w:tbl")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

NOT_DOCX = ("is not a Word .docx file (it is not a zip package); if it is an old .doc file, open it in Word "
            "and save it as .docx")


def _check_package(data: bytes, source: str) -> None:
    """Refuse data that is not a zip package, or would unpack to more than the limit."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError(NOT_DOCX, source)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DocumentError("the Word file is damaged and cannot be read", source) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocumentError(f"the Word file unpacks to {unpacked / 1e6:.0f} MB, more than the "
                            f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB limit", source)


def _paragraphs_text(element) -> str:
    """The text of every paragraph under ``element`` (a table cell), joined by spaces."""
    texts = (" ".join(Paragraph(p, None).text.split()) for p in element.iter(_P) if not _duplicate(p))
    return " ".join(t for t in texts if t)


def _duplicate(element) -> bool:
    """True for content inside an ``mc:Fallback``: a copy, for old readers, of content given already."""
    return any(ancestor.tag == _FALLBACK for ancestor in element.iterancestors())


def _row_text(row) -> str:
    """The cells of a table row joined by `` | ``; a merged cell is written once."""
    cells: list[str] = []
    previous = None
    for cell in row.cells:
        if cell._tc is not previous:
            cells.append(_paragraphs_text(cell._tc))
        previous = cell._tc
    return " | ".join(c for c in cells if c)


def _blocks(document) -> Iterator[str]:
    """Paragraphs and tables in document order, including those in content controls and text boxes."""
    for element in document.element.body.iter(_P, _TBL):
        if _duplicate(element) or any(ancestor.tag == _TBL for ancestor in element.iterancestors()):
            continue  # a copy, or part of a table read with its table
        if element.tag == _TBL:
            yield "\n".join(_row_text(row) for row in Table(element, document).rows)
        else:
            paragraph = Paragraph(element, document)
            level = _heading_level(paragraph)
            yield f"{'#' * level} {paragraph.text}" if level and paragraph.text.strip() else paragraph.text


def _heading_level(paragraph: Paragraph) -> int | None:
    """1 to 6 for a paragraph in a Title or Heading N style, else None."""
    name = paragraph.style.name if paragraph.style is not None else ""
    if name == "Title":
        return 1
    number = name.removeprefix("Heading ")
    return min(int(number), 6) if number != name and number.isdigit() else None


def read_docx(data: bytes, source: str) -> str:
    """The text of a Word document's body, paragraphs and tables in order.

    >>> read_docx(b"plain text", "review.docx")
    Traceback (most recent call last):
    ...
    casegraph.errors.DocumentError: review.docx: is not a Word .docx file (it is not a zip package); if it is an old .doc file, open it in Word and save it as .docx
    """
    _check_package(data, source)
    try:
        blocks = list(_blocks(docx.Document(io.BytesIO(data))))
    except Exception as e:  # noqa: BLE001 - python-docx and lxml raise many kinds of error on damaged files
        raise DocumentError(f"the Word file is damaged or is not a Word document ({type(e).__name__}: "
                            f"{str(e)[:100]})", source) from None
    return "\n\n".join(b for b in blocks if b.strip())
