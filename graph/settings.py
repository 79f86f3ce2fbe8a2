"""Which store to use and how to reach it: from options first, then the environment.

>>> store_name("embedded")
'embedded'
>>> data_dir("/tmp/somewhere").name
'somewhere'
"""
from __future__ import annotations

import os
from pathlib import Path

from casegraph.errors import StoreError

STORE_NAMES = ("embedded", "neo4j")
DEFAULT_DATA_DIR = "./casegraph-data"
DEFAULT_BUSY_TIMEOUT_S = 60.0


def store_name(name: str | None = None) -> str:
    """The chosen store: ``name``, else ``$CASEGRAPH_STORE``, else ``"embedded"``."""
    chosen = (name or os.environ.get("CASEGRAPH_STORE") or "embedded").strip().lower()
    if chosen not in STORE_NAMES:
        raise StoreError(f"unknown store {chosen!r}: choose one of {', '.join(STORE_NAMES)} "
                         "(option --store or $CASEGRAPH_STORE)")
    return chosen


def data_dir(value: str | Path | None = None) -> Path:
    """The embedded store's folder: ``value``, else ``$CASEGRAPH_DATA_DIR``, else ``./casegraph-data``."""
    return Path(value or os.environ.get("CASEGRAPH_DATA_DIR") or DEFAULT_DATA_DIR)


def busy_timeout(value: float | None = None) -> float:
    """Seconds to wait for another casegraph process to finish writing: ``$CASEGRAPH_BUSY_TIMEOUT`` or 60."""
    if value is not None:
        return float(value)
    raw = os.environ.get("CASEGRAPH_BUSY_TIMEOUT")
    try:
        return float(raw) if raw else DEFAULT_BUSY_TIMEOUT_S
    except ValueError:
        raise StoreError(f"CASEGRAPH_BUSY_TIMEOUT={raw!r} is not a number of seconds") from None


def neo4j_settings(uri: str | None = None, user: str | None = None, password: str | None = None,
                   database: str | None = None) -> dict:
    """Connection settings for Neo4j: arguments, else ``$NEO4J_URI``, ``$NEO4J_USER``, ``$NEO4J_PASSWORD``,
    ``$NEO4J_DATABASE`` (defaults: ``bolt://localhost:7687``, ``neo4j``, no password, ``neo4j``)."""
    env = os.environ.get
    return {"uri": uri or env("NEO4J_URI") or "bolt://localhost:7687",
            "user": user or env("NEO4J_USER") or "neo4j",
            "password": password if password is not None else env("NEO4J_PASSWORD", ""),
            "database": database or env("NEO4J_DATABASE") or "neo4j"}
