"""What the dashboard reads, and how it caches it.

Every read opens the configured store briefly and closes it again, so a
``casegraph ingest`` can write between page views. The store is chosen like the
CLI chooses it: ``$CASEGRAPH_STORE`` (``embedded`` or ``neo4j``) and the store's
own settings (``$CASEGRAPH_DATA_DIR``, ``$NEO4J_URI`` ...), which
``casegraph dashboard`` sets from its options.

Cached results are keyed on :func:`store_state`, the ids and content hashes of
the stored reviews, so a new ingest shows up at the next page view.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import networkx as nx
import streamlit as st

import loaders
from graph import analytics, mapping, stores

State = tuple[tuple[str, str], ...]


def _read(method: str, *args):
    with stores.open_store() as store:
        return getattr(store, method)(*args)


def reviews() -> list[dict]:
    """The stored reviews (``store.list_reviews()``), read fresh each time."""
    return _read("list_reviews")


def store_state(listing: list[dict]) -> State:
    """A cache key that changes whenever a review is added, replaced or deleted."""
    return tuple(sorted((str(r.get("review_id") or r.get("id")), str(r.get("sha256"))) for r in listing))


@st.cache_resource(show_spinner="Reading the graph…", max_entries=2)
def whole_graph(state: State) -> nx.MultiDiGraph:
    """Every stored review's graph (shared, read-only: do not modify)."""
    return _read("graph")


@st.cache_data(show_spinner=False, max_entries=64)
def review(review_id: str, state: State) -> dict | None:
    """The stored record of one review, evidence and text included."""
    return _read("review", review_id)


@st.cache_resource(show_spinner="Comparing the reviews…", max_entries=2)
def similarity_index(state: State) -> analytics.SimilarityIndex:
    """The similar-case index of all stored reviews."""
    return analytics.build_index(whole_graph(state))


@st.cache_data(show_spinner=False, max_entries=64)
def similar(review_id: str, state: State, top: int = 5) -> list[dict]:
    """The ``top`` stored reviews most like a stored one, with explanations."""
    return analytics.similar_reviews(similarity_index(state), review_id, top=top)


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
    """The ``top`` stored reviews most like an unstored draft record, with explanations."""
    return analytics.similar_to_graph(similarity_index(state), mapping.record_to_graph(record), top=top)


@st.cache_data(show_spinner="Looking for recurring patterns…", max_entries=2)
def patterns(state: State) -> dict:
    """The analytics pattern report of all stored reviews (``graph.analytics.pattern_report``)."""
    return analytics.pattern_report(whole_graph(state))


@st.cache_data(show_spinner="Looking for parallels…", max_entries=8)
def parallels(state: State, threshold: float) -> list[dict]:
    """Pairs of stored reviews at least ``threshold`` similar (``graph.analytics.find_parallels``)."""
    return analytics.find_parallels(similarity_index(state), threshold=threshold)
