"""The ontology is the single source of vocabulary: it parses, covers the codebook, and its shapes work."""
from __future__ import annotations

from collections import defaultdict

import pytest
from pyshacl import validate
from rdflib import RDF, XSD, Graph, Literal, URIRef

from casegraph import ontology
from casegraph.ontology import CG, CGC, CGD

CODEBOOK_SCHEMES = ("risk_factor", "practice_theme", "agency_type", "family_role", "outcome",
                    "review_type", "harm_type")


@pytest.mark.parametrize("name", [*ontology.ONTOLOGY_FILES, "shapes.ttl"])
def test_each_turtle_file_parses(name):
    g = Graph().parse(ontology.HERE / name, format="turtle")
    assert len(g) > 0 or name == "matching.ttl"


def test_required_classes_exist():
    names = ontology.class_names()
    for required in ("Review", "Partnership", "Area", "Child", "FamilyMember", "FamilyRole", "Agency",
                     "AgencyType", "RiskFactor", "HarmType", "PracticeTheme", "Lesson", "Recommendation",
                     "MissedOpportunity", "Evidence"):
        assert required in names


def test_relations_have_graph_types_and_known_domain_and_range():
    names = ontology.class_names()
    types = [r.graph_type for r in ontology.relations()]
    assert len(types) == len(set(types)), "two relations share a graph relationship type"
    for r in ontology.relations():
        assert r.graph_type and r.graph_type.isupper(), r
        assert r.range in names and all(d in names for d in r.domain), r
    assert ontology.relation("parallelTo").domain == ("Review",)
    assert ontology.relation("parallelTo").range == "Review"


def test_every_codebook_code_maps_to_exactly_one_concept_in_its_scheme(codebook):
    by_notation = defaultdict(list)
    g = ontology.graph()
    for c in g.subjects(RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")):
        for n in g.objects(c, URIRef("http://www.w3.org/2004/02/skos/core#notation")):
            by_notation[str(n)].append(c)
    for key in CODEBOOK_SCHEMES:
        for entry in codebook[key]:
            code = entry["code"]
            assert len(by_notation[code]) == 1, f"{code} maps to {by_notation[code]}"
            c = ontology.concept(code)
            assert c.scheme == key
            assert c.label == entry["label"]
            assert c.definition, f"{code} has no definition"
            if entry.get("definition"):
                assert c.definition == entry["definition"]
            assert c.broader == entry.get("broader")
            assert c.code in {x.code for x in ontology.concepts(key)}


def test_codebook_size_matches_ontology(codebook):
    n = sum(len(codebook[k]) for k in CODEBOOK_SCHEMES)
    assert len(ontology.all_concepts()) == n == 92


def test_schemes_name_their_class_field_and_relation():
    for s in ontology.schemes():
        assert s.concept_class in ontology.class_names()
        assert s.graph_type in ontology.relationship_types()
        for c in ontology.concepts(s.key):
            assert (URIRef(c.iri), RDF.type, CG[s.concept_class]) in ontology.graph()
    assert ontology.coded_fields() == ("risk_factors", "harm_types", "practice_themes", "agencies", "family_roles")
    assert ontology.scheme_for_field("agencies").key == "agency_type"


def test_no_matching_term_is_shared_by_two_concepts_of_a_scheme():
    for s in ontology.schemes():
        owner: dict[str, str] = {}
        for c in ontology.concepts(s.key):
            for term in {t.casefold().strip() for t in ontology.matching_terms(c.code)}:
                assert term not in owner, f"{term!r} is used by {owner[term]} and {c.code}"
                owner[term] = c.code


def test_match_patterns_compile():
    import re
    for c in ontology.all_concepts():
        for p in c.patterns:
            re.compile(p, re.IGNORECASE)


def test_unknown_code_is_a_clear_key_error():
    with pytest.raises(KeyError, match="RF_NOPE"):
        ontology.concept("RF_NOPE")
    assert not ontology.is_code("RF_NOPE") and ontology.is_code("HT_SUDI")


def test_shapes_are_valid_shacl():
    conforms, _, report = validate(ontology.shapes(), meta_shacl=True, advanced=True)
    assert conforms, report


def _review_graph(quote: str | None = "she misused drugs", sha: str = "a" * 64) -> Graph:
    g = Graph()
    review, ev = CGD["review/r1"], CGD["evidence/r1/1"]
    g.add((review, RDF.type, CG.Review))
    g.add((review, CG.reviewId, Literal("r1")))
    g.add((review, CG.sha256, Literal(sha)))
    g.add((review, CG.sourceDocument, Literal("r1.txt")))
    g.add((review, CG.identifiesRiskFactor, CGC.RF_SUBSTANCE_MISUSE))
    g.add((review, CG.hasEvidence, ev))
    g.add((ev, RDF.type, CG.Evidence))
    if quote is not None:
        g.add((ev, CG.quote, Literal(quote)))
    g.add((ev, CG.startOffset, Literal(10, datatype=XSD.nonNegativeInteger)))
    g.add((ev, CG.endOffset, Literal(27, datatype=XSD.nonNegativeInteger)))
    g.add((ev, CG.supportsConcept, CGC.RF_SUBSTANCE_MISUSE))
    return g


def _conforms(data: Graph) -> bool:
    return ontology.validate(data)[0]


def test_shapes_accept_a_well_formed_review_graph():
    assert _conforms(_review_graph())


@pytest.mark.parametrize("broken", [{"quote": None}, {"sha": "not-a-hash"}])
def test_shapes_reject_a_broken_review_graph(broken):
    assert not _conforms(_review_graph(**broken))


def test_a_risk_factor_link_to_a_harm_type_is_rejected():
    g = _review_graph()
    g.add((CGD["review/r1"], CG.identifiesRiskFactor, CGC.HT_SUDI))
    assert not _conforms(g)


@pytest.mark.parametrize("attr", ["timeline", "curation"])
def test_a_reviews_timeline_and_curation_are_ontology_properties(attr, make_record):
    from rdflib import OWL, RDFS
    from casegraph.graph import rdf
    from casegraph.graph.mapping import record_to_graph
    assert rdf.attribute_property("Review", attr) == CG[attr]
    assert (CG[attr], RDF.type, OWL.DatatypeProperty) in ontology.graph()
    assert (CG[attr], RDFS.domain, CG.Review) in ontology.graph()
    data = rdf.to_rdf(record_to_graph(make_record("fictional-a")))
    review = CGD["Review/fictional-a"]
    data.add((review, CG[attr], Literal('[{"fictional": 1}]', datatype=XSD.string)))   # a second value breaks the shape
    assert not rdf.validate(data)[0]
