"""The review graph as RDF under the ontology's IRIs: export, SHACL validation, import.

Nodes become individuals typed with their ontology class (``cgd:`` IRIs; concepts keep
their SKOS concept IRIs), relationships become the ontology's object properties, and
attributes its datatype properties where the ontology has one for that class. The
evidence on a coded relationship becomes ``cg:Evidence`` individuals (quote, offsets,
section, the concept it supports). What the ontology has no term for (a review's
sections, warnings, parallel scores ...) uses the ``cgs:`` store vocabulary, so that
``from_rdf(to_rdf(g))`` gives back ``g``.

>>> from casegraph.graph.mapping import record_to_graph
>>> g = record_to_graph({"id": "child-x", "sha256": "0" * 64, "source": "x.txt", "title": "Fictional"})
>>> import networkx as nx
>>> nx.utils.graphs_equal(from_rdf(to_rdf(g)), g)
True
"""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef

from casegraph import ontology
from casegraph.errors import CasegraphError
from casegraph.graph import mapping

CG, CGD = ontology.CG, ontology.CGD
CGS = Namespace("https://w3id.org/casegraph/store#")
FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld"}

# Node attribute -> the ontology datatype property that holds it (where its domain allows the class).
_ONTOLOGY_PROPERTY = {"review_id": "reviewId", "title": "title", "published": "publicationDate",
                      "source": "sourceDocument", "sha256": "sha256", "drew_parallels": "drewParallels",
                      "name": "name", "pseudonym": "pseudonym", "age_months": "ageMonths",
                      "incident_year": "incidentYear", "text": "text", "number": "recommendationNumber",
                      "addressee": "addressee", "timeline": "timeline", "curation": "curation"}
# The sentence around a quote (loaders.extract.context): store vocabulary, kept so an import loses nothing.
_CONTEXT = {"context": "str", "context_start": "int", "context_end": "int"}
_XSD = {"str": XSD.string, "int": XSD.integer, "float": XSD.double, "bool": XSD.boolean, "json": XSD.string}


@lru_cache(maxsize=None)
def attribute_property(kind: str, attr: str) -> URIRef:
    """The RDF property of a node attribute: the ontology's where its domain fits the class, else ``cgs:``.

    >>> attribute_property("Review", "title"), attribute_property("Child", "review_id")
    (rdflib.term.URIRef('https://w3id.org/casegraph/ontology#title'), rdflib.term.URIRef('https://w3id.org/casegraph/store#review_id'))
    """
    name = _ONTOLOGY_PROPERTY.get(attr)
    if name:
        domain = ontology.graph().value(CG[name], RDFS.domain)
        if domain is None or domain == CG[kind]:
            return CG[name]
    return CGS[attr]


@lru_cache(maxsize=1)
def _relations_by_type() -> dict[str, ontology.Relation]:
    return {r.graph_type: r for r in ontology.relations()}


@lru_cache(maxsize=1)
def _concepts_by_iri() -> dict[str, ontology.Concept]:
    return {c.iri: c for c in ontology.all_concepts()}


def _concept_classes() -> set[str]:
    return {s.concept_class for s in ontology.schemes()}


def node_iri(node_id: str, attrs: dict) -> URIRef:
    """The IRI of a graph node: a concept's SKOS IRI, else ``cgd:<Label>/<key...>``."""
    if attrs["kind"] in _concept_classes():
        return URIRef(ontology.concept(attrs["code"]).iri)
    return CGD[node_id.replace(":", "/")]


def _literal(value, kind: str) -> Literal:
    if kind == "json":
        return Literal(json.dumps(value, ensure_ascii=False), datatype=XSD.string)
    return Literal(value, datatype=_XSD[kind])


