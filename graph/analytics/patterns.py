"""All recurring patterns of a set of reviews in one report, or the parts of it one at a time.

>>> from casegraph.graph.analytics.examples import toy_graph
>>> report = pattern_report(toy_graph())
>>> report["reviews"], sorted(report)
(3, ['agency_involvement', 'cooccurrence', 'prevalence', 'recommendations', 'recurring_lessons', 'reviews'])
>>> features_report(review_features(toy_graph()), parts=["cooccurrence"]) == {
...     "reviews": 3, "cooccurrence": report["cooccurrence"]}
True
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from casegraph.graph.collector import collector_paused

from .cooccurrence import cooccurrence
from .features import ReviewFeatures, review_features
from .missed_opportunities import agency_involvement
from .prevalence import prevalence
from .recurring import DEFAULT_THRESHOLD, recurring_lessons, repeated_recommendations

PARTS = ("prevalence", "cooccurrence", "recurring_lessons", "recommendations", "agency_involvement")


def pattern_report(g: nx.MultiDiGraph, min_count: int = 2, min_support: float = 0.0,
                   text_threshold: float = DEFAULT_THRESHOLD) -> dict:
    """Prevalence, co-occurrence (pairs in at least ``min_count`` reviews and ``min_support`` of
    them), recurring lessons and repeated recommendations (TF-IDF cosine >= ``text_threshold``)
    and agency involvement in missed opportunities, for every review in ``g``."""
    return features_report(review_features(g), min_count, min_support, text_threshold)


def features_report(features: dict[str, ReviewFeatures], min_count: int = 2, min_support: float = 0.0,
                    text_threshold: float = DEFAULT_THRESHOLD, parts: Iterable[str] = PARTS) -> dict:
    """:func:`pattern_report` of the reviews' ``features`` (:func:`~graph.analytics.review_features`),
    with only the ``parts`` (of :data:`PARTS`) asked for: each is computed alone."""
    make = {"prevalence": lambda: prevalence(features),
            "cooccurrence": lambda: cooccurrence(features, min_count=min_count, min_support=min_support),
            "recurring_lessons": lambda: recurring_lessons(features, text_threshold),
            "recommendations": lambda: repeated_recommendations(features, text_threshold),
            "agency_involvement": lambda: agency_involvement(features)}
    with collector_paused():
        return {"reviews": len(features), **{part: make[part]() for part in parts}}
