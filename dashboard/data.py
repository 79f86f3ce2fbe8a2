"""What the dashboard reads, and how it caches it.

Every read opens the configured store briefly and closes it again, so a
``casegraph ingest`` can write between page views; the reads one call needs (the graph
and the quotes of a few links, say) share one opening. The store is chosen like the
CLI chooses it: ``$CASEGRAPH_STORE`` (``embedded`` or ``neo4j``) and the store's
own settings (``$CASEGRAPH_DATA_DIR``, ``$NEO4J_URI`` ...), which
``casegraph dashboard`` sets from its options.

Cached results are keyed on the store's :class:`State`: where the store is, a digest of
the ids and content hashes of its reviews, and its relationship counts. The state itself is
read at most every ``STATE_TTL_S`` seconds, so a new ingest (or ``casegraph
parallels``) shows up within that time while clicking about stays quick.

Each page asks only for what it shows, so that its first view stays quick on thousands of
reviews: the whole graph is read without the documents' text and without the quotes of its
links (most of what is stored), the way :mod:`graph.analytics.stored` reads it for the CLI
and the bench too; the quotes and texts of the few reviews a page shows are read for those
reviews only (:func:`similar`, :func:`with_quotes`, :func:`texts`), and the patterns read the
quotes of agency links only (they name agencies), beside the shared graph, and only for the
part of the report that needs them (:func:`pattern_part`).
"""
from __future__ import annotations

import gc
import hashlib
import os
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import NamedTuple

import networkx as nx
import streamlit as st

from casegraph import loaders
from casegraph.graph import analytics, mapping, stores
from casegraph.graph.analytics import derived, stored
from casegraph.dashboard.network import around
from casegraph.graph.search import elsewhere as search_elsewhere, search as search_reviews

STATE_TTL_S = 3
SETTINGS = ("CASEGRAPH_STORE", "CASEGRAPH_DATA_DIR", "NEO4J_URI", "NEO4J_DATABASE")


class State(NamedTuple):
    """What identifies the contents of a store, as a cache key (small: every cached read hashes it)."""
    location: str
    reviews: str                                # digest of every (review id, sha256), sorted by id
    relationships: tuple[tuple[str, int], ...]  # (type, count), sorted


_OPEN: ContextVar = ContextVar("open_store", default=None)  # the store a surrounding read opened


@contextmanager
def _store():
    """The store, open for reading: the one a surrounding ``_store()`` block of this thread opened
    (opening one costs a tenth of a second), else opened now and closed when the block ends."""
    store = _OPEN.get()
    if store is not None:
        yield store
        return
    with stores.open_store() as store, store.reading():
        token = _OPEN.set(store)
        try:
            yield store
        finally:
            _OPEN.reset(token)


def _read(method: str, *args, **options):
    with _store() as store:
        return getattr(store, method)(*args, **options)


def store_settings() -> tuple[str | None, ...]:
    """The environment settings that choose the store (part of every cache key)."""
    return tuple(os.environ.get(k) for k in SETTINGS)


@st.cache_data(ttl=STATE_TTL_S, show_spinner=False, max_entries=8)
def snapshot(settings: tuple[str | None, ...]) -> tuple[list[dict], State]:
    """The stored reviews (``store.list_reviews()``) and the store's state, read together."""
    with _store() as store:
        listing = store.list_reviews()
        counts = store.counts()["relationships"]
        reviews = sorted(f"{r.get('review_id')}\t{r.get('sha256')}" for r in listing)
        digest = hashlib.sha256("\n".join(reviews).encode()).hexdigest()
        return listing, State(store.location, digest, tuple(sorted(counts.items())))


def whole_graph(state: State, evidence: bool = False) -> nx.MultiDiGraph:
    """Every stored review's graph without the documents' text, and with the quotes of its links
    only if ``evidence`` (shared, read-only: do not modify). No page needs every quote: they are
    most of what is stored."""
    return _graph(state, evidence)  # one cache entry however the caller passes ``evidence``


@st.cache_resource(show_spinner="Reading the graph…", max_entries=2)
def _graph(state: State, evidence: bool) -> nx.MultiDiGraph:
    g = _read("graph", documents=False, evidence=evidence)
    # It stays cached while the store is unchanged: keep its many objects out of the garbage
    # collector's passes, which would otherwise walk them all again at every burst of allocation
    # (the analytics, each page's rendering). Being acyclic, it is still freed when dropped.
    gc.freeze()
    return g


@st.cache_data(show_spinner=False, max_entries=64)
def review(review_id: str, state: State) -> dict | None:
    """The stored record of one review, evidence and text included."""
    return _read("review", review_id)


@st.cache_data(show_spinner=False, max_entries=16)
def texts(review_ids: tuple[str, ...], state: State) -> dict[str, str]:
    """The document text of each of the stored reviews ``review_ids`` (read together)."""
    g = _read("graph", kinds=["Review"], review_ids=list(review_ids))
    return {d["review_id"]: d.get("text") or "" for _, d in g.nodes(data=True)}


@st.cache_data(show_spinner=False, max_entries=32)
def link_quotes(review_ids: tuple[str, ...], state: State) -> dict[tuple[str, str, str], list[dict]]:
    """The quotes (``evidence``) of the links of the stored reviews ``review_ids``, by (from, to, type)."""
    g = _read("graph", review_ids=list(review_ids), documents=False)
    return {(u, v, k): d["evidence"] for u, v, k, d in g.edges(keys=True, data=True) if d.get("evidence")}


