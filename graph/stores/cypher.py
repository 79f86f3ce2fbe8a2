"""The store interface, written once in the Cypher that LadybugDB and Neo4j both accept.

A :class:`CypherStore` holds a *backend* (one small dialect module per database)
that knows how to open, create the schema and run a transaction; every data query
lives here. Queries use parameters only; labels and relationship types come from
:mod:`graph.mapping`, which takes them from the ontology. Writes are ``UNWIND``
batches: shared nodes are ``MERGE``d on stable ids, a review's own nodes and links ``CREATE``d.
Long texts are stored deflated (:func:`pack`) and read back as they were written (:func:`decode_column`);
a batch of reviews can share one transaction (:meth:`CypherStore.write_reviews`).

A backend provides ``typed(expression, kind)`` (the expression that gives a parameter its
column type: LadybugDB types a batch column holding nulls as text), ``write()`` and ``read()`` (context managers yielding
``run(query, params) -> list[tuple]``, ``write`` inside one transaction that
rolls back on any error), ``location`` (words naming where the data is) and ``close()``.
"""
from __future__ import annotations

import base64
import re
import zlib
from contextlib import contextmanager
from functools import lru_cache

import networkx as nx
import orjson

from casegraph import ontology
from casegraph.errors import CasegraphError, StoreError
from casegraph.graph import curation, mapping, search
from casegraph.graph.collector import collector_paused

SHA256 = re.compile(r"^[0-9a-f]{64}$")


class StoreUnavailable(StoreError):
    """The store cannot be opened or reached at all (busy, locked, server down, wrong password)."""


class WriteStatus(str):
    """What ``write_review`` did: ``"ingested"``, ``"replaced"`` or ``"unchanged"``.

    A plain string to compare with; ``duplicate_of`` names the stored review with the same
    content when the document was already stored under another id.

    >>> s = WriteStatus("unchanged", duplicate_of="child-a")
    >>> s == "unchanged", s.duplicate_of
    (True, 'child-a')
    """

    duplicate_of: str | None

    def __new__(cls, value: str, duplicate_of: str | None = None):
        s = super().__new__(cls, value)
        s.duplicate_of = duplicate_of
        return s


# ---------------------------------------------------------------- values

# A long text (a review's document, the quotes of a link) is kept deflated, which makes the store about a
# third of its size: LadybugDB rewrites each column a transaction appended to at every checkpoint, so its
# time and memory grow with what is stored. Any text that starts like a packed one is packed too.
PACKED = "\x1fzlib:"
PACK_FROM = 2048  # characters


def pack(text: str) -> str:
    """``text`` as the store keeps it: deflated, in base64 after :data:`PACKED`, when it is long.

    >>> pack("short") == "short" and unpack(pack("long " * 1000)) == "long " * 1000
    True
    """
    if len(text) < PACK_FROM and not text.startswith(PACKED):
        return text
    return PACKED + base64.b64encode(zlib.compress(text.encode("utf-8"))).decode("ascii")


def unpack(value):
    """The inverse of :func:`pack` (any other value as it is)."""
    if isinstance(value, str) and value.startswith(PACKED):
        return zlib.decompress(base64.b64decode(value[len(PACKED):])).decode("utf-8")
    return value


def encode(value, kind: str):
    """A Python attribute value as the store keeps it (``json`` values as JSON text, long texts packed)."""
    if value is None:
        return None
    if kind == "json":
        return pack(orjson.dumps(value).decode("utf-8"))
    if kind == "str":
        return pack(str(value))
    return {"int": int, "float": float, "bool": bool}[kind](value)


def decode_column(values, kind: str, batch: int = 1000) -> list:
    """The inverse of :func:`encode` for a column of values (a ``json`` column parsed ``batch`` values
    at a time: one parse per value costs more than the parsing itself, one for all doubles the memory).

    >>> decode_column(['[1]', None, '{"a": 2}'], "json", batch=2)
    [[1], [], {'a': 2}]
    """
    if kind not in ("str", "json"):
        return list(values)
    values = [unpack(v) for v in values]
    if kind == "str":
        return values
    out = []
    for i in range(0, len(values), batch):
        out += orjson.loads("[" + ",".join("[]" if v is None else v for v in values[i:i + batch]) + "]")
    return out


