"""Run the benchmarks for each corpus size and write the results.

Each size runs in a fresh process (so its peak memory is its own): write a
synthetic corpus, extract it (one process on a sample, then all cores on all
of it, records to JSON), ingest the records into an embedded store, then time
similar-case search, patterns and parallels on the stored graph. The dashboard
is timed on a store of :data:`DASHBOARD_REVIEWS` reviews. Results go to
``<results>/<YYYY-MM-DD>.json`` and, as a table, between the markers of the
report (BENCHMARKS.md).

>>> verdict(40.0, ">=", 50)
'missed'
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from casegraph import ontology
from casegraph.bench import measures, synth, vocabulary

DASHBOARD_REVIEWS = 10_000
TARGET_SCALE = 10_000  # the corpus size the similar, patterns and memory targets are set for
MARK_START, MARK_END = "<!-- results:start -->", "<!-- results:end -->"

# The targets of issues 7, 14, 16 and 17: (name, how to read it from the results, comparison, bound, unit).
TARGETS = (
    ("extraction, 20 k-character reviews, one core", ("per_document", "docs_per_s"), ">=", 20, "docs/s"),
    ("ingest into the embedded store at the largest size (answers brought up to date included)",
     ("largest", "ingest", "reviews_per_s"), ">=", 40, "reviews/s"),
    ("similar p95 (stored review, warm) at the largest size", ("largest", "similar_stored", "p95_ms"), "<", 50, "ms"),
    ("search p95 at the largest size", ("largest", "search", "p95_ms"), "<", 100, "ms"),
    ("`casegraph patterns` at the largest size (the kept report, the state checked)",
     ("largest", "kept", "patterns_seconds"), "<", 2, "s"),
    ("`casegraph parallels` at the largest size (the kept pairs, their links stored)",
     ("largest", "kept", "parallels_seconds"), "<", 2, "s"),
    ("peak RSS of any command at the largest size (each run on its own)", ("largest", "commands", "peak_rss_mb"),
     "<", 2048, "MB"),
    ("slowest dashboard page, first render", ("dashboard_slowest",), "<", 2, "s"),
)


def verdict(value, op: str, bound: float) -> str:
    """'met', 'missed' or 'not measured'."""
    if value is None:
        return "not measured"
    return "met" if (value >= bound if op == ">=" else value < bound) else "missed"


def _step(result: dict, name: str, fn: Callable, *args, **kwargs):
    """Run one measurement into ``result[name]``; a missing part or a failure is recorded, not raised."""
    try:
        value = fn(*args, **kwargs)
    except measures.Missing as e:
        result[name] = {"skipped": str(e)}
        return None
    except Exception as e:  # noqa: BLE001 - a broken part must not stop the other measurements
        result[name] = {"failed": f"{type(e).__name__}: {e}", "where": traceback.format_exc(limit=-3)}
        return None
    if value is not None:
        result[name] = value
    return value


def _open_embedded(data_dir: Path):
    return measures.need("casegraph.graph.stores", "open_store")("embedded", data_dir=data_dir)


def measure_size(n: int, seed: int, work: Path, quick: bool) -> dict:
    """Every measurement for a corpus of ``n`` reviews (runs in its own process)."""
    cores = os.cpu_count() or 1
    corpus, recs, data = work / f"corpus-{n}", work / f"records-{n}", work / f"store-{n}"
    for folder in (recs, data):
        shutil.rmtree(folder, ignore_errors=True)
    out: dict = {"n": n}
    _step(out, "synthesis", measures.synthesis, corpus, n, seed, cores)
    paths = measures.corpus_files(corpus)
    sample = paths[:min(n, 20 if quick else 300)]
    _step(out, "extraction_1", measures.extraction, sample, work / f"sample-{n}", 1)
    shutil.rmtree(work / f"sample-{n}", ignore_errors=True)
    if _step(out, "extraction_all", measures.extraction, paths, recs, cores) is None:
        out["peak_rss_mb"] = measures.peak_rss_mb()
        return out
    try:
        store = _open_embedded(data)
    except measures.Missing as e:
        out["ingest"] = {"skipped": str(e)}
        return out
    with store:
        # closed as `casegraph ingest` ends (its time counted): analytics then reads as its commands do
        if _step(out, "ingest", measures.ingest, store, measures.record_files(recs), True):
            out["ingest"]["store_mb"] = measures.folder_bytes(data) / 1e6
            out["ingest"]["peak_rss_mb"] = measures.peak_rss_mb()
            _step(out, "search_build", measures.search_build, measures.record_files(recs), work)
            _step(out, "analytics", _analytics, out, store, seed, 10 if quick else 50)
            _step(out, "commands", measures.command_peaks, data, user_commands(corpus, recs))
            _step(out, "neo4j", _neo4j, recs, seed, 10 if quick else 50)
    out["peak_rss_mb"] = max([measures.peak_rss_mb()] + [out[k]["peak_rss_mb"] for k in ("patterns", "parallels")
                                                        if "peak_rss_mb" in out.get(k, {})])
    return out


def _neo4j(recs: Path, seed: int, queries: int) -> dict:
    """The Neo4j store beside the embedded one: the same records ingested into the (emptied) server at
    ``$NEO4J_URI``, then the same analytics."""
    out: dict = {}
    with measures.neo4j_store() as store:
        if _step(out, "ingest", measures.ingest, store, measures.record_files(recs)):
            _analytics(out, store, seed, queries)
    return out


def _analytics(out: dict, store, seed: int, queries: int) -> None:
    """Time patterns (first: a command of its own, its child process starts from a parent that holds no
    graph yet), then read the stored graph as analytics does (``graph.analytics.stored``: without
    documents and quotes), build the similarity index, and time similar and parallels."""
    _step(out, "kept", measures.kept_answers, store)
    _step(out, "patterns", measures.patterns, store)
    g, out["graph_read_seconds"] = measures.timed(measures.need("casegraph.graph.analytics.stored", "light_graph"), store)
    index, out["index_build_seconds"] = measures.timed(measures.need("casegraph.graph.analytics", "build_index"), g)
    del g  # the index keeps what the queries need
    ids = random.Random(seed).sample(sorted(index.features), min(queries, len(index.features)))
    _step(out, "similar_stored", measures.similar_stored, store, index, ids)
    drafts = [synth.review(seed + 1, i, fmt="txt").text for i in range(queries)]
    _step(out, "similar_draft", measures.similar_draft, store, index, drafts)
    _step(out, "parallels", measures.parallels, index, store)
    _step(out, "search", measures.search_queries, store, search_queries(seed, queries))


def user_commands(corpus: Path, recs: Path) -> dict[str, list[str]]:
    """The commands whose peak memory is measured, as a user types them: an ingest of the corpus already
    stored (every document read and checked, the answers found up to date), and the reading commands."""
    review_id = json.loads(measures.record_files(recs)[0].read_text(encoding="utf-8"))["id"]
    return {"ingest": ["ingest", str(corpus)], "stats": ["stats"], "patterns": ["patterns", "--format", "json"],
            "parallels": ["parallels", "--format", "json"], "similar": ["similar", review_id],
            "search": ["search", "neglect* OR \"domestic abuse\""],
            "recommendations": ["recommendations", "--format", "json"]}


def search_queries(seed: int, n: int) -> list[str]:
    """``n`` search queries of the kinds users type: a concept phrase quoted, two words, a prefix."""
    phrases = sorted({p for s in ontology.schemes() for c in vocabulary.codes(s.key) for p in vocabulary.phrases(c)})
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.sample(phrases, 2)
        out.append([f'"{a}"', f"{a.split()[0]} {b.split()[0]}", f"{a.split()[0][:5]}* OR {b}"][i % 3])
    return out


def measure_dashboard(reviews: int, work: Path, seed: int) -> dict:
    """Dashboard page times on a store of the first ``reviews`` extracted records (extracting them if needed)."""
    out: dict = {"reviews": reviews}
    have = sorted((int(p.name.split("-")[1]) for p in work.glob("records-*") if p.name.split("-")[1].isdigit()),
                  reverse=True)
    source = next((work / f"records-{k}" for k in have if k >= reviews), None)
    if source is None:
        corpus = work / f"corpus-dash-{reviews}"
        measures.synthesis(corpus, reviews, seed, os.cpu_count() or 1)
        source = work / f"records-dash-{reviews}"
        if _step(out, "extraction", measures.extraction, measures.corpus_files(corpus), source,
                 os.cpu_count() or 1) is None:
            return out
    data = work / f"store-{reviews}"  # the store a size of the run left, if it measured this one
    if not (data / "derived").is_dir():
        data = work / f"store-dash-{reviews}"
        shutil.rmtree(data, ignore_errors=True)
        try:
            with _open_embedded(data) as store:
                _step(out, "ingest", measures.ingest, store, measures.record_files(source)[:reviews])
        except measures.Missing as e:
            return {**out, "pages": {"skipped": str(e)}}
    _step(out, "pages", measures.dashboard_pages, data)
    try:
        with measures.neo4j_store(keep_reviews=reviews) as store:  # the server keeps the last size's reviews
            if store.counts()["nodes"].get("Review", 0) != reviews:
                measures.empty_neo4j(store)
                _step(out, "neo4j_ingest", measures.ingest, store, measures.record_files(source)[:reviews])
    except measures.Missing as e:
        return {**out, "neo4j_pages": {"skipped": str(e)}}
    _step(out, "neo4j_pages", measures.dashboard_pages, data, 120, "neo4j")
    return out


def _in_process(fn: Callable, *args) -> dict:
    """Run ``fn(*args)`` in a fresh (non-daemonic, so it may start workers) process; its result."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def _lookup(results: dict, path: tuple):
    value = results
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value if isinstance(value, (int, float)) else None


