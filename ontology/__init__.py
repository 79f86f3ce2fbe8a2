"""The casegraph ontology: the single source of vocabulary.

Loads the Turtle files next to this module once (``casegraph.ttl`` classes and
relations, ``concepts.ttl`` SKOS concept schemes, ``matching.ttl`` the
extractor's matching terms, ``shapes.ttl`` SHACL shapes; ``sentence_model.npz`` the
arrays of the extractor's learned practice-theme stage) and answers questions
about them. Nothing else in casegraph lists concepts, classes or relationship
types: it asks this module.

>>> concept("RF_SELF_HARM").broader
'RF_MENTAL_ILL_HEALTH'
>>> [s.key for s in schemes()][:2]
['risk_factor', 'harm_type']
>>> scheme("risk_factor").field, scheme("risk_factor").graph_type
('risk_factors', 'IDENTIFIES_RISK_FACTOR')
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef

HERE = Path(__file__).parent
CG = Namespace("https://w3id.org/casegraph/ontology#")
CGC = Namespace("https://w3id.org/casegraph/concept/")
CGD = Namespace("https://w3id.org/casegraph/data/")

ONTOLOGY_FILES = ("casegraph.ttl", "concepts.ttl", "matching.ttl")
SHAPES_FILE = HERE / "shapes.ttl"
SENTENCE_MODEL_FILE = HERE / "sentence_model.npz"

# Order in which schemes are presented (most used first); unknown schemes follow.
_SCHEME_ORDER = ("risk_factor", "harm_type", "practice_theme", "agency_type",
                 "family_role", "outcome", "review_type")


class Scheme(NamedTuple):
    key: str                  # codebook key, e.g. "risk_factor"
    iri: str
    label: str                # "Risk factors"
    definition: str
    concept_class: str        # OWL class local name = graph node label, e.g. "RiskFactor"
    field: str | None         # extraction JSON field, e.g. "risk_factors" (None: outcome, review_type)
    relation: str             # object property local name linking a Review to it
    graph_type: str           # relationship type in the property graph


class Concept(NamedTuple):
    code: str                 # skos:notation, stable id, e.g. "RF_SUBSTANCE_MISUSE"
    iri: str
    scheme: str               # scheme key
    label: str
    definition: str
    broader: str | None       # code of the broader concept
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]
    patterns: tuple[str, ...]  # cg:matchPattern regular expressions
    examples: tuple[str, ...]  # skos:example: codebook cues


class Relation(NamedTuple):
    name: str                 # local name, e.g. "identifiesRiskFactor"
    iri: str
    label: str
    domain: tuple[str, ...]   # class local names
    range: str
    graph_type: str           # e.g. "IDENTIFIES_RISK_FACTOR"


class OntologyClass(NamedTuple):
    name: str                 # local name = graph node label
    iri: str
    label: str
    comment: str


def _local(iri) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rsplit("/", 1)[-1]


def _text(g: Graph, s, p) -> str:
    v = g.value(s, p)
    return str(v) if v is not None else ""


def _texts(g: Graph, s, p) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in g.objects(s, p)))


@lru_cache(maxsize=1)
def graph() -> Graph:
    """The whole ontology (classes, relations, concepts, matching terms) as one rdflib graph."""
    g = Graph()
    for name in ONTOLOGY_FILES:
        path = HERE / name
        if path.exists():
            g.parse(path, format="turtle")
    g.bind("cg", CG)
    g.bind("cgc", CGC)
    g.bind("cgd", CGD)
    return g


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """The SHACL shapes that an exported review graph must satisfy."""
    return Graph().parse(SHAPES_FILE, format="turtle")


@lru_cache(maxsize=1)
def schemes() -> tuple[Scheme, ...]:
    """All concept schemes, in presentation order."""
    g = graph()
    out = []
    for s in g.subjects(RDF.type, SKOS.ConceptScheme):
        relation = g.value(s, CG.reviewRelation)
        out.append(Scheme(
            key=_text(g, s, CG.schemeKey), iri=str(s),
            label=_text(g, s, SKOS.prefLabel), definition=_text(g, s, SKOS.definition),
            concept_class=_local(g.value(s, CG.conceptClass)),
            field=_text(g, s, CG.extractionField) or None,
            relation=_local(relation), graph_type=_text(g, relation, CG.graphType),
        ))
    order = {k: i for i, k in enumerate(_SCHEME_ORDER)}
    return tuple(sorted(out, key=lambda s: (order.get(s.key, len(order)), s.key)))


def scheme(key: str) -> Scheme:
    """The scheme with codebook key ``key`` (KeyError if there is none)."""
    for s in schemes():
        if s.key == key:
            return s
    raise KeyError(f"no concept scheme {key!r}")


def scheme_for_field(field: str) -> Scheme:
    """The scheme whose codes an extraction JSON field carries, e.g. ``"agencies"``."""
    for s in schemes():
        if s.field == field:
            return s
    raise KeyError(f"no concept scheme for extraction field {field!r}")


def coded_fields() -> tuple[str, ...]:
    """Extraction JSON fields that carry concept codes with evidence."""
    return tuple(s.field for s in schemes() if s.field)


@lru_cache(maxsize=1)
def _concepts_by_code() -> dict[str, Concept]:
    g = graph()
    key_of = {URIRef(s.iri): s.key for s in schemes()}
    out = {}
    for c in g.subjects(RDF.type, SKOS.Concept):
        code = _text(g, c, SKOS.notation)
        broader = g.value(c, SKOS.broader)
        out[code] = Concept(
            code=code, iri=str(c), scheme=key_of.get(g.value(c, SKOS.inScheme), ""),
            label=_text(g, c, SKOS.prefLabel), definition=_text(g, c, SKOS.definition),
            broader=_text(g, broader, SKOS.notation) if broader is not None else None,
            alt_labels=_texts(g, c, SKOS.altLabel), hidden_labels=_texts(g, c, SKOS.hiddenLabel),
            patterns=_texts(g, c, CG.matchPattern), examples=_texts(g, c, SKOS.example),
        )
    return out


def concepts(scheme_key: str) -> tuple[Concept, ...]:
    """The concepts of a scheme, ordered by code.

    >>> [c.code for c in concepts("outcome")]
    ['OC_DEATH', 'OC_SERIOUS_HARM']
    """
    return tuple(sorted((c for c in _concepts_by_code().values() if c.scheme == scheme_key),
                        key=lambda c: c.code))


def all_concepts() -> tuple[Concept, ...]:
    """Every concept of every scheme."""
    return tuple(c for s in schemes() for c in concepts(s.key))


def concept(code: str) -> Concept:
    """The concept with this code (KeyError if the ontology has none)."""
    try:
        return _concepts_by_code()[code]
    except KeyError:
        raise KeyError(f"no concept with code {code!r}") from None


def is_code(code: str) -> bool:
    """True if ``code`` is a concept code of the ontology."""
    return code in _concepts_by_code()


def label(code: str) -> str:
    """A code's preferred label: ``label("OC_DEATH") == "Child died"``."""
    return concept(code).label


