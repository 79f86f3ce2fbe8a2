"""RDF export under the ontology's IRIs, SHACL validation, import; GraphML and CSV export."""
import csv
import json

import networkx as nx
import pytest
from rdflib import Graph

from casegraph import ontology
from casegraph.cli import main
from casegraph.graph import rdf
from casegraph.graph.export import export_graph
from casegraph.graph.mapping import record_to_graph


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_rdf_round_trip_of_a_fictional_review(make_record, fmt):
    g = record_to_graph(make_record("fictional-a", title="Quotes \" ' ` {x} in a fictional title"))
    data = Graph().parse(data=rdf.to_rdf(g).serialize(format=fmt), format=fmt)
    assert rdf.validate(data)[0]
    assert nx.utils.graphs_equal(rdf.from_rdf(data), g)


def test_export_uses_the_ontology_vocabulary(make_record):
    data = rdf.to_rdf(record_to_graph(make_record("fictional-a")))
    code = make_record()["risk_factors"][0]["code"]
    review = rdf.CGD["Review/fictional-a"]
    assert (review, rdf.CG.identifiesRiskFactor, rdf.URIRef(ontology.concept(code).iri)) in data
    assert (review, rdf.CG.reviewId, None) in data and (review, rdf.CG.hasEvidence, None) in data


def test_a_graph_that_breaks_the_shapes_is_rejected(make_record, tmp_path, capsys):
    data = rdf.to_rdf(record_to_graph(make_record("fictional-a")))
    data.remove((None, rdf.CG.sha256, None))
    broken = tmp_path / "broken.ttl"
    data.serialize(destination=str(broken), format="turtle")
    assert main(["validate", str(broken)]) == 1
    assert "A review needs the SHA-256 of its source document" in capsys.readouterr().err
    store = tmp_path / "store"
    assert main(["import", str(broken), "--data-dir", str(store)]) == 1
    assert "not imported" in capsys.readouterr().err
    assert main(["reviews", "--data-dir", str(store), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_unreadable_rdf_is_one_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle {", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "cannot read this RDF file" in capsys.readouterr().err
    assert main(["validate", str(tmp_path / "graph.xml")]) == 1
    assert "expected a Turtle (.ttl) or JSON-LD (.jsonld) file" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_corpus_export_validates_and_imports_into_an_identical_store(corpus_data_dir, tmp_path, capsys, fmt):
    out = tmp_path / f"corpus.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(out), "--data-dir", str(corpus_data_dir)]) == 0
    if fmt == "ttl":
        assert main(["validate", str(out)]) == 0
    assert main(["import", str(out), "--data-dir", str(tmp_path / "copy")]) == 0  # validates before importing
    capsys.readouterr()
    stats = []
    for data_dir in (corpus_data_dir, tmp_path / "copy"):
        assert main(["stats", "--format", "json", "--data-dir", str(data_dir)]) == 0
        stats.append(json.loads(capsys.readouterr().out))
    assert stats[0] == stats[1]


def test_graphml_and_csv_hold_every_node_and_relationship(corpus_store, tmp_path):
    g = corpus_store.graph()
    [graphml] = export_graph(g, "graphml", tmp_path / "corpus.graphml")
    back = nx.read_graphml(graphml, force_multigraph=True)
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
    nodes, edges = export_graph(g, "csv", tmp_path / "csv")
    with nodes.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == g.number_of_nodes() and {r["kind"] for r in rows} <= ontology.class_names()
    with edges.open(encoding="utf-8") as f:
        assert sum(1 for _ in csv.DictReader(f)) == g.number_of_edges()


def test_rdf_that_conforms_but_was_not_written_by_casegraph_is_refused(make_record, tmp_path, capsys):
    data = rdf.to_rdf(record_to_graph(make_record("fictional-a")))
    data.remove((None, rdf.CGS.evidenceFor, None))
    edited = tmp_path / "edited.ttl"
    data.serialize(destination=str(edited), format="turtle")
    assert main(["import", str(edited), "--data-dir", str(tmp_path / "store")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not imported: it is not a casegraph export" in err


def test_parallels_survive_export_and_import(make_record, tmp_path):
    from conftest import FICTIONAL_TEXT
    from casegraph.graph.stores import open_store
    code = make_record()["risk_factors"][0]["code"]
    with open_store("embedded", data_dir=tmp_path / "a") as store:
        store.write_review(make_record("fictional-a"))
        store.write_review(make_record("fictional-b", text=FICTIONAL_TEXT + "Second fictional review.\n"))
        store.set_parallels([{"a": "fictional-a", "b": "fictional-b", "score": 0.75, "shared": [code]}])
        [out] = export_graph(store.graph(), "ttl", tmp_path / "a.ttl")
        original = store.graph()
    with open_store("embedded", data_dir=tmp_path / "b") as copy:
        assert rdf.import_graph(copy, rdf.load(out)) == {"ingested": 2}
        assert nx.utils.graphs_equal(copy.graph(), original)


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_timeline_and_curation_round_trip_and_conform(make_record, fmt):
    from casegraph.graph.curation import apply_corrections, correction, passage
    from test_store_mapping import fictional_timeline
    rec = make_record("fictional-a")
    rec["timeline"] = fictional_timeline(rec)
    rec = apply_corrections(rec, [correction("add", "harm_types", "Jo Fictional", at="2026-11-22T09:00:00Z",
                                             code=ontology.concepts("harm_type")[0].code,
                                             evidence=passage(rec, "the partner was violent"))])
    g = record_to_graph(rec)
    data = Graph().parse(data=rdf.to_rdf(g).serialize(format=fmt), format=fmt)
    assert rdf.validate(data)[0]
    assert nx.utils.graphs_equal(rdf.from_rdf(data), g)
    review = rdf.CGD["Review/fictional-a"]
    assert json.loads(str(data.value(review, rdf.CG.timeline))) == rec["timeline"]
    assert json.loads(str(data.value(review, rdf.CG.curation))) == rec["curation"]
    data.remove((review, rdf.CG.timeline, None))   # an export made before reviews had a timeline
    data.remove((review, rdf.CG.curation, None))
    older = rdf.from_rdf(data).nodes["Review:fictional-a"]
    assert older["timeline"] == [] and older["curation"] == []
