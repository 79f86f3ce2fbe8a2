"""Reader for web pages (``.html``, ``.htm``): visible text with block structure kept as lines.

Headings ``<h1>`` to ``<h6>`` are written as Markdown headings (``## Key Learning``) so that
the outline knows them and their levels.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml.etree import ParserError

from casegraph.errors import DocumentError
from casegraph.loaders.readers.decoding import decode_bytes

DROPPED_TAGS = ("script", "style", "noscript", "template", "nav", "form", "button", "select", "svg", "iframe",
                "object", "embed", "canvas", "head")
BLOCK_TAGS = ("address", "article", "aside", "caption", "dd", "div", "dt", "fieldset", "figcaption", "footer",
              "header", "hr", "main", "section", "tbody", "thead", "tfoot", "tr")
PARAGRAPH_TAGS = ("p", "pre", "ul", "ol", "dl", "table", "blockquote", "figure")
_LINE = "\ue000"   # private-use marks that survive whitespace collapsing
_PARAGRAPH = "\ue001"
_CELL = "\ue002"
_WHITESPACE = re.compile(r"\s+")
_BREAKS = re.compile(r"[ \ue000\ue001]+")
_MARKS = {**{tag: (_LINE, _LINE) for tag in BLOCK_TAGS}, **{tag: (_PARAGRAPH, _PARAGRAPH) for tag in PARAGRAPH_TAGS},
          **{f"h{n}": (_PARAGRAPH + "#" * n + " ", _PARAGRAPH) for n in range(1, 7)},
          "br": (_LINE, ""), "li": (_LINE + "- ", ""), "td": ("", _CELL), "th": ("", _CELL)}


def _pieces(root) -> Iterator[str]:
    """The page's visible strings and line/cell marks, in order, walking the tree without recursion.

    Whitespace inside strings is collapsed except within ``<pre>``.
    """
    stack: list = [(root, True)]
    in_pre = 0

    def visible(string: str | None) -> str:
        if not string:
            return ""
        return string.replace("\n", _LINE) if in_pre else _WHITESPACE.sub(" ", string)

    while stack:
        element, opening = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment or processing instruction
        if tag is None or tag in DROPPED_TAGS:
            yield visible(element.tail)
        elif opening:
            in_pre += tag == "pre"
            yield _MARKS.get(tag, ("", ""))[0]
            yield visible(element.text)
            stack.append((element, False))
            stack.extend((child, True) for child in reversed(element))
        else:
            yield _MARKS.get(tag, ("", ""))[1]
            in_pre -= tag == "pre"
            yield visible(element.tail)


def _break(run: re.Match) -> str:
    """A run of spaces and marks as text: a blank line, a line break or a space."""
    marks = run.group()
    return "\n\n" if _PARAGRAPH in marks else "\n" if _LINE in marks else " "


def read_html(data: bytes, source: str) -> str:
    """The visible text of a web page, one line per paragraph, heading, list item or table row.

    >>> html = b"<h1>Key Learning</h1><script>alert(1)</script><ul><li>Be curious</li></ul>"
    >>> read_html(html, "x.html").split()
    ['#', 'Key', 'Learning', '-', 'Be', 'curious']
    """
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(decode_bytes(data).encode("utf-8"), parser=parser)
    except ParserError:  # nothing but whitespace or comments
        return ""
    fatal = [e.message for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:  # the parser stopped early: the rest of the page would be lost
        raise DocumentError(f"the web page could not be read to the end ({fatal[0]})", source)
    title_element = root.find(".//title")
    title = " ".join(title_element.text_content().split()) if title_element is not None else ""
    body = _BREAKS.sub(_break, "".join(_pieces(root)))
    lines = [" | ".join(c.strip() for c in line.split(_CELL) if c.strip()) for line in body.split("\n")]
    text = "\n".join(lines).strip()
    return text if not title or text.lstrip("# ").startswith(title) else f"{title}\n\n{text}"
