"""LadybugDB dialect: the embedded store, one database file in a folder.

Node and relationship tables are generated from the ontology through
:mod:`graph.mapping` (one node table per class, one relationship table per
relation listing its FROM/TO pairs). A relationship is stored in its forward direction
only (from its source node), unless it ends at a review (``PARALLEL_TO``): every other
link starts at a node of a review, and goes with it. LadybugDB rewrites every column a
transaction appended to at each checkpoint (by default after 16 MB of write-ahead log; this
store checkpoints after :data:`CHECKPOINT_BYTES`), so a backward copy of every quote would
double that work, and the memory it takes, as the store grows.
How processes share the file:

- a writer (``ingest``, ``import``, ``delete``, ``parallels``) opens the database
  read-write on its first write and keeps it until ``close()``; one transaction
  holds one review, or a batch of reviews (``ingest``). A second writer waits ("the
  store is busy ...") and gives up with a clear error after the busy timeout (``$CASEGRAPH_BUSY_TIMEOUT``, 60 s);
- a reader (the dashboard, ``reviews``, ``show`` ...) opens the database read-only
  for one operation (or for the reads of one ``store.reading()`` block) and closes it
  again, so it never blocks a writer for long and sees every committed review; it
  retries briefly while a writer is checkpointing.
"""
from __future__ import annotations

import os
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import ladybug

from casegraph.graph import mapping, settings
from casegraph.graph.stores.cypher import StoreUnavailable, quote, store_error

DB_FILE = "casegraph.lbug"
TYPES = {"str": "STRING", "int": "INT64", "float": "DOUBLE", "bool": "BOOLEAN", "json": "STRING"}
# Errors that mean "another process is using the file right now": a writer waits for the lock; a reader
# also retries while a writer checkpoints or is half-way through appending to the write-ahead log.
_BUSY_WRITE = ("could not set lock",)
_BUSY_READ = _BUSY_WRITE + ("checkpoint recovery is pending", "checksum verification failed")
_BUSY_MESSAGE = "the store is busy (another casegraph process is writing)"
# A checkpoint rewrites the columns a transaction appended to whole, so its cost grows with the store, not with
# the log: fewer, larger checkpoints make an ingest much faster. The bench's 10,000 synthetic records on one
# machine (2026-12-07): 16 MB, the default, 24 reviews/s; 64 MB 42; 128 MB 47 (with the batch's single look-up
# and orjson). The peak memory of that ingest was 2.1-2.4 GB at each; the log is replayed if a process dies.
CHECKPOINT_BYTES = 128 * 1024 * 1024


def schema_statements() -> list[str]:
    """The DDL of the embedded store, generated from the ontology's classes and relations.

    >>> any(s.startswith("CREATE REL TABLE IF NOT EXISTS ABOUT_THEME(FROM Lesson TO PracticeTheme, ")
    ...     for s in schema_statements())
    True
    """
    out = []
    for label, attrs in mapping.node_attributes().items():
        cols = "".join(f", {quote(a)} {TYPES[k]}" for a, k in attrs.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {label}(id STRING PRIMARY KEY, label STRING{cols})")
        # a store made by an earlier casegraph gains the attributes added since
        out += [f"ALTER TABLE {label} ADD IF NOT EXISTS {quote(a)} {TYPES[k]}" for a, k in attrs.items()]
    pairs: dict[str, list[str]] = {}
    to_review: set[str] = set()  # types with links ending at a review, which can be deleted without their source
    for rel_type, src, dst in mapping.relationship_endpoints():
        pairs.setdefault(rel_type, []).append(f"FROM {src} TO {dst}")
        if dst == "Review":
            to_review.add(rel_type)
    for rel_type, ends in pairs.items():
        cols = "".join(f", {quote(a)} {TYPES[k]}" for a, k in mapping.relationship_attributes()[rel_type].items())
        forward = "" if rel_type in to_review else " WITH (storage_direction = 'fwd')"
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel_type}({', '.join(ends)}{cols}){forward}")
    return out


def typed(expression: str, kind: str) -> str:
    """A parameter value cast to its column type (a batch column with a null is otherwise text).

    >>> typed("row.age", "int")
    'CAST(row.age AS INT64)'
    """
    return expression if TYPES[kind] == "STRING" else f"CAST({expression} AS {TYPES[kind]})"


def _table_names() -> set[str]:
    return set(mapping.node_attributes()) | {t for t, _, _ in mapping.relationship_endpoints()}


def _outdated(run) -> bool:
    """True if a node table lacks a column this casegraph writes: a store made by an earlier version,
    which a writer brings up to date (``schema_statements`` adds the columns) before it can be read."""
    return any(set(attrs) - {name for name, in run(f"CALL table_info('{label}') RETURN name")}
               for label, attrs in mapping.node_attributes().items())


def _runner(conn, location: str):
    def run(query: str, params: dict | None = None) -> list:
        try:
            result = conn.execute(query, params) if params else conn.execute(query)
            return result.get_all()
        except (RuntimeError, TypeError, ValueError) as e:
            raise store_error("read or write the graph", location, e) from e
    return run


def _no_rows(query: str, params: dict | None = None) -> list:
    return []


