"""Render a synthetic document (title lines and sections) as plain text, Markdown or HTML.

A document is ``preamble`` (lines before the first heading) and a list of
:class:`Section`; a section holds blocks: ``("p", text)``, ``("ul", items)`` or
``("ol", items)``.

>>> doc = [Section("Background", 1, [("p", "Fictional text.")])]
>>> render(["Title"], doc, "md")
'# Title\\n\\n## Background\\n\\nFictional text.\\n'
"""
from __future__ import annotations

from html import escape
from typing import NamedTuple

FORMATS = ("txt", "md", "html")


class Section(NamedTuple):
    title: str
    level: int          # 1 section, 2 subsection
    blocks: list        # [("p", str) | ("ul", [str]) | ("ol", [str])]


def _txt(preamble: list[str], sections: list[Section]) -> str:
    out = ["\n".join(preamble), ""]
    for s in sections:
        out += [s.title, ""]
        for kind, body in s.blocks:
            if kind == "p":
                out += [body, ""]
            else:
                out += [f"{i}. {x}" if kind == "ol" else f"\u2022 {x}" for i, x in enumerate(body, 1)] + [""]
    return "\n".join(out)


def _md(preamble: list[str], sections: list[Section]) -> str:
    out = [f"# {preamble[0]}", "", *(f"{line}  " for line in preamble[1:])]
    if len(preamble) > 1:
        out.append("")
    for s in sections:
        out += [f"{'#' * (s.level + 1)} {s.title}", ""]
        for kind, body in s.blocks:
            if kind == "p":
                out += [body, ""]
            else:
                out += [f"{i}. {x}" if kind == "ol" else f"- {x}" for i, x in enumerate(body, 1)] + [""]
    return "\n".join(out)


def _html(preamble: list[str], sections: list[Section]) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(preamble[0])}</title></head><body>", f"<h1>{escape(preamble[0])}</h1>"]
    out += [f"<p>{escape(line)}</p>" for line in preamble[1:]]
    for s in sections:
        out.append(f"<h{s.level + 1}>{escape(s.title)}</h{s.level + 1}>")
        for kind, body in s.blocks:
            if kind == "p":
                out.append(f"<p>{escape(body)}</p>")
            else:
                out.append(f"<{kind}>" + "".join(f"<li>{escape(x)}</li>" for x in body) + f"</{kind}>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


_RENDERERS = {"txt": _txt, "md": _md, "html": _html}


def render(preamble: list[str], sections: list[Section], fmt: str) -> str:
    """The document as text in ``fmt`` (one of :data:`FORMATS`)."""
    return _RENDERERS[fmt](preamble, sections)
