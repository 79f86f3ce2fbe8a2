"""Map one extraction record to its property graph, and back.

The shape is the one in ``docs/CONTRACTS.md`` ("Graph projection"): node ids
``"<Label>:<key>"``, labels from ``ontology.class_names()``, relationship types
from ``ontology.relation(name).graph_type``. Nothing here takes a label or a
type from document text: user text only ever becomes attribute values.

>>> g = record_to_graph({"id": "child-x", "sha256": "0" * 64, "source": "child-x.txt",
...     "title": "Fictional review", "risk_factors": [{"code": "RF_SELF_HARM", "evidence": []}]})
>>> sorted(g.nodes)
['Review:child-x', 'RiskFactor:RF_SELF_HARM']
>>> graph_to_record(g, "child-x")["risk_factors"]
[{'code': 'RF_SELF_HARM', 'evidence': []}]
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import networkx as nx

from casegraph import ontology
from casegraph.errors import CasegraphError
from casegraph.graph import curation

REVIEW_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

# Attribute name -> value type ("str", "int", "float", "bool", "json") of every node kind the
# mapping writes, besides "kind" and "label" which every node has. "json" values (lists, dicts)
# are kept as JSON text by the stores.
_CONCEPT_ATTRS = {"code": "str", "scheme": "str"}
_TEXT_ITEM_ATTRS = {"review_id": "str", "text": "str", "start": "int", "end": "int", "section": "str"}
_NODE_ATTRS = {
    "Review": {"review_id": "str", "title": "str", "review_type": "str", "published": "str",
               "partnership": "str", "areas": "json", "source": "str", "sha256": "str",
               "drew_parallels": "bool", "text": "str", "sections": "json", "warnings": "json",
               "timeline": "json", "curation": "json"},
    "Partnership": {"name": "str"},
    "Area": {"name": "str"},
    "Child": {"review_id": "str", "pseudonym": "str", "age_months": "int", "outcome": "str",
              "incident_year": "int"},
    "FamilyMember": {"review_id": "str", "code": "str"},
    # mentions: the distinct words a review's quotes use for the agency ("the health visitor"), kept on the
    # node so that reading names never means reading every quote (graph.analytics.missed_opportunities)
    "Agency": {"review_id": "str", "name": "str", "code": "str", "mentions": "json"},
    "Lesson": _TEXT_ITEM_ATTRS,
    "Recommendation": {**_TEXT_ITEM_ATTRS, "number": "str", "addressee": "str"},
    "MissedOpportunity": _TEXT_ITEM_ATTRS,
}
# Relationship attributes by relationship type (coded links carry their evidence).
_PARALLEL_ATTRS = {"score": "float", "shared": "json"}
_EVIDENCE_ATTRS = {"evidence": "json"}

# Review fields that hold per-review text items: field -> (class, relation from the review).
_TEXT_ITEMS = {"lessons": ("Lesson", "hasLesson"),
               "recommendations": ("Recommendation", "hasRecommendation"),
               "missed_opportunities": ("MissedOpportunity", "hasMissedOpportunity")}


_THEMED = ontology.relation("aboutTheme").domain  # text items that may name practice themes


def _cls(name: str) -> str:
    if name not in ontology.class_names():
        raise KeyError(f"the ontology has no class {name!r}")
    return name


def _rel(name: str) -> str:
    return ontology.relation(name).graph_type


@lru_cache(maxsize=1)
def node_attributes() -> dict[str, dict[str, str]]:
    """Attribute types of every node label the graph uses (concept classes from the ontology).

    >>> node_attributes()["Child"]["age_months"]
    'int'
    """
    out = {_cls(label): attrs for label, attrs in _NODE_ATTRS.items()}
    for s in ontology.schemes():
        out[_cls(s.concept_class)] = _CONCEPT_ATTRS
    return out


@lru_cache(maxsize=1)
def relationship_attributes() -> dict[str, dict[str, str]]:
    """Attribute types of every relationship type (empty for plain links)."""
    coded = {ontology.relation(s.relation).graph_type for s in ontology.schemes() if s.field}
    out = {}
    for rel_type, _, _ in relationship_endpoints():
        out[rel_type] = (_EVIDENCE_ATTRS if rel_type in coded
                         else _PARALLEL_ATTRS if rel_type == _rel("parallelTo") else {})
    return out


@lru_cache(maxsize=1)
def relationship_endpoints() -> tuple[tuple[str, str, str], ...]:
    """``(type, from label, to label)`` for every ontology relation between node labels the graph uses."""
    labels = set(_NODE_ATTRS) | {s.concept_class for s in ontology.schemes()}
    return tuple((r.graph_type, d, r.range) for r in ontology.relations() for d in r.domain
                 if d in labels and r.range in labels)


@lru_cache(maxsize=1)
def per_review_labels() -> tuple[str, ...]:
    """Labels of the nodes that belong to one review (deleted with it): those with a ``review_id``."""
    return tuple(label for label, attrs in node_attributes().items() if "review_id" in attrs)


def slug(text: str) -> str:
    """A lower-case key for a name: ``slug("Children's Social Care") == "children-s-social-care"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def check_review_id(review_id) -> str:
    """Return ``review_id`` if it is a valid review id, else raise CasegraphError."""
    if not isinstance(review_id, str) or not REVIEW_ID.match(review_id):
        raise CasegraphError(f"{review_id!r} is not a valid review id "
                             "(lower-case letters, digits, '.', '_' and '-', starting with a letter or digit)")
    return review_id


