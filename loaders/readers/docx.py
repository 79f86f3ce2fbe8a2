"""Reader for Word documents (``.docx``): paragraphs and tables in document order.

Each paragraph (and so each heading) becomes its own line, separated by a blank
line; each table row becomes one line with its cells joined by `` | ``.
"""
from __future__ import annotations

import io
import zipfile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from casegraph.errors import DocumentError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""Largest total size a Word file may unpack to (a guard against zip bombs)."""

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


def _row_text(row) -> str:
    """The cells of a table row joined by `` | ``; a merged cell is written once."""
    cells: list[str] = []
    previous = None
    for cell in row.cells:
        if cell._tc is not previous:
            cells.append(" ".join(cell.text.split()))
        previous = cell._tc
    return " | ".join(c for c in cells if c)


def read_docx(data: bytes, source: str) -> str:
    """The text of a Word document's body, paragraphs and tables in order.

    >>> read_docx(b"plain text", "review.docx")
    Traceback (most recent call last):
    ...
    casegraph.errors.DocumentError: review.docx: is not a Word .docx file (it is not a zip package); if it is an old .doc file, open it in Word and save it as .docx
    """
    _check_package(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for element in document.element.body.iterchildren():
            if element.tag.endswith("}p"):
                blocks.append(Paragraph(element, document).text)
            elif element.tag.endswith("}tbl"):
                blocks.append("\n".join(_row_text(row) for row in Table(element, document).rows))
    except Exception as e:  # noqa: BLE001 - python-docx and lxml raise many kinds of error on damaged files
        raise DocumentError(f"the Word file is damaged or is not a Word document ({type(e).__name__}: "
                            f"{str(e)[:100]})", source) from None
    return "\n\n".join(b for b in blocks if b.strip())
