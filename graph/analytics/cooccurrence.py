"""Co-occurrence: pairs of concepts found together in more reviews than chance predicts.

For concepts ``x`` and ``y`` over ``N`` reviews, with ``n_x``, ``n_y`` the reviews
having each and ``n_xy`` those having both::

    support = n_xy / N
    lift    = (n_xy / N) / ((n_x / N) * (n_y / N)) = n_xy * N / (n_x * n_y)
    pmi     = log2(lift)

Lift 1 means independent; above 1, together more often than chance. Only pairs
with lift above ``min_lift`` (1: more often than chance), at least ``min_count``
reviews and ``min_support`` support are reported, so a pair seen once in a small
corpus does not top the list.

>>> from casegraph.graph.analytics.examples import toy_graph
>>> from casegraph.graph.analytics.features import review_features
>>> rows = cooccurrence(review_features(toy_graph()), min_count=2)
>>> [(r["a"], r["b"], r["count"], round(r["lift"], 2)) for r in rows]
[('RF_HIDDEN_MEN', 'RF_NON_ENGAGEMENT', 2, 1.5)]
"""
from __future__ import annotations

import math

import numpy as np

from casegraph import ontology
from .features import ReviewFeatures

DEFAULT_SCHEMES = ("risk_factor", "practice_theme")


def cooccurrence(features: dict[str, ReviewFeatures], schemes: tuple[str, ...] = DEFAULT_SCHEMES,
                 min_count: int = 2, min_support: float = 0.0, min_lift: float = 1.0) -> list[dict]:
    """Pairs of concepts of ``schemes`` with counts, support, lift and PMI, highest lift first
    (then most reviews): ``{"a", "b", "a_label", "b_label", "count", "a_count", "b_count",
    "support", "lift", "pmi"}``."""
    codes = [c.code for s in schemes for c in ontology.concepts(s)]
    position = {c: i for i, c in enumerate(codes)}
    n = len(features)
    x = np.zeros((n, len(codes)), dtype=np.float64)
    for r, f in enumerate(features.values()):
        x[r, [position[c] for c in f.concepts if c in position]] = 1.0
    together = x.T @ x
    single = np.diag(together)
    rows = []
    for i, j in zip(*np.nonzero(np.triu(together, k=1) >= max(min_count, 1))):
        count = int(together[i, j])
        if count / n < min_support:
            continue
        lift = count * n / (single[i] * single[j])
        if lift <= min_lift:
            continue
        rows.append({"a": codes[i], "b": codes[j], "a_label": ontology.label(codes[i]),
                     "b_label": ontology.label(codes[j]), "count": count, "a_count": int(single[i]),
                     "b_count": int(single[j]), "support": count / n, "lift": float(lift),
                     "pmi": math.log2(lift)})
    return sorted(rows, key=lambda r: (-r["lift"], -r["count"], r["a"], r["b"]))
