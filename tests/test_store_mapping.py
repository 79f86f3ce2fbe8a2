"""The graph projection of one extraction record (graph.mapping), on fictional records."""
import networkx as nx
import pytest

from casegraph import ontology
from casegraph.errors import CasegraphError
from conftest import code
from casegraph.graph.mapping import graph_to_record, record_to_graph


def test_shape_follows_the_contract(make_record):
    rec = make_record("fictional-a")
    g = record_to_graph(rec)
    assert {d["kind"] for _, d in g.nodes(data=True)} <= ontology.class_names()
    assert {d["rel"] for *_, d in g.edges(data=True)} <= ontology.relationship_types()
    assert all("label" in d and n.startswith(d["kind"] + ":") for n, d in g.nodes(data=True))
    review = g.nodes["Review:fictional-a"]
    assert review["title"] == rec["title"] and review["areas"] == rec["areas"] and review["text"] == rec["text"]
    # coded links carry their evidence; evidence quotes are the text at their offsets
    rf = rec["risk_factors"][0]["code"]
    ev = g.edges["Review:fictional-a", f"RiskFactor:{rf}", "IDENTIFIES_RISK_FACTOR"]["evidence"]
    assert ev and all(rec["text"][e["start"]:e["end"]] == e["text"] for e in ev)
    # agencies and family members are per-review nodes typed by a shared concept
    ag = rec["agencies"][0]
    agency = f"Agency:fictional-a:{ag['code']}:health-visiting-service"
    assert g.has_edge("Review:fictional-a", agency, "INVOLVES_AGENCY")
    assert g.has_edge(agency, f"AgencyType:{ag['code']}", "HAS_AGENCY_TYPE")
    fr = rec["family_roles"][0]["code"]
    assert g.has_edge(f"FamilyMember:fictional-a:{fr}", f"FamilyRole:{fr}", "HAS_FAMILY_ROLE")
    assert g.has_edge("Child:fictional-a:1", f"Outcome:{rec['children'][0]['outcome']}", "HAS_OUTCOME")
    assert g.has_edge("Partnership:fictional-safeguarding-partnership", "Area:fictionshire", "COVERS_AREA")
    assert g.has_edge("Lesson:fictional-a:1", f"PracticeTheme:{rec['lessons'][0]['themes'][0]}", "ABOUT_THEME")
    assert g.nodes["Recommendation:fictional-a:1"]["number"] == "1"


def test_record_round_trips_through_the_graph(make_record):
    g = record_to_graph(make_record("fictional-a"))
    again = record_to_graph(graph_to_record(g, "fictional-a"))
    assert nx.utils.graphs_equal(g, again)


def test_hostile_text_is_only_ever_a_value(make_record):
    hostile = "Child 'X' `y` {z} '}) DETACH DELETE n //"
    rec = make_record("fictional-b", title=hostile)
    rec["agencies"][0]["name"] = hostile
    rec["children"][0]["name"] = hostile
    g = record_to_graph(rec)
    assert g.nodes["Review:fictional-b"]["title"] == hostile
    assert all(n.split(":")[0] in ontology.class_names() for n in g)
    assert {d["rel"] for *_, d in g.edges(data=True)} <= ontology.relationship_types()


@pytest.mark.parametrize("change", [{"id": "Bad Id"}, {"id": None}, {"review_type": "NOT_A_CODE"},
                                    {"risk_factors": [{"code": "MATCH (n) DETACH DELETE n", "evidence": []}]}])
def test_bad_ids_and_unknown_codes_are_refused(make_record, change):
    with pytest.raises(CasegraphError):
        record_to_graph({**make_record(), **change})


def fictional_timeline(record: dict) -> list[dict]:
    """A timeline of the fictional record's text (the shape loaders.extract gives)."""
    text = record["text"]
    quote = "The health visitor did not share the concern with children's social care."
    start = text.index(quote)
    return [{"when": "2020-03", "when_text": "in March 2020", "phase": None, "agencies": [code("agency_type")],
             "text": quote, "start": start, "end": start + len(quote)},
            {"when": None, "when_text": "antenatally", "phase": "antenatal", "agencies": [], "text": quote,
             "start": start, "end": start + len(quote)}]


def test_timeline_and_curation_are_kept_with_the_review(make_record):
    rec = make_record("fictional-a")
    rec["timeline"] = fictional_timeline(rec)
    rec["curation"] = [{"action": "set", "field": "title", "value": rec["title"], "by": "Jo Fictional",
                        "at": "2026-11-22T09:00:00Z"}]
    back = graph_to_record(record_to_graph(rec), "fictional-a")
    assert back["timeline"] == rec["timeline"] and back["curation"] == rec["curation"]
    older = graph_to_record(record_to_graph({k: v for k, v in rec.items() if k not in ("timeline", "curation")}),
                            "fictional-a")
    assert older["timeline"] == [] and older["curation"] == []