# ---------------------------------------------------------------- queries (built from the ontology only)

def _columns(attrs: dict) -> dict[str, str]:
    return {"label": "str", **attrs}


def quote(name: str) -> str:
    """A property name as an identifier both dialects accept (``end`` is a keyword)."""
    return f"`{name}`"


def _sets(var: str, attrs: dict[str, str], typed) -> str:
    return ", ".join(f"{var}.{quote(a)} = {typed('row.' + quote(a), k)}" for a, k in attrs.items())


def _props(attrs: dict[str, str], typed) -> str:
    return ", ".join(f"{quote(a)}: {typed('row.' + quote(a), k)}" for a, k in attrs.items())


# A review's own nodes and links are always new when written (a changed review is deleted first), so they
# are CREATEd; shared nodes (concepts, partnerships, areas) and links between them are MERGEd on their ids.
# (MERGE of a link looks at the links already there, which grow with the store: CREATE keeps writes flat.)

@lru_cache(maxsize=None)
def write_nodes_query(label: str, typed) -> str:
    """``typed(expression, kind)`` is the dialect's way to give a parameter value its column type."""
    attrs = _columns(mapping.node_attributes()[label])
    if label in mapping.per_review_labels():
        return f"UNWIND $rows AS row CREATE (n:{label} {{id: row.id, {_props(attrs, typed)}}})"
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET {_sets('n', attrs, typed)}"


@lru_cache(maxsize=None)
def write_edges_query(rel_type: str, src: str, dst: str, typed) -> str:
    attrs = mapping.relationship_attributes()[rel_type]
    match = f"UNWIND $rows AS row MATCH (a:{src} {{id: row.src}}) MATCH (b:{dst} {{id: row.dst}}) "
    if src in mapping.per_review_labels():
        props = f" {{{_props(attrs, typed)}}}" if attrs else ""
        return match + f"CREATE (a)-[e:{rel_type}{props}]->(b)"
    sets = f" SET {_sets('e', attrs, typed)}" if attrs else ""
    return match + f"MERGE (a)-[e:{rel_type}]->(b){sets}"


@lru_cache(maxsize=None)
def left_out(documents: bool = True, evidence: bool = True) -> frozenset[tuple[str, str]]:
    """The ``(label or relationship type, attribute)`` pairs a read leaves out: each review's document
    (``text``, ``sections``) and what is read only with it (its ``timeline``, and the ``curation`` log
    whose marks only a whole review shows) unless ``documents``, the quotes of every coded link unless
    ``evidence``.

    >>> sorted(left_out(documents=False))
    [('Review', 'curation'), ('Review', 'sections'), ('Review', 'text'), ('Review', 'timeline')]
    """
    out = set() if documents else {("Review", a) for a in ("text", "sections", "timeline", "curation")}
    if not evidence:
        out |= {(t, "evidence") for t, attrs in mapping.relationship_attributes().items() if "evidence" in attrs}
    return frozenset(out)


def _read_attrs(name: str, omit: frozenset[tuple[str, str]] = frozenset()) -> dict[str, str]:
    """The attributes of a node label or relationship type that a read returns (all but ``omit``)."""
    nodes = mapping.node_attributes()
    attrs = nodes[name] if name in nodes else mapping.relationship_attributes()[name]
    return {a: k for a, k in attrs.items() if (name, a) not in omit}


def _node_columns(label: str, omit: frozenset[tuple[str, str]]) -> str:
    return ", ".join(f"n.{quote(c)}" for c in _columns(_read_attrs(label, omit)))


@lru_cache(maxsize=None)
def read_nodes_query(label: str, where: str = "", omit: frozenset[tuple[str, str]] = frozenset()) -> str:
    return f"MATCH (n:{label}) {where} RETURN n.id, {_node_columns(label, omit)}"


