"""Analytics read from a store: the light graph to count, rank and pair; quotes only where shown.

A store's whole graph with every review's text and every quote is most of what is stored
(gigabytes at national scale). Ranking, parallels and patterns need neither, so they read the
light graph (``store.graph(documents=False, evidence=False)``), and only the reviews an
explanation shows are read again with their quotes. The results are the same as those of the
plain functions of :mod:`graph.analytics` over the whole graph.

- :func:`stored_index`: the similarity index of every stored review, from the light graph.
- :func:`similar` / :func:`similar_to_draft`: matches explained with quotes, read for the
  query and the matches only.
- :func:`agency_quotes`: the distinct quotes of the agency links of reviews with missed
  opportunities, which agency involvement uses as the names a review gives its agencies;
  :func:`pattern_graph`: the light graph with them.

>>> import tempfile  # three fictional reviews in a store in a temporary folder
>>> from casegraph.graph.analytics.examples import review_record
>>> from casegraph.graph.stores import open_store
>>> with tempfile.TemporaryDirectory() as folder, open_store("embedded", data_dir=folder) as store:
...     for rid, code, quote in (("a", "RF_INFANT", "a baby"), ("b", "RF_INFANT", "an infant"),
...                              ("c", "RF_SUBSTANCE_MISUSE", "drank")):
...         _ = store.write_review(review_record(rid, {code: [quote]}))
...     [m] = similar(store, stored_index(store), "a", top=1)
>>> m["review_id"], m["shared"][0]["quotes"]["match"][0]["text"]
('b', 'an infant')
"""
from __future__ import annotations

import gc

import networkx as nx

from casegraph import ontology
from casegraph.errors import CasegraphError

from .features import ReviewFeatures, review_features
from .similarity import SimilarityIndex, build_index, draft_features, explained, ranking

CHUNK = 1000  # reviews whose agency quotes agency_quotes reads at a time


def light_graph(store) -> nx.MultiDiGraph:
    """Every stored review's graph without the documents' text and without the quotes of links.
    Raises :class:`CasegraphError` when the store holds no review."""
    g = store.graph(documents=False, evidence=False)
    if not any(kind == "Review" for _, kind in g.nodes(data="kind")):
        raise CasegraphError(f"the store at {store.location} holds no reviews yet: "
                             "load some with 'casegraph ingest FOLDER'")
    return g


def stored_index(store) -> SimilarityIndex:
    """The similarity index of every stored review, built from :func:`light_graph`."""
    return build_index(light_graph(store))


def quoted_features(store, review_ids: list[str]) -> dict[str, ReviewFeatures]:
    """The features of a few stored reviews with their quotes (read for these reviews only)."""
    return review_features(store.graph(review_ids=list(review_ids), documents=False)) if review_ids else {}


def similar(store, index: SimilarityIndex, review_id: str, top: int = 5) -> list[dict]:
    """:func:`~graph.analytics.similar_reviews` on ``index`` (from :func:`stored_index`), explained
    with the quotes of the query and of the matches (read for those reviews only: the index's own
    features are not needed)."""
    ranked = ranking(index, review_id, top)
    quoted = quoted_features(store, [review_id, *(r["review_id"] for r in ranked)])
    return explained(index, ranked, quoted[review_id], quoted)


def similar_to_draft(store, index: SimilarityIndex, draft: nx.MultiDiGraph, top: int = 5) -> list[dict]:
    """:func:`~graph.analytics.similar_to_graph` of an unstored draft's graph (with its own quotes),
    explained with the quotes of the matches."""
    query = draft_features(draft)
    ranked = ranking(index, query, top)
    return explained(index, ranked, query, quoted_features(store, [r["review_id"] for r in ranked]))


def agency_quotes(store, g: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict]]:
    """The quotes of the links to their agencies from the reviews of ``g`` (the light graph) that have
    missed opportunities and agencies without ``mentions`` (stored by a casegraph before agencies kept
    them), each distinct quote once, by link ``(from, to, type)``: all that
    :func:`~graph.analytics.pattern_report` needs of the quotes (the names reviews give their agencies,
    for agency involvement in missed opportunities; see :mod:`~graph.analytics.missed_opportunities`).
    On a store written by this casegraph there are none to read. They are read :data:`CHUNK` reviews
    at a time, as there can be millions of them (most repeat a name)."""
    involves = ontology.relation(ontology.scheme("agency_type").relation)
    missed = ontology.relation("hasMissedOpportunity").graph_type

    def needs_quotes(review: str) -> bool:
        links = [(v, k) for _, v, k in g.out_edges(review, keys=True)]
        return (any(k == missed for _, k in links)
                and any(k == involves.graph_type and not g.nodes[v].get("mentions") for v, k in links))

    reviews = sorted(d["review_id"] for n, d in g.nodes(data=True) if d.get("kind") == "Review" and needs_quotes(n))
    quotes = {}
    with store.reading():  # one read view for all the chunks
        for start in range(0, len(reviews), CHUNK):
            if start:
                gc.collect()  # a read leaves reference cycles behind: free them before the next one
            part = store.graph(kinds=[*involves.domain, involves.range], review_ids=reviews[start:start + CHUNK],
                               documents=False)
            quotes.update(((u, v, key), _distinct(evidence))
                          for u, v, key, evidence in part.edges(keys=True, data="evidence")
                          if evidence and key == involves.graph_type)
            del part
    return quotes


def pattern_graph(store, g: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """:func:`light_graph` (or ``g``, read by it already: the quotes are added to it) with
    :func:`agency_quotes` on its links: what :func:`~graph.analytics.pattern_report` needs of the store."""
    g = light_graph(store) if g is None else g
    for link, quotes in agency_quotes(store, g).items():
        g.edges[link]["evidence"] = quotes
    return g


def _distinct(evidence: list[dict]) -> list[dict]:
    """The first quote of each distinct text, in order.

    >>> _distinct([{"text": "the GP", "start": 4}, {"text": "the GP", "start": 90}, {"text": "Dr A"}])
    [{'text': 'the GP', 'start': 4}, {'text': 'Dr A'}]
    """
    first: dict[str | None, dict] = {}
    for quote in evidence:
        first.setdefault(quote.get("text"), quote)
    return list(first.values())
