"""CLI commands: ``similar``, ``parallels``, ``patterns`` (analytics over the stored graph).

Each reads the chosen store (``--store``/``--data-dir``, opened with
``casegraph.cli.commands.store.open_cli_store`` like the store commands) the way
:mod:`graph.analytics.stored` does: without the documents' text and without the quotes,
except those an explanation shows (and, for the patterns, the quotes naming agencies).
"""
from __future__ import annotations

import json
from pathlib import Path

import typer

from casegraph import ontology
from casegraph.cli.commands.store import DataDirOpt, FormatOpt, Output, StoreOpt, open_cli_store
from casegraph.errors import CasegraphError

QUOTE_CHARS = 320


def _echo_json(value) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


def _short(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "…"


def _print_matches(title: str, matches: list[dict]) -> None:
    typer.echo(title)
    if not matches:
        typer.echo("  No other reviews to compare with.")
    for rank, m in enumerate(matches, 1):
        marker = "  [says it drew parallels with earlier reviews]" if m["drew_parallels"] else ""
        typer.echo(f"\n{rank}. {m['review_id']}: {m['title']}{marker}")
        typer.echo(f"   similarity {m['score']:.2f} (shared findings {m['concept_score']:.2f}, "
                   f"lessons and recommendations wording {m['text_score']:.2f})")
        if not m["shared"]:
            typer.echo("   No finding in common that carries weight.")
        for s in m["shared"]:
            typer.echo(f"   - {s['label']} ({s['scheme'].replace('_', ' ')}; weight {s['weight']:.2f}, "
                       f"adds {s['points']:.2f}, {s['contribution']:.0%} of the similarity)")
            for side, who in (("query", "this review"), ("match", "that review")):
                for q in s["quotes"][side][:1]:
                    typer.echo(f"       {who}: \"{_short(q.get('context') or q['text'])}\"")
        if m["shared_words"]:
            typer.echo(f"   Words their lessons share: {', '.join(m['shared_words'])}")


def similar(
    review_id: str = typer.Argument(None, help="Id of a stored review (see 'casegraph reviews')."),
    file: Path = typer.Option(None, "--file", help="A draft review to compare instead; it is read, not stored."),
    top: int = typer.Option(5, "--top", min=1, help="How many similar reviews to show."),
    format: Output = FormatOpt, store: str = StoreOpt, data_dir: Path = DataDirOpt,
) -> None:
    """Show the stored reviews most similar to a review or a draft, and why."""
    from casegraph.graph.analytics import derived, stored
    if (review_id is None) == (file is None):
        raise CasegraphError("give either a REVIEW_ID or --file DRAFT, not both or neither")
    draft = None
    if file is not None:
        from casegraph.graph.mapping import record_to_graph
        from casegraph.loaders import extract_file
        draft = record_to_graph(extract_file(file))
    with open_cli_store(store, data_dir) as s, s.reading():
        index = derived.similarity_index(s)
        if draft is not None:
            matches = stored.similar_to_draft(s, index, draft, top=top)
            title = f"Stored reviews most similar to the draft {file} (not stored):"
        else:
            matches = stored.similar(s, index, review_id, top=top)
            title = f"Reviews most similar to {review_id}: {index.titles[review_id]}"
    if format is Output.json:
        _echo_json(matches)
    else:
        _print_matches(title, matches)


def parallels(
    threshold: float = typer.Option(None, "--threshold", min=0.0, max=1.0,
                                    help="Lowest similarity (0-1) for a parallel (default 0.3)."),
    per_review: int = typer.Option(None, "--per-review", min=1,
                                   help="Keep a pair only if it is among either review's N closest (default 5)."),
    min_shared: int = typer.Option(None, "--min-shared", min=0,
                                   help="Keep a pair only if it shares at least N findings that carry weight "
                                        "(default 3)."),
    format: Output = FormatOpt, store: str = StoreOpt, data_dir: Path = DataDirOpt,
) -> None:
    """List pairs of separate reviews that are similar enough to read together (each review's
    closest), and store them as parallel links in the graph (replacing earlier ones)."""
    from casegraph.graph.analytics import derived
    from casegraph.graph.analytics.parallels import DEFAULT_MIN_SHARED, DEFAULT_PER_REVIEW, DEFAULT_THRESHOLD
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    per_review = DEFAULT_PER_REVIEW if per_review is None else per_review
    min_shared = DEFAULT_MIN_SHARED if min_shared is None else min_shared
    with open_cli_store(store, data_dir) as s:
        pairs, written = derived.stored_parallels(s, threshold, per_review, min_shared)
    if format is Output.json:
        _echo_json({"threshold": threshold, "stored": written, "pairs": pairs})
        return
    typer.echo(f"{len(pairs)} parallel(s) at similarity {threshold:.2f} or more; {written} stored in the graph.")
    for p in pairs:
        marks = "".join(f"  [{r} says it drew parallels]" for r in p["drew_parallels"])
        typer.echo(f"\n{p['score']:.2f}  {p['a']}  <->  {p['b']}{marks}")
        if p["shared"]:
            more = f"; and {len(p['shared']) - 6} more" if len(p["shared"]) > 6 else ""
            typer.echo("      shared: " + "; ".join(ontology.label(c) for c in p["shared"][:6]) + more)


def _print_patterns(report: dict) -> None:
    n = report["reviews"]
    typer.echo(f"Patterns across {n} review(s)\n\n(a) How often each finding occurs (share of reviews here; "
               "national figures with what they count)")
    scheme = None
    for r in report["prevalence"]:
        if r["scheme"] != scheme:
            scheme = r["scheme"]
            typer.echo(f"  {ontology.scheme(scheme).label}")
        typer.echo(f"  {r['share']:6.0%} ({r['reviews']}/{n})  {r['label']}")
        for f in r["national"]:
            about = "about " if f["approximate"] else ""
            typer.echo(f"           national: {about}{f['share']:.0%} of {f['population']}")
    typer.echo("\n(b) Findings that occur together more than chance (highest lift first)")
    if not report["cooccurrence"]:
        typer.echo("  None often enough to report.")
    for r in report["cooccurrence"]:
        typer.echo(f"  lift {r['lift']:.2f}  PMI {r['pmi']:.2f}  {r['count']} reviews ({r['support']:.0%}): "
                   f"{r['a_label']} + {r['b_label']}")
    for key, heading in (("recurring_lessons", "(c) Lessons that different reviews learned again"),
                         ("recommendations", "(d) Recommendations made again by different reviews")):
        typer.echo(f"\n{heading}")
        if not report[key]:
            typer.echo("  None found.")
        for c in report[key]:
            typer.echo(f"  {len(c['reviews'])} reviews, {c['size']} items, like: \"{_short(c['example'])}\"")
            typer.echo(f"    key words: {', '.join(c['terms'])}")
            for m in c["members"]:
                typer.echo(f"    - {m['review_id']}: \"{_short(m['text'])}\"")
    typer.echo("\n(e) Agency types linked to missed opportunities (named in the missed opportunity; "
               "involved in reviews with missed opportunities)")
    if not report["agency_involvement"]:
        typer.echo("  No missed opportunities recorded.")
    for r in report["agency_involvement"]:
        typer.echo(f"  named in {r['missed_opportunities']:3d}  involved in {r['reviews_involved']:3d} reviews  "
                   f"{r['label']}")


def patterns(
    min_count: int = typer.Option(2, "--min-count", min=1, help="Fewest reviews a co-occurring pair must share."),
    min_support: float = typer.Option(0.0, "--min-support", min=0.0, max=1.0,
                                      help="Smallest share of reviews a co-occurring pair must have."),
    text_threshold: float = typer.Option(None, "--text-threshold", min=0.0, max=1.0,
                                         help="How alike (0-1) two lessons or recommendations must be "
                                              "(default 0.25)."),
    format: Output = FormatOpt, store: str = StoreOpt, data_dir: Path = DataDirOpt,
) -> None:
    """Report recurring patterns: prevalence beside national figures, co-occurring findings,
    recurring lessons, repeated recommendations, agencies linked to missed opportunities."""
    from casegraph.graph.analytics import derived
    with open_cli_store(store, data_dir) as s:
        report = derived.pattern_report(s, min_count, min_support, text_threshold)
    if format is Output.json:
        _echo_json(report)
    else:
        _print_patterns(report)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(similar)
    app.command()(parallels)
    app.command()(patterns)
