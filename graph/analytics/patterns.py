"""All recurring patterns of a set of reviews in one report.

>>> from graph.analytics.examples import toy_graph
>>> report = pattern_report(toy_graph())
>>> report["reviews"], sorted(report)
(3, ['agency_involvement', 'cooccurrence', 'prevalence', 'recommendations', 'recurring_lessons', 'reviews'])
"""
from __future__ import annotations

import networkx as nx

from .cooccurrence import cooccurrence
from .features import review_features
from .missed_opportunities import agency_involvement
from .prevalence import prevalence
from .recurring import DEFAULT_THRESHOLD, recurring_lessons, repeated_recommendations


def pattern_report(g: nx.MultiDiGraph, min_count: int = 2, min_support: float = 0.0,
                   text_threshold: float = DEFAULT_THRESHOLD, quotes: dict | None = None) -> dict:
    """Prevalence, co-occurrence (pairs in at least ``min_count`` reviews and ``min_support`` of
    them), recurring lessons and repeated recommendations (TF-IDF cosine >= ``text_threshold``)
    and agency involvement in missed opportunities, for every review in ``g``; ``quotes``: the
    quotes of links that ``g`` was read without (see :func:`~graph.analytics.review_features`,
    :func:`graph.analytics.stored.agency_quotes`)."""
    features = review_features(g, quotes)
    return {"reviews": len(features),
            "prevalence": prevalence(features),
            "cooccurrence": cooccurrence(features, min_count=min_count, min_support=min_support),
            "recurring_lessons": recurring_lessons(features, text_threshold),
            "recommendations": repeated_recommendations(features, text_threshold),
            "agency_involvement": agency_involvement(features)}
