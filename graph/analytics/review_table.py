"""One row per stored review, with the fields the dashboard filters and counts on.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("Review:r1", kind="Review", label="Fictional review", review_id="r1",
...            published="2019-12", partnership="Fictional Partnership", review_type="RT_BRIEFING")
>>> g.add_node("Child:r1:1", kind="Child", label="Child Z", age_months=3, outcome="OC_DEATH")
>>> g.add_edge("Review:r1", "Child:r1:1", rel="CONCERNS_CHILD")
0
>>> row = review_rows(g)[0]
>>> row["year"], row["outcomes"], row["age_bands"]
(2019, ['Child died'], ['Under 1'])
"""
from __future__ import annotations

from collections import Counter

import networkx as nx

from casegraph import ontology
# (upper bound in months, exclusive; words): the bands used by national child safeguarding statistics.
AGE_BANDS = ((12, "Under 1"), (60, "1 to 4"), (120, "5 to 9"), (192, "10 to 15"), (216, "16 to 17"))
UNKNOWN = "Not stated"


def age_band(months) -> str:
    """The age band of a child aged ``months`` months.

    >>> age_band(2), age_band(30), age_band(None)
    ('Under 1', '1 to 4', 'Not stated')
    """
    if months is None:
        return UNKNOWN
    return next((words for limit, words in AGE_BANDS if int(months) < limit), "18 or over")


def _code_label(code) -> str:
    return ontology.label(code) if code and ontology.is_code(code) else (code or UNKNOWN)


def _year(published) -> int | None:
    head = str(published or "")[:4]
    return int(head) if head.isdigit() else None


def review_rows(g: nx.MultiDiGraph) -> list[dict]:
    """``{"review_id", "title", "year", "partnership", "review_type", "outcomes", "age_bands",
    "counts"}`` for every Review node of ``g``, by title: the outcomes and age bands of the children
    it concerns, and ``counts`` of the nodes it links to by kind (e.g. ``{"Lesson": 4}``; the reviews it
    has parallel links with are not counted, so the row is the same before and after they are stored)."""
    rows = []
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") != "Review":
            continue
        linked = [g.nodes[n] for n in set(g.successors(node))]
        children = [c for c in linked if c.get("kind") == "Child"]
        rows.append({
            "review_id": attrs.get("review_id") or node.split(":", 1)[1],
            "title": attrs.get("title") or attrs.get("label") or node,
            "year": _year(attrs.get("published")),
            "partnership": attrs.get("partnership") or UNKNOWN,
            "review_type": _code_label(attrs.get("review_type")),
            "outcomes": sorted({_code_label(c.get("outcome")) for c in children}) or [UNKNOWN],
            "age_bands": sorted({age_band(c.get("age_months")) for c in children}) or [UNKNOWN],
            "counts": dict(Counter(n.get("kind") for n in linked if n.get("kind") != "Review")),
        })
    return sorted(rows, key=lambda r: (str(r["title"]).lower(), r["review_id"]))
