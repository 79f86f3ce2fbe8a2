"""Parallels: pairs of separate reviews similar enough to read side by side.

A pair is a parallel when its similarity score (:mod:`graph.analytics.similarity`)
is at least the threshold. Two reviews of the same document (the same sha256)
are not separate and are never paired. Each pair lists its shared concepts, most
informative first, and which of the two reviews itself says it drew parallels
with earlier reviews.

>>> from graph.analytics.examples import toy_graph
>>> from graph.analytics.similarity import build_index
>>> [(p["a"], p["b"], p["shared"]) for p in find_parallels(build_index(toy_graph()), threshold=0.3)]
[('a', 'b', ['RF_HIDDEN_MEN', 'RF_NON_ENGAGEMENT'])]
"""
from __future__ import annotations

import numpy as np

from .similarity import SimilarityIndex, score_block, shared_concepts

DEFAULT_THRESHOLD = 0.3
_BLOCK = 512


def find_parallels(index: SimilarityIndex, threshold: float = DEFAULT_THRESHOLD) -> list[dict]:
    """Every pair ``a < b`` (review ids) of indexed reviews scoring at least ``threshold``,
    best first: ``{"a", "b", "score", "concept_score", "text_score", "shared", "drew_parallels"}``
    where ``shared`` holds the shared concept codes that carry weight and ``drew_parallels``
    the ids of the two that say they drew parallels themselves.
    """
    ids = index.review_ids
    sha = [index.features[r].sha256 for r in ids]
    pairs = []
    for start in range(0, len(ids), _BLOCK):
        rows = np.arange(start, min(start + _BLOCK, len(ids)))
        score, concept, text = score_block(index, index.matrix[rows].toarray(), index.text_matrix[rows],
                                           index.has_text[rows])
        for k, j in zip(*np.nonzero(score >= threshold)):
            i = rows[k]
            if j <= i or (sha[i] and sha[i] == sha[j]):
                continue
            a, b = sorted((ids[i], ids[j]))
            pairs.append({"a": a, "b": b, "score": round(float(score[k, j]), 4),
                          "concept_score": round(float(concept[k, j]), 4),
                          "text_score": round(float(text[k, j]), 4),
                          "shared": shared_concepts(index, index.features[a], index.features[b]),
                          "drew_parallels": [r for r in (a, b) if index.features[r].drew_parallels]})
    return sorted(pairs, key=lambda p: (-p["score"], p["a"], p["b"]))