def summarise(results: dict) -> dict:
    """Add the derived entries the targets read: the largest size and the slowest dashboard page."""
    sizes = results["sizes"]
    results["largest"] = sizes[max(sizes, key=int)] if sizes else {}
    for key, pages_key in (("dashboard_slowest", "pages"), ("dashboard_slowest_neo4j", "neo4j_pages")):
        pages = results.get("dashboard", {}).get(pages_key, {})
        times = [p["seconds"] for name, p in pages.items()
                 if name != "server_start" and isinstance(p, dict) and "seconds" in p]
        results[key] = max(times) if times else None
    largest = max(map(int, sizes)) if sizes else 0
    results["targets"] = []
    for name, path, op, bound, unit in TARGETS:
        value = _lookup(results, path)
        judged = verdict(value, op, bound)
        if path[0] == "largest":
            name = name.replace("the largest size", f"N = {largest:,}")
            if largest < TARGET_SCALE and judged != "not measured" and "ingest" not in path:
                judged += f" at {largest:,} (the target is for {TARGET_SCALE:,})"
        results["targets"].append({"target": name, "value": value, "op": op, "bound": bound, "unit": unit,
                                   "verdict": judged})
    return results


def run_benchmarks(sizes: list[int], quick: bool = False, seed: int = 0, work: Path | None = None,
                   results_dir: Path = Path("bench/results"), report: Path | None = Path("BENCHMARKS.md"),
                   echo: Callable[[str], None] = print) -> Path:
    """Measure every size, the per-document extraction time and the dashboard; write the results.

    Returns the path of the results JSON.
    """
    temporary = work is None
    work = Path(tempfile.mkdtemp(prefix="casegraph-bench-")) if temporary else Path(work)
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {"date": dt.date.today().isoformat(), "quick": quick, "seed": seed,
                     "machine": measures.machine(), "sizes": {}}
    try:
        _step(results, "per_document", measures.extraction_per_document, n=5 if quick else 50, seed=seed)
        echo(f"per-document extraction: {_brief(results['per_document'])}")
        for n in sizes:
            results["sizes"][str(n)] = _in_process(measure_size, n, seed, work, quick)
            echo(f"N={n}: {_brief(results['sizes'][str(n)])}")
        dash = max(sizes) if quick else DASHBOARD_REVIEWS
        results["dashboard"] = _in_process(measure_dashboard, dash, work, seed)
        echo(f"dashboard at {dash} reviews: {_brief(results['dashboard'].get('pages', {}))}")
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
    results["total_seconds"] = time.perf_counter() - started
    results["machine"]["load_average_after"] = os.getloadavg()[0]
    summarise(results)
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{results['date']}.json"
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if report is not None:
        write_report(report, results)
    return path


