"""The embedded store's search index: a SQLite FTS5 file (``search.sqlite``) beside the LadybugDB database.

Passages are indexed with the tokenizer ``porter unicode61 remove_diacritics 2`` (case, accents and
inflection folded); ranking is FTS5's BM25. One row per review holds what the filters need (year, kind,
partnership, codes) and the document's sha256, so that :meth:`FtsIndex.reconcile` can bring the index
back in step with the store after a crash between the two writes, or for a store made before search.

>>> import tempfile, pathlib
>>> index = FtsIndex(pathlib.Path(tempfile.mkdtemp()) / "search.sqlite")
>>> index.written([{"id": "fictional-a", "sha256": "0" * 64, "title": "Fictional A", "sections": [],
...                 "text": "The fictional baby was co-sleeping with a parent."}])
>>> [h["review_id"] for h in index.search(parse('"co-sleeping"'))]
['fictional-a']
"""
from __future__ import annotations

import re
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path

from casegraph.errors import CasegraphError
from casegraph.graph.search.passages import passages
from casegraph.graph.search.query import Node, fts5, parse  # noqa: F401  (parse: the doctest)

FILE = "search.sqlite"
VERSION = 2  # of the index's tables (PRAGMA user_version); 2: passage_of
START, END = "\x02", "\x03"  # marks FTS5's highlight() puts around matched words (never in document text)
SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS passage USING fts5(text, review_id UNINDEXED, section UNINDEXED, "
    "start UNINDEXED, \"end\" UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TABLE IF NOT EXISTS review(review_id TEXT PRIMARY KEY, sha256 TEXT, title TEXT, year INTEGER, "
    "review_type TEXT, partnership TEXT, codes TEXT)",
    # which passages (FTS5 rowids) are a review's: FTS5 cannot index its UNINDEXED columns, and finding a
    # review's passages by scanning them all made every replacement cost as much as the whole index
    "CREATE TABLE IF NOT EXISTS passage_of(rowid INTEGER PRIMARY KEY, review_id TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS passage_of_review ON passage_of(review_id)",
)


def review_codes(record: dict) -> list[str]:
    """Every code a record carries (its coded findings and its kind of review).

    >>> review_codes({"review_type": "RT_X", "risk_factors": [{"code": "RF_A"}]})
    ['RF_A', 'RT_X']
    """
    from casegraph import ontology
    codes = {item.get("code") for field in ontology.coded_fields() for item in record.get(field) or ()
             if isinstance(item, dict)}
    codes.add(record.get("review_type"))
    return sorted(c for c in codes if c)


def _year(published) -> int | None:
    m = re.match(r"\d{4}", str(published or ""))
    return int(m.group()) if m else None


def marks(highlighted: str, offset: int) -> tuple[str, list[tuple[int, int]]]:
    """The text without :data:`START`/:data:`END` marks, and the marked spans as offsets (plus ``offset``).

    >>> marks("a \\x02b\\x03 c", 10)
    ('a b c', [(12, 13)])
    """
    out, spans, pos, opened = [], [], 0, None
    for piece in re.split(f"([{START}{END}])", highlighted):
        if piece == START:
            opened = pos
        elif piece == END:
            spans.append((offset + opened, offset + pos))
        else:
            out.append(piece)
            pos += len(piece)
    return "".join(out), spans


def _remove(db, review_id: str) -> None:
    """Delete a review's passages (found by rowid through ``passage_of``) and its row."""
    db.execute("DELETE FROM passage WHERE rowid IN (SELECT rowid FROM passage_of WHERE review_id = ?)", (review_id,))
    db.execute("DELETE FROM passage_of WHERE review_id = ?", (review_id,))
    db.execute("DELETE FROM review WHERE review_id = ?", (review_id,))


