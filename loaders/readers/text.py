"""Reader for plain text (``.txt``) and Markdown (``.md``) files."""
from __future__ import annotations

from casegraph.loaders.readers.decoding import decode_bytes


def read_text(data: bytes, source: str) -> str:
    """The text of a plain-text or Markdown file (Markdown is kept as written).

    >>> read_text(b"# Key Learning\\r\\n", "notes.md")
    '# Key Learning\\r\\n'
    """
    return decode_bytes(data)
