"""Derived results (the pattern report, the parallels, the review table, the reviews' features, the
recommendation register) kept with the store state they were computed on.

:func:`state_key` digests every stored review's id, sha256 and curation log in one query, with the
store's write token (``store.generation()``, new at every write of reviews, so an extraction stored
again under the same id and content counts too): any ingest, replacement, correction or deletion
changes it. :func:`cached` returns a result saved under
the current key, or computes it, saves it and returns it, so a second reader pays one query instead
of a recomputation. The saved result is the recomputation's JSON form (what the CLI prints), so a
cached answer is exactly a fresh one. The embedded store keeps them in ``derived/`` in its folder
(written to a temporary file, then ``os.replace``d: a reader never sees half a file); a store without
a folder (Neo4j) recomputes every time.

>>> import tempfile  # one fictional review in a store in a temporary folder
>>> from casegraph.graph.analytics.examples import review_record
>>> from casegraph.graph.stores import open_store
>>> with tempfile.TemporaryDirectory() as folder, open_store("embedded", data_dir=folder) as store:
...     _ = store.write_review(review_record("a", {"RF_INFANT": ["a baby"]}))
...     first = cached(store, "count", {}, lambda: {"n": 1})
...     again = cached(store, "count", {}, lambda: {"n": 2})  # same state: not computed again
>>> first == again == {"n": 1}
True
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import patterns, stored
from .features import ReviewFeatures, review_features
from .parallels import DEFAULT_MIN_SHARED, DEFAULT_PER_REVIEW, find_parallels
from .parallels import DEFAULT_THRESHOLD as PARALLEL_THRESHOLD
from .recurring import DEFAULT_THRESHOLD
from .register import recommendation_register
from .review_table import review_rows
from .similarity import SimilarityIndex


def state_key(store) -> str:
    """A digest of the store's write token and every stored review's id, sha256 and curation log (one query)."""
    with store.backend.read() as run:
        rows = run("MATCH (r:Review) RETURN r.review_id, r.sha256, r.curation", {})
    digest = hashlib.sha256(f"{store.generation()}\x02".encode("utf-8"))
    for rid, sha, log in sorted(rows, key=lambda r: r[0]):
        digest.update(f"{rid}\x00{sha}\x00{log or ''}\x01".encode("utf-8"))
    return digest.hexdigest()


def _folder(store) -> Path | None:
    data_dir = getattr(store.backend, "data_dir", None)
    return Path(data_dir) / "derived" if data_dir is not None else None


def cached(store, name: str, params: dict, compute: Callable[[], object]):
    """``compute()`` (JSON-able) as saved for the store's current state and ``params``, else computed and saved."""
    key = state_key(store) + ":" + json.dumps(params, sort_keys=True)
    folder = _folder(store)
    path = folder / f"{name}.json" if folder is not None else None
    if path is not None and path.exists():
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("key") == key:
                return saved["value"]
        except (OSError, ValueError):
            pass  # an unreadable cache is recomputed, never an error
    value = json.loads(json.dumps(compute(), ensure_ascii=False))
    if path is not None:
        try:
            folder.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"key": key, "value": value}, f, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only folder: the answer is still right, only not saved
    return value


def _light(store) -> Callable[[], object]:
    """The store's light graph (:func:`~graph.analytics.stored.light_graph`), read at the first call only:
    what :func:`refresh` computes is computed from one read."""
    return functools.cache(lambda: stored.light_graph(store))


def pattern_report(store, min_count: int = 2, min_support: float = 0.0, text_threshold: float | None = None,
                   light: Callable[[], object] | None = None) -> dict:
    """:func:`~graph.analytics.pattern_report` of the stored reviews, cached on the store's state.
    (``light``, from :func:`_light`, gets the quotes of agency links added: compute the report last.)"""
    threshold = DEFAULT_THRESHOLD if text_threshold is None else text_threshold
    light = light or _light(store)

    def compute():
        with store.reading():
            g = stored.pattern_graph(store, light())
        return patterns.pattern_report(g, min_count=min_count, min_support=min_support, text_threshold=threshold)

    return cached(store, "patterns", {"min_count": min_count, "min_support": min_support,
                                      "text_threshold": threshold}, compute)


