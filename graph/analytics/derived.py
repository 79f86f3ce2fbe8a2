"""Derived results (the pattern report, the parallels, the review table, the reviews' features, the
recommendation register) kept with the store state they were computed on.

:func:`state_key` digests every stored review's id, sha256 and curation log in one query, with the
store's write token (``store.generation()``, new at every write of reviews, so an extraction stored
again under the same id and content counts too): any ingest, replacement, correction or deletion
changes it. :func:`cached` returns a result saved under
the current key, or computes it, saves it and returns it, so a second reader pays one query instead
of a recomputation. The saved result is the recomputation's JSON form (what the CLI prints), so a
cached answer is exactly a fresh one; :func:`cached_arrays` does the same for numpy arrays (the
similarity index, loaded instead of fitted again). The store keeps them (``store.keep``): the embedded
store in ``derived/`` in its folder (written to a temporary file, then ``os.replace``d: a reader never
sees half a file), Neo4j in ``KeptAnswer`` nodes beside the graph (written in one transaction).

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
import io
import zipfile
from collections.abc import Callable, Mapping
from types import SimpleNamespace

import numpy as np
import orjson

from casegraph import ontology

from . import patterns, stored
from .features import ReviewFeatures, review_features
from .parallels import DEFAULT_MIN_SHARED, DEFAULT_PER_REVIEW, find_parallels
from .parallels import DEFAULT_THRESHOLD as PARALLEL_THRESHOLD
from .recurring import DEFAULT_THRESHOLD
from .register import recommendation_register
from .review_table import review_rows
from .similarity import SimilarityIndex, index_arrays


# Answers are kept as JSON, as the json module would write them (numbers of numpy and keys that are not text
# included), by orjson: the kept answers are written at the end of every ingest, and json took seconds at 10,000.
JSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def state_key(store) -> str:
    """A digest of the store's write token and every stored review's id, sha256 and curation log (one query)."""
    with store.backend.read() as run:
        rows = run("MATCH (r:Review) RETURN r.review_id, r.sha256, r.curation", {})
    digest = hashlib.sha256(f"{store.generation()}\x02".encode("utf-8"))
    for rid, sha, log in sorted(rows, key=lambda r: r[0]):
        digest.update(f"{rid}\x00{sha}\x00{log or ''}\x01".encode("utf-8"))
    return digest.hexdigest()


def cached(store, name: str, params: dict, compute: Callable[[], object]):
    """``compute()`` (JSON-able) as kept for the store's current state and ``params``, else computed and kept."""
    key = state_key(store) + ":" + json.dumps(params, sort_keys=True)
    saved = store.kept(f"{name}.json")
    if saved is not None:
        try:
            saved = orjson.loads(saved)
            if saved.get("key") == key:
                return saved["value"]
        except (ValueError, AttributeError):
            pass  # an unreadable answer is computed again, never an error
    value = orjson.loads(orjson.dumps(compute(), option=JSON_OPTIONS))  # as a reader gets it back
    store.keep(f"{name}.json", orjson.dumps({"key": key, "value": value}))
    return value