@lru_cache(maxsize=None)
def read_nodes_by_id_query(label: str, omit: frozenset[tuple[str, str]] = frozenset()) -> str:
    """The nodes whose ids are ``$ids``, each found by its key (``WHERE n.id IN $ids`` reads the whole table)."""
    return f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN n.id, {_node_columns(label, omit)}"


@lru_cache(maxsize=None)
def read_edges_query(rel_type: str, src: str, dst: str, where: str = "",
                     omit: frozenset[tuple[str, str]] = frozenset()) -> str:
    cols = "".join(f", e.{quote(a)}" for a in _read_attrs(rel_type, omit))
    return f"MATCH (a:{src})-[e:{rel_type}]->(b:{dst}) {where} RETURN a.id, b.id{cols}"


def node_rows(g: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """The nodes of ``g`` as query parameter rows, by label."""
    out: dict[str, list[dict]] = {}
    for n, d in g.nodes(data=True):
        attrs = mapping.node_attributes()[d["kind"]]
        out.setdefault(d["kind"], []).append(
            {"id": n, "label": d.get("label"), **{a: encode(d.get(a), k) for a, k in attrs.items()}})
    return out


def edge_rows(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict]]:
    """The relationships of ``g`` as query parameter rows, by ``(type, from label, to label)``."""
    out: dict[tuple[str, str, str], list[dict]] = {}
    kind = g.nodes
    for u, v, k, d in g.edges(keys=True, data=True):
        attrs = mapping.relationship_attributes()[k]
        out.setdefault((k, kind[u]["kind"], kind[v]["kind"]), []).append(
            {"src": u, "dst": v, **{a: encode(d.get(a), t) for a, t in attrs.items()}})
    return out


def write_graph(run, g: nx.MultiDiGraph, typed) -> None:
    """Write every node and relationship of ``g`` (in the caller's transaction; its per-review
    nodes must not be stored yet)."""
    nodes, edges = node_rows(g), edge_rows(g)
    for label in mapping.node_attributes():
        if label in nodes:
            run(write_nodes_query(label, typed), {"rows": nodes[label]})
    for endpoints in mapping.relationship_endpoints():
        if endpoints in edges:
            run(write_edges_query(*endpoints, typed), {"rows": edges[endpoints]})


def _attribute_rows(rows, attrs: dict[str, str]):
    """``((first value, second value), {attribute: decoded value})`` for each row of ``rows``: the two
    ids that start every read query's rows, then the values of ``attrs`` (a column at a time)."""
    columns = list(zip(*rows))
    if not columns:
        return []
    decoded = [decode_column(c, k) for c, k in zip(columns[2:], attrs.values())]
    names = tuple(attrs)
    values = zip(*decoded) if decoded else [()] * len(rows)
    return zip(zip(columns[0], columns[1]), (dict(zip(names, v)) for v in values))


def _add_nodes(g: nx.MultiDiGraph, label: str, rows, omit: frozenset = frozenset()) -> None:
    g.add_nodes_from((node_id, {"kind": label, "label": node_label, **attrs})
                     for (node_id, node_label), attrs in _attribute_rows(rows, _read_attrs(label, omit)))


def _add_edges(g: nx.MultiDiGraph, rel_type: str, rows, omit: frozenset = frozenset()) -> None:
    """Add the relationships ``rows`` (their two ends already nodes of ``g``) keyed by their type.

    They go straight into the graph's documented dict-of-dict-of-dict (``_succ``, ``_pred``: one
    key dict per pair of nodes, shared by both), as ``add_edge`` puts them, at a third of its cost.
    """
    succ, pred = g._succ, g._pred
    for (src, dst), attrs in _attribute_rows(rows, _read_attrs(rel_type, omit)):
        keys = succ[src].get(dst)
        if keys is None:
            keys = succ[src][dst] = pred[dst][src] = {}
        keys[rel_type] = {"rel": rel_type, **attrs}


