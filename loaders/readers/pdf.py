"""Reader for PDF files: the text layer, page by page (pypdf).

A PDF without a text layer (a scan) cannot be read without OCR, which casegraph
does not do; it is refused with a message saying so.
"""
from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from casegraph.errors import DocumentError
from loaders.readers.document import MAX_TEXT_CHARS

MIN_LETTERS_PER_PAGE = 10
"""Fewer letters than this per page on average means the PDF has no usable text layer."""

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported once, as a DocumentError

SCANNED = ("the PDF has no text layer (it looks scanned or made of page images); casegraph cannot read "
           "it without OCR: run it through OCR software first, or use a text version of the review")


def _text_layer(data: bytes, source: str) -> str:
    """The text of every page, pages separated by a blank line; raises pypdf's errors as they come."""
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise DocumentError("the PDF is password-protected; save an unprotected copy and try again", source)
    pages: list[str] = []
    size = 0
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        size += len(pages[-1])
        if size > MAX_TEXT_CHARS:
            raise DocumentError(f"the text is too long (over {MAX_TEXT_CHARS:,} characters); "
                                "split the document into parts", source)
    letters = sum(ch.isalpha() for text in pages for ch in text)
    if letters < MIN_LETTERS_PER_PAGE * max(1, len(pages)):
        raise DocumentError(SCANNED, source)
    return "\n\n".join(pages)


def read_pdf(data: bytes, source: str) -> str:
    """The text of every page of a PDF, pages separated by a blank line.

    >>> read_pdf(b"not a pdf", "report.pdf")
    Traceback (most recent call last):
    ...
    casegraph.errors.DocumentError: report.pdf: is not a PDF file (it does not start with the PDF signature)
    """
    if b"%PDF" not in data[:1024]:
        raise DocumentError("is not a PDF file (it does not start with the PDF signature)", source)
    try:
        return _text_layer(data, source)
    except DocumentError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise DocumentError("the PDF is encrypted in a way casegraph cannot open; save an unprotected copy "
                            "and try again", source) from None
    except Exception as e:  # noqa: BLE001 - pypdf raises many kinds of error on damaged files
        reason = (str(e).strip() or type(e).__name__)[:120]
        raise DocumentError(f"the PDF is damaged or incomplete and cannot be read ({reason})", source) from None
