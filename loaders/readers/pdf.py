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


def _open(data: bytes, source: str) -> PdfReader:
    """A reader for ``data``, decrypted when it opens with an empty password."""
    if b"%PDF" not in data[:1024]:
        raise DocumentError("is not a PDF file (it does not start with the PDF signature)", source)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("the PDF is password-protected; save an unprotected copy and try again", source)
        return reader
    except (FileNotDecryptedError, DependencyError):
        raise DocumentError("the PDF is encrypted in a way casegraph cannot open; save an unprotected copy "
                            "and try again", source) from None
    except DocumentError:
        raise
    except Exception as e:  # noqa: BLE001 - pypdf raises many kinds of error on damaged files
        raise DocumentError(f"the PDF is damaged or incomplete and cannot be read ({_short(e)})", source) from None


def _short(error: Exception) -> str:
    return (str(error).strip() or type(error).__name__)[:120]


def read_pdf(data: bytes, source: str) -> str:
    """The text of every page of a PDF, pages separated by a blank line.

    >>> read_pdf(b"not a pdf", "report.pdf")
    Traceback (most recent call last):
    ...
    casegraph.errors.DocumentError: report.pdf: is not a PDF file (it does not start with the PDF signature)
    """
    reader = _open(data, source)
    pages: list[str] = []
    size = 0
    try:
        for page in reader.pages:
            text = page.extract_text() or ""
            pages.append(text)
            size += len(text)
            if size > MAX_TEXT_CHARS:
                raise DocumentError(f"the text is too long (over {MAX_TEXT_CHARS:,} characters); "
                                    "split the document into parts", source)
    except DocumentError:
        raise
    except Exception as e:  # noqa: BLE001 - as in _open
        raise DocumentError(f"the PDF is damaged or incomplete and cannot be read ({_short(e)})", source) from None
    letters = sum(ch.isalpha() for text in pages for ch in text)
    if letters < MIN_LETTERS_PER_PAGE * max(1, len(pages)):
        raise DocumentError(SCANNED, source)
    return "\n\n".join(pages)
