"""The search index on the Neo4j store: ``Passage`` nodes (a review's document, passage by passage, with
exact offsets) under Neo4j's full-text (Lucene) index, and one ``SearchReview`` node per review holding
what the filters need (year, kind of document, partnership, codes), as the Tantivy index beside the
embedded store holds them (:mod:`graph.search.embedded`), so that one query gives the same reviews on both.

The store's own nodes keep a review's document deflated (``graph.stores.cypher.pack``), which a full-text
index cannot read; the passages are kept as plain text for display, and beside it as the terms of the one
analyzer both stores use (``terms``, :func:`graph.search.query.index_terms`), which the full-text index
reads; each ``SearchReview`` records that analyzer's version, so that passages analyzed otherwise are made
again. The query is our parsed tree rendered as Lucene syntax with every word escaped (:func:`graph.search.query.lucene`), never the text as typed.
Lucene returns no highlights: the matched words are marked by :func:`graph.search.query.marks`.

>>> index_terms("The mother was misusing drugs.")  # a passage's ``terms``, which the full-text index reads
'the mother was misus drug'
"""
from __future__ import annotations

from casegraph.graph.search.embedded import _year, review_codes
from casegraph.graph.search.passages import passages
from casegraph.graph.search.query import ANALYZER_VERSION, Node, index_terms, lucene, marks

class Neo4jIndex:
    """The search index inside a Neo4j store (the backend runs its Cypher)."""

    def __init__(self, backend):
        self.backend = backend

    def written(self, records: list[dict]) -> None:
        """Index ``records`` (stored, new or changed), replacing the passages of each one's earlier version."""
        rows = [{"review_id": r["id"], "sha256": r["sha256"], "title": r.get("title"),
                 "year": _year(r.get("published")), "review_type": r.get("review_type"),
                 "partnership": r.get("partnership"), "codes": review_codes(r), "analyzer": ANALYZER_VERSION,
                 "passages": [{**p._asdict(), "terms": index_terms(p.text)}
                              for p in passages(r.get("text") or "", r.get("sections"))]}
                for r in records]

        def work(run):
            run("UNWIND $ids AS id MATCH (p:Passage {review_id: id}) DETACH DELETE p",
                {"ids": [r["review_id"] for r in rows]})
            run("UNWIND $rows AS row MERGE (s:SearchReview {review_id: row.review_id}) "
                "SET s.sha256 = row.sha256, s.title = row.title, s.year = row.year, "
                "s.review_type = row.review_type, s.partnership = row.partnership, s.codes = row.codes, "
                "s.analyzer = row.analyzer "
                "WITH row UNWIND row.passages AS p "
                "CREATE (:Passage {review_id: row.review_id, text: p.text, terms: p.terms, section: p.section, "
                "start: p.start, end: p.end})", {"rows": rows})
        self.backend.transact(work)

    def deleted(self, review_id: str) -> None:
        """Remove a deleted review's passages."""
        self.backend.transact(lambda run: run(
            "MATCH (n) WHERE (n:Passage OR n:SearchReview) AND n.review_id = $id DETACH DELETE n", {"id": review_id}))

    def indexed(self) -> dict[str, str]:
        """``{review id: sha256}`` of every indexed review (None for one analyzed otherwise than now)."""
        with self.backend.read() as run:
            return dict(run("MATCH (s:SearchReview) RETURN s.review_id, "
                            "CASE WHEN s.analyzer = $analyzer THEN s.sha256 END", {"analyzer": ANALYZER_VERSION}))

    def search(self, node: Node, codes=(), since=None, until=None, review_type=None, partnership=None,
               top: int = 10, per_review: int = 3) -> list[dict]:
        """The ``top`` reviews matching ``node`` and the filters, best first (Lucene's score of their best
        passage), each with up to ``per_review`` passages and the matched words' offsets in the document."""
        with self.backend.read() as run:
            rows = run(
                "CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score "
                "MATCH (s:SearchReview {review_id: node.review_id}) "
                "WHERE all(c IN $codes WHERE c IN s.codes) AND ($since IS NULL OR s.year >= $since) "
                "AND ($until IS NULL OR s.year <= $until) AND ($type IS NULL OR s.review_type = $type) "
                "AND ($partnership IS NULL OR toLower(s.partnership) CONTAINS $partnership) "
                "WITH s, node, score ORDER BY score DESC, node.start "
                "WITH s, collect([node.section, node.start, node.end, node.text])[..$per] AS found, "
                "max(score) AS best "
                "RETURN s.review_id, s.title, best, found ORDER BY best DESC, s.review_id LIMIT $top",
                {"index": self.backend.fulltext, "query": lucene(node), "codes": list(codes), "since": since,
                 "until": until, "type": review_type, "partnership": partnership and partnership.lower(),
                 "per": per_review, "top": top})
        return [{"review_id": rid, "title": title, "score": round(best, 4),
                 "passages": [{"section": section, "start": start, "end": end, "text": text,
                               "marks": marks(text, node, start)} for section, start, end, text in found]}
                for rid, title, best, found in rows]
