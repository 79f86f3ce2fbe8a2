"""CLI command ``search``: reviews by words, phrases and codes, with the passages that matched."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from casegraph import ontology
from casegraph.errors import CasegraphError
from casegraph.cli.commands.store import DataDirOpt, FormatOpt, Output, StoreOpt, open_cli_store


def _marked(passage: dict) -> str:
    """The passage as text with the matched words in [brackets] (offsets are into the document)."""
    text, out, pos, base = passage["text"], [], 0, passage["start"]
    for start, end in passage["marks"]:
        out += [text[pos:start - base], "[", text[start - base:end - base], "]"]
        pos = end - base
    return " ".join(("".join(out) + text[pos:]).split())


def _searched(query, codes, since, until, review_type, partnership) -> str:
    words = [repr(query)]
    words += [f"with {ontology.label(c)} ({c})" for c in codes]
    words += [f"from {since}"] * bool(since) + [f"until {until}"] * bool(until)
    words += [f"of kind {review_type}"] * bool(review_type) + [f"by a partnership like {partnership!r}"] * bool(partnership)
    return " ".join(words)


def search(query: str = typer.Argument(..., help='Words, "phrases", AND OR NOT, prefix*, (brackets).'),
           code: list[str] = typer.Option([], "--code", help="Keep only reviews carrying this finding (a code; repeatable)."),
           since: int = typer.Option(None, "--since", help="Published in or after this year."),
           until: int = typer.Option(None, "--until", help="Published in or before this year."),
           review_type: str = typer.Option(None, "--type", help="Kind of document (an RT_ code)."),
           partnership: str = typer.Option(None, "--partnership", help="Partnership name (or part of it)."),
           top: int = typer.Option(10, "--top", min=1, help="How many reviews to list."),
           format: Output = FormatOpt, store: str = StoreOpt, data_dir: Path = DataDirOpt) -> None:
    """Find reviews by words and phrases, ranked by relevance, with the passages that matched."""
    from casegraph.graph.search import search as run_search
    for c in code + ([review_type] if review_type else []):
        try:
            ontology.concept(c)
        except KeyError:
            raise CasegraphError(f"unknown code {c!r}: see the codebook for the codes of findings") from None
    with open_cli_store(store, data_dir) as s:
        hits = run_search(s, query, codes=code, since=since, until=until, review_type=review_type,
                          partnership=partnership, top=top)
    if format is Output.json:
        typer.echo(json.dumps({"query": query, "results": hits}, ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo(f"No review matches {_searched(query, code, since, until, review_type, partnership)}: "
                   "try fewer words, OR between them, a prefix (neglect*) or fewer filters.")
        return
    for n, h in enumerate(hits, start=1):
        typer.echo(f"{n}. {h['title'] or h['review_id']} ({h['review_id']}; score {h['score']:g})")
        for p in h["passages"]:
            typer.echo(f"   [{p['section'] or 'start'}, characters {p['start']}-{p['end']}] {_marked(p)}")


def register(app: typer.Typer) -> None:
    """Add this module's command to the app."""
    app.command()(search)
