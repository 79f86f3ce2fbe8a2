"""The embedded store's search index: a Tantivy index (the folder ``search/``) beside the LadybugDB database.

Tantivy (Rust, BM25, top-k by block-max WAND) replaced SQLite FTS5 here: FTS5 scores every passage that
matches before it sorts, so a query of common words ("not* OR relationship problems") cost half a second
at 10,000 reviews, where Tantivy reads only the best few.

Each passage is indexed by the analyzer whose output the Neo4j store's full-text index holds
(:data:`graph.search.query.ANALYZER`), and the query is stemmed by it too: one query, the same reviews found
on both stores, and the matched words marked by the same function (:func:`graph.search.query.marks`). Every passage also carries what the filters need
(year, kind of document, partnership, codes); one document per review holds its id, title and sha256, so
that :func:`graph.search.reconcile` can bring the index back in step with the store after a crash between
the two writes, or for a store made before search.

>>> import tempfile, pathlib
>>> index = TantivyIndex(pathlib.Path(tempfile.mkdtemp()) / FOLDER)
>>> index.written([{"id": "fictional-a", "sha256": "0" * 64, "title": "Fictional A", "sections": [],
...                 "text": "The fictional baby was co-sleeping with a parent."}])
>>> [h["review_id"] for h in index.search(parse('"co-sleeping"'))]
['fictional-a']
"""
from __future__ import annotations

import hashlib
import re
import shutil
import threading
import time
from pathlib import Path

import orjson
import tantivy

from casegraph.errors import CasegraphError
from casegraph.graph.search.passages import passages
from casegraph.graph.search.query import ANALYZER, ANALYZER_NAME, ANALYZER_VERSION, Node, Not, Or, Phrase, \
    Word, marks, parse, phrase_forms, word_forms  # noqa: F401  (parse: the doctest)

FOLDER = "search"
VERSION = "3 " + ANALYZER_VERSION  # of the index (the file VERSION in its folder); 3: Tantivy (1, 2: SQLite FTS5)
LEGACY_FILE = "search.sqlite"  # the FTS5 index of earlier versions, removed when this one is made
PREFIX_TERMS = 64  # a prefix is ranked by its most frequent terms (as Lucene caps a prefix's expansion)
WRITE_WAIT_S = 60  # how long a write waits for another process's writer (the index has one at a time)
_META = set("\\.+*?()|[]{}^$#&-~")  # Rust regex's special characters


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


