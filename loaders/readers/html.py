"""Reader for web pages (``.html``, ``.htm``): visible text with block structure kept as lines."""
from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction
from bs4 import XMLParsedAsHTMLWarning

from loaders.readers.decoding import decode_bytes

DROPPED_TAGS = ("script", "style", "noscript", "template", "nav", "form", "button", "select", "svg", "iframe",
                "object", "embed", "canvas", "head")
BLOCK_TAGS = ("address", "article", "aside", "caption", "dd", "div", "dt", "fieldset", "figcaption", "footer",
              "header", "hr", "main", "section", "tbody", "thead", "tfoot", "tr")
PARAGRAPH_TAGS = ("p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "figure")
_LINE = "\ue000"   # private-use marks that survive whitespace collapsing
_PARAGRAPH = "\ue001"
_CELL = "\ue002"
_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"[ \ue000\ue001]*\ue001[ \ue000\ue001]*")
_LINE_BREAK = re.compile(r" ?\ue000[ \ue000]*")


def read_html(data: bytes, source: str) -> str:
    """The visible text of a web page, one line per paragraph, heading, list item or table row.

    >>> html = b"<h1>Key Learning</h1><script>alert(1)</script><ul><li>Be curious</li></ul>"
    >>> read_html(html, "x.html").split()
    ['Key', 'Learning', '-', 'Be', 'curious']
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(decode_bytes(data), "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Declaration, Doctype, ProcessingInstruction))):
        node.extract()
    for pre in soup.find_all("pre"):
        for string in pre.find_all(string=True):
            string.replace_with(string.replace("\n", _LINE))
    for br in soup.find_all("br"):
        br.replace_with(_LINE)
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before(_LINE)
        tag.insert_after(_LINE)
    for tag in soup.find_all(PARAGRAPH_TAGS):
        tag.insert_before(_PARAGRAPH)
        tag.insert_after(_PARAGRAPH)
    for tag in soup.find_all("li"):
        tag.insert_before(_LINE + "- ")
    for tag in soup.find_all(("td", "th")):
        tag.insert_after(_CELL)
    body = _LINE_BREAK.sub("\n", _PARAGRAPH_BREAK.sub("\n\n", _WHITESPACE.sub(" ", soup.get_text())))
    lines = [" | ".join(c.strip() for c in line.split(_CELL) if c.strip()) for line in body.split("\n")]
    text = "\n".join(lines).strip()
    return text if not title or text.startswith(title) else f"{title}\n\n{text}"
