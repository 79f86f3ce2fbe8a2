#!/usr/bin/env python3
"""Regenerate ontology/concepts.ttl from a codebook.yaml (run when the codebook changes).

    python scripts/codebook_to_skos.py ../shared/codebook.yaml > ontology/concepts.ttl

The codebook is the coders' frame; the ontology is what casegraph reads at run
time (the codebook need not be present on a user's machine). Codes without a
definition in the codebook get one from DEFINITIONS below. Matching vocabulary
lives in ontology/matching.ttl and is not touched by this script.
"""
from __future__ import annotations

import sys

import yaml
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef

CG = Namespace("https://w3id.org/casegraph/ontology#")
CGC = Namespace("https://w3id.org/casegraph/concept/")

# scheme key -> (OWL class, extraction JSON field or None, relation from a Review)
SCHEMES = {
    "risk_factor": ("RiskFactor", "risk_factors", "identifiesRiskFactor"),
    "harm_type": ("HarmType", "harm_types", "identifiesHarmType"),
    "practice_theme": ("PracticeTheme", "practice_themes", "identifiesPracticeTheme"),
    "agency_type": ("AgencyType", "agencies", "involvesAgency"),
    "family_role": ("FamilyRole", "family_roles", "hasFamilyMember"),
    "outcome": ("Outcome", None, "concernsChild"),
    "review_type": ("ReviewType", None, "hasReviewType"),
}

# Definitions for codes the codebook leaves undefined (written by the casegraph team).
DEFINITIONS = {
    "AG_POLICE": "A police force or constabulary, including its public protection and child abuse investigation units.",
    "AG_GP": "General practice: the family's GP surgery and general practitioners.",
    "AG_HEALTH_VISITING": "Health visitors and 0-19 public health nursing services.",
    "AG_MIDWIFERY": "Midwives and maternity services, antenatal and postnatal.",
    "AG_HOSPITAL": "Hospital services: emergency departments, paediatric wards and neonatal units.",
    "AG_AMBULANCE": "The ambulance service and paramedics.",
    "AG_SUBSTANCE_SERVICE": "Drug and alcohol treatment and recovery services.",
    "AG_MENTAL_HEALTH_SERVICE": "Adult or child and adolescent mental health services, including crisis teams and CAMHS.",
    "AG_HOUSING": "Housing providers, homelessness services and tenancy support.",
    "AG_VOLUNTARY_SECTOR": "A charity or voluntary, community or third-sector organisation.",
    "AG_EARLY_HELP": "Early help and family support services, including children's centres and locality hubs.",
    "AG_EDUCATION": "Schools, nurseries, early years settings and education services.",
    "AG_PROBATION": "Probation, prisons, youth offending and youth justice services.",
    "AG_RISK_PANEL": "Multi-agency risk panels such as MARAC and MAPPA.",
    "AG_LEGAL": "Courts, legal services and legal processes such as pre-proceedings (PLO).",
    "HT_SEXUAL_ABUSE": "The child was sexually abused within the family or household.",
    "HT_SEXUAL_EXPLOITATION": "The child was sexually exploited, including grooming by people outside the family.",
    "HT_EMOTIONAL_ABUSE": "The child suffered emotional abuse or emotional harm.",
    "HT_SUICIDE": "A young person took their own life or died by self-inflicted means.",
    "FR_MOTHER": "The child's mother (birth mother, or the woman caring for the child as mother).",
    "FR_FATHER": "The child's father (birth father or the man regarded as the child's father).",
    "FR_MOTHER_PARTNER": "The mother's partner or boyfriend who is not the child's father (including a stepfather).",
    "FR_SIBLING": "A brother, sister, half-sibling or step-sibling of the child.",
    "FR_GRANDPARENT": "A grandparent of the child (maternal or paternal).",
    "FR_OTHER_RELATIVE": "Another relative of the child: aunt, uncle, cousin or other extended family.",
    "FR_ADOPTIVE_OR_FOSTER": "An adoptive parent, foster carer or special guardian caring for the child.",
    "OC_DEATH": "The child died.",
    "OC_SERIOUS_HARM": "The child was seriously harmed (injured, abused or neglected) and survived.",
    "RT_BRIEFING": "A short learning briefing or summary of a review for practitioners.",
    "RT_EXECUTIVE_SUMMARY": "The executive summary of a serious case review or practice review.",
    "RT_OVERVIEW_REPORT": "The full overview report of a serious case review or practice review.",
    "RT_PARTNERSHIP_RESPONSE": "A partnership's or board's published response to a review's findings.",
    "RT_THEMATIC_REVIEW": "A review or analysis of learning across several cases or reviews on a theme.",
    "RT_LEARNING_REVIEW": "A learning review or appreciative inquiry that is not a statutory case review.",
}


def build(codebook: dict) -> Graph:
    g = Graph()
    g.bind("cg", CG)
    g.bind("cgc", CGC)
    g.bind("skos", SKOS)
    for key, description in codebook["schemes"].items():
        cls, field, relation = SCHEMES[key]
        scheme = CGC[f"scheme/{key}"]
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, Literal(key.replace("_", " ").capitalize() + "s", lang="en")))
        g.add((scheme, SKOS.definition, Literal(description, lang="en")))
        g.add((scheme, CG.schemeKey, Literal(key)))
        g.add((scheme, CG.conceptClass, CG[cls]))
        g.add((scheme, CG.reviewRelation, CG[relation]))
        if field:
            g.add((scheme, CG.extractionField, Literal(field)))
        for entry in codebook[key]:
            code = entry["code"]
            c = CGC[code]
            g.add((c, RDF.type, SKOS.Concept))
            g.add((c, RDF.type, CG[cls]))
            g.add((c, SKOS.inScheme, scheme))
            g.add((c, SKOS.notation, Literal(code)))
            g.add((c, SKOS.prefLabel, Literal(entry["label"], lang="en")))
            definition = entry.get("definition") or DEFINITIONS[code]
            g.add((c, SKOS.definition, Literal(definition, lang="en")))
            if entry.get("broader"):
                g.add((c, SKOS.broader, CGC[entry["broader"]]))
                g.add((CGC[entry["broader"]], SKOS.narrower, c))
            else:
                g.add((scheme, SKOS.hasTopConcept, c))
                g.add((c, SKOS.topConceptOf, scheme))
            for cue in entry.get("cues") or []:
                g.add((c, SKOS.example, Literal(cue, lang="en")))
    return g


if __name__ == "__main__":
    codebook = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    header = "# Generated by scripts/codebook_to_skos.py from codebook.yaml; edit the codebook, not this file.\n"
    sys.stdout.write(header + build(codebook).serialize(format="turtle"))