def cached_arrays(store, name: str, compute: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """:func:`cached` for a result made of numpy arrays (numbers and strings), kept as ``name.npz``
    and read back without pickles (``allow_pickle=False``), keyed on the state and the ontology's codes."""
    codes = hashlib.sha256("\n".join(c.code for c in ontology.all_concepts()).encode()).hexdigest()
    key = f"{state_key(store)}:{codes}"
    saved = store.kept(f"{name}.npz")
    if saved is not None:
        try:
            with np.load(io.BytesIO(saved), allow_pickle=False) as arrays:
                if str(arrays["key"]) == key:
                    return {k: arrays[k] for k in arrays.files if k != "key"}
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            pass  # an unreadable answer is computed again, never an error
    arrays = compute()
    out = io.BytesIO()
    np.savez(out, key=np.array(key), **arrays)
    store.keep(f"{name}.npz", out.getvalue())
    return arrays


class _Decoded(Mapping):
    """The reviews' features kept as JSON beside the index's arrays, decoded at the first look: most
    readers of a kept index (a page ranking similar reviews, say) need its arrays only."""

    def __init__(self, saved: np.ndarray):
        self._saved = saved

    @functools.cached_property
    def _features(self) -> dict[str, ReviewFeatures]:
        return {rid: ReviewFeatures(**f) for rid, f in orjson.loads(self._saved.tobytes()).items()}

    def __getitem__(self, review_id: str) -> ReviewFeatures:
        return self._features[review_id]

    def __iter__(self):
        return iter(self._features)

    def __len__(self) -> int:
        return len(self._features)


def _reads(store) -> SimpleNamespace:
    """What the results below are computed from, each read or loaded at its first use only, so that
    :func:`refresh` computes them all from one read: ``light()``, the store's light graph
    (:func:`~graph.analytics.stored.light_graph`), and ``index()``, the kept :func:`similarity_index`."""
    light = functools.cache(lambda: stored.light_graph(store))

    def compute() -> dict[str, np.ndarray]:
        features = review_features(light())
        kept = orjson.dumps({rid: f._asdict() for rid, f in features.items()}, option=JSON_OPTIONS)
        return {**index_arrays(features), "features": np.frombuffer(kept, dtype=np.uint8)}

    def index() -> SimilarityIndex:
        arrays = cached_arrays(store, "similarity-index", compute)
        return SimilarityIndex(_Decoded(arrays.pop("features")), arrays)

    return SimpleNamespace(light=light, index=functools.cache(index))


def pattern_report(store, min_count: int = 2, min_support: float = 0.0, text_threshold: float | None = None,
                   reads: SimpleNamespace | None = None) -> dict:
    """:func:`~graph.analytics.pattern_report` of the stored reviews, cached on the store's state.
    (``reads``, from :func:`_reads`, gets the quotes of agency links added to its light graph:
    compute the report last.)"""
    threshold = DEFAULT_THRESHOLD if text_threshold is None else text_threshold
    reads = reads or _reads(store)

    def compute():
        with store.reading():
            g = stored.pattern_graph(store, reads.light())
        return patterns.pattern_report(g, min_count=min_count, min_support=min_support, text_threshold=threshold)

    return cached(store, "patterns", {"min_count": min_count, "min_support": min_support,
                                      "text_threshold": threshold}, compute)


def review_table(store, reads: SimpleNamespace | None = None) -> list[dict]:
    """:func:`~graph.analytics.review_table.review_rows` of the stored reviews, each with ``codes``: the
    concept codes of its :func:`features` (what prevalence counts), cached on the store's state."""
    reads = reads or _reads(store)

    def compute():
        codes = {rid: sorted(f.concepts) for rid, f in features(store, reads).items()}
        return [{**row, "codes": codes.get(row["review_id"], [])} for row in review_rows(reads.light())]

    return cached(store, "review-table", {}, compute)


def similarity_index(store, reads: SimpleNamespace | None = None) -> SimilarityIndex:
    """The similarity index of every stored review (as :func:`~graph.analytics.stored.stored_index`
    builds it from the light graph), kept on the store's state as its arrays
    (:func:`~graph.analytics.similarity.index_arrays`) and the reviews' features without their quotes,
    which are decoded only if asked for."""
    return (reads or _reads(store)).index()


def features(store, reads: SimpleNamespace | None = None) -> Mapping[str, ReviewFeatures]:
    """:func:`~graph.analytics.review_features` of the stored reviews without their quotes (what the
    similarity index and the counts need): those kept with :func:`similarity_index`."""
    return similarity_index(store, reads).features


def register(store, threshold: float = DEFAULT_THRESHOLD, reads: SimpleNamespace | None = None) -> list[dict]:
    """:func:`~graph.analytics.recommendation_register` of the stored reviews, cached on the store's state."""
    reads = reads or _reads(store)
    return cached(store, "register", {"threshold": threshold},
                  lambda: recommendation_register(reads.light(), threshold))


def parallels(store, threshold: float, per_review: int, min_shared: int,
              reads: SimpleNamespace | None = None) -> list[dict]:
    """:func:`~graph.analytics.find_parallels` of the stored reviews, cached on the store's state."""
    return cached(store, "parallels", {"threshold": threshold, "per_review": per_review, "min_shared": min_shared},
                  lambda: find_parallels(similarity_index(store, reads), threshold, per_review, min_shared))


def stored_parallels(store, threshold: float, per_review: int, min_shared: int,
                     reads: SimpleNamespace | None = None) -> tuple[list[dict], int]:
    """:func:`parallels`, stored as the graph's parallel links (``store.set_parallels``) unless they were
    stored for this state already; returns the pairs and how many links are stored. (Storing the links
    leaves the reviews' facts, and so the state, as they were.)"""
    pairs = parallels(store, threshold, per_review, min_shared, reads)
    written = cached(store, "parallels-stored", {"threshold": threshold, "per_review": per_review,
                                                 "min_shared": min_shared}, lambda: store.set_parallels(pairs))
    return pairs, written


def refresh(store) -> None:
    """Store the parallels' links (default settings) in the graph, and keep the similarity index with
    the features, the review table, the recommendation register and the pattern report for the store's
    current state, all from one read of the light graph (and none if all are kept already), so that the
    next reader (``casegraph patterns``, ``casegraph parallels``, every dashboard page) gets them at
    once. The commands that change reviews call it as they end. Every store gets the links (so the same
    reviews give the same graph on both). A store left without reviews has nothing to keep."""
    with store.backend.read() as run:
        if not run("MATCH (r:Review) RETURN r.review_id LIMIT 1", {}):
            return
    reads = _reads(store)
    stored_parallels(store, PARALLEL_THRESHOLD, DEFAULT_PER_REVIEW, DEFAULT_MIN_SHARED, reads)
    similarity_index(store, reads)  # kept by the parallels if they were computed now, else here
    review_table(store, reads)
    register(store, reads=reads)
    pattern_report(store, reads=reads)  # last: it adds quotes to the light graph
