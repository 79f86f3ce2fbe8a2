"""The Document and Section records every reader returns, and how they are built from text.

>>> doc = document_from_text("Key Learning\\n\\nAsk who lives in the house.\\n")
>>> doc.format, doc.sections[0].title
('text', 'Key Learning')
"""
from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from casegraph.errors import DocumentError
from casegraph.loaders.outline import Section, find_sections
from casegraph.loaders.readers.normalise import normalise_text

MAX_TEXT_CHARS = 5_000_000
"""Longest plain text accepted from one document (about 2,500 pages)."""

MAX_UNREADABLE_SHARE = 0.05
"""Largest share of control or undecodable characters a text may hold before it is refused as not text."""

_UNREADABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")


class Document(NamedTuple):
    """A document's plain text, its section outline and where it came from."""

    text: str
    sections: tuple[Section, ...]
    source: str
    sha256: str
    format: str


def _unreadable_share(text: str) -> float:
    """Share of characters that are control codes (other than whitespace), undecodable (U+FFFD)
    or halves of characters (lone surrogates).

    >>> _unreadable_share("ab\\x01\\ufffd")
    0.5
    """
    return (len(text) - len(_UNREADABLE.sub("", text))) / len(text) if text else 0.0


def build_document(raw_text: str, source: str, sha256: str, format: str) -> Document:
    """Check and normalise ``raw_text`` and outline its sections.

    Raises :class:`DocumentError` for empty text, text over :data:`MAX_TEXT_CHARS`,
    or text that is mostly control or undecodable characters (binary data).

    >>> build_document("Summary\\r\\n\\r\\nA baby was harmed.", "x.txt", "0", "txt").text
    'Summary\\n\\nA baby was harmed.'
    """
    share = _unreadable_share(raw_text)
    if share > MAX_UNREADABLE_SHARE:
        raise DocumentError(f"does not look like readable text ({share:.0%} of its characters are control or "
                            "undecodable characters); it may be a binary file or a damaged document", source)
    text = normalise_text(raw_text)
    if not text.strip():
        raise DocumentError("the file is empty: it contains no readable text", source)
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError(f"the text is too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}); "
                            "split the document into parts", source)
    return Document(text, find_sections(text), source, sha256, format)


def document_from_text(text: str, source: str = "draft") -> Document:
    """A Document made from text already in memory (a pasted draft); format ``"text"``.

    ``sha256`` is the digest of the text encoded as UTF-8.

    >>> document_from_text("   ")
    Traceback (most recent call last):
    ...
    casegraph.errors.DocumentError: draft: the file is empty: it contains no readable text
    """
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return build_document(text, source, digest, "text")
