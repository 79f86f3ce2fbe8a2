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
from collections.abc import Mapping

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


def index_arrays(features: Mapping[str, ReviewFeatures]) -> dict[str, np.ndarray]:
    """What the similarity index of ``features`` is made of, as plain arrays of numbers and strings
    (so that ``np.load(..., allow_pickle=False)`` reads them back, as ``graph.analytics.derived``
    keeps them): the review ids and titles, the concept codes, each review's concept columns and
    TF-IDF row (compressed sparse rows), the fitted vocabulary and its inverse document frequencies,
    and whether each review has lessons or recommendations.

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> arrays = index_arrays(review_features(toy_graph()))
    >>> arrays["review_ids"].tolist(), len(arrays["terms"]) == len(arrays["idf"])
    (['a', 'b', 'c'], True)
    """
    codes = [c.code for c in ontology.all_concepts()]
    position = {c: i for i, c in enumerate(codes)}
    columns = [sorted(position[c] for c in f.concepts if c in position) for f in features.values()]
    texts = [review_text(f) for f in features.values()]
    has_text = np.array([bool(t.strip()) for t in texts], dtype=bool)
    vectorizer = text_vectorizer()
    try:
        text = vectorizer.fit_transform(texts).tocsr().astype(np.float32)
        terms, idf = vectorizer.get_feature_names_out().astype(str), vectorizer.idf_
    except ValueError:  # no words at all in any review
        text, terms, idf = sparse.csr_matrix((len(texts), 1), dtype=np.float32), np.array([], dtype=str), np.array([])
        has_text[:] = False
    return {"review_ids": np.array(list(features), dtype=str),
            "titles": np.array([f.title or "" for f in features.values()], dtype=str),
            "codes": np.array(codes, dtype=str),
            "concept_indices": np.array([i for row in columns for i in row], dtype=np.int32),
            "concept_indptr": np.cumsum([0, *map(len, columns)], dtype=np.int64),
            "text_data": text.data, "text_indices": text.indices, "text_indptr": text.indptr,
            "terms": terms, "idf": idf.astype(np.float64), "has_text": has_text}


def _fitted_vectorizer(terms: np.ndarray, idf: np.ndarray) -> TfidfVectorizer | None:
    """:func:`text_vectorizer` as fitted on the texts that gave ``terms`` and ``idf`` (None: no words)."""
    if not len(terms):
        return None
    vectorizer = text_vectorizer().set_params(vocabulary={t: i for i, t in enumerate(terms.tolist())})
    vectorizer.idf_ = idf
    return vectorizer


class SimilarityIndex:
    """Concept matrix, concept weights and TF-IDF matrix of a set of reviews (see :func:`build_index`),
    computed from ``features``, or made of ``arrays`` (:func:`index_arrays` of ``features``) kept from
    before; ``features`` is then read only where a review's own features are asked for."""

    def __init__(self, features: Mapping[str, ReviewFeatures], arrays: dict[str, np.ndarray] | None = None):
        arrays = index_arrays(features) if arrays is None else arrays
        self.features = features
        self.review_ids = arrays["review_ids"].tolist()
        self.titles = dict(zip(self.review_ids, arrays["titles"].tolist()))
        self.position = {rid: i for i, rid in enumerate(self.review_ids)}
        self.codes = arrays["codes"].tolist()
        self.code_position = {c: i for i, c in enumerate(self.codes)}
        n, indices = len(self.review_ids), arrays["concept_indices"]
        # sparse on purpose: scipy's products need no BLAS threads, which stall a busy machine
        self.matrix = sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, arrays["concept_indptr"]),
                                        shape=(n, len(self.codes)))
        df = np.asarray(self.matrix.sum(axis=0), dtype=np.float32).ravel()
        scheme_weight = np.array([SCHEME_WEIGHTS.get(ontology.concept(c).scheme, 0.0) for c in self.codes],
                                 dtype=np.float32)
        self.weights = scheme_weight * np.log((n + 1) / (df + 1)).astype(np.float32)
        self.mass = self.matrix @ self.weights
        self.has_text = arrays["has_text"]
        self.terms = arrays["terms"]
        self.text_matrix = sparse.csr_matrix((arrays["text_data"], arrays["text_indices"], arrays["text_indptr"]),
                                             shape=(n, max(len(self.terms), 1)))
        self.vectorizer = _fitted_vectorizer(self.terms, arrays["idf"])

    def __len__(self) -> int:
        return len(self.review_ids)

    def concept_vector(self, f: ReviewFeatures) -> np.ndarray:
        """The 0/1 concept row of the review whose features are ``f`` (stored or a draft)."""
        v = np.zeros(len(self.codes), dtype=np.float32)
        v[[self.code_position[c] for c in f.concepts if c in self.code_position]] = 1.0
        return v

    def text_vector(self, f: ReviewFeatures) -> sparse.csr_matrix:
        """The TF-IDF row (1 x terms) of ``f``'s lessons and recommendations."""
        if self.vectorizer is None:
            return sparse.csr_matrix((1, 1), dtype=np.float32)
        return self.vectorizer.transform([review_text(f)]).tocsr().astype(np.float32)

    def rows(self, review_id: str) -> tuple[np.ndarray, sparse.csr_matrix]:
        """The concept row and TF-IDF row of the indexed review ``review_id``, as the index holds them."""
        i = self.position[review_id]
        m, (lo, hi) = self.text_matrix, self.text_matrix.indptr[i:i + 2]
        return (self.matrix[i].toarray().ravel(),
                sparse.csr_matrix((m.data[lo:hi], m.indices[lo:hi], [0, hi - lo]), shape=(1, m.shape[1])))


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


