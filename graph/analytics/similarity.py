"""Explainable similar-case search.

The score of a stored review ``b`` for a query review ``a`` (a stored review or
an unstored draft) is, in [0, 1]::

    score = (1 - TEXT_WEIGHT) * concepts(a, b) + TEXT_WEIGHT * text(a, b)

``concepts`` weights every concept by how informative it is::

    weight(c) = SCHEME_WEIGHTS[scheme of c] * log((N + 1) / (df(c) + 1))
    concepts(a, b) = sum(weight(c), c shared) / sqrt(sum(weight(c), c in a) * sum(weight(c), c in b))

where N is the number of stored reviews and df(c) how many have concept c: a
concept found in every review weighs 0, a rare shared one a lot; the
normalisation (a weighted cosine of the two concept sets) keeps long reviews
with many codes from winning by size. Risk factors, harm types and practice
themes count fully, agency types 0.75, family roles and outcomes 0.5, the
review type (the kind of document, not the case) 0.

``text`` is the cosine similarity of TF-IDF vectors (scikit-learn, English stop
words, sublinear term frequency) of each review's lessons and recommendations,
weighted TEXT_WEIGHT = 0.2: wording is a hint, findings are the evidence (and
TF-IDF cosines of short texts run lower than concept cosines). When either
review has no lessons or recommendations, the score is the concept part alone.

Everything is precomputed once in a :class:`SimilarityIndex`, so a query is a
few matrix products.

>>> from casegraph.graph.analytics.examples import toy_graph
>>> index = build_index(toy_graph())
>>> [(r["review_id"], round(r["score"], 2)) for r in similar_reviews(index, "a", top=2)]
[('b', 0.57), ('c', 0.0)]
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from casegraph import ontology
from casegraph.graph.mapping import CONTEXT_KEYS, EVIDENCE_KEYS
from casegraph.errors import CasegraphError

from .features import ReviewFeatures, review_features

SCHEME_WEIGHTS = {"risk_factor": 1.0, "harm_type": 1.0, "practice_theme": 1.0,
                  "agency_type": 0.75, "family_role": 0.5, "outcome": 0.5, "review_type": 0.0}
TEXT_WEIGHT = 0.2
MAX_QUOTES = 3


def review_text(f: ReviewFeatures) -> str:
    """The text compared by the text part of the score: lessons then recommendations."""
    return "\n".join(item["text"] for item in (*f.lessons, *f.recommendations) if item.get("text"))


def text_vectorizer() -> TfidfVectorizer:
    """The TF-IDF settings used for every text comparison in analytics."""
    return TfidfVectorizer(stop_words="english", sublinear_tf=True,
                           token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b")


class SimilarityIndex:
    """Concept matrix, concept weights and TF-IDF matrix of a set of reviews (see :func:`build_index`)."""

    def __init__(self, features: dict[str, ReviewFeatures]):
        self.features = features
        self.review_ids = list(features)
        self.position = {rid: i for i, rid in enumerate(self.review_ids)}
        self.codes = [c.code for c in ontology.all_concepts()]
        self.code_position = {c: i for i, c in enumerate(self.codes)}
        n = len(self.review_ids)
        dense = np.zeros((n, len(self.codes)), dtype=np.float32)
        for i, f in enumerate(features.values()):
            dense[i, [self.code_position[c] for c in f.concepts if c in self.code_position]] = 1.0
        df = dense.sum(axis=0)
        # sparse on purpose: scipy's products need no BLAS threads, which stall a busy machine
        self.matrix = sparse.csr_matrix(dense)
        scheme_weight = np.array([SCHEME_WEIGHTS.get(ontology.concept(c).scheme, 0.0) for c in self.codes],
                                 dtype=np.float32)
        self.weights = scheme_weight * np.log((n + 1) / (df + 1)).astype(np.float32)
        self.mass = self.matrix @ self.weights
        texts = [review_text(f) for f in features.values()]
        self.has_text = np.array([bool(t.strip()) for t in texts])
        self.vectorizer = text_vectorizer()
        try:
            self.text_matrix = self.vectorizer.fit_transform(texts).tocsr().astype(np.float32)
            self.terms = self.vectorizer.get_feature_names_out()
        except ValueError:  # no words at all in any review
            self.vectorizer, self.terms = None, np.array([], dtype=object)
            self.text_matrix = sparse.csr_matrix((n, 1), dtype=np.float32)
            self.has_text[:] = False

    def __len__(self) -> int:
        return len(self.review_ids)

    def _indexed(self, f: ReviewFeatures) -> int | None:
        i = self.position.get(f.review_id)
        return i if i is not None and self.features[f.review_id] is f else None

    def concept_vector(self, f: ReviewFeatures) -> np.ndarray:
        """The 0/1 concept row of ``f`` (an indexed review or a draft)."""
        i = self._indexed(f)
        if i is not None:
            return self.matrix[i].toarray().ravel()
        v = np.zeros(len(self.codes), dtype=np.float32)
        v[[self.code_position[c] for c in f.concepts if c in self.code_position]] = 1.0
        return v

    def text_vector(self, f: ReviewFeatures) -> sparse.csr_matrix:
        """The TF-IDF row (1 x terms) of ``f``'s lessons and recommendations."""
        i = self._indexed(f)
        if i is not None:
            m, (lo, hi) = self.text_matrix, self.text_matrix.indptr[i:i + 2]
            return sparse.csr_matrix((m.data[lo:hi], m.indices[lo:hi], [0, hi - lo]), shape=(1, m.shape[1]))
        if self.vectorizer is None:
            return sparse.csr_matrix((1, 1), dtype=np.float32)
        return self.vectorizer.transform([review_text(f)]).tocsr().astype(np.float32)