def _brief(d: dict) -> str:
    """A one-line summary of a result dict for the console."""
    parts = []
    for k, v in d.items():
        if isinstance(v, dict):
            inner = {x: y for x, y in v.items() if isinstance(y, (int, float, str)) and x != "where"}
            parts.append(f"{k} {', '.join(f'{x}={_fmt(y)}' for x, y in inner.items())}")
        elif isinstance(v, (int, float)):
            parts.append(f"{k}={_fmt(v)}")
    return "; ".join(parts)


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:.0f}"
    return str(v)


def _cell(d: dict, *path) -> str:
    value = d
    for key in path:
        if not isinstance(value, dict):
            return "-"
        if isinstance(value.get("skipped"), str):
            return "skipped"
        if isinstance(value.get("failed"), str):
            return "failed"
        value = value.get(key)
    return "-" if value is None else _fmt(value)


ROWS = (
    ("synthesis (docs/s, all cores)", ("synthesis", "docs_per_s")),
    ("corpus size (MB)", ("synthesis", "mb")),
    ("extraction, one process (docs/s)", ("extraction_1", "docs_per_s")),
    ("extraction, one process (MB/s)", ("extraction_1", "mb_per_s")),
    ("extraction, all cores (docs/s)", ("extraction_all", "docs_per_s")),
    ("extraction, all cores (MB/s)", ("extraction_all", "mb_per_s")),
    ("ingest, embedded store (reviews/s)", ("ingest", "reviews_per_s")),
    ("reviews the store refused (failed ingest)", ("ingest", "outcomes", "failed")),
    ("store on disk (MB)", ("ingest", "store_mb")),
    ("peak RSS up to the end of the ingest (MB)", ("ingest", "peak_rss_mb")),
    ("read graph without documents and quotes (s)", ("graph_read_seconds",)),
    ("build similarity index (s)", ("index_build_seconds",)),
    ("search index alone, built in ingest's batches (reviews/s)", ("search_build", "reviews_per_s")),
    ("search p50 (ms, ranked reviews with marked passages)", ("search", "p50_ms")),
    ("search p95 (ms, ranked reviews with marked passages)", ("search", "p95_ms")),
    ("similar, stored review p50 (ms)", ("similar_stored", "p50_ms")),
    ("similar, stored review p95 (ms)", ("similar_stored", "p95_ms")),
    ("similar, stored review p95 (ms, quotes read from the store)", ("similar_stored", "with_quotes", "p95_ms")),
    ("similar, pasted draft p50 (ms, incl. extraction)", ("similar_draft", "with_extraction", "p50_ms")),
    ("similar, pasted draft p95 (ms, incl. extraction)", ("similar_draft", "with_extraction", "p95_ms")),
    ("similar, pasted draft p95 (ms, query only)", ("similar_draft", "query_only", "p95_ms")),
    ("ingest: bringing the pattern report and parallels up to date (s)", ("ingest", "up_to_date_seconds")),
    ("patterns, as `casegraph patterns` after an ingest (s)", ("kept", "patterns_seconds")),
    ("patterns, a second time (s)", ("kept", "patterns_again_seconds")),
    ("parallels, as `casegraph parallels` after an ingest (s)", ("kept", "parallels_seconds")),
    ("parallels, a second time (s)", ("kept", "parallels_again_seconds")),
    ("patterns recomputed: read what the report needs (s)", ("patterns", "read_seconds")),
    ("patterns recomputed: the report (s)", ("patterns", "seconds")),
    ("patterns recomputed: both (s)", ("patterns", "total_seconds")),
    ("parallels: find (s)", ("parallels", "find_seconds")),
    ("parallels: store (s)", ("parallels", "store_seconds")),
    ("parallels found", ("parallels", "pairs")),
    ("Neo4j: ingest (reviews/s)", ("neo4j", "ingest", "reviews_per_s")),
    ("Neo4j: similar, stored review p95 (ms)", ("neo4j", "similar_stored", "p95_ms")),
    ("Neo4j: similar, stored review p95 (ms, quotes read from the store)",
     ("neo4j", "similar_stored", "with_quotes", "p95_ms")),
    ("Neo4j: ingest, bringing the kept answers up to date (s)", ("neo4j", "ingest", "up_to_date_seconds")),
    ("Neo4j: patterns, as `casegraph patterns` after an ingest (s)", ("neo4j", "kept", "patterns_seconds")),
    ("Neo4j: patterns, recomputed (s)", ("neo4j", "patterns", "total_seconds")),
    ("Neo4j: parallels, store (s)", ("neo4j", "parallels", "store_seconds")),
    ("peak RSS of the bench process, every step (MB)", ("peak_rss_mb",)),
    ("peak RSS: `casegraph ingest` of the stored corpus (MB)", ("commands", "ingest", "peak_rss_mb")),
    ("peak RSS: `casegraph patterns` (MB)", ("commands", "patterns", "peak_rss_mb")),
    ("peak RSS: `casegraph parallels` (MB)", ("commands", "parallels", "peak_rss_mb")),
    ("peak RSS: `casegraph similar` (MB)", ("commands", "similar", "peak_rss_mb")),
    ("peak RSS: `casegraph search` (MB)", ("commands", "search", "peak_rss_mb")),
    ("peak RSS: `casegraph recommendations` (MB)", ("commands", "recommendations", "peak_rss_mb")),
)


