"""Make document text inert wherever the dashboard shows it.

Review text is untrusted: a document may contain ``<script>``, ``<img onerror=...>``
or Markdown that would fetch an image from the internet. Every piece of document
text goes through :func:`md` (Streamlit Markdown) or :func:`html_text` (HTML
built by the dashboard, e.g. graph tooltips) before it is rendered.

>>> md("<b>Child *A*</b>")
'&lt;b&gt;Child \\\\*A\\\\*&lt;/b&gt;'
>>> html_text('<img src=x onerror="alert(1)">')
'&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
"""
from __future__ import annotations

import html
import re

# ASCII punctuation that Markdown or Streamlit's Markdown extensions give a meaning
# (emphasis, links, images, code, lists, tables, maths, ``:color[...]`` directives).
# ``&`` and ``;`` are left out: they appear in the HTML entities written for < > &.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:=^\"'])")


def html_text(text: str) -> str:
    """Escape ``text`` for HTML content or a quoted attribute value."""
    return html.escape(str(text), quote=True)


def md(text: str, paragraphs: bool = False) -> str:
    """Escape ``text`` for Streamlit Markdown: it shows as typed, nothing is interpreted.

    HTML special characters become entities (Markdown decodes them back to text) and
    Markdown punctuation is backslash-escaped. Each run of whitespace becomes one space,
    so indentation cannot start a code block; with ``paragraphs``, a run holding a blank
    line becomes a paragraph break instead.

    >>> md("1. [click](https://example.org)")
    '1\\\\. \\\\[click\\\\]\\\\(https\\\\://example\\\\.org\\\\)'
    >>> md("First.\\n\\n    Second.", paragraphs=True)
    'First\\\\.\\n\\n Second\\\\.'
    """
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(str(text), quote=False))
    if not paragraphs:
        return re.sub(r"\s+", " ", escaped)
    return "\n\n".join(re.sub(r"\s+", " ", p) for p in re.split(r"\n\s*\n", escaped))


def highlight(text: str, spans: list[tuple[int, int]], context: int | None = None,
              paragraphs: bool = False) -> str:
    """Escaped Markdown of ``text`` with the character ranges ``spans`` highlighted.

    With ``context``, only a window of that many characters around the spans is kept,
    marked with ellipses where text was cut. Overlapping spans are merged. ``paragraphs``
    keeps the text's paragraph breaks outside the highlights (see :func:`md`).

    >>> highlight("The fictional <b>mother</b> was not seen.", [(14, 27)])
    'The fictional :orange-background[**&lt;b&gt;mother&lt;/b&gt;**] was not seen\\\\.'
    >>> highlight("Fictional: a long story. Then the quote. And more.", [(34, 39)], context=10)
    '… Then the :orange-background[**quote**]\\\\. And more…'
    """
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    lo, hi = 0, len(text)
    if context is not None and merged:
        lo, hi = max(0, merged[0][0] - context), min(len(text), merged[-1][1] + context)
    parts, pos = [], lo
    for start, end in merged:
        parts.append(md(text[pos:start], paragraphs))
        parts.append(f":orange-background[**{md(text[start:end].strip())}**]")
        pos = end
    parts.append(md(text[pos:hi], paragraphs))
    return (("…" if lo > 0 else "") + "".join(parts) + ("…" if hi < len(text) else "")).strip()


def quote_in_context(text: str, item: dict, context: int = 160) -> str:
    """Escaped Markdown of an evidence ``item`` (``{"text", "start", "end"}``) highlighted inside
    ``context`` characters of the document ``text`` around it; the quote alone if its offsets
    do not fit the text.

    >>> quote_in_context("Fictional: nobody asked who the man was.", {"text": "the man", "start": 28, "end": 35})
    'Fictional\\\\: nobody asked who :orange-background[**the man**] was\\\\.'
    """
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text or ""):
        return highlight(text, [(start, end)], context=context)
    return md(item.get("text") or "")