def _code(code, scheme_key: str, where: str) -> str:
    if not ontology.is_code(code) or ontology.concept(code).scheme != scheme_key:
        raise CasegraphError(f"{where}: {code!r} is not a code of the {scheme_key!r} scheme")
    return code


def _concept_node(g: nx.MultiDiGraph, code: str) -> str:
    c = ontology.concept(code)
    label = ontology.scheme(c.scheme).concept_class
    node = f"{label}:{code}"
    g.add_node(node, kind=label, label=c.label, code=code, scheme=c.scheme)
    return node


EVIDENCE_KEYS = ("text", "start", "end", "section")
CONTEXT_KEYS = ("context", "context_start", "context_end")   # the sentence around the quote, when extracted


def _evidence(items) -> list[dict]:
    return [{**{k: e.get(k) for k in EVIDENCE_KEYS}, **{k: e[k] for k in CONTEXT_KEYS if e.get(k) is not None}}
            for e in items or ()]


def _int(value):
    return None if value is None else int(value)


def _add_coded_field(g: nx.MultiDiGraph, review: str, rid: str, field: str, items) -> None:
    """Link the review to the codes of one coded field, through a per-review node where the ontology has one."""
    s = ontology.scheme_for_field(field)
    link = ontology.relation(s.relation)
    for item in items or ():
        code = _code(item.get("code"), s.key, field)
        concept = _concept_node(g, code)
        if link.range == s.concept_class:  # the review points at the shared concept itself
            target = concept
        else:  # a per-review node (named agency, family member) that has the concept as its type
            label = _cls(link.range)
            name = item.get("name")
            key = f"{rid}:{code}"
            if "name" in node_attributes()[label]:
                key += f":{slug(name or ontology.label(code))}"
            target = f"{label}:{key}"
            attrs = {"kind": label, "label": name or ontology.label(code), "review_id": rid, "code": code}
            if "name" in node_attributes()[label]:
                attrs["name"] = name
            g.add_node(target, **attrs)
            type_rel = next(r for r in ontology.relations() if label in r.domain and r.range == s.concept_class)
            g.add_edge(target, concept, key=type_rel.graph_type, rel=type_rel.graph_type)
        if g.has_edge(review, target, link.graph_type):  # the same code listed twice: one link, all evidence
            g.edges[review, target, link.graph_type]["evidence"].extend(_evidence(item.get("evidence")))
        else:
            g.add_edge(review, target, key=link.graph_type, rel=link.graph_type,
                       evidence=_evidence(item.get("evidence")))
        if "mentions" in node_attributes()[g.nodes[target]["kind"]]:
            g.nodes[target]["mentions"] = mentions(g.edges[review, target, link.graph_type]["evidence"])


def mentions(evidence) -> list[str]:
    """The distinct texts of some quotes, white space made single, in order of first use.

    >>> mentions([{"text": "the  GP"}, {"text": "Dr A"}, {"text": "the GP"}])
    ['the GP', 'Dr A']
    """
    return list(dict.fromkeys(" ".join(e["text"].split()) for e in evidence if (e.get("text") or "").strip()))


