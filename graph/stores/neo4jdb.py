"""Neo4j 5 dialect: a server reached over Bolt with the official driver.

Settings come from ``uri``/``user``/``password``/``database`` or ``$NEO4J_URI``,
``$NEO4J_USER``, ``$NEO4J_PASSWORD``, ``$NEO4J_DATABASE``. On the first write the
store creates, if missing, a uniqueness constraint on ``id`` for every node label
and indexes on ``review_id`` (per-review nodes) and ``Review.sha256``.
"""
from __future__ import annotations

import logging
import uuid
from contextlib import contextmanager

from neo4j import READ_ACCESS, GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from casegraph.errors import StoreError
from casegraph.graph import mapping, settings
from casegraph.graph.stores.cypher import StoreUnavailable, error_detail, store_error

# The driver logs each retry and the server's notices as warnings; a user gets the one-line error instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def schema_statements() -> list[str]:
    """Constraints and indexes, generated from the node labels the ontology gives the graph.

    >>> schema_statements()[0]
    'CREATE CONSTRAINT cg_Review_id IF NOT EXISTS FOR (n:Review) REQUIRE n.id IS UNIQUE'
    """
    out = [f"CREATE CONSTRAINT cg_{label}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
           for label in mapping.node_attributes()]
    out += [f"CREATE INDEX cg_{label}_review IF NOT EXISTS FOR (n:{label}) ON (n.review_id)"
            for label in mapping.per_review_labels()]
    out.append("CREATE INDEX cg_Review_sha256 IF NOT EXISTS FOR (n:Review) ON (n.sha256)")
    # full-text (Lucene) indexes: the documents' text, passage by passage, as stemmed terms (graph.search.neo4j),
    # and the quotes of lessons, recommendations and missed opportunities (English analyzer)
    out += ["CREATE INDEX cg_Passage_review IF NOT EXISTS FOR (n:Passage) ON (n.review_id)",
            "CREATE CONSTRAINT cg_SearchReview_id IF NOT EXISTS FOR (n:SearchReview) REQUIRE n.review_id IS UNIQUE",
            f"CREATE FULLTEXT INDEX {PASSAGE_INDEX} IF NOT EXISTS FOR (n:Passage) ON EACH [n.terms] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}",
            f"CREATE FULLTEXT INDEX {QUOTE_INDEX} IF NOT EXISTS FOR (n:{'|'.join(QUOTED)}) ON EACH [n.text] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}"]
    # the store's own bookkeeping (graph.stores.cypher: the write token, answers kept by graph.analytics.derived)
    out += ["CREATE CONSTRAINT cg_StoreState_name IF NOT EXISTS FOR (n:StoreState) REQUIRE n.name IS UNIQUE",
            "CREATE INDEX cg_KeptAnswer_name IF NOT EXISTS FOR (n:KeptAnswer) ON (n.name)"]
    return out


PASSAGE_INDEX, QUOTE_INDEX = "cg_passage_terms", "cg_quote_text"
KEPT_PART = 8 << 20  # bytes per KeptAnswer node: a large answer is kept in parts, in one transaction
QUOTED = ("Lesson", "Recommendation", "MissedOpportunity")


def typed(expression: str, kind: str) -> str:
    """Neo4j keeps parameter values as given (nulls included): no conversion needed."""
    return expression