def matching_terms(code: str) -> tuple[str, ...]:
    """Words and phrases that signal a concept: preferred, alternative and hidden labels."""
    c = concept(code)
    return (c.label, *c.alt_labels, *c.hidden_labels)


@lru_cache(maxsize=1)
def word_classes() -> dict[str, str]:
    """The matching vocabulary's word classes (``cg:wordClass``, a pattern), by name: the pattern a ``@name`` in a
    concept or cue pattern stands for (``@parent`` for the words that name a parent or carer).

    >>> "mother" in word_classes()["parent"]
    True
    """
    g = graph()
    return {_local(s): str(o) for s, o in g.subject_objects(CG.wordClass)}


def sentence_model() -> dict | None:
    """The arrays of the extractor's learned stage (``loaders.extract.sentence_model``), keyed ``"<scheme>.<array>"``;
    None if none is shipped."""
    import numpy as np  # only the extractor's learned stage needs it

    if not SENTENCE_MODEL_FILE.exists():
        return None
    with np.load(SENTENCE_MODEL_FILE, allow_pickle=False) as arrays:
        return dict(arrays)


@lru_cache(maxsize=1)
def classes() -> tuple[OntologyClass, ...]:
    """The OWL classes of the casegraph namespace (their local names are graph node labels)."""
    g = graph()
    out = [OntologyClass(_local(c), str(c), _text(g, c, RDFS.label), _text(g, c, RDFS.comment))
           for c in g.subjects(RDF.type, OWL.Class)
           if isinstance(c, URIRef) and str(c).startswith(str(CG))]
    return tuple(sorted(out, key=lambda c: c.name))


def class_names() -> frozenset[str]:
    """Local names of all classes: the only node labels a store may use."""
    return frozenset(c.name for c in classes())


def _domain(g: Graph, p) -> tuple[str, ...]:
    d = g.value(p, RDFS.domain)
    if d is None:
        return ()
    union = g.value(d, OWL.unionOf)
    if union is not None:
        from rdflib.collection import Collection
        return tuple(_local(x) for x in Collection(g, union))
    return (_local(d),)


@lru_cache(maxsize=1)
def relations() -> tuple[Relation, ...]:
    """The object properties, each with its property-graph relationship type."""
    g = graph()
    out = [Relation(_local(p), str(p), _text(g, p, RDFS.label), _domain(g, p),
                    _local(g.value(p, RDFS.range)), _text(g, p, CG.graphType))
           for p in g.subjects(RDF.type, OWL.ObjectProperty)]
    return tuple(sorted(out, key=lambda r: r.name))


def relation(name: str) -> Relation:
    """The object property with local name ``name``, e.g. ``relation("parallelTo")``."""
    for r in relations():
        if r.name == name:
            return r
    raise KeyError(f"no relation {name!r}")


def relationship_types() -> frozenset[str]:
    """All relationship types: the only ones a store may create."""
    return frozenset(r.graph_type for r in relations())


def validate(data: Graph) -> tuple[bool, str]:
    """Check an RDF review graph against the SHACL shapes; return (conforms, report text).

    The ontology's own triples (concept types, subclass links) are mixed in, without RDFS
    inference: inferring types from ``rdfs:range`` would make a wrong link look valid.
    """
    from pyshacl import validate as shacl_validate

    mixed = Graph()
    for triple in graph():
        mixed.add(triple)
    for triple in data:
        mixed.add(triple)
    conforms, _, report = shacl_validate(mixed, shacl_graph=shapes(), inference="none", advanced=True)
    return bool(conforms), str(report)
