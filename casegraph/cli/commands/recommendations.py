"""CLI command ``recommendations``: the recommendation register of the stored reviews.

It reads the register the chosen store (``--store``/``--data-dir``, like the other store commands)
keeps for its current state (:func:`graph.analytics.derived.register`, computed from the light graph
if nothing kept it) and prints :mod:`graph.analytics.register` grouped ("Asked 3 times since
2015"), as JSON, or writes it as CSV for a spreadsheet.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import typer

from casegraph import ontology
from casegraph.cli.commands.store import DataDirOpt, FormatOpt, Output, StoreOpt, open_cli_store
from casegraph.errors import CasegraphError


def _wrapped(text: str) -> str:
    return textwrap.fill(f"\"{' '.join(text.split())}\"", 100, initial_indent="      ", subsequent_indent="       ")


def _print_groups(found: list[dict], total: int) -> None:
    """Each group as "Asked N times since YEAR", its ask, then each review that made it (its own
    words where they differ)."""
    from casegraph.graph.analytics.register import asked
    if not found:
        typer.echo("No recommendation matches: try fewer filters." if total else
                   "The stored reviews hold no recommendations.")
        return
    reviews = len({r["review_id"] for g in found for r in g["members"]})
    shown = sum(len(g["members"]) for g in found)
    typer.echo(f"{shown} of {total} recommendation(s), from {reviews} review(s), in {len(found)} group(s); "
               f"{sum(g['asked'] >= 2 for g in found)} group(s) asked by more than one review.")
    for g in found:
        typer.echo(f"\n{asked(g['asked'], g['since'])} (group {g['group']}):")
        typer.echo(_wrapped(g["example"]))
        for r in g["members"]:
            number = f", recommendation {r['number']}" if r["number"] else ""
            to = f", to {r['addressee']}" if r["addressee"] else ""
            typer.echo(f"  - {r['title'] or r['review_id']} ({r['review_id']}; "
                       f"{r['published'] or 'date not stated'}){number}{to}")
            if r["text"] != g["example"]:
                typer.echo(_wrapped(r["text"]))
            if r["themes"]:
                typer.echo("      Themes: " + "; ".join(ontology.label(c) for c in r["themes"]))


def recommendations(
    theme: list[str] = typer.Option(None, "--theme", help="Only recommendations about this practice theme "
                                    "(a code, a label or words of one; repeat for any of several)."),
    addressee: str = typer.Option(None, "--addressee", help="Only recommendations addressed to someone whose "
                                  "name contains these words (e.g. 'board')."),
    review: list[str] = typer.Option(None, "--review", help="Only recommendations of this review id "
                                     "(see 'casegraph reviews'; repeat for several)."),
    since: int = typer.Option(None, "--since", help="Only reviews published in this year or later."),
    until: int = typer.Option(None, "--until", help="Only reviews published in this year or earlier."),
    repeated: bool = typer.Option(False, "--repeated", help="Only recommendations that two or more reviews made."),
    threshold: float = typer.Option(None, "--threshold", min=0.0, max=1.0,
                                    help="How alike (0-1) two reviews' recommendations must be to count as "
                                         "the same ask (default 0.25, as 'casegraph patterns')."),
    csv_file: Path = typer.Option(None, "--csv", help="Write the recommendations shown to this CSV file "
                             "(for a spreadsheet) instead of listing them."),
    format: Output = FormatOpt, store: str = StoreOpt, data_dir: Path = DataDirOpt,
) -> None:
    """List every stored recommendation, grouped with the same ask made by other reviews
    ("Asked 3 times since 2015"), filtered by theme, addressee, review or year."""
    from casegraph.graph.analytics.recurring import DEFAULT_THRESHOLD
    from casegraph.graph.analytics import derived
    from casegraph.graph.analytics.register import filter_register, groups, register_csv
    with open_cli_store(store, data_dir) as s, s.reading():
        rows = derived.register(s, DEFAULT_THRESHOLD if threshold is None else threshold)
    shown = filter_register(rows, themes=theme or (), addressee=addressee, reviews=review or (),
                            since=since, until=until, repeated=repeated)
    if csv_file is not None:
        try:
            csv_file.write_bytes(register_csv(shown))
        except OSError as e:
            raise CasegraphError(f"could not write the CSV file: {e.strerror or e}", csv_file) from None
        typer.echo(f"Wrote {len(shown)} of {len(rows)} recommendation(s) to {csv_file}")
    elif format is Output.json:
        typer.echo(json.dumps(groups(shown), indent=2, ensure_ascii=False))
    else:
        _print_groups(groups(shown), len(rows))


def register(app: typer.Typer) -> None:
    """Add this module's command to the app."""
    app.command()(recommendations)
