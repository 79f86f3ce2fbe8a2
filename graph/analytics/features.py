"""Per-review features read off the graph projection.

:func:`review_features` walks each ``Review`` node of a graph in the shape of
docs/CONTRACTS.md ("Graph projection") and collects what analytics compares:
the concept codes of every scheme with their evidence, the agencies with their
names, and the lessons, recommendations and missed opportunities with their
text. Concepts are reached the way the ontology says a review links to them:
directly (risk factors, harm types, practice themes, review type) or through a
per-review node (``Agency -> AgencyType``, ``FamilyMember -> FamilyRole``,
``Child -> Outcome``).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("Review:r1", kind="Review", label="Review one", review_id="r1", drew_parallels=False)
>>> g.add_node("RiskFactor:RF_INFANT", kind="RiskFactor", code="RF_INFANT", label="Baby under one")
>>> g.add_edge("Review:r1", "RiskFactor:RF_INFANT", rel="IDENTIFIES_RISK_FACTOR",
...            evidence=[{"text": "a baby", "start": 0, "end": 6, "section": None}])
0
>>> f = review_features(g)["r1"]
>>> f.concepts["RF_INFANT"][0]["text"]
'a baby'
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import networkx as nx

from casegraph import ontology
from casegraph.graph.collector import collector_paused


class ReviewFeatures(NamedTuple):
    review_id: str
    title: str
    sha256: str | None
    drew_parallels: bool
    concepts: dict[str, list[dict]]      # concept code -> evidence [{"text","start","end","section"}]
    agencies: list[dict]                 # [{"code", "name", "mentions"}]
    lessons: list[dict]                  # [{"text","start","end","section"}]
    recommendations: list[dict]          # [{"text","start","end","section","number","addressee"}]
    missed_opportunities: list[dict]     # [{"text","start","end","section"}]


@lru_cache(maxsize=1)
def _item_fields() -> dict[str, str]:
    """Relationship type from a review to its text items -> the ReviewFeatures field holding them."""
    return {ontology.relation("hasLesson").graph_type: "lessons",
            ontology.relation("hasRecommendation").graph_type: "recommendations",
            ontology.relation("hasMissedOpportunity").graph_type: "missed_opportunities"}


@lru_cache(maxsize=1)
def _schemes_by_type() -> dict[str, ontology.Scheme]:
    """Relationship type from a review towards a scheme's concepts -> the scheme."""
    return {s.graph_type: s for s in ontology.schemes()}


_ITEM_KEYS = ("text", "start", "end", "section", "number", "addressee")


def _item(attrs: dict) -> dict:
    return {k: attrs[k] for k in _ITEM_KEYS if k in attrs}


def _order(node: str) -> tuple:
    tail = node.rsplit(":", 1)[-1]
    return (0, int(tail), "") if tail.isdigit() else (1, 0, tail)


@lru_cache(maxsize=1)
def _concept_class() -> dict[str, str]:
    """Every code -> the class of its concepts (``RF_...`` -> ``RiskFactor``)."""
    return {c.code: s.concept_class for s in ontology.schemes() for c in ontology.concepts(s.key)}


def _concept_targets(nodes: dict, adj: dict, node: str, concept_class: str) -> list[str]:
    """Codes of ``node`` itself if it is a concept of the class or a review's own node of one (a named
    agency carries its type's ``code``), else of its concept neighbours."""
    attrs = nodes[node]
    if attrs.get("code") and _concept_class().get(attrs["code"]) == concept_class:
        return [attrs["code"]]
    return [nodes[t]["code"] for t in adj[node] if nodes[t].get("kind") == concept_class and nodes[t].get("code")]


def _one_review(nodes: dict, adj: dict, node: str, quotes: dict, targets: dict) -> ReviewFeatures:
    """The features of the review ``node``; ``targets`` remembers :func:`_concept_targets` (most
    links of every review reach the same shared concepts)."""
    attrs = nodes[node]
    item_field, schemes = _item_fields(), _schemes_by_type()
    agency_type = ontology.scheme("agency_type").graph_type
    concepts: dict[str, list[dict]] = {}
    agencies, items = [], {field: [] for field in item_field.values()}
    for target, edges in adj[node].items():
        for key, data in edges.items():
            kind = data.get("rel")
            if kind in item_field:
                items[item_field[kind]].append((_order(target), _item(nodes[target])))
                continue
            scheme = schemes.get(kind)
            if scheme is None:
                continue
            codes = targets.get((target, scheme.concept_class))
            if codes is None:
                codes = targets[target, scheme.concept_class] = _concept_targets(nodes, adj, target,
                                                                                 scheme.concept_class)
            evidence = data.get("evidence") or quotes.get((node, target, key)) or ()
            for code in codes:
                concepts.setdefault(code, []).extend(evidence)
                if kind == agency_type:
                    agencies.append({"code": code, "name": nodes[target].get("name") or "",
                                     "mentions": nodes[target].get("mentions") or []})
    for evidence in concepts.values():
        if len(evidence) > 1:
            evidence.sort(key=lambda e: (e.get("start") is None, e.get("start") or 0))
    return ReviewFeatures(
        review_id=attrs.get("review_id") or node.split(":", 1)[1],
        title=attrs.get("title") or attrs.get("label") or "",
        sha256=attrs.get("sha256"),
        drew_parallels=bool(attrs.get("drew_parallels")),
        concepts=concepts,
        agencies=sorted(agencies, key=lambda a: (a["code"], a["name"])),
        **{k: [it for _, it in sorted(v, key=lambda p: p[0])] for k, v in items.items()},
    )


def review_features(g: nx.MultiDiGraph, quotes: dict[tuple[str, str, str], list[dict]] | None = None
                    ) -> dict[str, ReviewFeatures]:
    """Features of every review in ``g``, keyed by review id, in review-id order (see module doc).
    ``quotes`` holds evidence read apart from ``g`` (a graph read without quotes), by link
    ``(from, to, type)``: it stands for the evidence of the links of ``g`` that carry none."""
    nodes, adj = dict(g.nodes(data=True)), dict(g.adjacency())
    out, targets = {}, {}
    with collector_paused():  # tens of thousands of small, acyclic dicts and lists
        for node in sorted(n for n, a in nodes.items() if a.get("kind") == "Review"):
            f = _one_review(nodes, adj, node, quotes or {}, targets)
            out[f.review_id] = f
    return dict(sorted(out.items()))