class FtsIndex:
    """The search index in the SQLite file ``path`` (created when first written)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @contextmanager
    def _db(self):
        if not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=60)) as db:
            for statement in SCHEMA:
                db.execute(statement)
            if db.execute("PRAGMA user_version").fetchone()[0] < VERSION:
                # an index of an earlier version (no passage_of): emptied, to be filled again from the store
                db.execute("DELETE FROM passage")
                db.execute("DELETE FROM review")
                db.execute(f"PRAGMA user_version = {VERSION}")
                db.commit()
            with db:  # one transaction
                yield db

    def written(self, records: list[dict]) -> None:
        """Index ``records`` (stored, new or changed), replacing the passages of each one's earlier version."""
        with self._db() as db:
            for record in records:
                rid = record["id"]
                _remove(db, rid)
                for p in passages(record.get("text") or "", record.get("sections")):
                    row = db.execute("INSERT INTO passage(text, review_id, section, start, \"end\") "
                                     "VALUES (?, ?, ?, ?, ?)", (p.text, rid, p.section, p.start, p.end)).lastrowid
                    db.execute("INSERT INTO passage_of VALUES (?, ?)", (row, rid))
                db.execute("INSERT OR REPLACE INTO review VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (rid, record["sha256"], record.get("title"), _year(record.get("published")),
                            record.get("review_type"), record.get("partnership"),
                            " " + " ".join(review_codes(record)) + " "))

    def deleted(self, review_id: str) -> None:
        """Remove a deleted review's passages."""
        with self._db() as db:
            _remove(db, review_id)

    def indexed(self) -> dict[str, str]:
        """``{review id: sha256}`` of every indexed review."""
        with self._db() as db:
            return dict(db.execute("SELECT review_id, sha256 FROM review"))

    def search(self, node: Node, codes=(), since=None, until=None, review_type=None, partnership=None,
               top: int = 10, per_review: int = 3) -> list[dict]:
        """The ``top`` reviews matching ``node`` and the filters, best first (BM25 of their best passage),
        each with up to ``per_review`` passages and the matched words' offsets in the document."""
        where, params = ["passage MATCH ?"], [fts5(node)]
        for code in codes:
            where.append("r.codes LIKE ?")
            params.append(f"% {code} %")
        for clause, value in (("r.year >= ?", since), ("r.year <= ?", until), ("r.review_type = ?", review_type),
                              ("lower(r.partnership) LIKE ?", partnership and f"%{partnership.lower()}%")):
            if value is not None:
                where.append(clause)
                params.append(value)
        try:
            with self._db() as db:
                # one pass over the matching passages: each review's best few, ranked (BM25)
                rows = db.execute(
                    "SELECT review_id, title, rowid, rank FROM (SELECT p.review_id, r.title, p.rowid, p.rank, "
                    "row_number() OVER (PARTITION BY p.review_id ORDER BY p.rank, p.start) AS k "
                    "FROM passage p JOIN review r ON r.review_id = p.review_id "
                    f"WHERE {' AND '.join(where)}) WHERE k <= ? ORDER BY k", params + [per_review]).fetchall()
                best: dict[str, list] = {}
                for rid, title, row, rank in rows:
                    best.setdefault(rid, [title, rank, []])[2].append(row)
                    best[rid][1] = min(best[rid][1], rank)
                hits = []
                for rid, (title, rank, rowids) in sorted(best.items(), key=lambda kv: (kv[1][1], kv[0]))[:top]:
                    found = []
                    for row in rowids:  # the words matched, marked: by rowid, one passage at a time
                        highlighted, section, start, end = db.execute(
                            f"SELECT highlight(passage, 0, '{START}', '{END}'), section, start, \"end\" "
                            "FROM passage WHERE passage MATCH ? AND rowid = ?", (params[0], row)).fetchone()
                        text, spans = marks(highlighted, start)
                        found.append({"section": section, "start": start, "end": end, "text": text, "marks": spans})
                    hits.append({"review_id": rid, "title": title, "score": round(-rank, 4), "passages": found})
                return hits
        except sqlite3.OperationalError as e:
            raise CasegraphError(f"the search index could not run this query ({e})") from e
