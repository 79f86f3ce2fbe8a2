"""Write a review graph to files: RDF (Turtle, JSON-LD), GraphML (Gephi, yEd) or CSV nodes + edges.

>>> import tempfile, pathlib
>>> from casegraph.graph.mapping import record_to_graph
>>> g = record_to_graph({"id": "child-x", "sha256": "0" * 64, "source": "x.txt", "title": "Fictional"})
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in export_graph(g, "csv", out / "csv")]
['nodes.csv', 'edges.csv']
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from casegraph.errors import CasegraphError
from casegraph.graph import rdf

FORMATS = ("ttl", "jsonld", "graphml", "csv")
_RDF_FORMATS = {"ttl": "turtle", "jsonld": "json-ld"}


def _scalar(value):
    """GraphML and CSV hold scalars: lists and dicts become JSON text."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` whose attributes are scalars (JSON text for lists), without empty values."""
    flat = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        flat.add_node(n, **{k: _scalar(v) for k, v in d.items() if v is not None})
    for u, v, k, d in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, **{a: _scalar(x) for a, x in d.items() if x is not None})
    return flat


def write_csv(g: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """``nodes.csv`` (id, kind, label, attributes) and ``edges.csv`` (source, target, type, attributes)."""
    folder.mkdir(parents=True, exist_ok=True)
    flat = flat_graph(g)
    node_cols = ["id", "kind", "label", *sorted({a for _, d in flat.nodes(data=True) for a in d} - {"kind", "label"})]
    edge_cols = ["source", "target", "type", *sorted({a for *_, d in flat.edges(data=True) for a in d} - {"rel"})]
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    with nodes.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, node_cols)
        w.writeheader()
        for n, d in flat.nodes(data=True):
            w.writerow({"id": n, **d})
    with edges.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, edge_cols)
        w.writeheader()
        for u, v, k, d in flat.edges(keys=True, data=True):
            w.writerow({"source": u, "target": v, "type": k, **{a: x for a, x in d.items() if a != "rel"}})
    return [nodes, edges]


def export_graph(g: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write ``g`` as ``fmt`` (one of FORMATS) to ``out`` (a folder for csv); return the files written."""
    out = Path(out)
    try:
        if fmt == "csv":
            return write_csv(g, out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt in _RDF_FORMATS:
            rdf.to_rdf(g).serialize(destination=str(out), format=_RDF_FORMATS[fmt], encoding="utf-8")
        elif fmt == "graphml":
            nx.write_graphml(flat_graph(g), out)
        else:
            raise CasegraphError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    except OSError as e:
        raise CasegraphError(f"cannot write the export: {e.strerror or e}", out) from e
    return [out]
