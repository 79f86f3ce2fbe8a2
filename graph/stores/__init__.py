"""Graph stores behind one interface, chosen by name (like rdflib's plugins).

>>> import tempfile
>>> with open_store("embedded", data_dir=tempfile.mkdtemp()) as store:
...     store.counts()["nodes"]["Review"]
0

``"embedded"`` is LadybugDB in a folder (``data_dir``, default ``$CASEGRAPH_DATA_DIR`` or
``./casegraph-data``); ``"neo4j"`` is a Neo4j 5 server (``uri``, ``user``, ``password``,
``database``, default ``$NEO4J_URI`` ...). The interface is :class:`graph.stores.cypher.CypherStore`.
"""
from __future__ import annotations

from casegraph.graph import settings
from casegraph.graph.stores.cypher import CypherStore, WriteStatus

__all__ = ["open_store", "CypherStore", "WriteStatus"]


def open_store(name: str | None = None, **options) -> CypherStore:
    """Open the store called ``name`` (else ``$CASEGRAPH_STORE``, else ``"embedded"``) with its options."""
    chosen = settings.store_name(name)
    if chosen == "neo4j":
        from casegraph.graph.stores.neo4jdb import Neo4jBackend
        return CypherStore(Neo4jBackend(**options))
    from casegraph.graph.stores.ladybugdb import LadybugBackend
    return CypherStore(LadybugBackend(**options))