def with_quotes(part: nx.MultiDiGraph, state: State) -> nx.MultiDiGraph:
    """A copy of ``part`` (of a graph read without quotes) with the quotes of its links, read for the
    reviews in it only."""
    reviews = tuple(sorted(d["review_id"] for _, d in part.nodes(data=True) if d.get("kind") == "Review"))
    quotes = link_quotes(reviews, state)
    out = part.copy()
    for edge, evidence in quotes.items():
        if out.has_edge(*edge):
            out.edges[edge]["evidence"] = evidence
    return out


def _kept(name: str):
    """``graph.analytics.derived``'s ``name`` of the store: kept by the command that last changed the
    reviews, so a page reads one file instead of the whole graph (computed now if nothing kept it)."""
    with _store() as store:
        return getattr(derived, name)(store)


@st.cache_resource(show_spinner="Comparing the reviews…", max_entries=2)
def similarity_index(state: State) -> analytics.SimilarityIndex:
    """The similar-case index of all stored reviews, as the command that last changed the reviews kept
    it (its arrays; the reviews' features without quotes are decoded only when asked for):
    :func:`similar` reads the quotes of the few reviews it shows."""
    return _kept("similarity_index")


@st.cache_data(show_spinner="Reading the reviews…", max_entries=2)
def review_rows(state: State) -> list[dict]:
    """One row per stored review to filter and count on (``graph.analytics.review_table``)."""
    return _kept("review_table")


@st.cache_data(show_spinner="Grouping the recommendations…", max_entries=2)
def register(state: State) -> list[dict]:
    """The register of every stored recommendation (``graph.analytics.register``)."""
    return _kept("register")


@st.cache_resource(show_spinner=False, max_entries=8)
def parallel_links(state: State, threshold: float, top: int) -> tuple[int, nx.MultiDiGraph]:
    """How many parallel links are stored, and the ``top`` most similar at ``threshold`` or above with
    their reviews (``store.parallel_links``; shared, read-only)."""
    return _read("parallel_links", threshold, top)


@st.cache_resource(show_spinner=False, max_entries=16)
def reviews_graph(review_ids: tuple[str, ...], state: State) -> nx.MultiDiGraph:
    """The graph of the stored reviews ``review_ids`` with the quotes of their links, without the
    documents' text: their own nodes and the shared nodes they reach (shared, read-only)."""
    return _read("graph", review_ids=list(review_ids), documents=False)


@st.cache_resource(show_spinner=False, max_entries=16)
def review_surroundings(review_id: str, state: State) -> nx.MultiDiGraph:
    """What :func:`dashboard.network.around` draws around a stored review in the whole graph, with the
    quotes of its links: read for the review and the reviews it has parallel links with only (shared,
    read-only)."""
    _, links = _read("parallel_links", top=None, review_id=review_id)
    centre = f"Review:{review_id}"
    ids = dict.fromkeys([review_id, *sorted(links.nodes[n]["review_id"] for n in links if n != centre)])
    return around(reviews_graph(tuple(ids), state), centre)


@st.cache_data(show_spinner=False, max_entries=64)
def similar(review_id: str, state: State, top: int = 5) -> list[dict]:
    """The ``top`` stored reviews most like a stored one, with explanations and quotes."""
    with _store() as store:  # the index, if not cached yet, is read through it too
        return stored.similar(store, similarity_index(state), review_id, top=top)


def draft_record(text: str | None = None, upload: tuple[str, bytes] | None = None) -> dict:
    """Extract a draft that is not stored: pasted ``text`` or an uploaded ``(file name, bytes)``."""
    if upload is None:
        return loaders.extract_document(loaders.document_from_text(text or "", source="draft"))
    name, data = upload
    with tempfile.TemporaryDirectory(prefix="casegraph-draft-") as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        return loaders.extract_file(path)


def similar_to_draft(record: dict, state: State, top: int = 5) -> list[dict]:
    """The ``top`` stored reviews most like an unstored draft record, with explanations and quotes."""
    with _store() as store:
        return stored.similar_to_draft(store, similarity_index(state), mapping.record_to_graph(record), top=top)


@st.cache_data(show_spinner="Looking for recurring patterns…", max_entries=16)
def pattern_part(part: str, state: State) -> list[dict]:
    """One part of the pattern report of all stored reviews (a key of
    ``graph.analytics.pattern_report``'s result), as ``casegraph patterns`` gives it: kept with the
    store's state (``graph.analytics.derived``, brought up to date by the commands that change reviews),
    computed now only if nothing has kept it."""
    with _store() as store:
        return derived.pattern_report(store)[part]


@st.cache_data(show_spinner=False, max_entries=64)
def search(query: str, state: State, codes: tuple[str, ...] = (), since: int | None = None,
           until: int | None = None, review_type: str | None = None, partnership: str | None = None,
           top: int = 20) -> list[dict]:
    """The reviews matching a search (:func:`graph.search.search`) with their passages."""
    with _store() as store:
        return search_reviews(store, query, codes=list(codes), since=since, until=until,
                              review_type=review_type, partnership=partnership, top=top)


@st.cache_data(show_spinner=False, max_entries=64)
def elsewhere(text: str, review_id: str, state: State) -> list[dict]:
    """Passages of other reviews that say nearly the same as ``text`` (:func:`graph.search.elsewhere`)."""
    with _store() as store:
        return search_elsewhere(store, text, review_id)
