"""CLI commands for the graph store: ingest, reviews, show, delete, stats, export, validate, import."""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from casegraph.errors import CasegraphError
from casegraph.cli.record_text import record_text
from casegraph.graph import settings

STORE_HELP = "Store: embedded (LadybugDB in --data-dir) or neo4j (NEO4J_URI ...). Default: $CASEGRAPH_STORE or embedded."
DATA_DIR_HELP = "Folder of the embedded store. Default: $CASEGRAPH_DATA_DIR or ./casegraph-data."


class Output(str, Enum):
    text = "text"
    json = "json"


class ExportFormat(str, Enum):
    ttl = "ttl"
    jsonld = "jsonld"
    graphml = "graphml"
    csv = "csv"


StoreOpt = typer.Option(None, "--store", help=STORE_HELP)
DataDirOpt = typer.Option(None, "--data-dir", help=DATA_DIR_HELP)
FormatOpt = typer.Option(Output.text, "--format", help="Output as readable text or JSON.")


def _say(message: str) -> None:
    typer.echo(f"casegraph: {message}", err=True)


def open_cli_store(store: str | None, data_dir: Path | None):
    """The store chosen on the command line; a writer waiting for another process says so."""
    from casegraph.graph.stores import open_store
    name = settings.store_name(store)
    if name == "embedded":
        return open_store(name, data_dir=data_dir, on_wait=_say)
    return open_store(name)


def bring_up_to_date(s, console=None) -> None:
    """Recompute the pattern report and parallels for what is now stored (``graph.analytics.derived``), so
    that the next reader gets them at once; says so on the terminal, as it takes seconds on a large store."""
    from rich.console import Console
    from casegraph.graph.analytics import derived
    console = console or Console(stderr=True)
    with console.status("Bringing the pattern report and parallels up to date", spinner="dots"):
        derived.refresh(s)


def _echo_json(value) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


