"""A case-study pack as Markdown (the layout of :mod:`graph.casestudy.layout`).

Text from documents is escaped with :func:`graph.escaping.md`, so nothing in it is read as
Markdown or HTML (a title like ``<b>*A*</b>`` shows as typed), in a Markdown viewer and in the
dashboard's preview alike.

>>> from casegraph.graph.casestudy.layout import Block, Run
>>> print(render_blocks([Block("heading", (Run("Child *A* <b>"),), 1),
...                      Block("quote", (Run("the man "), Run("was not seen", bold=True)))]))
## Child \\*A\\* &lt;b&gt;
<BLANKLINE>
> the man **was not seen**
<BLANKLINE>
"""
from __future__ import annotations

from casegraph.graph.escaping import md

from .layout import Block, Run, pack_blocks


def _run(run: Run) -> str:
    text = md(run.text)
    core = text.strip()
    if not core or not (run.bold or run.italic):
        return text
    mark = "**" if run.bold else "*"
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def _block(block: Block) -> str:
    text = "".join(_run(r) for r in block.runs).strip()
    return {"title": f"# {text}", "heading": f"{'#' * (block.level + 1)} {text}", "quote": f"> {text}",
            "bullet": f"- {text}", "numbered": f"{block.level}. {text}", "page_break": "---"}.get(block.kind, text)


def render_blocks(blocks: list[Block]) -> str:
    """Markdown of layout blocks, one paragraph each."""
    return "\n\n".join(_block(b) for b in blocks) + "\n"


def to_markdown(pack: dict) -> str:
    """The pack (:func:`graph.casestudy.pack.build_pack`) as a Markdown document."""
    return render_blocks(pack_blocks(pack))