def to_rdf(g: nx.MultiDiGraph) -> Graph:
    """The RDF of a review graph (one review's or a whole store's)."""
    out = Graph()
    for prefix, ns in (("cg", CG), ("cgc", ontology.CGC), ("cgd", CGD), ("cgs", CGS), ("skos", SKOS)):
        out.bind(prefix, ns)
    iri = {n: node_iri(n, d) for n, d in g.nodes(data=True)}
    for n, d in g.nodes(data=True):
        s, kind = iri[n], d["kind"]
        out.add((s, RDF.type, CG[kind]))
        if d.get("label") is not None:
            out.add((s, RDFS.label, Literal(d["label"])))
        if kind in _concept_classes():
            out.add((s, SKOS.notation, Literal(d["code"])))
            continue
        for attr, t in mapping.node_attributes()[kind].items():
            if d.get(attr) is not None:
                out.add((s, attribute_property(kind, attr), _literal(d[attr], t)))
    for u, v, k, d in g.edges(keys=True, data=True):
        out.add((iri[u], URIRef(_relations_by_type()[k].iri), iri[v]))
        if k == ontology.relation("parallelTo").graph_type:
            link = CGD[f"Parallel/{u.split(':', 1)[1]}/{v.split(':', 1)[1]}"]
            out.add((link, RDF.type, CGS.Parallel))
            out.add((link, CGS["from"], iri[u]))
            out.add((link, CGS.to, iri[v]))
            for attr, t in mapping.relationship_attributes()[k].items():
                if d.get(attr) is not None:
                    out.add((link, CGS[attr], _literal(d[attr], t)))
        for i, e in enumerate(d.get("evidence") or []):
            ev = CGD[f"Evidence/{u.replace(':', '/')}/{k}/{v.replace(':', '/')}/{i}"]
            concept = g.nodes[v]["code"]
            out.add((iri[u], CG.hasEvidence, ev))
            out.add((ev, RDF.type, CG.Evidence))
            out.add((ev, CG.supportsConcept, URIRef(ontology.concept(concept).iri)))
            out.add((ev, CGS.evidenceFor, iri[v]))
            out.add((ev, CGS.position, Literal(i)))
            if e.get("text") is not None:
                out.add((ev, CG.quote, Literal(e["text"], datatype=XSD.string)))
            for key, prop in (("start", CG.startOffset), ("end", CG.endOffset)):
                if e.get(key) is not None:
                    out.add((ev, prop, Literal(e[key], datatype=XSD.nonNegativeInteger)))
            if e.get("section") is not None:
                out.add((ev, CG.section, Literal(e["section"], datatype=XSD.string)))
            for key, t in _CONTEXT.items():
                if e.get(key) is not None:
                    out.add((ev, CGS[key], _literal(e[key], t)))
    return out


def _value(literal, kind: str):
    if literal is None:
        return [] if kind == "json" else None
    if kind == "json":
        return json.loads(str(literal))
    return {"str": str, "int": int, "float": float, "bool": bool}[kind](literal.toPython())


def from_rdf(data: Graph) -> nx.MultiDiGraph:
    """The review graph held in RDF written by :func:`to_rdf` (the inverse of it)."""
    g = nx.MultiDiGraph()
    node_of: dict[URIRef, str] = {}
    for label, attrs in mapping.node_attributes().items():
        for s in data.subjects(RDF.type, CG[label]):
            if label in _concept_classes():
                c = _concepts_by_iri().get(str(s))
                if c is None:
                    raise CasegraphError(f"{s} is not a concept of the casegraph ontology")
                node = f"{label}:{c.code}"
                g.add_node(node, kind=label, label=c.label, code=c.code, scheme=c.scheme)
            else:
                if not str(s).startswith(str(CGD)):
                    raise CasegraphError(f"{s} is not a casegraph data IRI ({CGD}...)")
                node = str(s)[len(str(CGD)):].replace("/", ":")
                values = {a: _value(data.value(s, attribute_property(label, a)), t) for a, t in attrs.items()}
                lbl = data.value(s, RDFS.label)
                g.add_node(node, kind=label, label=None if lbl is None else str(lbl), **values)
            node_of[s] = node
    for rel_type, rel in _relations_by_type().items():
        for s, o in data.subject_objects(URIRef(rel.iri)):
            if s in node_of and o in node_of:
                g.add_edge(node_of[s], node_of[o], key=rel_type, rel=rel_type,
                           **{a: ([] if t == "json" else None)
                              for a, t in mapping.relationship_attributes()[rel_type].items()})
    parallel = ontology.relation("parallelTo").graph_type
    for link in data.subjects(RDF.type, CGS.Parallel):
        u, v = node_of[data.value(link, CGS["from"])], node_of[data.value(link, CGS.to)]
        for attr, t in mapping.relationship_attributes()[parallel].items():
            g.edges[u, v, parallel][attr] = _value(data.value(link, CGS[attr]), t)
    evidence = sorted(((node_of[r], node_of[data.value(ev, CGS.evidenceFor)], int(data.value(ev, CGS.position)), ev)
                       for r, ev in data.subject_objects(CG.hasEvidence)), key=lambda t: t[:3])
    for u, v, _, ev in evidence:
        k = next(k for k in g[u][v] if "evidence" in g.edges[u, v, k])
        context = {key: _value(data.value(ev, CGS[key]), t) for key, t in _CONTEXT.items()}
        g.edges[u, v, k]["evidence"].append({
            "text": _value(data.value(ev, CG.quote), "str"), "start": _value(data.value(ev, CG.startOffset), "int"),
            "end": _value(data.value(ev, CG.endOffset), "int"), "section": _value(data.value(ev, CG.section), "str"),
            **{key: value for key, value in context.items() if value is not None}})
    return g


