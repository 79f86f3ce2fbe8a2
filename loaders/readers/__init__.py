"""Document readers: a review file in, plain text and a section outline out.

Formats (chosen by the file extension, upper or lower case):

- ``.txt`` plain text and ``.md`` Markdown (kept as written). The encoding is found
  from a byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-16 without a mark, else
  UTF-8, else Windows-1252 for mostly-English text, else a guess by
  charset-normalizer. NUL bytes are removed.
- ``.html`` / ``.htm`` web pages (lxml): scripts, styles, navigation, forms and the
  page head are dropped (the page title is kept as the first line); paragraphs,
  list items (as ``- item``) and table rows (cells joined by `` | ``) become their own
  lines, and headings Markdown headings (``## Key Learning``).
- ``.pdf`` the PDF's text layer (pypdf), page by page; running headers, footers and
  page numbers are kept on the first page only. A PDF with no text layer (a scan, or
  images of pages) is refused with a message saying it needs OCR first. A
  password-protected PDF is refused unless it opens with an empty password (AES
  encryption needs the ``cryptography`` package). A damaged or truncated PDF is refused.
- ``.docx`` Word documents (python-docx): paragraphs and tables in order, including
  content controls and text boxes; paragraphs in Title/Heading styles become Markdown
  headings. Old ``.doc`` files and anything that is not a Word zip package are refused
  with a message saying so.

Limits and refusals (each is a ``DocumentError`` naming the file and the problem;
nothing is kept from that file, and a batch goes on with the next one):

- files larger than 20 MB (``MAX_FILE_BYTES``) are refused before they are read;
- text longer than 5,000,000 characters (``MAX_TEXT_CHARS``, about 2,500 pages) is refused;
- empty files, whitespace-only files and files with no readable text (a web page of
  scripts only) are refused: "the file is empty";
- text of which more than 5% is control or undecodable characters is refused as not
  readable text (binary data named ``.txt``, or a PDF whose fonts carry no text);
- a Word file that would unpack to more than 200 MB is refused;
- a web page nested too deeply for the parser to read to the end is refused;
- unsupported extensions are refused when a file is named explicitly, and skipped
  when found inside a folder; hidden files and folders inside a folder are skipped;
- unreadable files and folders, broken links and symlink loops are reported one by one.

Text is normalised lightly before anything else, so that every offset refers to the
returned text: Windows line breaks, form feeds and Unicode line separators become
``\\n``; non-breaking spaces become plain spaces; NUL bytes, zero-width spaces and soft
hyphens are removed; ligatures (``ﬁ``) become letters; trailing spaces are dropped and
runs of blank lines become one.

>>> from casegraph.loaders.readers import SUPPORTED_SUFFIXES
>>> sorted(SUPPORTED_SUFFIXES)
['.docx', '.htm', '.html', '.md', '.pdf', '.txt']
"""
from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable
from pathlib import Path

from casegraph.errors import DocumentError
from casegraph.loaders.readers.document import Document, build_document
from casegraph.loaders.readers.docx import read_docx
from casegraph.loaders.readers.html import read_html
from casegraph.loaders.readers.pdf import read_pdf
from casegraph.loaders.readers.text import read_text

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest input file read (20 MB); larger files are refused before reading."""

READERS: dict[str, tuple[str, Callable[[bytes, str], str]]] = {
    ".txt": ("txt", read_text),
    ".md": ("md", read_text),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
    ".pdf": ("pdf", read_pdf),
    ".docx": ("docx", read_docx),
}
SUPPORTED_SUFFIXES = frozenset(READERS)


def unsupported_reason(path: Path) -> str:
    """The message for a file whose extension no reader handles.

    >>> unsupported_reason(Path("notes.doc"))
    "unsupported file type '.doc' (casegraph reads .docx, .htm, .html, .md, .pdf, .txt)"
    """
    kind = f"'{path.suffix}'" if path.suffix else "without an extension"
    return f"unsupported file type {kind} (casegraph reads {', '.join(sorted(SUPPORTED_SUFFIXES))})"


def _read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, refusing folders, special files, empty files and files over the limit."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DocumentError("is a folder, not a file", path)
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError("is not a regular file", path)
        if info.st_size > MAX_FILE_BYTES:
            raise DocumentError(f"the file is too large ({info.st_size / 1e6:.1f} MB; the limit is "
                                f"{MAX_FILE_BYTES / 1e6:.0f} MB); split it or extract the part to review", path)
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DocumentError("no such file", path) from None
    except PermissionError:
        raise DocumentError("permission denied: the file cannot be read", path) from None
    except OSError as e:
        raise DocumentError(f"the file cannot be read ({e.strerror or e})", path) from None
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(f"the file is too large (over the {MAX_FILE_BYTES / 1e6:.0f} MB limit)", path)
    if not data:
        raise DocumentError("the file is empty", path)
    return data


def read_document(path: str | Path) -> Document:
    """Read a review document into plain text with a section outline.

    Raises :class:`casegraph.errors.DocumentError` (naming the file) when it cannot be read.

    >>> read_document("missing-review.txt")
    Traceback (most recent call last):
    ...
    casegraph.errors.DocumentError: missing-review.txt: no such file
    """
    path = Path(path)
    source = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DocumentError(unsupported_reason(path), source)
    format, read = reader
    data = _read_bytes(path)
    return build_document(read(data, source), source, hashlib.sha256(data).hexdigest(), format)