def _whole(run, labels: set[str], omit: frozenset) -> nx.MultiDiGraph:
    """Every stored node with one of ``labels``, and the relationships between them."""
    g = nx.MultiDiGraph()
    for label in mapping.node_attributes():
        if label in labels:
            _add_nodes(g, label, run(read_nodes_query(label, omit=omit), {}), omit)
    for rel_type, src, dst in mapping.relationship_endpoints():
        if src in labels and dst in labels:
            _add_edges(g, rel_type, run(read_edges_query(rel_type, src, dst, omit=omit), {}), omit)
    return g


def _own_nodes(run, review_ids: list[str], labels: set[str], omit: frozenset) -> nx.MultiDiGraph:
    """The reviews' own nodes (of per-review labels) with one of ``labels``."""
    g = nx.MultiDiGraph()
    for label in mapping.per_review_labels():
        if label == "Review" and label in labels:
            rows = run(read_nodes_by_id_query(label, omit), {"ids": [f"Review:{r}" for r in review_ids]})
        elif label in labels:
            rows = run(read_nodes_query(label, "WHERE n.review_id IN $rids", omit), {"rids": review_ids})
        else:
            continue
        _add_nodes(g, label, rows, omit)
    return g


def _own(run, review_ids: list[str], labels: set[str], omit: frozenset) -> nx.MultiDiGraph:
    """The reviews' own nodes with one of ``labels`` (all of them per-review labels) and the
    relationships between them: what :func:`_reached` keeps of them, without reading the rest."""
    g = _own_nodes(run, review_ids, labels, omit)
    for rel_type, src, dst in mapping.relationship_endpoints():
        if src in labels and dst in labels:
            rows = run(read_edges_query(rel_type, src, dst, "WHERE a.review_id IN $rids", omit), {"rids": review_ids})
            _add_edges(g, rel_type, [r for r in rows if r[1] in g], omit)
    return g


def _reached(run, review_ids: list[str], omit: frozenset) -> nx.MultiDiGraph:
    """The reviews' own nodes, their relationships, and the shared nodes (and links between them) they reach."""
    per_review = mapping.per_review_labels()
    params = {"rids": review_ids}
    g = _own_nodes(run, review_ids, set(per_review), omit)
    # links from per-review nodes first, so that links between shared nodes can follow the ones reached
    for rel_type, src, dst in sorted(mapping.relationship_endpoints(), key=lambda t: t[1] not in per_review):
        if src in per_review:
            rows = run(read_edges_query(rel_type, src, dst, "WHERE a.review_id IN $rids", omit), params)
        else:
            rows = [r for r in run(read_edges_query(rel_type, src, dst, omit=omit), {}) if r[0] in g]
        rows = [r for r in rows if r[1] in g or dst not in per_review]
        missing = sorted({r[1] for r in rows} - set(g))
        if missing:
            _add_nodes(g, dst, run(read_nodes_by_id_query(dst), {"ids": missing}))
        _add_edges(g, rel_type, rows, omit)
    return g


def _stored_rows(run, ids: list[str], shas: list[str]) -> list:
    """``(review id, sha256, curation)`` of the stored reviews with one of ``ids`` or of ``shas``: one query for a
    whole batch (a review's content is found by a scan, so one per batch instead of one per review)."""
    return run("MATCH (r:Review) WHERE r.id IN $ids OR r.sha256 IN $shas RETURN r.review_id, r.sha256, r.curation",
               {"ids": [f"Review:{i}" for i in ids], "shas": shas})


def _review_graph(record: dict) -> nx.MultiDiGraph:
    """The graph of one extraction record, refused (CasegraphError) if the record cannot be stored."""
    g = mapping.record_to_graph(record)
    sha = record.get("sha256")
    if not isinstance(sha, str) or not SHA256.match(sha):
        raise CasegraphError(f"review {record['id']!r} has no valid sha256 of its source document")
    return g