def ingest(paths: list[Path] = typer.Argument(..., help="Review documents, or folders of them."),
           store: str = StoreOpt, data_dir: Path = DataDirOpt,
           output: Output = FormatOpt,
           refresh: bool = typer.Option(False, "--refresh", help="Extract documents already stored again and "
                                        "replace their facts (after upgrading casegraph).")) -> None:
    """Read review documents, extract their facts and store them (fifty reviews per transaction; one at a time when the store refuses a batch)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from casegraph.graph.stores.ingest import ingest as ingest_paths, summary_counts

    console = Console(stderr=True)
    with open_cli_store(store, data_dir) as s:
        with Progress(TextColumn("Ingesting"), BarColumn(), MofNCompleteColumn(), console=console,
                      transient=True, disable=not console.is_terminal) as progress:
            task = progress.add_task("ingest", total=None)

            def advance(outcome, total):
                progress.update(task, total=total, advance=1)

            outcomes = ingest_paths(s, paths, on_outcome=advance, refresh=refresh)
        if any(o.status in ("ingested", "replaced") for o in outcomes):
            bring_up_to_date(s, console)
        where = s.location
    counts = summary_counts(outcomes)
    if output is Output.json:
        _echo_json({"store": where, "counts": counts, "files": [o._asdict() for o in outcomes]})
    else:
        typer.echo(", ".join(f"{n} {status}" for status, n in counts.items()) + f" (store: {where})")
        for o in outcomes:
            if o.status == "failed" or o.detail:
                typer.echo(f"  {o.status}: {o.source}: {o.detail}")
        if not outcomes:
            typer.echo("  no supported documents (.txt, .md, .html, .pdf, .docx) were found")
    if counts["failed"]:
        raise typer.Exit(1)


def reviews(store: str = StoreOpt, data_dir: Path = DataDirOpt, output: Output = FormatOpt) -> None:
    """List the stored reviews."""
    with open_cli_store(store, data_dir) as s:
        rows = s.list_reviews()
    if output is Output.json:
        _echo_json(rows)
        return
    if not rows:
        typer.echo("No reviews are stored yet: run `casegraph ingest FOLDER`.")
    for r in rows:
        typer.echo(f"{r['review_id']}\t{r.get('published') or '-'}\t{r.get('title') or ''}")


def show(review_id: str = typer.Argument(..., help="The review's id (see `casegraph reviews`)."),
         store: str = StoreOpt, data_dir: Path = DataDirOpt, output: Output = FormatOpt) -> None:
    """Show every stored fact of one review, with its evidence."""
    with open_cli_store(store, data_dir) as s:
        record = s.review(review_id)
    if record is None:
        raise CasegraphError(f"no review {review_id!r} is stored (see `casegraph reviews`)")
    if output is Output.json:
        _echo_json(record)
        return
    typer.echo(record_text(record, all_evidence=True))


def delete(review_id: str = typer.Argument(..., help="The review's id (see `casegraph reviews`)."),
           store: str = StoreOpt, data_dir: Path = DataDirOpt) -> None:
    """Delete one review and its facts (shared concepts, partnerships and areas stay)."""
    with open_cli_store(store, data_dir) as s:
        if not s.delete_review(review_id):
            raise CasegraphError(f"no review {review_id!r} is stored (see `casegraph reviews`)")
        bring_up_to_date(s)
    typer.echo(f"Deleted review {review_id}.")


def stats(store: str = StoreOpt, data_dir: Path = DataDirOpt, output: Output = FormatOpt) -> None:
    """Count the stored nodes and relationships by type."""
    with open_cli_store(store, data_dir) as s:
        counts = s.counts()
    if output is Output.json:
        _echo_json(counts)
        return
    for section, values in (("Nodes", counts["nodes"]), ("Relationships", counts["relationships"])):
        typer.echo(f"{section}: {sum(values.values())}")
        for name, n in values.items():
            typer.echo(f"  {name:<28}{n:>8}")


def export(fmt: ExportFormat = typer.Option(..., "--format", help="ttl, jsonld (RDF), graphml or csv."),
           out: Path = typer.Option(..., "--out", help="File to write (a folder for csv: nodes.csv, edges.csv)."),
           store: str = StoreOpt, data_dir: Path = DataDirOpt) -> None:
    """Export the whole stored graph: RDF under the ontology's IRIs, GraphML (Gephi) or CSV."""
    from casegraph.graph.export import export_graph
    with open_cli_store(store, data_dir) as s:
        g = s.graph()
    written = export_graph(g, fmt.value, out)
    typer.echo(f"Exported {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships to "
               + ", ".join(str(p) for p in written))


def validate(path: Path = typer.Argument(None, help="A Turtle/JSON-LD export to check (default: the store)."),
             store: str = StoreOpt, data_dir: Path = DataDirOpt) -> None:
    """Check the stored graph (or an exported RDF file) against the ontology's SHACL shapes."""
    from casegraph.graph import rdf
    if path is None:
        with open_cli_store(store, data_dir) as s:
            data, what = rdf.to_rdf(s.graph()), f"the store ({s.location})"
    else:
        data, what = rdf.read_rdf(path), str(path)
    conforms, report = rdf.validate(data)
    if not conforms:
        raise CasegraphError(f"{what} does not conform to the casegraph shapes: {rdf.report_summary(report)}")
    typer.echo(f"Valid: {what} conforms to the casegraph shapes ({len(data)} triples).")


def import_(path: Path = typer.Argument(..., help="A Turtle (.ttl) or JSON-LD (.jsonld) export."),
            store: str = StoreOpt, data_dir: Path = DataDirOpt) -> None:
    """Import an RDF export into a store (it is checked against the SHACL shapes first)."""
    from casegraph.graph import rdf
    try:
        g = rdf.load(path)
    except CasegraphError as e:
        raise CasegraphError(f"not imported: {e.reason}", e.path) from e
    with open_cli_store(store, data_dir) as s:
        done = rdf.import_graph(s, g)
        bring_up_to_date(s)
        where = s.location
    typer.echo(f"Imported {path} into {where}: " + (", ".join(f"{n} {k}" for k, n in sorted(done.items()))
                                                   or "no reviews"))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    for command in (ingest, reviews, show, delete, stats, export, validate):
        app.command()(command)
    app.command("import")(import_)
