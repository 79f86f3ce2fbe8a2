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

import math
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
        where, params = [], []
        for code in codes:
            where.append("r.codes LIKE ?")
            params.append(f"% {code} %")
        for clause, value in (("r.year >= ?", since), ("r.year <= ?", until), ("r.review_type = ?", review_type),
                              ("lower(r.partnership) LIKE ?", partnership and f"%{partnership.lower()}%")):
            if value is not None:
                where.append(clause)
                params.append(value)
        match = fts5(node)
        try:
            with self._db() as db:
                best = _best_reviews(db, match, where, params, top)
                found = _best_passages(db, match, list(best), per_review)
        except sqlite3.OperationalError as e:
            raise CasegraphError(f"the search index could not run this query ({e})") from e
        return [{"review_id": rid, "title": title, "score": round(-rank, 4), "passages": found[rid]}
                for rid, (title, rank) in best.items()]


def _best_reviews(db, match: str, where: list[str], params: list, top: int) -> dict[str, tuple]:
    """``{review id: (title, BM25 rank of its best passage)}`` of the ``top`` best reviews matching ``match``
    and the review filters ``where``, best first (ties by review id).

    FTS5 ranks every matching passage and returns them best first (its own ORDER BY rank); the passages are
    read only until the ``top``-th review and those tied with it are seen, so only those are joined to
    their reviews. CROSS JOIN keeps the full-text scan the outer loop."""
    rows = db.execute("SELECT p.rank, r.review_id, r.title FROM passage p CROSS JOIN passage_of o ON o.rowid = "
                      "p.rowid CROSS JOIN review r ON r.review_id = o.review_id WHERE passage MATCH ?"
                      + "".join(" AND " + w for w in where) + " ORDER BY p.rank", [match] + params)
    best: dict[str, tuple] = {}
    last = -math.inf  # the rank of the review seen last (ranks come in order)
    for rank, rid, title in rows:
        if len(best) >= top and rank > last:
            break
        if rid not in best:
            best[rid], last = (title, rank), rank
    return dict(sorted(best.items(), key=lambda kv: (kv[1][1], kv[0]))[:top])


def _best_passages(db, match: str, review_ids: list[str], per_review: int) -> dict[str, list[dict]]:
    """``{review id: its best passages (BM25, then document order), at most per_review, matched words marked}``.

    One FTS5 query, over the rowids from the reviews' first passage to their last, ranks and marks the
    passages of these reviews only (a query per review or per rowid would set the full-text query up again
    each time: for a prefix, a merge of every matching word's list)."""
    if not review_ids:
        return {}
    marks_of = ",".join("?" * len(review_ids))
    low, high = db.execute(f"SELECT min(rowid), max(rowid) FROM passage_of WHERE review_id IN ({marks_of})",
                           review_ids).fetchone()
    rows = db.execute(
        f"SELECT o.review_id, p.rank, p.start, p.section, p.\"end\", highlight(passage, 0, '{START}', '{END}') "
        "FROM passage p CROSS JOIN passage_of o ON o.rowid = p.rowid "
        f"WHERE passage MATCH ? AND p.rowid BETWEEN ? AND ? AND o.review_id IN ({marks_of})",
        [match, low, high] + review_ids).fetchall()
    found: dict[str, list[dict]] = {rid: [] for rid in review_ids}
    for rid, _, start, section, end, highlighted in sorted(rows, key=lambda r: (r[1], r[2])):
        if len(found[rid]) < per_review:
            text, spans = marks(highlighted, start)
            found[rid].append({"section": section, "start": start, "end": end, "text": text, "marks": spans})
    return found
