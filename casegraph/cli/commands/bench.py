"""CLI commands ``synth`` (a fictional corpus for testing at scale) and ``bench`` (the benchmarks)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import typer

from casegraph.errors import CasegraphError


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        raise CasegraphError(f"--sizes must be whole numbers separated by commas, e.g. 100,1000 (got {text!r})")
    if not sizes or min(sizes) < 1:
        raise CasegraphError(f"--sizes needs at least one size of 1 or more (got {text!r})")
    return sizes


def synth(
    n: int = typer.Option(100, "--n", min=1, help="How many reviews to write."),
    seed: int = typer.Option(0, "--seed", help="Same seed, same files."),
    out: Path = typer.Option(..., "--out", help="Folder to write into (created if needed)."),
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", min=1, help="Processes to write with."),
) -> None:
    """Write N fictional reviews (.txt, .md, .html) and, beside each, <name>.codes.json: the codes it truly carries."""
    from casegraph.bench.synth import write_corpus

    if out.exists() and not out.is_dir():
        raise CasegraphError("is a file, not a folder; give --out a folder", out)
    start = time.perf_counter()
    try:
        count, size = write_corpus(out, n, seed, workers)
    except OSError as e:
        raise CasegraphError(f"could not write the corpus there ({e.strerror or e})", out) from None
    seconds = time.perf_counter() - start
    typer.echo(f"wrote {count} fictional reviews ({size / 1e6:.1f} MB) to {out} in {seconds:.1f} s")


def bench(
    sizes: str = typer.Option("100,1000,10000", "--sizes", help="Corpus sizes to measure, comma-separated."),
    quick: bool = typer.Option(False, "--quick", help="Smaller samples (for a smoke run): fewer queries, "
                                                     "dashboard measured at the largest size instead of 2,000."),
    seed: int = typer.Option(0, "--seed", help="Seed of the synthetic corpus."),
    work: Path = typer.Option(None, "--work", help="Folder for corpora and stores (default: a temporary folder)."),
    results: Path = typer.Option(Path("bench/results"), "--results", help="Folder for <date>.json."),
    report: Path = typer.Option(Path("BENCHMARKS.md"), "--report", help="Markdown file whose results table is "
                                                                      "rewritten ('-' for none)."),
) -> None:
    """Measure extraction, ingest, similar-case search, patterns, parallels and the dashboard on synthetic corpora."""
    from casegraph.bench.runner import run_benchmarks

    path = run_benchmarks(_sizes(sizes), quick=quick, seed=seed, work=work, results_dir=results,
                          report=None if str(report) == "-" else report, echo=typer.echo)
    typer.echo(f"results written to {path}")


def register(app: typer.Typer) -> None:
    """Add ``synth`` and ``bench`` to the app."""
    app.command("synth")(synth)
    app.command("bench")(bench)