class CypherStore:
    """The graph store interface of ``docs/CONTRACTS.md`` over one backend."""

    def __init__(self, backend):
        self.backend = backend
        self.search_index = search.index_for(backend)  # kept in step after each write and delete (graph.search)

    def generation(self) -> str:
        """A token that changes with every write of reviews (ingest, replacement, correction, deletion,
        import), for results derived from the stored facts to be kept with (``graph.analytics.derived``):
        an extraction stored again under the same id and content changes it too."""
        return self.backend.generation()

    def _wrote(self) -> None:
        self.backend.new_generation()

    def kept(self, name: str) -> bytes | None:
        """The bytes kept as ``name`` beside the graph (``graph.analytics.derived``'s answers), or None."""
        return self.backend.kept(name)

    def keep(self, name: str, data: bytes) -> None:
        """Keep ``data`` as ``name`` beside the graph (in the embedded store's folder, in Neo4j's graph);
        a store that cannot keep it (a read-only folder or user) keeps nothing, and that is no error."""
        self.backend.keep(name, data)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the database (idempotent)."""
        self.backend.close()

    @property
    def location(self) -> str:
        """Where the data lives, in words (a folder or a server address)."""
        return self.backend.location

    # ------------------------------------------------------------ writing

    def write_review(self, record: dict, refresh: bool = False) -> WriteStatus:
        """Store one extraction record in one transaction.

        Returns ``"ingested"`` (new), ``"replaced"`` (same id, new content: the old facts are gone)
        or ``"unchanged"`` (same content already stored, under this id or, see ``duplicate_of``,
        another one: nothing written). ``refresh=True`` replaces the facts of an unchanged document
        stored under this id too (after the extractor has changed). A record without a ``curation`` log
        of its own (a new extraction) gets the corrections stored with the review it replaces applied
        again (:func:`graph.curation.apply_corrections`): a curated fact is never silently overwritten.
        """
        return self.write_reviews([record], refresh)[0]

    def write_reviews(self, records: list[dict], refresh: bool = False) -> list[WriteStatus]:
        """Store several extraction records in one transaction: all of them, or (on any error) none.

        Each record is stored as :meth:`write_review` would store it on its own, in order (a record
        sees the ones before it), and gets its status; the facts of all of them are written together,
        a few queries for the whole batch instead of a few for each record.
        """
        graphs = [_review_graph(record) for record in records]  # refused before anything is written
        indexed: list[dict] = []  # the records written, for the search index once the transaction is in

        def work(run) -> list[WriteStatus]:  # run again from the start if the database asks for a retry
            pending, keys, seen, statuses = nx.MultiDiGraph(), set(), set(), []
            indexed.clear()
            found = _stored_rows(run, [r["id"] for r in records], [r["sha256"] for r in records])
            for record, g in zip(records, graphs):
                mine = {record["id"], record["sha256"]}
                if mine & keys:  # an earlier record of the batch has this id or content: written first, so it is found
                    write_graph(run, pending, self.backend.typed)
                    pending, keys = nx.MultiDiGraph(), set()
                stored = [row for row in found if row[0] == record["id"] or row[1] == record["sha256"]]
                if mine & seen or any(row[0] in seen for row in stored):  # the batch changed what is stored here
                    stored = _stored_rows(run, [record["id"]], [record["sha256"]])
                seen |= mine
                status, log = self._prepare(run, record, stored, refresh)
                if log and not record.get("curation"):
                    # a new extraction of a review people corrected: their corrections apply to it again
                    record = curation.apply_corrections(record, log, reapply=True)
                    g = _review_graph(record)
                if status != "unchanged":
                    indexed.append(record)
                    pending.add_nodes_from(g.nodes(data=True))
                    pending.add_edges_from(g.edges(keys=True, data=True))
                    keys |= mine
                statuses.append(status)
            write_graph(run, pending, self.backend.typed)
            return statuses

        statuses = self.backend.transact(work)
        if indexed:
            self._wrote()
        if self.search_index is not None and indexed:
            self.search_index.written(indexed)
        return statuses

    def _prepare(self, run, record: dict, stored: list, refresh: bool) -> tuple[WriteStatus, list]:
        """What storing ``record`` does (in the caller's transaction), and the corrections (``curation``)
        stored with the review it replaces, given ``stored``, the stored reviews with its id or its content
        (:func:`_stored_rows`); facts it replaces are removed. Its graph is to be written unless the status
        is ``"unchanged"``."""
        rid, sha = record["id"], record["sha256"]
        same = sorted(other for other, other_sha, _ in stored if other_sha == sha)
        if rid in same and not refresh:
            return WriteStatus("unchanged"), []
        if same and rid not in same:
            return WriteStatus("unchanged", duplicate_of=same[0]), []
        log = next((decode_column([c], "json")[0] for other, _, c in stored if other == rid), [])
        existed = any(other == rid for other, _, _ in stored)
        if existed:
            self._delete(run, rid)
        return WriteStatus("replaced" if existed else "ingested"), log

    @staticmethod
    def _delete(run, review_id: str) -> None:
        for label in mapping.per_review_labels():
            run(f"MATCH (n:{label}) WHERE n.review_id = $rid DETACH DELETE n", {"rid": review_id})

    def delete_review(self, review_id: str) -> bool:
        """Remove a review and its per-review nodes (shared concepts, partnerships, areas stay).

        Returns False when no such review is stored.
        """
        def work(run) -> bool:
            if not run("MATCH (r:Review) WHERE r.id = $id RETURN r.id", {"id": f"Review:{review_id}"}):
                return False
            self._delete(run, review_id)
            return True

        deleted = self.backend.transact(work)
        if deleted:
            self._wrote()
        if deleted and self.search_index is not None:
            self.search_index.deleted(review_id)
        return deleted

    def set_parallels(self, pairs) -> int:
        """Replace all PARALLEL_TO links by ``pairs`` (dicts with ``a``, ``b``, ``score``, ``shared``).

        Pairs naming a review that is not stored are skipped; returns the number written.
        """
        rel_type = ontology.relation("parallelTo").graph_type
        g = nx.MultiDiGraph()
        for p in pairs:
            a, b = f"Review:{p['a']}", f"Review:{p['b']}"
            g.add_node(a, kind="Review")
            g.add_node(b, kind="Review")
            g.add_edge(a, b, key=rel_type, rel=rel_type, score=p.get("score"), shared=list(p.get("shared") or []))
        rows = edge_rows(g).get((rel_type, "Review", "Review"), [])
        def work(run) -> int:
            run(f"MATCH (:Review)-[e:{rel_type}]->(:Review) DELETE e", {})
            if rows:
                run(write_edges_query(rel_type, "Review", "Review", self.backend.typed), {"rows": rows})
            written = run(f"MATCH (:Review)-[e:{rel_type}]->(:Review) RETURN count(e)", {})
            return written[0][0] if written else 0

        return self.backend.transact(work)

    def write_shared(self, g: nx.MultiDiGraph) -> None:
        """Write (MERGE) the nodes and links of ``g`` that belong to no review (concepts, partnerships, areas)."""
        per_review = set(mapping.per_review_labels())
        shared = g.subgraph(n for n, d in g.nodes(data=True) if d["kind"] not in per_review)
        self.backend.transact(lambda run: write_graph(run, shared, self.backend.typed))

    # ------------------------------------------------------------ reading

    @contextmanager
    def reading(self):
        """Make the reads inside the block share one read view of the store (opened once)::

            with store.reading():
                listing, counts = store.list_reviews(), store.counts()
        """
        with self.backend.read():
            yield self

    def list_reviews(self) -> list[dict]:
        """Every stored review's attributes (without its text and sections), ordered by id."""
        g = nx.MultiDiGraph()
        with self.backend.read() as run:
            omit = left_out(documents=False)
            _add_nodes(g, "Review", run(read_nodes_query("Review", omit=omit), {}), omit)
        return [d for _, d in sorted(g.nodes(data=True), key=lambda nd: nd[1]["review_id"])]

    def review(self, review_id: str) -> dict | None:
        """The stored extraction record of one review (text, sections and evidence included), or None."""
        g = self.review_graph(review_id)
        return mapping.graph_to_record(g, review_id) if f"Review:{review_id}" in g else None

    def review_graph(self, review_id: str) -> nx.MultiDiGraph:
        """One review's subgraph: its nodes, its links, and the shared nodes they reach."""
        return self.graph(review_ids=[review_id])

    def graph(self, kinds=None, review_ids=None, documents: bool = True, evidence: bool = True) -> nx.MultiDiGraph:
        """The stored graph, or the part of it that ``review_ids`` reach, keeping only nodes of ``kinds``
        (and the relationships between them). ``documents=False`` leaves out each review's ``text``
        and ``sections`` (the whole document), ``evidence=False`` the quotes (``evidence``) of every
        link: together most of what is stored, and what a page that counts and compares does not show."""
        wanted = set(kinds) if kinds is not None else set(mapping.node_attributes())
        omit = left_out(documents, evidence)
        with collector_paused(), self.backend.read() as run:
            if review_ids is None:  # only the wanted labels are read
                return _whole(run, wanted, omit)
            if wanted <= set(mapping.per_review_labels()):  # so are a review's own, when only they are wanted
                return _own(run, list(review_ids), wanted, omit)
            g = _reached(run, list(review_ids), omit)
        if not set(mapping.node_attributes()) <= wanted:  # what reaches a wanted node may not be wanted
            g = g.subgraph(n for n, d in g.nodes(data=True) if d["kind"] in wanted).copy()
        return g

    def parallel_links(self, threshold: float = 0.0, top: int | None = 100,
                       review_id: str | None = None) -> tuple[int, nx.MultiDiGraph]:
        """How many parallel links are stored, and the graph of the ``top`` most similar of them (all, for
        None) with a score of at least ``threshold``, only those of ``review_id`` if given, and their
        reviews (without documents): what a page showing the strongest parallels, or a review's, needs,
        without reading every review and link.

        Ties keep the order of the reviews' ids, so the same links come back on either store."""
        rel_type = ontology.relation("parallelTo").graph_type
        omit = left_out(documents=False)
        g = nx.MultiDiGraph()
        with self.backend.read() as run:
            total = run(f"MATCH (:Review)-[e:{rel_type}]->(:Review) RETURN count(e)", {})
            where = "WHERE e.score >= $threshold" + (" AND (a.id = $id OR b.id = $id)" if review_id else "")
            rows = run(read_edges_query(rel_type, "Review", "Review", where, omit) + " ORDER BY e.score DESC, a.id, b.id"
                       + (" LIMIT $top" if top is not None else ""),
                       {"threshold": threshold, "top": top, "id": f"Review:{review_id}"})
            ids = sorted({r[0] for r in rows} | {r[1] for r in rows})
            _add_nodes(g, "Review", run(read_nodes_by_id_query("Review", omit), {"ids": ids}) if ids else [], omit)
        _add_edges(g, rel_type, rows, omit)
        return (total[0][0] if total else 0), g

    def counts(self) -> dict:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` for every label and type (zeros included)."""
        out = {"nodes": {}, "relationships": {}}
        with self.backend.read() as run:
            for label in mapping.node_attributes():
                rows = run(f"MATCH (n:{label}) RETURN count(n)", {})
                out["nodes"][label] = rows[0][0] if rows else 0
            for rel_type in sorted({t for t, _, _ in mapping.relationship_endpoints()}):
                rows = run(f"MATCH ()-[e:{rel_type}]->() RETURN count(e)", {})
                out["relationships"][rel_type] = rows[0][0] if rows else 0
        return out


def error_detail(error: Exception) -> str:
    """The first line of a database error, without the engine's "Runtime exception:" style prefix.

    >>> error_detail(RuntimeError("IO exception: Could not open file\\nmore"))
    'Could not open file'
    """
    text = str(error).strip()
    if not text:
        return type(error).__name__
    return re.sub(r"^[A-Za-z ]*exception: ", "", text.splitlines()[0], flags=re.IGNORECASE)


def store_error(action: str, location: str, error: Exception, kind: type[StoreError] = StoreError) -> StoreError:
    """A StoreError (or ``kind``) in plain words for a database failure while doing ``action``."""
    return kind(f"could not {action}: {error_detail(error)}", location)
