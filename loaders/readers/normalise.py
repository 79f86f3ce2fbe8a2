"""Light normalisation of extracted text, done before any offsets are computed.

>>> normalise_text("Key\\u00a0Learning \\r\\n\\r\\n\\r\\n\\r\\n\\x0cText\\x00")
'Key Learning\\n\\nText'
"""
from __future__ import annotations

import re

_SPACES = dict.fromkeys("\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u3000", " ")
_DROPPED = dict.fromkeys("\x00\ufeff\u200b\u00ad", "")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}
_LINE_BREAKS = dict.fromkeys("\r\f\v\u2028\u2029\x85", "\n")  # after "\r\n" became "\n"
_CHARACTERS = {**_LINE_BREAKS, **_SPACES, **_DROPPED, **_LIGATURES}
_REPLACED = re.compile("[" + "".join(map(re.escape, _CHARACTERS)) + "\ud800-\udfff]")  # one pass over the text
_TRAILING_SPACE = re.compile(r"[ ]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _replacement(m: re.Match) -> str:
    return _CHARACTERS.get(m.group(), "\ufffd")  # a lone surrogate: U+FFFD


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
    text = _REPLACED.sub(_replacement, text.replace("\r\n", "\n"))
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()
