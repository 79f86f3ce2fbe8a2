"""Reader for PDF files: the text layer, page by page (pypdf).

A PDF without a text layer (a scan) cannot be read without OCR, which casegraph
does not do; it is refused with a message saying so.
"""
from __future__ import annotations

import io
import logging
import re
from collections import Counter

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from casegraph.errors import DocumentError
from casegraph.loaders.readers.document import MAX_TEXT_CHARS

MIN_LETTERS_PER_PAGE = 10
"""Fewer letters than this per page on average means the PDF has no usable text layer."""

EDGE_LINES = 2
"""How many lines at the top and bottom of a page may be a running header or footer."""

_DIGITS = re.compile(r"\d+")

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported once, as a DocumentError

SCANNED = ("the PDF has no text layer (it looks scanned or made of page images); casegraph cannot read "
           "it without OCR: run it through OCR software first, or use a text version of the review")


def without_running_lines(pages: list[str]) -> list[str]:
    """``pages`` with running headers and footers (page numbers included) kept on the first page only.

    A running line is one of the EDGE_LINES first or last lines of a page that recurs, numbers
    aside, at the edge of at least half of three or more pages.

    >>> pages = [f"Fictional SCR Child Z\\nThe {word} page.\\nPage {n} of 3" for n, word in enumerate(["first",
    ...          "second", "third"], 1)]
    >>> without_running_lines(pages)
    ['Fictional SCR Child Z\\nThe first page.\\nPage 1 of 3', 'The second page.', 'The third page.']
    """
    if len(pages) < 3:
        return pages

    def edges(lines: list[str]) -> set[int]:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        return set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])

    def key(line: str) -> str:
        return _DIGITS.sub("#", " ".join(line.split()))

    split = [page.split("\n") for page in pages]
    counts = Counter(k for lines in split for k in {key(lines[i]) for i in edges(lines)})
    running = {k for k, n in counts.items() if n >= len(pages) / 2 and n >= 3}
    return pages[:1] + ["\n".join(line for i, line in enumerate(lines) if i not in edges(lines) or key(line) not in running)
                        for lines in split[1:]]


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
    return "\n\n".join(without_running_lines(pages))


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