def _key(review_id: str) -> int:
    """A review id as the 63-bit number its passages carry (numbers are Tantivy's fast columns)."""
    return int.from_bytes(hashlib.blake2b(review_id.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("kind", tokenizer_name="raw", index_option="basic")  # "passage" or "review"
    b.add_integer_field("rkey", indexed=True, fast=True)
    b.add_text_field("terms", tokenizer_name=ANALYZER_NAME)  # the passage's text, analyzed, with positions
    b.add_text_field("codes", tokenizer_name="raw", index_option="basic")
    b.add_integer_field("year", indexed=True, fast=True)
    b.add_text_field("review_type", tokenizer_name="raw", index_option="basic")
    b.add_text_field("partnership", tokenizer_name="raw", index_option="basic")  # lower case
    b.add_integer_field("start", fast=True)
    b.add_bytes_field("data", stored=True)  # JSON: a passage's section, end, text; a review's id, title, sha256
    return b.build()


def _regex_escaped(text: str) -> str:
    return "".join("\\" + c if c in _META else c for c in text)


class TantivyIndex:
    """The search index in the folder ``path`` (created when first written)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.schema = _schema()
        self._index = None
        self._lock = threading.Lock()

    def _open(self) -> tantivy.Index:
        with self._lock:
            if self._index is None:
                version = self.path / "VERSION"
                if self.path.exists() and (not version.exists() or version.read_text().strip() != VERSION):
                    shutil.rmtree(self.path)  # an index of another schema: made again from the store
                if not self.path.exists():
                    self.path.mkdir(parents=True)
                    version.write_text(VERSION)
                    (self.path.parent / LEGACY_FILE).unlink(missing_ok=True)
                index = tantivy.Index(self.schema, path=str(self.path))
                index.register_tokenizer(ANALYZER_NAME, ANALYZER)
                self._index = index
            return self._index

    def _write(self, work) -> None:
        """Run ``work(writer)`` and commit it, waiting up to :data:`WRITE_WAIT_S` for another writer."""
        index, deadline = self._open(), time.monotonic() + WRITE_WAIT_S
        while True:
            try:
                writer = index.writer(heap_size=64_000_000, num_threads=1)
                break
            except ValueError as e:
                if "lock" not in str(e).lower() or time.monotonic() > deadline:
                    raise CasegraphError(f"the search index in {self.path} could not be written ({e})") from e
                time.sleep(0.2)
        try:
            work(writer)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()

    def written(self, records: list[dict]) -> None:
        """Index ``records`` (stored, new or changed), replacing the passages of each one's earlier version."""
        def work(writer):
            for record in records:
                rid = record["id"]
                key = _key(rid)
                writer.delete_documents_by_term("rkey", key)
                filters = {"rkey": key, "codes": review_codes(record), "review_type": record.get("review_type"),
                           "year": _year(record.get("published")),
                           "partnership": (record.get("partnership") or "").lower() or None}
                filters = {k: v for k, v in filters.items() if v is not None}
                for p in passages(record.get("text") or "", record.get("sections")):
                    data = orjson.dumps({"section": p.section, "end": p.end, "text": p.text})
                    writer.add_document(tantivy.Document(kind="passage", terms=p.text, start=p.start,
                                                         data=data, **filters))
                data = orjson.dumps({"review_id": rid, "title": record.get("title"), "sha256": record["sha256"]})
                writer.add_document(tantivy.Document(kind="review", rkey=key, data=data))
        self._write(work)

    def deleted(self, review_id: str) -> None:
        """Remove a deleted review's passages."""
        self._write(lambda writer: writer.delete_documents_by_term("rkey", _key(review_id)))

    def _searcher(self) -> tantivy.Searcher:
        index = self._open()
        index.reload()
        return index.searcher()

    def _reviews(self, searcher, query) -> dict[int, dict]:
        """``{rkey: the review document's data}`` of the review documents matching ``query``."""
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, self._term("kind", "review")),
                                            (tantivy.Occur.Must, query)])
        hits = searcher.search(query, limit=max(1, searcher.num_docs), count=False).hits
        keys = searcher.fast_field_values("rkey", [a for _, a in hits])
        return {k: orjson.loads(searcher.doc(a)["data"][0]) for k, (_, a) in zip(keys, hits)}

    def indexed(self) -> dict[str, str]:
        """``{review id: sha256}`` of every indexed review."""
        if not self.path.exists():
            return {}
        searcher = self._searcher()
        return {d["review_id"]: d["sha256"] for d in self._reviews(searcher, tantivy.Query.all_query()).values()}

    def _term(self, field: str, value) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    def _prefixed(self, searcher, stem: str) -> tantivy.Query:
        """Every passage with a term that starts with ``stem``, ranked by BM25 over its
        :data:`PREFIX_TERMS` most frequent such terms (a regex query alone would score them all alike, so
        nothing could be left unread), the rarer ones matched at score 0."""
        terms = [t for t, _ in searcher.terms_with_prefix("terms", stem, limit=PREFIX_TERMS)]
        every = tantivy.Query.const_score_query(
            tantivy.Query.regex_query(self.schema, "terms", _regex_escaped(stem) + ".*"), 0.0)
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in
                                            [self._term("terms", t) for t in terms] + [every]])

    def query(self, node: Node, searcher) -> tantivy.Query:
        """``node`` as a Tantivy query over the passages' porter terms (every spelling of a word searched;
        ``searcher`` expands prefixes)."""
        def any_of(queries):
            return queries[0] if len(queries) == 1 else \
                tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])
        if isinstance(node, Word):
            forms = word_forms(node.word)
            if node.prefix:
                return any_of([self._prefixed(searcher, f) for f in forms])
            return any_of([self._term("terms", f) for f in forms])
        if isinstance(node, Phrase):
            forms = phrase_forms(node.words)
            return any_of([tantivy.Query.phrase_query(self.schema, "terms", list(f)) if len(f) > 1
                           else self._term("terms", f[0]) for f in forms])
        left, right = self.query(node.left, searcher), self.query(node.right, searcher)
        if isinstance(node, Or):
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, left), (tantivy.Occur.Should, right)])
        occur = tantivy.Occur.MustNot if isinstance(node, Not) else tantivy.Occur.Must  # Not, And
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, left), (occur, right)])

    def search(self, node: Node, codes=(), since=None, until=None, review_type=None, partnership=None,
               top: int = 10, per_review: int = 3) -> list[dict]:
        """The ``top`` reviews matching ``node`` and the filters, best first (BM25 of their best passage,
        ties by review id), each with up to ``per_review`` passages and the matched words' offsets."""
        if not self.path.exists():
            return []
        filters = [self._term("kind", "passage")] + [self._term("codes", c) for c in codes]
        if since is not None or until is not None:
            filters.append(tantivy.Query.range_query(self.schema, "year", tantivy.FieldType.Integer, since, until))
        if review_type is not None:
            filters.append(self._term("review_type", review_type))
        if partnership:
            filters.append(tantivy.Query.regex_query(self.schema, "partnership",
                                                     ".*" + _regex_escaped(partnership.lower()) + ".*"))
        searcher = self._searcher()
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, self.query(node, searcher))] + [
            (tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters])
        best = _best_reviews(searcher, query, top)
        if not best:
            return []
        # the passages of the best reviews: the same query, kept to these reviews
        keys = tantivy.Query.term_set_query(self.schema, "rkey", list(best))
        of_best = tantivy.Query.boolean_query([(tantivy.Occur.Must, query),
                                              (tantivy.Occur.Must, tantivy.Query.const_score_query(keys, 0.0))])
        hits = searcher.search(of_best, limit=max(1, searcher.num_docs), count=False).hits
        rows = sorted(zip((-s for s, _ in hits), searcher.fast_field_values("start", [a for _, a in hits]),
                          searcher.fast_field_values("rkey", [a for _, a in hits]), (a for _, a in hits)),
                      key=lambda r: r[:2])
        found: dict[int, list[dict]] = {k: [] for k in best}
        for _, start, key, address in rows:
            if len(found[key]) < per_review:
                data = orjson.loads(searcher.doc(address)["data"][0])
                found[key].append({"section": data["section"], "start": start, "end": data["end"],
                                   "text": data["text"], "marks": marks(data["text"], node, start)})
        reviews = self._reviews(searcher, keys)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], reviews[kv[0]]["review_id"]))[:top]
        return [{"review_id": reviews[k]["review_id"], "title": reviews[k]["title"], "score": round(score, 4),
                 "passages": found[k]} for k, score in ranked]


def _best_reviews(searcher, query, top: int) -> dict[int, float]:
    """``{rkey: score of its best passage}`` of the ``top`` best reviews matching ``query`` and those tied
    with the last of them, read from the best passages, asking for more until no tie can be left unread."""
    limit = max(50, top * 10)
    while True:
        hits = searcher.search(query, limit=limit, count=False).hits
        best: dict[int, float] = {}
        for (score, _), key in zip(hits, searcher.fast_field_values("rkey", [a for _, a in hits])):
            best.setdefault(key, score)
        last = sorted(best.values(), reverse=True)[top - 1] if len(best) >= top else None
        if len(hits) < limit or (last is not None and hits[-1][0] < last):
            return {k: s for k, s in best.items() if last is None or s >= last}
        limit *= 4