class Neo4jBackend:
    """A Neo4j 5 database; the connection is checked when the store is opened."""

    typed = staticmethod(typed)
    fulltext = PASSAGE_INDEX  # the search index is Neo4j's own (graph.search.neo4j)

    def __init__(self, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None):
        s = settings.neo4j_settings(uri, user, password, database)
        self.database = s["database"]
        self.location = f"NEO4J_URI={s['uri']}"
        self._schema_ready = False
        try:
            self.driver = GraphDatabase.driver(s["uri"], auth=(s["user"], s["password"]),
                                               connection_timeout=10, max_transaction_retry_time=5)
            self.driver.verify_connectivity()
        except AuthError as e:
            raise StoreUnavailable("Neo4j refused the user name or password "
                                   "(check NEO4J_USER and NEO4J_PASSWORD)", self.location) from e
        except (DriverError, Neo4jError, OSError, ValueError) as e:
            raise StoreUnavailable(f"cannot reach the Neo4j server ({error_detail(e)}); is it running? "
                                   "(see docker-compose.yml and NEO4J_URI)", self.location) from e

    def _runner(self, tx):
        def run(query: str, params: dict | None = None) -> list:
            try:
                return [tuple(record.values()) for record in tx.run(query, params or {})]
            except (Neo4jError, DriverError) as e:
                if e.is_retryable():  # left to the driver's managed transaction, which runs the work again
                    raise
                raise store_error("read or write the graph", self.location, e) from e
            except (TypeError, ValueError, OverflowError) as e:  # a value the driver cannot send
                raise store_error("read or write the graph", self.location, e) from e
        return run

    def _ensure_schema(self, session) -> None:
        if not self._schema_ready:
            for statement in schema_statements():
                session.run(statement).consume()
            session.run("CALL db.awaitIndexes(300)").consume()  # new indexes are built in the background
            self._schema_ready = True

    @contextmanager
    def _session(self, **options):
        """A session whose driver errors (server gone, database missing) become plain StoreErrors."""
        try:
            with self.driver.session(database=self.database, **options) as session:
                yield session
        except (ServiceUnavailable, SessionExpired, OSError) as e:  # the server went away: stop, retry later
            raise store_error("reach the Neo4j server", self.location, e, StoreUnavailable) from e
        except (Neo4jError, DriverError) as e:
            gone = e.is_retryable()  # still failing when the driver stopped retrying
            raise store_error("use the Neo4j database", self.location, e, StoreUnavailable if gone else StoreError) from e

    def transact(self, work):
        """``work(run)`` in one managed write transaction: committed when it returns, rolled back if it
        raises, and run again (for up to ``max_transaction_retry_time``) after a transient failure such as
        a deadlock or a lost connection to a restarting server."""
        with self._session() as session:
            self._ensure_schema(session)
            return session.execute_write(lambda tx: work(self._runner(tx)))

    @contextmanager
    def write(self):
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._session() as session:
            self._ensure_schema(session)
            tx = session.begin_transaction()
            try:
                yield self._runner(tx)
            except BaseException:
                tx.close()  # rolls back; quiet if the connection is already gone
                raise
            tx.commit()

    @contextmanager
    def read(self):
        """A read session for one operation."""
        with self._session(default_access_mode=READ_ACCESS) as session:
            yield self._runner(session)

    def generation(self) -> str:
        """The store's write token (a ``StoreState`` node; empty if nothing was written since it was introduced)."""
        with self.read() as run:
            rows = run("MATCH (s:StoreState {name: 'generation'}) RETURN s.token", {})
        return rows[0][0] if rows else ""

    def new_generation(self) -> None:
        self.transact(lambda run: run("MERGE (s:StoreState {name: 'generation'}) SET s.token = $token",
                                      {"token": uuid.uuid4().hex}))

    def kept(self, name: str) -> bytes | None:
        """The bytes kept as ``name`` (``KeptAnswer`` nodes, in parts), or None."""
        with self.read() as run:
            rows = run("MATCH (k:KeptAnswer {name: $name}) RETURN k.part, k.data ORDER BY k.part", {"name": name})
        return b"".join(bytes(data) for _, data in rows) if rows else None

    def keep(self, name: str, data: bytes) -> None:
        """Keep ``data`` as ``name``, replacing what was kept, in one transaction; a server that refuses the
        write (a read-only user, say) keeps nothing, and that is no error (the answer is still right)."""
        parts = [data[i:i + KEPT_PART] for i in range(0, len(data), KEPT_PART)] or [b""]

        def work(run):
            run("MATCH (k:KeptAnswer {name: $name}) DELETE k", {"name": name})
            for i, part in enumerate(parts):
                run("CREATE (:KeptAnswer {name: $name, part: $i, data: $data})", {"name": name, "i": i, "data": part})
        try:
            self.transact(work)
        except StoreError:
            pass

    def close(self) -> None:
        self.driver.close()