def build_index(g: nx.MultiDiGraph) -> SimilarityIndex:
    """Precompute the similarity index of every review in the graph projection ``g``.

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> len(build_index(toy_graph()))
    3
    """
    return SimilarityIndex(review_features(g))


def score_block(index: SimilarityIndex, concepts: np.ndarray, texts: sparse.csr_matrix,
                has_text: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(score, concept part, text part), each of shape (k, N), of k query reviews against every
    indexed review; ``concepts`` is a dense (k, codes) 0/1 array, ``texts`` their (k, terms)
    TF-IDF rows, ``has_text`` whether each query has lessons or recommendations."""
    shared = (index.matrix @ (concepts * index.weights).T).T
    denom = np.sqrt(np.outer(concepts @ index.weights, index.mass))
    concept = np.divide(shared, denom, out=np.zeros_like(shared), where=denom > 0)
    if texts.shape[0] == 1:  # one query: a matrix-vector product is fastest
        text = (index.text_matrix @ texts.toarray().ravel())[None, :]
    else:
        text = (index.text_matrix @ texts.T).T.toarray().astype(np.float32)
    both = np.outer(has_text, index.has_text)
    return np.where(both, (1 - TEXT_WEIGHT) * concept + TEXT_WEIGHT * text, concept), concept, text


def _scores(index: SimilarityIndex, f: ReviewFeatures) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(score, concept part, text part) of every indexed review for the query ``f``."""
    tq = index.text_vector(f)
    score, concept, text = score_block(index, index.concept_vector(f)[None, :], tq, np.array([tq.nnz > 0]))
    return score[0], concept[0], text[0]


def _quotes(evidence: list[dict]) -> list[dict]:
    """The first quotes of a concept's evidence, each with the sentence around it where extraction gave one."""
    keys = (*EVIDENCE_KEYS, *CONTEXT_KEYS)
    return [{k: e[k] for k in keys if k in e} for e in evidence[:MAX_QUOTES]]


def explain(index: SimilarityIndex, a: ReviewFeatures, b: ReviewFeatures) -> dict:
    """Why ``b`` is similar to ``a``: the shared concepts, most informative first, with the
    weight of each (concepts in every review weigh 0 and are left out), the ``points`` it
    adds to the score, its ``contribution`` (share of the score), and evidence quotes from
    both reviews (``quotes["query"]`` from ``a``,
    ``quotes["match"]`` from ``b``); plus the words their lessons and recommendations
    have most in common.

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> index = build_index(toy_graph())
    >>> e = explain(index, index.features["a"], index.features["b"])
    >>> [c["code"] for c in e["shared"]]
    ['RF_HIDDEN_MEN', 'RF_NON_ENGAGEMENT']
    >>> e["shared"][0]["quotes"]["match"][0]["text"]
    'an unknown man'
    >>> round(sum(c["contribution"] for c in e["shared"]), 2)   # the rest: similar lessons
    0.78
    """
    ta, tb = index.text_vector(a), index.text_vector(b)
    mass = float(index.concept_vector(a) @ index.weights) * float(index.concept_vector(b) @ index.weights)
    total = math.sqrt(mass) or 1.0
    factor = (1 - TEXT_WEIGHT) if ta.nnz and tb.nnz else 1.0
    codes = shared_concepts(index, a, b)
    points = {code: factor * _weight(index, code) / total for code in codes}
    score = sum(points.values()) + (TEXT_WEIGHT * float(ta.multiply(tb).sum()) if factor < 1 else 0.0)
    shared = []
    for code in codes:
        c = ontology.concept(code)
        shared.append({"code": code, "label": c.label, "scheme": c.scheme,
                       "weight": round(_weight(index, code), 4), "points": round(points[code], 4),
                       "contribution": round(points[code] / score, 4) if score > 0 else 0.0,
                       "quotes": {"query": _quotes(a.concepts[code]), "match": _quotes(b.concepts[code])}})
    return {"shared": shared, "shared_words": _shared_words(index, ta, tb) if factor < 1 else []}


def shared_concepts(index: SimilarityIndex, a: ReviewFeatures, b: ReviewFeatures) -> list[str]:
    """Codes of the concepts ``a`` and ``b`` share that carry weight, most informative first."""
    common = (c for c in set(a.concepts) & set(b.concepts) if _weight(index, c) > 0)
    return sorted(common, key=lambda c: (-_weight(index, c), c))


def _weight(index: SimilarityIndex, code: str) -> float:
    i = index.code_position.get(code)
    return float(index.weights[i]) if i is not None else 0.0


def _shared_words(index: SimilarityIndex, ta: sparse.csr_matrix, tb: sparse.csr_matrix, n: int = 8) -> list[str]:
    common, ia, ib = np.intersect1d(ta.indices, tb.indices, assume_unique=True, return_indices=True)
    order = np.argsort(-(ta.data[ia] * tb.data[ib]), kind="stable")[:n]
    return [str(index.terms[common[i]]) for i in order]


def _ranked(index: SimilarityIndex, f: ReviewFeatures, top: int, exclude: str | None) -> list[dict]:
    score, concept, text = _scores(index, f)
    if exclude is not None and exclude in index.position:
        score[index.position[exclude]] = -1.0
    top = max(0, min(top, len(score) - (exclude in index.position if exclude else 0)))
    if top == 0:
        return []
    best = np.argpartition(-score, top - 1)[:top]
    best = sorted(best, key=lambda i: (-score[i], index.review_ids[i]))
    out = []
    for i in best:
        b = index.features[index.review_ids[i]]
        out.append({"review_id": b.review_id, "title": b.title, "score": round(float(score[i]), 4),
                    "concept_score": round(float(concept[i]), 4), "text_score": round(float(text[i]), 4),
                    "drew_parallels": b.drew_parallels, **explain(index, f, b)})
    return out


def similar_reviews(index: SimilarityIndex, review_id: str, top: int = 5) -> list[dict]:
    """The ``top`` stored reviews most similar to the stored review ``review_id``, best first,
    each with its score, the two parts of the score and the explanation of :func:`explain`.
    Raises :class:`CasegraphError` if the review is not in the index.
    """
    f = index.features.get(review_id)
    if f is None:
        raise CasegraphError(f"there is no review {review_id!r} in the store "
                             f"({len(index)} reviews; 'casegraph reviews' lists them)")
    return _ranked(index, f, top, exclude=review_id)


def similar_to_graph(index: SimilarityIndex, g: nx.MultiDiGraph, top: int = 5) -> list[dict]:
    """The ``top`` stored reviews most similar to the one review in ``g`` (a draft projected with
    ``graph.mapping.record_to_graph``, not stored); same result shape as :func:`similar_reviews`.

    >>> from casegraph.graph.analytics.examples import review_graph, toy_graph
    >>> index = build_index(toy_graph())
    >>> draft = review_graph("draft", {"RF_SUBSTANCE_MISUSE": ["smoked cannabis"]})
    >>> similar_to_graph(index, draft, top=1)[0]["review_id"]
    'c'
    """
    features = list(review_features(g).values())
    if len(features) != 1:
        raise CasegraphError(f"a draft must be one review, this graph holds {len(features)}")
    return _ranked(index, features[0], top, exclude=None)
