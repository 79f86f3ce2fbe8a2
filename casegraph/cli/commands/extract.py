"""CLI commands: ``extract`` (coded facts with provenance from review documents) and ``evaluate``.

``extract`` reads each document (files, or folders found through ``loaders.discover``),
runs the extraction pipeline and writes one JSON record per input into ``--out`` (same
stem), or prints a readable summary. A file that cannot be read prints one line naming
it; the batch goes on and the exit code is 1. ``evaluate`` extracts the documents of a
corpus that have gold annotations and prints precision, recall and F1 per category and
metadata accuracy, as the reference scorer does.
"""
from __future__ import annotations

import json
from pathlib import Path

import typer

from casegraph.cli.commands.store import FormatOpt, Output
from casegraph.errors import CasegraphError
from casegraph.cli.record_text import record_text
from casegraph.loaders.discover import discover
from casegraph.loaders.evaluate import evaluate as run_evaluation
from casegraph.loaders.evaluate import summary
from casegraph.loaders.extract import extract_file

def _write(target: Path, record: dict) -> None:
    try:
        target.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as e:
        raise CasegraphError(f"the record cannot be written ({e.strerror or e})", target) from None


def extract(
    paths: list[Path] = typer.Argument(..., help="Review documents, or folders of them."),
    output: Output = FormatOpt,
    out: Path = typer.Option(None, "--out", help="Folder for the JSON records (one per input, same stem)."),
) -> None:
    """Extract coded facts, each with the exact text it rests on, from review documents."""
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise CasegraphError(f"the output folder cannot be created ({e.strerror or e})", out) from None
    failed = done = 0
    for found in discover(paths):
        try:
            if isinstance(found, Exception):
                raise found
            record = extract_file(found)
            if out is not None:
                target = out / f"{found.stem}.json"
                _write(target, record)
        except CasegraphError as e:
            failed += 1
            typer.echo(f"casegraph: error: {e.message}", err=True)
            continue
        done += 1
        if out is not None:
            if output is Output.text:
                typer.echo(f"{found} -> {target}")
        elif output is Output.json:
            typer.echo(json.dumps(record, ensure_ascii=False))
        else:
            typer.echo(record_text(record) + "\n")
    if out is not None:
        typer.echo(f"extracted {done} document(s) into {out}" + (f"; {failed} failed" if failed else ""))
    if failed or not done:
        if not failed:
            typer.echo("casegraph: error: no review documents found", err=True)
        raise typer.Exit(1)


def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Folder of gold annotations (one .yaml per document)."),
    corpus: Path = typer.Option(..., "--corpus", help="Folder of the review documents (searched recursively)."),
    output: Output = FormatOpt,
) -> None:
    """Score extraction against gold annotations: precision, recall and F1 per category, metadata accuracy."""
    if not corpus.is_dir():
        raise CasegraphError("the corpus folder does not exist or is not a folder", corpus)
    result = run_evaluation(gold, corpus)
    for line in result["errors"]:
        typer.echo(f"casegraph: error: {line}", err=True)
    if output is Output.json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        typer.echo(summary(result))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("extract")(extract)
    app.command("evaluate")(evaluate)
