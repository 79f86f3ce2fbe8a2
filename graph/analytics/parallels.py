"""Parallels: pairs of separate reviews similar enough to read side by side.

A pair is a parallel when its similarity score (:mod:`graph.analytics.similarity`)
is at least the threshold and one of the two is among the other's ``per_review``
most similar reviews (so a large store lists each review's closest parallels, not
every pair of ordinary likeness), and they share at least ``min_shared`` concepts that
carry weight (two short documents that share one or two findings score high but are
a coincidence, not a pattern worth reading side by side). Two reviews of the same document (the same
sha256) are not separate and are never paired. Each pair lists its shared
concepts, most informative first, and which of the two reviews itself says it
drew parallels with earlier reviews.

>>> from casegraph.graph.analytics.examples import toy_graph
>>> from casegraph.graph.analytics.similarity import build_index
>>> [(p["a"], p["b"], p["shared"]) for p in find_parallels(build_index(toy_graph()), threshold=0.3, min_shared=2)]
[('a', 'b', ['RF_HIDDEN_MEN', 'RF_NON_ENGAGEMENT'])]
"""
from __future__ import annotations

import numpy as np

from .similarity import SimilarityIndex, score_block, shared_concepts

DEFAULT_THRESHOLD = 0.3
DEFAULT_PER_REVIEW = 5
DEFAULT_MIN_SHARED = 3
_BLOCK = 512


def find_parallels(index: SimilarityIndex, threshold: float = DEFAULT_THRESHOLD,
                   per_review: int = DEFAULT_PER_REVIEW, min_shared: int = DEFAULT_MIN_SHARED) -> list[dict]:
    """Parallels among the indexed reviews (see the module doc), best first:
    ``{"a", "b", "score", "concept_score", "text_score", "shared", "drew_parallels"}`` with
    ``a < b`` (review ids), ``shared`` the shared concept codes that carry weight and
    ``drew_parallels`` the ids of the two that say they drew parallels themselves.
    """
    ids = index.review_ids
    sha = [index.features[r].sha256 for r in ids]
    found: dict[tuple[int, int], tuple[float, float, float]] = {}
    for start in range(0, len(ids), _BLOCK):
        rows = np.arange(start, min(start + _BLOCK, len(ids)))
        score, concept, text = score_block(index, index.matrix[rows].toarray(), index.text_matrix[rows],
                                           index.has_text[rows])
        score[np.arange(len(rows)), rows] = -1.0                     # a review is not its own parallel
        keep = min(per_review, len(ids) - 1)
        if keep < 1:
            break
        best = np.argpartition(-score, keep - 1, axis=1)[:, :keep]
        for k, j in zip(np.repeat(np.arange(len(rows)), keep), best.ravel()):
            i = int(rows[k])
            if score[k, j] < threshold or (sha[i] and sha[i] == sha[j]):
                continue
            found[(min(i, int(j)), max(i, int(j)))] = (float(score[k, j]), float(concept[k, j]), float(text[k, j]))
    pairs = []
    for (i, j), (score, concept, text) in found.items():
        a, b = sorted((ids[i], ids[j]))
        shared = shared_concepts(index, index.features[a], index.features[b])
        if len(shared) < min_shared:
            continue
        pairs.append({"a": a, "b": b, "score": round(score, 4), "concept_score": round(concept, 4),
                      "text_score": round(text, 4), "shared": shared,
                      "drew_parallels": [r for r in (a, b) if index.features[r].drew_parallels]})
    return sorted(pairs, key=lambda p: (-p["score"], p["a"], p["b"]))
