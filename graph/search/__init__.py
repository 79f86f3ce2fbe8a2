"""Search over stored reviews: words, phrases, AND/OR/NOT, prefixes; passages with the matched words marked.

The query is parsed by :mod:`graph.search.query` and rendered for the engine of the store: Tantivy
(:mod:`graph.search.embedded`) beside the embedded store, Neo4j's full-text index (:mod:`graph.search.neo4j`)
inside a Neo4j store. The store keeps the index in step on every
write and delete (its ``search_index``); the first :func:`search` on an open store brings back in step any
review whose stored sha256 the index does not hold (a crash between the two writes, a store made before search).

>>> import tempfile
>>> from casegraph.graph.stores import open_store
>>> from casegraph.graph.analytics.examples import review_record
>>> with open_store("embedded", data_dir=tempfile.mkdtemp()) as store:
...     _ = store.write_review(review_record("fictional-a", {"RF_INFANT": ["a small fictional baby"]}))
...     hits = search(store, "babies")
>>> len(hits) == 1 and hits[0]["passages"][0]["marks"] != []
True
"""
from __future__ import annotations

import re
import weakref

from casegraph.errors import CasegraphError
from casegraph.graph.search.embedded import FOLDER, TantivyIndex
from casegraph.graph.search.neo4j import Neo4jIndex
from casegraph.graph.search.query import Or, Word, parse

__all__ = ["index_for", "search", "parse", "reconcile", "elsewhere"]

# Stores whose index was checked against them since they were opened: afterwards their own writes keep it
# in step, so the check (a read of every review's sha256) is paid once per open store, not per search.
_CHECKED: "weakref.WeakSet" = weakref.WeakSet()


def index_for(backend):
    """The search index of a store backend (None for a store without one)."""
    if getattr(backend, "fulltext", None):
        return Neo4jIndex(backend)
    data_dir = getattr(backend, "data_dir", None)
    return TantivyIndex(data_dir / FOLDER) if data_dir is not None else None


def reconcile(store) -> int:
    """Index every stored review the index lacks or holds in another version; drop what the store lacks.
    Returns the number of reviews indexed or dropped."""
    index = store.search_index
    held = index.indexed()
    stored = {r["review_id"]: r["sha256"] for r in store.list_reviews()}
    changed = [rid for rid, sha in stored.items() if held.get(rid) != sha]
    for rid in set(held) - set(stored):
        index.deleted(rid)
    for rid in changed:
        index.written([store.review(rid)])
    return len(changed) + len(set(held) - set(stored))


def _in_step(store) -> None:
    if store not in _CHECKED:
        reconcile(store)
        _CHECKED.add(store)


def search(store, query: str, codes=(), since: int | None = None, until: int | None = None,
           review_type: str | None = None, partnership: str | None = None, top: int = 10) -> list[dict]:
    """Reviews matching ``query`` and the filters, best first: ``review_id``, ``title``, ``score`` and up
    to three ``passages`` (``section``, ``start``, ``end``, ``text``, ``marks``: offsets in the document)."""
    node = parse(query)
    if store.search_index is None:
        raise CasegraphError(f"search is not available on this store yet ({store.location})")
    _in_step(store)
    return store.search_index.search(node, codes=codes, since=since, until=until, review_type=review_type,
                                     partnership=partnership, top=top)


def elsewhere(store, text: str, review_id: str, top: int = 10) -> list[dict]:
    """Passages of other reviews that say nearly the same as ``text`` (a quote or lesson of ``review_id``):
    more-like-this from its longest distinct words, any of which may match, ranked by BM25.

    Built as a tree of words (never parsed from the text), so nothing in a quote is read as syntax.
    """
    words = sorted({w.lower() for w in re.findall(r"[^\W\d_]{5,}", text or "")}, key=lambda w: (-len(w), w))[:12]
    if not words:
        return []
    node = Word(words[0], False)
    for w in words[1:]:
        node = Or(node, Word(w, False))
    _in_step(store)
    hits = store.search_index.search(node, top=top + 1, per_review=1)
    return [h for h in hits if h["review_id"] != review_id][:top]