def record_to_graph(record: dict) -> nx.MultiDiGraph:
    """The property graph of one extraction record (pure: reads nothing but the ontology).

    Raises CasegraphError when the record has no valid id or uses a code the ontology does not know.
    """
    rid = check_review_id(record.get("id"))
    g = nx.MultiDiGraph()
    review = f"{_cls('Review')}:{rid}"
    partnership = record.get("partnership")
    areas = list(record.get("areas") or [])
    g.add_node(review, kind="Review", label=record.get("title") or rid, review_id=rid,
               title=record.get("title"), review_type=record.get("review_type"),
               published=record.get("published"), partnership=partnership, areas=areas,
               source=record.get("source"), sha256=record.get("sha256"),
               drew_parallels=bool(record.get("drew_parallels")), text=record.get("text"),
               sections=[dict(s) for s in record.get("sections") or []],
               warnings=list(record.get("warnings") or []),
               timeline=[dict(t) for t in record.get("timeline") or []],
               curation=[dict(c) for c in record.get("curation") or []])

    if record.get("review_type"):
        code = _code(record["review_type"], "review_type", "review_type")
        g.add_edge(review, _concept_node(g, code), key=_rel("hasReviewType"), rel=_rel("hasReviewType"))
    if partnership:
        p = f"{_cls('Partnership')}:{slug(partnership)}"
        g.add_node(p, kind="Partnership", label=partnership, name=partnership)
        g.add_edge(review, p, key=_rel("commissionedBy"), rel=_rel("commissionedBy"))
        for area in areas:
            a = f"{_cls('Area')}:{slug(area)}"
            g.add_node(a, kind="Area", label=area, name=area)
            g.add_edge(p, a, key=_rel("coversArea"), rel=_rel("coversArea"))

    for n, child in enumerate(record.get("children") or [], start=1):
        node = f"{_cls('Child')}:{rid}:{n}"
        g.add_node(node, kind="Child", label=child.get("name") or f"Child {n}", review_id=rid,
                   pseudonym=child.get("name"), age_months=_int(child.get("age_months")),
                   outcome=child.get("outcome"), incident_year=_int(child.get("incident_year")))
        g.add_edge(review, node, key=_rel("concernsChild"), rel=_rel("concernsChild"))
        if child.get("outcome"):
            outcome = _concept_node(g, _code(child["outcome"], "outcome", "children.outcome"))
            g.add_edge(node, outcome, key=_rel("hasOutcome"), rel=_rel("hasOutcome"))

    for field in ontology.coded_fields():
        _add_coded_field(g, review, rid, field, record.get(field))

    for field, (label, relation) in _TEXT_ITEMS.items():
        for n, item in enumerate(record.get(field) or [], start=1):
            node = f"{_cls(label)}:{rid}:{n}"
            attrs = {"kind": label, "label": item.get("text") or f"{label} {n}", "review_id": rid,
                     "text": item.get("text"), "start": _int(item.get("start")), "end": _int(item.get("end")),
                     "section": item.get("section")}
            if label == "Recommendation":
                attrs.update(number=item.get("number"), addressee=item.get("addressee"))
            g.add_node(node, **attrs)
            g.add_edge(review, node, key=_rel(relation), rel=_rel(relation))
            for code in (item.get("themes") or ()) if label in _THEMED else ():
                theme = _concept_node(g, _code(code, "practice_theme", f"{field}.themes"))
                g.add_edge(node, theme, key=_rel("aboutTheme"), rel=_rel("aboutTheme"))
    return g


def _item_index(node: str) -> int:
    return int(node.rsplit(":", 1)[1])


def graph_to_record(g: nx.MultiDiGraph, review_id: str) -> dict:
    """The extraction record of one review held in ``g`` (a review's graph or a whole store's).

    The inverse of :func:`record_to_graph`: ``record_to_graph(graph_to_record(g, rid))`` has the
    same nodes, edges and attributes as the review's part of ``g``. Facts a person corrected carry
    their ``"curated"`` mark again (:func:`graph.curation.marked`: the marks are read from the
    review's ``curation`` log, which is what the graph keeps).
    """
    review = f"Review:{review_id}"
    r = g.nodes[review]
    out_edges = [(v, k, d) for _, v, k, d in g.out_edges(review, keys=True, data=True)]

    def targets(rel_type):
        return [(v, d) for v, k, d in out_edges if k == rel_type]

    record = {"id": review_id, "source": r.get("source"), "sha256": r.get("sha256"), "title": r.get("title"),
              "review_type": r.get("review_type"), "published": r.get("published"),
              "partnership": r.get("partnership"), "areas": list(r.get("areas") or []),
              "drew_parallels": bool(r.get("drew_parallels")), "text": r.get("text"),
              "sections": list(r.get("sections") or []), "warnings": list(r.get("warnings") or []),
              "timeline": list(r.get("timeline") or []), "curation": list(r.get("curation") or [])}

    children = []
    for node, _ in sorted(targets(_rel("concernsChild")), key=lambda t: _item_index(t[0])):
        c = g.nodes[node]
        children.append({"name": c.get("pseudonym"), "age_months": c.get("age_months"),
                         "outcome": c.get("outcome"), "incident_year": c.get("incident_year")})
    record["children"] = children

    for field in ontology.coded_fields():
        s = ontology.scheme_for_field(field)
        items = []
        for node, d in targets(ontology.relation(s.relation).graph_type):
            n = g.nodes[node]
            item = {"code": n["code"], "evidence": list(d.get("evidence") or [])}
            if "name" in n and n["kind"] != s.concept_class:
                item["name"] = n.get("name")
            items.append(item)
        record[field] = sorted(items, key=lambda i: (i["code"], i.get("name") or ""))

    for field, (label, relation) in _TEXT_ITEMS.items():
        items = []
        for node, _ in sorted(targets(_rel(relation)), key=lambda t: _item_index(t[0])):
            n = g.nodes[node]
            item = {"text": n.get("text"), "start": n.get("start"), "end": n.get("end"), "section": n.get("section")}
            if label == "Recommendation":
                item.update(number=n.get("number"), addressee=n.get("addressee"))
            themes = sorted(g.nodes[v]["code"] for _, v, k in g.out_edges(node, keys=True) if k == _rel("aboutTheme"))
            if label in _THEMED:
                item["themes"] = themes
            items.append(item)
        record[field] = items
    return curation.marked(record)