def review_table(store, light: Callable[[], object] | None = None) -> list[dict]:
    """:func:`~graph.analytics.review_table.review_rows` of the stored reviews, each with ``codes``: the
    concept codes of its :func:`features` (what prevalence counts), cached on the store's state."""
    light = light or _light(store)

    def compute():
        codes = {rid: sorted(f.concepts) for rid, f in features(store, light).items()}
        return [{**row, "codes": codes.get(row["review_id"], [])} for row in review_rows(light())]

    return cached(store, "review-table", {}, compute)


def features(store, light: Callable[[], object] | None = None) -> dict[str, ReviewFeatures]:
    """:func:`~graph.analytics.review_features` of the stored reviews without their quotes (what the
    similarity index and the counts need), cached on the store's state."""
    light = light or _light(store)
    saved = cached(store, "features", {},
                   lambda: {rid: f._asdict() for rid, f in review_features(light()).items()})
    return {rid: ReviewFeatures(**f) for rid, f in saved.items()}


def similarity_index(store, light: Callable[[], object] | None = None) -> SimilarityIndex:
    """The similarity index of every stored review, built from the kept :func:`features` (as
    :func:`~graph.analytics.stored.stored_index` builds it from the light graph)."""
    return SimilarityIndex(features(store, light))


def register(store, threshold: float = DEFAULT_THRESHOLD, light: Callable[[], object] | None = None) -> list[dict]:
    """:func:`~graph.analytics.recommendation_register` of the stored reviews, cached on the store's state."""
    light = light or _light(store)
    return cached(store, "register", {"threshold": threshold},
                  lambda: recommendation_register(light(), threshold))


def parallels(store, threshold: float, per_review: int, min_shared: int,
              light: Callable[[], object] | None = None) -> list[dict]:
    """:func:`~graph.analytics.find_parallels` of the stored reviews, cached on the store's state."""
    return cached(store, "parallels", {"threshold": threshold, "per_review": per_review, "min_shared": min_shared},
                  lambda: find_parallels(similarity_index(store, light), threshold, per_review, min_shared))


def stored_parallels(store, threshold: float, per_review: int, min_shared: int,
                     light: Callable[[], object] | None = None) -> tuple[list[dict], int]:
    """:func:`parallels`, stored as the graph's parallel links (``store.set_parallels``) unless they were
    stored for this state already; returns the pairs and how many links are stored. (Storing the links
    leaves the reviews' facts, and so the state, as they were.)"""
    pairs = parallels(store, threshold, per_review, min_shared, light)
    written = cached(store, "parallels-stored", {"threshold": threshold, "per_review": per_review,
                                                 "min_shared": min_shared}, lambda: store.set_parallels(pairs))
    return pairs, written


def refresh(store) -> None:
    """Store the parallels' links (default settings) in the graph, and keep the review table, the
    features, the recommendation register and the pattern report for the store's current state, all
    from one read of the light graph (and none if all are kept already), so that the next reader
    (``casegraph patterns``, ``casegraph parallels``, every dashboard page) gets them at once. The
    commands that change reviews call it as they end. Every store gets the links (so the same reviews
    give the same graph on both); a store without a folder (Neo4j) keeps nothing else, as it would be
    computed again at the next read anyway. A store left without reviews has nothing to keep."""
    with store.backend.read() as run:
        if not run("MATCH (r:Review) RETURN r.review_id LIMIT 1", {}):
            return
    light = _light(store)
    stored_parallels(store, PARALLEL_THRESHOLD, DEFAULT_PER_REVIEW, DEFAULT_MIN_SHARED, light)
    if _folder(store) is not None:
        features(store, light)  # kept by the parallels if they were computed now, else computed here
        review_table(store, light)
        register(store, light=light)
        pattern_report(store, light=light)  # last: it adds quotes to the light graph
