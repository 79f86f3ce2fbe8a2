"""Draw part of the knowledge graph as an interactive network page that works offline.

pyvis builds the nodes and edges; the page comes from casegraph's own template
(``templates/network.html``) with vis-network inlined from the pyvis package, so the
browser fetches nothing: no CDN, no Bootstrap, no ``node_modules`` paths, and no
``http(s)://`` text at all. Document text reaches the page only escaped.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("Review:r1", kind="Review", label="Fictional review <1>")
>>> g.add_node("RiskFactor:RF_INFANT", kind="RiskFactor", label="Infant")
>>> g.add_edge("Review:r1", "RiskFactor:RF_INFANT", rel="IDENTIFIES_RISK_FACTOR",
...            evidence=[{"text": "a baby", "start": 0, "end": 6, "section": None}])
0
>>> page = network_html(g)
>>> "<1>" in page, "http://" in page or "https://" in page
(False, False)
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from casegraph import ontology
from casegraph.errors import CasegraphError
from casegraph.graph import mapping
from casegraph.graph.escaping import html_text

MAX_NODES = 250          # more than this is unreadable in a browser canvas
LABEL_CHARS = 40         # node captions are cut to this length
QUOTES_PER_ITEM = 3      # evidence quotes shown in one tooltip
QUOTE_CHARS = 300

# Colour-blind-friendly palette (Okabe-Ito, then Tableau) assigned to ontology classes in name order.
_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
            "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#76B7B2", "#EDC948", "#FF9DA7", "#9C755F",
            "#BAB0AC", "#E15759")
_VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                autoescape=True, undefined=jinja2.StrictUndefined)


def kind_colours() -> dict[str, str]:
    """A fixed colour for every node kind (ontology class local name)."""
    names = sorted(ontology.class_names())
    return {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(names)}


def kind_label(kind: str) -> str:
    """The ontology's plain-words label for a node kind: ``kind_label("RiskFactor") == "Risk factor"``."""
    return next((c.label for c in ontology.classes() if c.name == kind), kind)


def _offline(source: str) -> str:
    """Library text with every ``http(s)://`` written with an escaped colon (same value in JS strings)."""
    return re.sub(r"(https?):(?=//)", r"\1\\u003a", source)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    js = (_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    return jinja2.utils.markupsafe.Markup(_offline(js)), jinja2.utils.markupsafe.Markup(_offline(css))


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quotes_html(evidence) -> str:
    quotes = [e.get("text", "") for e in (evidence or []) if e.get("text")]
    shown = "".join(f"<q>{html_text(_short(q, QUOTE_CHARS))}</q>" for q in quotes[:QUOTES_PER_ITEM])
    more = len(quotes) - QUOTES_PER_ITEM
    return shown + (f"<i>and {more} more</i>" if more > 0 else "")


def node_title(g: nx.MultiDiGraph, node: str) -> str:
    """Tooltip HTML for a node: its label, its kind, then a review's date and partnership, or an item's
    own text, and the quotes that link it."""
    attrs = g.nodes[node]
    kind = attrs.get("kind", node.split(":", 1)[0])
    parts = [f"<b>{html_text(attrs.get('label') or node)}</b><br>{html_text(kind_label(kind))}"]
    if kind == "Review":
        facts = [attrs.get("published"), attrs.get("partnership")]
        parts.append("".join(f"<br>{html_text(f)}" for f in facts if f))
    elif attrs.get("text") and attrs.get("text") != attrs.get("label"):   # a lesson, recommendation ...
        parts.append(f"<q>{html_text(_short(attrs['text'], QUOTE_CHARS))}</q>")
    evidence = [e for _, _, d in g.in_edges(node, data=True) for e in d.get("evidence") or []]
    parts.append(_quotes_html(evidence))
    return "".join(parts)


def edge_title(data: dict) -> str:
    """Tooltip HTML for a relationship: its type in words, the concepts a parallel shares,
    and its evidence quotes."""
    rel = str(data.get("rel", "")).replace("_", " ").lower()
    shared = [ontology.label(c) if ontology.is_code(c) else c for c in data.get("shared") or []]
    listed = f"<br>Shared: {html_text(', '.join(shared))}" if shared else ""
    return f"<b>{html_text(rel)}</b>{listed}" + _quotes_html(data.get("evidence"))


def network_html(g: nx.MultiDiGraph, height: int = 600, max_nodes: int = MAX_NODES) -> str:
    """A self-contained HTML page drawing ``g``, coloured by node kind, with a legend.

    Raises :class:`CasegraphError` in plain words when ``g`` has more than ``max_nodes`` nodes.
    """
    if g.number_of_nodes() > max_nodes:
        raise CasegraphError(f"This selection has {g.number_of_nodes()} items, more than the "
                             f"{max_nodes} the explorer can draw clearly. Choose a single review, "
                             "concept or partnership, or a smaller neighbourhood.")
    colours = kind_colours()
    net = Network(height=f"{height}px", width="100%", directed=True)
    for node, attrs in g.nodes(data=True):
        kind = attrs.get("kind", node.split(":", 1)[0])
        net.add_node(node, label=_short(attrs.get("label") or node, LABEL_CHARS),
                     title=node_title(g, node), color=colours.get(kind, "#888888"),
                     shape="dot", size=22 if kind == "Review" else 12)
    for u, v, data in g.edges(data=True):
        net.add_edge(u, v, title=edge_title(data), color="#999999")
    net.set_options(json.dumps({
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 150}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False},
        "nodes": {"font": {"size": 12}},
    }))
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    kinds = sorted({a.get("kind", n.split(":", 1)[0]) for n, a in g.nodes(data=True)})
    vis_js, vis_css = _vis_assets()
    return _TEMPLATES.get_template("network.html").render(
        nodes=nodes, edges=edges, options=json.loads(options), height=height,
        legend=[(kind_label(k), colours.get(k, "#888888")) for k in kinds],
        vis_js=vis_js, vis_css=vis_css)


def _per_review(g: nx.MultiDiGraph, node: str) -> bool:
    """True for the nodes that belong to one review, the review itself excepted (lessons, agencies ...)."""
    kind = g.nodes[node].get("kind")
    return kind != "Review" and kind in mapping.per_review_labels()


def around(g: nx.MultiDiGraph, centre: str) -> nx.MultiDiGraph:
    """The part of ``g`` worth drawing around ``centre``: its neighbours, plus the neighbours of those
    that belong to a single review (a review's agencies bring their agency type; an agency type
    brings the reviews of its agencies).

    >>> g = nx.MultiDiGraph([("Review:r1", "Agency:r1:AG_POLICE:x"), ("Agency:r1:AG_POLICE:x", "AgencyType:AG_POLICE"),
    ...                      ("Review:r1", "RiskFactor:RF_INFANT"), ("Review:r2", "RiskFactor:RF_INFANT")])
    >>> nx.set_node_attributes(g, {n: n.split(":")[0] for n in g}, "kind")
    >>> sorted(around(g, "Review:r1"))
    ['Agency:r1:AG_POLICE:x', 'AgencyType:AG_POLICE', 'Review:r1', 'RiskFactor:RF_INFANT']
    >>> sorted(around(g, "AgencyType:AG_POLICE"))
    ['Agency:r1:AG_POLICE:x', 'AgencyType:AG_POLICE', 'Review:r1']
    """
    if centre not in g:
        return nx.MultiDiGraph()
    near = {centre, *g.successors(centre), *g.predecessors(centre)}
    extra = {m for n in near if n != centre and _per_review(g, n) for m in (*g.successors(n), *g.predecessors(n))}
    return g.subgraph(near | extra).copy()