def validate(data: Graph) -> tuple[bool, str]:
    """SHACL-check an exported graph against ``ontology.shapes()``: ``(conforms, report text)``."""
    return ontology.validate(data)


def report_summary(report: str) -> str:
    """The distinct messages of a SHACL report on one line, each with how often it occurs.

    >>> report_summary("Results (2):\\n  Message: A review needs an id.\\n  Message: A review needs an id.")
    'A review needs an id. (x2)'
    """
    messages = [line.strip()[len("Message:"):].strip() for line in report.splitlines()
                if line.strip().startswith("Message:")]
    counted = {m: messages.count(m) for m in messages}
    return "; ".join(f"{m} (x{n})" if n > 1 else m for m, n in counted.items()) or report.strip()


def load(path: Path) -> nx.MultiDiGraph:
    """The review graph of an exported RDF file, refused (CasegraphError) unless it conforms to the shapes."""
    data = read_rdf(path)
    conforms, report = validate(data)
    if not conforms:
        raise CasegraphError(f"it does not conform to the casegraph shapes: {report_summary(report)}", path)
    try:
        return from_rdf(data)
    except (KeyError, TypeError, ValueError) as e:
        raise CasegraphError(f"it is not a casegraph export (a link or value is missing: {e})", path) from e


def rdf_format(path: Path) -> str:
    """The rdflib format of a file by its suffix (.ttl, .jsonld)."""
    try:
        return FORMATS[Path(path).suffix.lower()]
    except KeyError:
        raise CasegraphError("expected a Turtle (.ttl) or JSON-LD (.jsonld) file", path) from None


def read_rdf(path: Path) -> Graph:
    """Parse an RDF file, with a plain error if it cannot be read."""
    try:
        return Graph().parse(str(path), format=rdf_format(path))
    except CasegraphError:
        raise
    except Exception as e:  # noqa: BLE001 - rdflib raises many kinds of parse errors
        raise CasegraphError(f"cannot read this RDF file: {str(e).splitlines()[0] if str(e) else type(e).__name__}",
                             path) from e


def import_graph(store, g: nx.MultiDiGraph) -> dict[str, int]:
    """Write a review graph (from :func:`from_rdf`) into ``store``: each review in its own transaction,
    then the shared nodes no review refers to, then the parallels. Returns counts of write outcomes."""
    done = Counter()
    for node, d in sorted(g.nodes(data=True)):
        if d["kind"] == "Review":
            done[str(store.write_review(mapping.graph_to_record(g, d["review_id"])))] += 1
    store.write_shared(g)
    parallel = ontology.relation("parallelTo").graph_type
    new = [{"a": g.nodes[u]["review_id"], "b": g.nodes[v]["review_id"], "score": d.get("score"),
            "shared": d.get("shared")} for u, v, k, d in g.edges(keys=True, data=True) if k == parallel]
    if new:  # set_parallels replaces them all: keep the ones already stored
        current = store.graph(kinds=["Review"])
        old = [{"a": current.nodes[u]["review_id"], "b": current.nodes[v]["review_id"], **d}
               for u, v, k, d in current.edges(keys=True, data=True) if k == parallel]
        store.set_parallels(old + new)
    return dict(done)
