"""Light normalisation of extracted text, done before any offsets are computed.

>>> normalise_text("Key\\u00a0Learning \\r\\n\\r\\n\\r\\n\\r\\n\\x0cText\\x00")
'Key Learning\\n\\nText'
"""
from __future__ import annotations

import re

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a"
                            "\u3000"), " ")
_DROPPED = dict.fromkeys(map(ord, "\x00\ufeff\u200b\u00ad"), None)
_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}
_CHARACTERS = {**_SPACES, **_DROPPED, **_LIGATURES}
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\u2028\u2029\x85]")
_TRAILING_SPACE = re.compile(r"[ ]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """Return ``text`` with uniform line breaks and spaces.

    Windows and old Mac line breaks, form feeds, vertical tabs and Unicode line separators
    become ``\\n``; non-breaking and other wide spaces become a plain space;
    NUL bytes, byte-order marks, zero-width spaces and soft hyphens are removed;
    typographic ligatures (from PDFs) become their letters (``ﬁ`` -> ``fi``);
    trailing spaces on a line are dropped; more than one blank line becomes one;
    lone surrogates (undecodable halves of characters) become U+FFFD. Leading and
    trailing blank space of the whole text is removed.

    >>> normalise_text("a\\r\\nb\\rc\\n\\n\\n\\nsigniﬁcant")
    'a\\nb\\nc\\n\\nsignificant'
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = text.translate(_CHARACTERS)
    text = _SURROGATES.sub("\ufffd", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()