def results_table(results: dict) -> str:
    """The results as Markdown: machine, targets, one column per corpus size, dashboard pages."""
    m = results["machine"]
    sizes = results["sizes"]
    lines = [f"Run of {results['date']}{' (quick)' if results['quick'] else ''}, seed {results['seed']}, "
             f"{results.get('total_seconds', 0) / 60:.1f} min in all. Machine: {m['cpu']}, {m['cores']} cores, "
             f"{m['ram_gb']} GB RAM, Python {m['python']} ({m['platform']}); 1-minute load average "
             f"{m['load_average']:.1f} at the start and {m.get('load_average_after', 0):.1f} at the end "
             f"(above {m['cores']}, other work was competing for the cores).", "",
             "| Target | Measured | Bound | Verdict |", "|---|---|---|---|"]
    for t in results["targets"]:
        value = "-" if t["value"] is None else f"{_fmt(t['value'])} {t['unit']}"
        lines.append(f"| {t['target']} | {value} | {t['op']} {t['bound']} {t['unit']} | {t['verdict']} |")
    per = results.get("per_document", {})
    lines += ["", f"Per-document extraction of a 20,000-character review: {_cell(per, 'mean_ms')} ms mean, "
                  f"p95 {_cell(per, 'p95_ms')} ms ({_cell(per, 'docs_per_s')} docs/s, one core).", "",
              "| Measure | " + " | ".join(f"N = {int(n):,}" for n in sizes) + " |",
              "|---|" + "---|" * len(sizes)]
    for label, path in ROWS:
        lines.append(f"| {label} | " + " | ".join(_cell(sizes[n], *path) for n in sizes) + " |")
    dash = results.get("dashboard", {})
    pages = dash.get("pages", {})
    lines += ["", f"Dashboard first render at {dash.get('reviews', '-'):,} reviews (AppTest, caches emptied "
                  "before each page):" if isinstance(dash.get("reviews"), int) else "Dashboard: not measured.", ""]
    if "skipped" in pages or "failed" in pages:
        lines.append(f"- {pages.get('skipped') or pages.get('failed')}")
    else:
        for page, p in pages.items():
            errors = f" (errors: {'; '.join(map(str, p['errors']))[:200]})" if p.get("errors") else ""
            name = "app start-up (imports, once per server; not a page)" if page == "server_start" else page
            warm = f" (caches filled: {_fmt(p['warm_seconds'])} s)" if "warm_seconds" in p else ""
            lines.append(f"- {name}: {_fmt(p['seconds'])} s{warm}{errors}")
    neo4j_pages = dash.get("neo4j_pages", {})
    lines.append(f"- Neo4j: {neo4j_pages.get('skipped') or neo4j_pages.get('failed')}"
                 if "skipped" in neo4j_pages or "failed" in neo4j_pages else
                 f"- on the Neo4j store, the slowest page: {_fmt(results.get('dashboard_slowest_neo4j'))} s")
    notes = [f"- N={n} {step}: {v.get('skipped') or v.get('failed')}" for n, r in sizes.items()
             for step, v in r.items() if isinstance(v, dict) and ("skipped" in v or "failed" in v)]
    if notes:
        lines += ["", "Not measured:", *notes]
    return "\n".join(lines)


def write_report(report: Path, results: dict) -> None:
    """Replace the table between the markers of ``report`` (appending the markers if absent)."""
    table = f"{MARK_START}\n{results_table(results)}\n{MARK_END}"
    text = report.read_text(encoding="utf-8") if report.exists() else "# Benchmarks\n"
    if MARK_START in text and MARK_END in text:
        head, rest = text.split(MARK_START, 1)
        text = head + table + rest.split(MARK_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + table + "\n"
    report.write_text(text, encoding="utf-8")
