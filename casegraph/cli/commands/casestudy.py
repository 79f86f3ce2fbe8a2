"""CLI command ``casestudy``: a case-study pack for trainers, written as Word (.docx) or Markdown (.md).

The reviews are read from the chosen store (``--store``/``--data-dir``, opened with
``casegraph.cli.commands.store.open_cli_store``): every review without its text and quotes to choose
and compare (:mod:`graph.analytics.stored`), then the quotes of the reviews the pack may use.
"""
from __future__ import annotations

from pathlib import Path

import typer

from casegraph.cli.commands.store import DataDirOpt, StoreOpt, open_cli_store


def casestudy(
    codes: str = typer.Option(None, "--codes", help="The theme: concept codes or labels, joined by commas "
                              "(e.g. RF_HIDDEN_MEN,PT_FATHERS_AND_MEN). Reviews carrying all of them are chosen."),
    reviews: str = typer.Option(None, "--reviews", help="Ids of stored reviews to include, joined by commas "
                                "(see 'casegraph reviews')."),
    max_reviews: int = typer.Option(None, "--max-reviews", min=1, help="Most reviews chosen by the theme "
                                    "(those with the most quotes for it; default 6); named reviews are always "
                                    "included."),
    out: Path = typer.Option(..., "--out", help="The pack to write: a .docx (Word) or .md (Markdown) file."),
    force: bool = typer.Option(False, "--force", help="Replace the --out file if it exists."),
    store: str = StoreOpt, data_dir: Path = DataDirOpt,
) -> None:
    """Assemble a case-study pack for training: the chosen reviews one by one (facts with quotes,
    lessons, recommendations, source), what they share, and questions to discuss."""
    from casegraph.graph import casestudy as cs
    from casegraph.graph.analytics import derived
    from casegraph.graph.casestudy.files import check_target
    check_target(out, force)
    theme = cs.parse_theme(codes or "")
    named = list(dict.fromkeys(r.strip() for r in (reviews or "").split(",") if r.strip()))
    with open_cli_store(store, data_dir) as s, s.reading():
        pack = cs.pack_for(derived.similarity_index(s), lambda ids: s.graph(review_ids=ids, documents=False),
                           theme, named, cs.DEFAULT_MAX_REVIEWS if max_reviews is None else max_reviews)
    cs.write_pack(pack, out, force)
    typer.echo(f"Wrote a case-study pack of {len(pack['reviews'])} review(s) to {out}. "
               f"{pack['selection']['note']}")


def register(app: typer.Typer) -> None:
    """Add this module's command to the app."""
    app.command()(casestudy)