class LadybugBackend:
    """An embedded LadybugDB database in ``data_dir`` (created on the first write)."""

    typed = staticmethod(typed)

    def __init__(self, data_dir=None, busy_timeout: float | None = None, on_wait=None):
        self.data_dir = settings.data_dir(data_dir)
        self.path = self.data_dir / DB_FILE
        self.location = str(self.data_dir)
        self.busy_timeout = settings.busy_timeout(busy_timeout)
        self.on_wait = on_wait  # called once with a message when waiting for another process
        self._writer = None  # (Database, Connection) while this process holds the store for writing
        self._reading = None  # the run function of the read view open now, shared by nested reads

    def _open(self, read_only: bool):
        deadline = time.monotonic() + self.busy_timeout
        told = False
        while True:
            try:
                # LadybugDB's default page cache (up to 80 % of memory): with ladybug 0.22 a capped one
                # (buffer_pool_size) crashes the process when a checkpoint must evict pages (128 MB: "double
                # free or corruption"; 1 GB with a 1.4 GB store: segmentation fault; measured 2026-11-22)
                db = ladybug.Database(str(self.path), read_only=read_only)
                conn = ladybug.Connection(db)
                conn.set_max_threads_for_exec(1)  # many small queries: threads cost more than they give
                return db, conn
            except RuntimeError as e:
                if not any(b in str(e).lower() for b in (_BUSY_READ if read_only else _BUSY_WRITE)):
                    raise store_error("open the store", self.location, e, StoreUnavailable) from e
                if time.monotonic() >= deadline:
                    raise StoreUnavailable(f"{_BUSY_MESSAGE} and did not become free within {self.busy_timeout:g} s; "
                                     "try again when it has finished", self.location) from e
                if not told and not read_only and self.on_wait:
                    self.on_wait(f"{_BUSY_MESSAGE}; waiting...")
                told = True
                time.sleep(0.1)

    def _check_folder(self) -> None:
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreUnavailable("this is a file, not a folder: choose another --data-dir", self.location)

    def _open_writer(self):
        if self._writer is None:
            self._check_folder()
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreUnavailable(f"cannot create the store folder: {e.strerror}", self.location) from e
            db, conn = self._open(read_only=False)
            run = _runner(conn, self.location)
            try:
                for statement in schema_statements():
                    run(statement)
                run(f"CALL checkpoint_threshold={CHECKPOINT_BYTES}")
            except Exception:
                conn.close()
                db.close()
                raise
            self._writer = (db, conn)
        return self._writer[1]

    @contextmanager
    def write(self):
        """One transaction: committed when the block ends, rolled back if it raises."""
        conn = self._open_writer()
        run = _runner(conn, self.location)
        run("BEGIN TRANSACTION")
        try:
            yield run
        except BaseException:
            try:
                conn.execute("ROLLBACK")
            except RuntimeError:  # the database already rolled back the failed transaction
                pass
            raise
        run("COMMIT")

    def transact(self, work):
        """``work(run)`` in one write transaction (:meth:`write`); returns what it returns."""
        with self.write() as run:
            return work(run)

    @contextmanager
    def read(self):
        """A read-only view for one operation (empty if nothing was ever written here); reads nested
        inside it share it."""
        self._check_folder()
        if self._writer is not None:
            yield _runner(self._writer[1], self.location)
        elif self._reading is not None:
            yield self._reading
        elif not Path(self.path).exists():
            yield _no_rows
        else:
            db, conn, self._reading = self._open_reader()
            try:
                yield self._reading
            finally:
                self._reading = None
                conn.close()
                db.close()

    def _open_reader(self):
        """``(db, conn, run)`` of a read-only view; a store made by an earlier casegraph is updated first."""
        db, conn = self._open(read_only=True)
        run = _runner(conn, self.location)
        if not {name for name, in run("CALL show_tables() RETURN name")} >= _table_names():
            return db, conn, _no_rows  # a writer is still creating it
        if not _outdated(run):
            return db, conn, run
        conn.close()
        db.close()
        try:
            self._open_writer()
        except StoreUnavailable as e:
            raise StoreUnavailable("this store was made by an earlier version of casegraph and must be updated "
                                   f"once by a process allowed to write to it ({e.reason})", self.location) from e
        finally:
            self.close()
        db, conn = self._open(read_only=True)
        return db, conn, _runner(conn, self.location)

    GENERATION_FILE, KEPT_FOLDER = "generation", "derived"

    def _replace(self, path: Path, data: bytes) -> None:
        """``data`` written to a temporary file beside ``path``, then moved over it (a reader never
        sees half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)

    def generation(self) -> str:
        """The store's write token (a file in its folder; empty if nothing was written since it was introduced)."""
        try:
            return (self.data_dir / self.GENERATION_FILE).read_text(encoding="ascii")
        except OSError:
            return ""

    def new_generation(self) -> None:
        self._replace(self.data_dir / self.GENERATION_FILE, uuid.uuid4().hex.encode("ascii"))

    def kept(self, name: str) -> bytes | None:
        """The bytes kept as ``name`` (a file in the folder's ``derived/``), or None."""
        try:
            return (self.data_dir / self.KEPT_FOLDER / name).read_bytes()
        except OSError:
            return None

    def keep(self, name: str, data: bytes) -> None:
        """Keep ``data`` as ``name``; a read-only folder keeps nothing, and that is no error."""
        try:
            self._replace(self.data_dir / self.KEPT_FOLDER / name, data)
        except OSError:
            pass

    def close(self) -> None:
        if self._writer is not None:
            db, conn = self._writer
            self._writer = None
            conn.close()
            db.close()
