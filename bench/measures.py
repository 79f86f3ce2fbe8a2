"""One function per benchmark measurement; each returns a dict of plain numbers.

A measurement whose part of casegraph is missing raises :class:`Missing` with the
reason, and the runner records it as skipped. Times are wall-clock seconds from
``time.perf_counter``; latencies are reported in milliseconds.

>>> percentiles([1.0, 2.0, 3.0, 4.0])["p50_ms"]
2500.0
"""
from __future__ import annotations

import gc
import json
import os
import platform
import re
import resource
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from multiprocessing import get_context
from pathlib import Path

import orjson

from casegraph.bench import synth


class Missing(Exception):
    """A part of casegraph that a measurement needs is not there (the message says which)."""


def need(module: str, name: str):
    """``module.name``, or :class:`Missing` if it does not exist yet."""
    import importlib
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        raise Missing(f"{module}.{name} is not available") from None


def percentiles(seconds: list[float]) -> dict:
    """p50 and p95 of a list of durations, in milliseconds."""
    if len(seconds) < 2:
        value = seconds[0] * 1000 if seconds else None
        return {"p50_ms": value, "p95_ms": value, "n": len(seconds)}
    cuts = statistics.quantiles(seconds, n=20, method="inclusive")
    return {"p50_ms": statistics.median(seconds) * 1000, "p95_ms": cuts[18] * 1000, "n": len(seconds)}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_bytes(path: Path) -> int:
    """Total size of the files under ``path``."""
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def machine() -> dict:
    """CPU model, cores, memory and Python of this machine, and its 1-minute load average now
    (other work on the machine slows every measurement down)."""
    info = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
            "ram_gb": None, "python": platform.python_version(), "platform": platform.platform(),
            "load_average": os.getloadavg()[0]}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def synthesis(out: Path, n: int, seed: int, workers: int) -> dict:
    """Write ``n`` synthetic reviews; documents/s and MB written."""
    start = time.perf_counter()
    count, size = synth.write_corpus(out, n, seed, workers)
    seconds = time.perf_counter() - start
    return {"docs": count, "mb": size / 1e6, "seconds": seconds, "docs_per_s": count / seconds}


def corpus_files(folder: Path) -> list[Path]:
    """The review files of a synthetic corpus, in order (codes files left out)."""
    return sorted(p for p in Path(folder).iterdir() if p.suffix != ".json")


def _extract_to(args: tuple[Path, Path]) -> int:
    path, out = args
    record = need("casegraph.loaders", "extract_file")(path)
    (out / f"{path.stem}.json").write_text(json.dumps(record), encoding="utf-8")
    return path.stat().st_size


def extraction(paths: list[Path], out: Path, workers: int = 1) -> dict:
    """Read and extract every file, writing ``<stem>.json`` records into ``out``.

    With ``workers`` > 1 the files are shared among that many processes.
    """
    need("casegraph.loaders", "extract_file")
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(p, out) for p in paths]
    start = time.perf_counter()
    if workers > 1:
        with get_context("fork").Pool(workers) as pool:
            size = sum(pool.imap_unordered(_extract_to, jobs, chunksize=8))
    else:
        size = sum(map(_extract_to, jobs))
    seconds = time.perf_counter() - start
    return {"docs": len(paths), "mb": size / 1e6, "workers": workers, "seconds": seconds,
            "docs_per_s": len(paths) / seconds, "mb_per_s": size / 1e6 / seconds}


def extraction_per_document(chars: int = 20_000, n: int = 30, seed: int = 0) -> dict:
    """Read and extract ``n`` synthetic plain-text reviews of ``chars`` characters, one at a time."""
    extract_file = need("casegraph.loaders", "extract_file")
    with tempfile.TemporaryDirectory(prefix="casegraph-bench-") as tmp:
        paths = []
        for i in range(n):
            r = synth.review(seed, i, kind="RT_EXECUTIVE_SUMMARY", chars=chars, fmt="txt")
            paths.append(Path(tmp) / f"{r.stem}.txt")
            paths[-1].write_text(r.text, encoding="utf-8")
        extract_file(paths[0])  # warm: vocabulary compiled, modules imported
        times = []
        for p in paths:
            start = time.perf_counter()
            extract_file(p)
            times.append(time.perf_counter() - start)
    mean = statistics.fmean(times)
    return {"chars": chars, "docs": n, "mean_ms": mean * 1000, **percentiles(times), "docs_per_s": 1 / mean}