def ranking(index: SimilarityIndex, query: str | ReviewFeatures, top: int = 5) -> list[dict]:
    """The ``top`` indexed reviews most similar to ``query``, best first, each as its ``review_id``,
    ``score`` and the score's two parts (``concept_score``, ``text_score``): ``query`` is an indexed
    review's id (its own rows are compared, and it is left out) or the features of an unstored draft.
    Raises :class:`CasegraphError` if the review is not in the index.

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> [r["review_id"] for r in ranking(build_index(toy_graph()), "a", top=2)]
    ['b', 'c']
    """
    if isinstance(query, str):
        if query not in index.position:
            raise CasegraphError(f"there is no review {query!r} in the store "
                                 f"({len(index)} reviews; 'casegraph reviews' lists them)")
        concepts, text = index.rows(query)
    else:
        concepts, text = index.concept_vector(query), index.text_vector(query)
    score, concept, text = (part[0] for part in score_block(index, concepts[None, :], text, np.array([text.nnz > 0])))
    if isinstance(query, str):
        score[index.position[query]] = -1.0
    top = max(0, min(top, len(score) - isinstance(query, str)))
    if top == 0:
        return []
    best = np.argpartition(-score, top - 1)[:top]
    return [{"review_id": index.review_ids[i], "score": round(float(score[i]), 4),
             "concept_score": round(float(concept[i]), 4), "text_score": round(float(text[i]), 4)}
            for i in sorted(best, key=lambda i: (-score[i], index.review_ids[i]))]


def explained(index: SimilarityIndex, ranked: list[dict], query: ReviewFeatures,
              features: Mapping[str, ReviewFeatures]) -> list[dict]:
    """The matches of :func:`ranking` with each one's title, whether it drew parallels, and
    :func:`explain` of it for ``query``, from ``features`` (the index's own, or the same reviews read
    again with their quotes)."""
    out = []
    for r in ranked:
        b = features[r["review_id"]]
        out.append({"review_id": b.review_id, "title": b.title, "score": r["score"],
                    "concept_score": r["concept_score"], "text_score": r["text_score"],
                    "drew_parallels": b.drew_parallels, **explain(index, query, b)})
    return out


def similar_reviews(index: SimilarityIndex, review_id: str, top: int = 5) -> list[dict]:
    """The ``top`` stored reviews most similar to the stored review ``review_id``, best first,
    each with its score, the two parts of the score and the explanation of :func:`explain`.
    Raises :class:`CasegraphError` if the review is not in the index.
    """
    ranked = ranking(index, review_id, top)
    return explained(index, ranked, index.features[review_id], index.features)


def similar_to_graph(index: SimilarityIndex, g: nx.MultiDiGraph, top: int = 5) -> list[dict]:
    """The ``top`` stored reviews most similar to the one review in ``g`` (a draft projected with
    ``graph.mapping.record_to_graph``, not stored); same result shape as :func:`similar_reviews`.

    >>> from casegraph.graph.analytics.examples import review_graph, toy_graph
    >>> index = build_index(toy_graph())
    >>> draft = review_graph("draft", {"RF_SUBSTANCE_MISUSE": ["smoked cannabis"]})
    >>> similar_to_graph(index, draft, top=1)[0]["review_id"]
    'c'
    """
    query = draft_features(g)
    return explained(index, ranking(index, query, top), query, index.features)


def draft_features(g: nx.MultiDiGraph) -> ReviewFeatures:
    """The features of the one review in ``g`` (a draft's graph). Raises :class:`CasegraphError` if
    ``g`` holds other than one review."""
    features = list(review_features(g).values())
    if len(features) != 1:
        raise CasegraphError(f"a draft must be one review, this graph holds {len(features)}")
    return features[0]
