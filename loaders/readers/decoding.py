"""Turning the bytes of a text file into a string.

Order of attempts: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32); UTF-16 without a
mark when every other byte is NUL; strict UTF-8;
Windows-1252 (the usual encoding of older UK office documents) when it decodes and
the result is mostly ASCII, as English text is; charset-normalizer's best guess;
and finally Windows-1252 with undecodable bytes marked U+FFFD.

>>> decode_bytes("caf\\u00e9 \\u2013 review".encode("cp1252"))
'café – review'
"""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (  # UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


MAX_NON_ASCII_SHARE = 0.3
"""Largest share of non-ASCII letters in text taken to be English in Windows-1252."""


def _mostly_ascii(text: str) -> bool:
    """At most MAX_NON_ASCII_SHARE of the letters are outside ASCII.

    >>> _mostly_ascii("naïve café"), _mostly_ascii("Ïðèâåò")
    (True, False)
    """
    letters = [c for c in text if c.isalpha()]
    return sum(not c.isascii() for c in letters) <= MAX_NON_ASCII_SHARE * len(letters)


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when most odd (or even) bytes are NUL, as in English UTF-16 text.

    >>> _utf16_without_bom("Child A".encode("utf-16-be"))
    'utf-16-be'
    """
    sample = data[:100_000]
    half = len(sample) // 2
    if half < 2:
        return None
    if sample[1::2].count(0) >= 0.8 * half and sample[0::2].count(0) < 0.2 * half:
        return "utf-16-le"
    if sample[0::2].count(0) >= 0.8 * half and sample[1::2].count(0) < 0.2 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` as text, guessing the encoding when it is not UTF-8.

    >>> decode_bytes(codecs.BOM_UTF16_LE + "Child A".encode("utf-16-le"))
    'Child A'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        western = data.decode("cp1252")
        if _mostly_ascii(western):
            return western
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data[:1_000_000]).best()
    if guess is not None:
        try:
            return data.decode(guess.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace")