def record_files(folder: Path) -> list[Path]:
    """The extraction records (``<stem>.json``) written by :func:`extraction`, in order."""
    return sorted(Path(folder).glob("*.json"))


def _load(path: Path) -> dict:
    return orjson.loads(Path(path).read_bytes())


def ingest(store, files: Iterable[Path], close: bool = False) -> dict:
    """Write each record file into ``store`` as ``casegraph ingest`` does (many reviews per
    transaction, a failing review reported and skipped, then the pattern report and parallels brought
    up to date, ``graph.analytics.derived.refresh``, and with ``close`` the store closed as the command
    ends, its last checkpoint included); reviews/s counts every review tried, over all of it."""
    ingest_files = need("casegraph.graph.stores.ingest", "ingest_files")
    start = time.perf_counter()
    outcomes = ingest_files(store, files, _load)
    written = time.perf_counter()
    need("casegraph.graph.analytics.derived", "refresh")(store)
    if close:
        store.close()
    seconds = time.perf_counter() - start
    failed = [o for o in outcomes if o.status == "failed"]
    out = {"reviews": len(outcomes), "outcomes": need("casegraph.graph.stores.ingest", "summary_counts")(outcomes),
           "seconds": seconds, "up_to_date_seconds": seconds - (written - start),
           "reviews_per_s": len(outcomes) / seconds if seconds else None}
    if failed:
        out["first_failure"] = f"{Path(failed[0].source).name}: {failed[0].detail}"
    return out


def search_build(files: list[Path], folder: Path, batch: int = 50) -> dict:
    """Time building the search index alone from the record files, in ingest's batches (the work each
    ingest transaction adds; the ingest's own rate includes it)."""
    index = need("casegraph.graph.search.embedded", "TantivyIndex")(Path(folder) / "search-build")
    records = [_load(f) for f in files]
    start = time.perf_counter()
    for i in range(0, len(records), batch):
        index.written(records[i:i + batch])
    seconds = time.perf_counter() - start
    return {"reviews": len(records), "seconds": seconds, "reviews_per_s": len(records) / seconds if seconds else None}


def search_queries(store, queries: list[str], top: int = 10) -> dict:
    """Latency of ``graph.search.search`` (ranked reviews with their marked passages) for each query."""
    search = need("casegraph.graph.search", "search")
    search(store, queries[0], top=top)  # the first call brings the index in step with the store
    return percentiles([timed(search, store, q, top=top)[1] for q in queries])


