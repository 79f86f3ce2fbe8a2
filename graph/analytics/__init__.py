"""Analytics over the graph projection: similar cases, parallels, recurring patterns.

Plain functions over networkx graphs in the shape of docs/CONTRACTS.md ("Graph
projection"), read from any store with ``store.graph()`` or built from one
record with ``graph.mapping.record_to_graph``:

- :mod:`.features`: per-review concept sets with evidence, agencies, lessons, recommendations.
- :mod:`.similarity`: the documented similarity score, its precomputed index, explanations.
- :mod:`.parallels`: pairs of reviews above a similarity threshold.
- :mod:`.prevalence`, :mod:`.cooccurrence`, :mod:`.recurring`, :mod:`.missed_opportunities`:
  the patterns, joined by :func:`.patterns.pattern_report`.
- :mod:`.register`: the recommendation register: every recommendation, grouped with the same ask
  in other reviews ("asked N times since YEAR"), filters and CSV.
- :mod:`.review_table`: one row per review (year, partnership, outcomes, age bands) to filter and count.
- :mod:`.stored`: the same read from a store at scale: the light graph to rank and count,
  quotes read only for the reviews an explanation shows (used by the CLI, bench and dashboard);
  :mod:`.derived`: what the commands that change reviews keep for the next reader (report, parallels,
  review table, features, register), keyed on the store's state.
- :mod:`.examples`: small fictional graphs for examples and tests.

>>> from casegraph.graph.analytics.examples import toy_graph
>>> index = build_index(toy_graph())
>>> similar_reviews(index, "b", top=1)[0]["review_id"]
'a'
"""
from .features import ReviewFeatures, review_features
from .parallels import find_parallels
from .patterns import pattern_report
from .register import recommendation_register
from .similarity import SimilarityIndex, build_index, explain, similar_reviews, similar_to_graph

__all__ = ["ReviewFeatures", "SimilarityIndex", "build_index", "explain", "find_parallels",
           "pattern_report", "recommendation_register", "review_features", "similar_reviews",
           "similar_to_graph"]
