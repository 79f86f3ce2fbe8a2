"""Recurring lessons and repeated recommendations: the same thing said by different reviews.

Texts are compared by the cosine similarity of their TF-IDF vectors (the
settings of :func:`graph.analytics.similarity.text_vectorizer`, fitted on the
texts being clustered). Two texts of different reviews at or above the threshold
are linked (texts that are the same after lower-casing and joining spaces count
as one). A review's own texts are not linked to each other: a run of one review's
recommendations that open with the same words is not the same thing said again.
Clusters are stars, so that similarity does not chain through a whole corpus: the
text with the most links leads a cluster of itself and every text linked to it not
yet in a cluster, then the next most linked text left, and so on. Every member
is thus at least ``threshold`` similar to the cluster's ``example`` (its leader).
Only clusters with texts from at least two different reviews are reported (the
recommendation register asks for every cluster, see ``min_reviews``), largest spread
first, each with its member texts (and their offsets, so a reader can check them in
the review) and the words that characterise it.

>>> from casegraph.graph.analytics.examples import toy_graph
>>> from casegraph.graph.analytics.features import review_features
>>> clusters = recurring_lessons(review_features(toy_graph()), threshold=0.3)
>>> [(c["reviews"], c["terms"][:2]) for c in clusters]
[(['a', 'b'], ['assess', 'household'])]
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

from .features import ReviewFeatures
from .similarity import text_vectorizer

DEFAULT_THRESHOLD = 0.25
_BLOCK = 2048


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _stars(links: sparse.csr_matrix) -> np.ndarray:
    """The leader of each node's star cluster (see the module doc); ``links`` is symmetric."""
    degree = np.diff(links.indptr)
    leader = np.full(links.shape[0], -1)
    for node in np.argsort(-degree, kind="stable"):
        if leader[node] >= 0:
            continue
        leader[node] = node
        linked = links.indices[links.indptr[node]:links.indptr[node + 1]]
        free = linked[leader[linked] < 0]
        leader[free] = node
    return leader


def _sole_review(items: list[dict], node: dict[str, int]) -> np.ndarray:
    """For each text key, the number of the one review that has it; -1 where several reviews do."""
    reviews: dict[int, set] = {}
    for it in items:
        if it.get("text", "").strip():
            reviews.setdefault(node[_key(it["text"])], set()).add(it["review_id"])
    numbers = {r: n for n, r in enumerate(sorted({r for rs in reviews.values() for r in rs}))}
    owner = np.full(len(node), -1)
    for k, rs in reviews.items():
        if len(rs) == 1:
            owner[k] = numbers[next(iter(rs))]
    return owner


def cluster_texts(items: list[dict], threshold: float = DEFAULT_THRESHOLD, terms: int = 5,
                  min_reviews: int = 2) -> list[dict]:
    """Cluster ``items`` (dicts with ``review_id`` and ``text``) as described in the module doc:
    ``[{"reviews": [ids], "size": n, "example": text, "terms": [words], "members": items}]``, the
    clusters with items of at least ``min_reviews`` different reviews; ``members`` are the very dicts
    of ``items`` (items with blank text are left out), ``terms`` at most that many words.

    >>> items = [{"review_id": "x", "text": "Share information with the GP."},
    ...          {"review_id": "y", "text": "Information must be shared with the GP!"},
    ...          {"review_id": "y", "text": "Visit the home."}]
    >>> [c["size"] for c in cluster_texts(items, threshold=0.2)]
    [2]
    >>> [c["example"] for c in cluster_texts(items, threshold=0.2, terms=0, min_reviews=1)]
    ['Information must be shared with the GP!', 'Visit the home.']
    """
    keys = sorted({_key(it["text"]) for it in items if it.get("text", "").strip()})
    if not keys:
        return []
    node = {k: i for i, k in enumerate(keys)}
    owner = _sole_review(items, node)
    vectorizer = text_vectorizer()
    try:
        x = vectorizer.fit_transform(keys).tocsr().astype(np.float32)
    except ValueError:  # nothing but stop words
        return []
    links = []
    for start in range(0, len(keys), _BLOCK):
        block = (x[start:start + _BLOCK] @ x.T).tocoo()
        rows = block.row + start
        different = (owner[rows] != owner[block.col]) | (owner[rows] < 0)
        keep = (block.data >= threshold) & different & (rows != block.col)
        links.append(sparse.coo_matrix((np.ones(keep.sum()), (rows[keep], block.col[keep])),
                                       shape=(len(keys), len(keys))))
    leader = _stars(sparse.csr_matrix(sum(links[1:], links[0])))
    groups: dict[int, list[dict]] = {}
    for it in items:
        if it.get("text", "").strip():
            groups.setdefault(int(leader[node[_key(it["text"])]]), []).append(it)
    names = vectorizer.get_feature_names_out()
    out = []
    for head, members in groups.items():
        reviews = sorted({m["review_id"] for m in members})
        if len(reviews) < min_reviews:
            continue
        example = next(m["text"] for m in members if node[_key(m["text"])] == head)
        out.append({"reviews": reviews, "size": len(members), "example": example,
                    "terms": _terms(x, names, sorted({node[_key(m["text"])] for m in members}), terms),
                    "members": members})
    return sorted(out, key=lambda c: (-len(c["reviews"]), -c["size"], c["reviews"]))


def _terms(x, names, rows: list[int], terms: int) -> list[str]:
    """The (at most) ``terms`` words weighing most in the mean of the TF-IDF ``rows`` of ``x``."""
    if not terms:
        return []
    centroid = np.asarray(x[rows].mean(axis=0)).ravel()
    return [str(names[t]) for t in np.argsort(-centroid, kind="stable")[:terms] if centroid[t] > 0]


def _items(features: dict[str, ReviewFeatures], field: str) -> list[dict]:
    return [{"review_id": rid, **item} for rid, f in features.items() for item in getattr(f, field)]


def recurring_lessons(features: dict[str, ReviewFeatures], threshold: float = DEFAULT_THRESHOLD) -> list[dict]:
    """Clusters of lessons that different reviews share (see :func:`cluster_texts`)."""
    return cluster_texts(_items(features, "lessons"), threshold)


def repeated_recommendations(features: dict[str, ReviewFeatures],
                             threshold: float = DEFAULT_THRESHOLD) -> list[dict]:
    """Clusters of recommendations that different reviews make again (see :func:`cluster_texts`).

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> from casegraph.graph.analytics.features import review_features
    >>> repeated_recommendations(review_features(toy_graph()))
    []
    """
    return cluster_texts(_items(features, "recommendations"), threshold)