def timed(fn: Callable, *args, **kwargs) -> tuple[object, float]:
    """``fn(*args, **kwargs)`` and the seconds it took."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def similar_stored(store, index, review_ids: list[str], top: int = 5) -> dict:
    """Latency of ranking each stored review id's matches on the warm index (``similar_reviews``),
    and (``with_quotes``) of answering it as the CLI and the dashboard do
    (``graph.analytics.stored.similar``: the quotes of the query and its matches read from ``store``)."""
    similar_reviews = need("casegraph.graph.analytics", "similar_reviews")
    similar = need("casegraph.graph.analytics.stored", "similar")
    similar(store, index, review_ids[0], top=top)
    return {**percentiles([timed(similar_reviews, index, rid, top=top)[1] for rid in review_ids]),
            "with_quotes": percentiles([timed(similar, store, index, rid, top=top)[1] for rid in review_ids])}


def similar_draft(store, index, texts: list[str], top: int = 5) -> dict:
    """Latency of comparing pasted drafts: extraction and projection, then the query alone
    (``graph.analytics.stored.similar_to_draft``, the matches' quotes read from ``store``)."""
    similar_to_draft = need("casegraph.graph.analytics.stored", "similar_to_draft")
    record_to_graph = need("casegraph.graph.mapping", "record_to_graph")
    extract_document = need("casegraph.loaders", "extract_document")
    document_from_text = need("casegraph.loaders", "document_from_text")
    total, query = [], []
    for text in texts:
        start = time.perf_counter()
        g = record_to_graph(extract_document(document_from_text(text, source="draft")))
        mid = time.perf_counter()
        similar_to_draft(store, index, g, top=top)
        end = time.perf_counter()
        total.append(end - start)
        query.append(end - mid)
    return {"with_extraction": percentiles(total), "query_only": percentiles(query)}


class Exceeded(Exception):
    """A guarded measurement went past its memory or time limit (the message says which)."""


def rss_now_mb() -> float:
    """Resident memory of this process now, in MB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _guarded_child(send, fn: Callable, args: tuple, limit_mb: float) -> None:
    gc.freeze()  # the collector leaves what the parent built alone: walking it would copy every page it sits on
    inherited = rss_now_mb()  # pages shared with the parent at the fork

    def watch():
        while rss_now_mb() - inherited < limit_mb:
            time.sleep(0.1)
        os._exit(3)
    threading.Thread(target=watch, daemon=True).start()
    try:
        send.send((True, fn(*args), peak_rss_mb()))
    except Exception as e:  # noqa: BLE001 - reported to the parent as the step's failure
        send.send((False, f"{type(e).__name__}: {e}", peak_rss_mb()))


def guarded(fn: Callable, *args, limit_mb: float = 6_000, timeout_s: float = 900) -> tuple[object, float]:
    """``(fn(*args), peak RSS in MB)`` computed in a forked child that stops once it has allocated
    ``limit_mb`` of memory beyond what it shares with its parent, or after ``timeout_s`` seconds
    (:class:`Exceeded`), so a measurement that blows up cannot take the machine down with it."""
    ctx = get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_guarded_child, args=(send, fn, args, limit_mb))
    child.start()
    send.close()
    try:
        if not receive.poll(timeout_s):
            raise Exceeded(f"took longer than {timeout_s:.0f} s and was stopped")
        ok, value, peak = receive.recv()
    except EOFError:
        raise Exceeded(f"needed more than {limit_mb:.0f} MB of memory and was stopped") from None
    finally:
        child.kill()
        child.join()
    if not ok:
        raise RuntimeError(value)
    return value, peak


def _patterns(store) -> tuple[int, float, float]:
    g, read_s = timed(need("casegraph.graph.analytics.stored", "pattern_graph"), store)
    report, seconds = timed(need("casegraph.graph.analytics", "pattern_report"), g)
    return report["reviews"], read_s, seconds


def patterns(store) -> dict:
    """Time to read what the pattern report needs (``graph.analytics.stored.pattern_graph``), then of
    the whole report, and both together: what ``casegraph patterns`` waits for. Both run in one guarded
    child, on a graph of its own, as the command does in its own process."""
    (reviews, read_s, seconds), peak = guarded(_patterns, store)
    return {"read_seconds": read_s, "seconds": seconds, "total_seconds": read_s + seconds, "reviews": reviews,
            "peak_rss_mb": peak}


def kept_answers(store) -> dict:
    """What ``casegraph patterns`` and ``casegraph parallels`` wait for after an ingest (the store opened,
    the kept report and pairs read, the parallel links stored once for this state), then a second time."""
    from casegraph.graph.analytics import derived, parallels as defaults
    args = (defaults.DEFAULT_THRESHOLD, defaults.DEFAULT_PER_REVIEW, defaults.DEFAULT_MIN_SHARED)
    return {"patterns_seconds": timed(derived.pattern_report, store)[1],
            "parallels_seconds": timed(derived.stored_parallels, store, *args)[1],
            "patterns_again_seconds": timed(derived.pattern_report, store)[1],
            "parallels_again_seconds": timed(derived.stored_parallels, store, *args)[1]}


def _find_parallels(index, keep: int) -> tuple[int, float, list | None]:
    pairs, seconds = timed(need("casegraph.graph.analytics", "find_parallels"), index)
    return len(pairs), seconds, pairs if len(pairs) <= keep else None


def parallels(index, store, keep: int = 200_000) -> dict:
    """Time to find all parallels (guarded), then to store them (when there are at most ``keep``)."""
    (n, find_s, pairs), peak = guarded(_find_parallels, index, keep)
    out = {"pairs": n, "find_seconds": find_s, "peak_rss_mb": peak}
    if pairs is None:
        out["not_stored"] = f"{n} pairs is more than the {keep} the benchmark stores"
    else:
        out["store_seconds"] = timed(store.set_parallels, pairs)[1]
    return out


def command_peaks(data_dir: Path, commands: dict[str, list[str]]) -> dict:
    """Peak RSS (MB), time and exit status of each ``casegraph`` command in ``commands`` (name -> its
    arguments), run as a user runs it, each in a process of its own on the embedded store in ``data_dir``;
    ``peak_rss_mb`` is the largest. A small parent reads its one child's peak (``RUSAGE_CHILDREN``)."""
    import subprocess
    import sys
    probe = ("import resource, subprocess, sys; "
             "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
             "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out: dict = {}
    for name, args in commands.items():
        cli = [sys.executable, "-c", "from casegraph.cli import run; run()", *args, "--data-dir", str(data_dir)]
        start = time.perf_counter()
        code, kb = subprocess.run([sys.executable, "-c", probe, *cli], capture_output=True, text=True,
                                  check=True).stdout.split()
        out[name] = {"seconds": time.perf_counter() - start, "peak_rss_mb": int(kb) / 1024, "exit": int(code)}
    out["peak_rss_mb"] = max((v["peak_rss_mb"] for v in out.values()), default=0.0)
    return out


def dashboard_pages(data_dir: Path, timeout: float = 120, store: str = "embedded") -> dict:
    """First render time of each dashboard page (the ``st.Page`` list of ``dashboard/app.py``) with
    Streamlit's AppTest, on the embedded store in ``data_dir`` (or on ``store="neo4j"``, at ``$NEO4J_URI``).

    One discarded run first imports the app's modules (as a running server already has); then every
    page is rendered with the dashboard's caches emptied, so each time includes reading the store
    (``seconds``), and once more with them filled (``warm_seconds``).
    """
    app = Path(need("casegraph.dashboard", "__file__")).with_name("app.py")
    pages = re.findall(r"""st\.Page\(\s*["']([^"']+)["']""", app.read_text(encoding="utf-8")) if app.exists() else []
    if not pages:
        raise Missing("the dashboard app (dashboard/app.py with its st.Page list) is not available")
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    os.environ.update(CASEGRAPH_STORE=store, CASEGRAPH_DATA_DIR=str(data_dir))

    def render(page: str | None, cold: bool = True) -> tuple[float, list[str]]:
        if cold:
            st.cache_data.clear()
            st.cache_resource.clear()
        at = AppTest.from_file(str(app), default_timeout=timeout)
        if page:
            at.switch_page(page)
        start = time.perf_counter()
        at.run()
        return time.perf_counter() - start, [str(e.value) for e in (*at.exception, *at.error)]

    out = {"server_start": dict(zip(("seconds", "errors"), render(None)))}
    for page in pages:
        out[Path(page).stem] = dict(zip(("seconds", "errors"), render(page)))
        out[Path(page).stem]["warm_seconds"] = render(page, cold=False)[0]
    return out


def neo4j_store(keep_reviews: int | None = None):
    """The Neo4j store at ``$NEO4J_URI``, emptied first (point it at a scratch database) unless
    it holds ``keep_reviews`` reviews already."""
    if not os.environ.get("NEO4J_URI"):
        raise Missing("NEO4J_URI is not set, so the Neo4j store was not measured")
    store = need("casegraph.graph.stores", "open_store")("neo4j")
    if keep_reviews is None:
        empty_neo4j(store)
    return store


def empty_neo4j(store) -> None:
    """Delete everything in the Neo4j store, in slices, links before nodes: one transaction deleting a
    large store (or a shared node with all its links) would need more memory than the server allows one."""
    for query in ("MATCH ()-[e]->() WITH e LIMIT 10000 DELETE e RETURN count(*)",  # links first: a concept
                  "MATCH (n) WITH n LIMIT 10000 DELETE n RETURN count(*)"):       # node has thousands
        while store.backend.transact(lambda run: run(query))[0][0]:
            pass
