"""Search on the real corpus (../shared): phrases find their review with exact offsets, filters, the index
kept in step with ingest, replace and delete, and plain one-line errors. Fictional additions say so."""
from __future__ import annotations

import re
import shutil

import pytest
import subprocess
import sys

from casegraph.errors import CasegraphError
from casegraph.graph.search import parse, search
from casegraph.graph.search.query import lucene
from casegraph.graph.stores import open_store
from casegraph.graph.stores.ingest import ingest


def _phrase(text: str) -> str:
    """The first six words of a sentence from the middle of a document (read from the real text, not written
    here; a passage ends at a paragraph or sentence end, so they lie in one passage)."""
    middle = text.index(". ", len(text) // 2) + 2
    return " ".join(re.findall(r"\w+", text[middle:middle + 300])[:6])


@pytest.fixture(scope="module")
def records(corpus_store):
    return {r["review_id"]: corpus_store.review(r["review_id"]) for r in corpus_store.list_reviews()}


def test_a_phrase_from_each_seed_finds_its_review_first_with_exact_offsets(corpus_store, records, seeds_dir):
    seeds = {p.stem for p in seeds_dir.iterdir()}
    checked = 0
    for rid, record in records.items():
        if not any(rid.startswith(s[:20]) for s in seeds):
            continue
        phrase = _phrase(record["text"])
        hits = search(corpus_store, f'"{phrase}"')
        assert hits and hits[0]["review_id"] == rid, phrase
        passage = hits[0]["passages"][0]
        assert record["text"][passage["start"]:passage["end"]] == passage["text"]
        marked = " ".join(record["text"][a:b] for a, b in passage["marks"])
        assert re.sub(r"\W+", " ", marked).lower().split()[:3] == phrase.lower().split()[:3]
        checked += 1
    assert checked >= 5


def test_code_filter_keeps_only_reviews_carrying_the_finding(corpus_store, records):
    from casegraph.graph.search.embedded import review_codes
    everyone = search(corpus_store, "child OR children", top=100)
    assert len(everyone) >= 5
    codes = {rid: set(review_codes(r)) for rid, r in records.items()}
    code = next(c for c in sorted(set.union(*codes.values())) if 0 < sum(c in v for v in codes.values()) < len(codes))
    kept = search(corpus_store, "child OR children", codes=[code], top=100)
    assert {h["review_id"] for h in kept} == {h["review_id"] for h in everyone if code in codes[h["review_id"]]}


def test_inflection_prefix_and_not(corpus_store):
    assert search(corpus_store, "misusing")  # finds misuse
    prefix = {h["review_id"] for h in search(corpus_store, "neglect*", top=100)}
    assert prefix >= {h["review_id"] for h in search(corpus_store, "neglected", top=100)}
    both = {h["review_id"] for h in search(corpus_store, "neglect*", top=100)}
    without = {h["review_id"] for h in search(corpus_store, "neglect* NOT police", top=100)}
    assert without <= both


def test_british_and_american_spellings_find_the_same_passages(corpus_store):
    assert [h["review_id"] for h in search(corpus_store, "behavior")] == \
           [h["review_id"] for h in search(corpus_store, "behaviour")] != []


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from casegraph.cli import run; run()", *args],
                          capture_output=True, text=True, timeout=120)


def test_reingest_replaces_and_delete_removes_passages(seeds_dir, tmp_path, any_store):
    docs = tmp_path / "docs"
    docs.mkdir()
    seed = sorted(seeds_dir.iterdir())[0]
    target = docs / seed.name
    shutil.copy(seed, target)
    with any_store as store:
        ingest(store, [docs])
        rid = store.list_reviews()[0]["review_id"]
        assert not search(store, "zorblatt")
        # a fictional sentence added to the document: the changed document replaces the old passages
        target.write_text(seed.read_text(encoding="utf-8") + "\n\nA fictional zorblatt sentence.\n", encoding="utf-8")
        ingest(store, [docs])
        hits = search(store, "zorblatt")
        assert [h["review_id"] for h in hits] == [rid]
        text = store.review(rid)["text"]
        a, b = hits[0]["passages"][0]["marks"][0]
        assert text[a:b] == "zorblatt"
        assert len(search(store, f'"{_phrase(text)}"', top=10)) == 1  # one version indexed, not two
        assert store.delete_review(rid)
        assert not search(store, "zorblatt") and not search(store, "child")


QUERIES = ('"domestic abuse"', "neglect*", "misusing", "behaviour", "mother AND alcohol", "health NOT police",
           '"health visitor" OR midwife', "bruis* OR fracture*", "(school OR education) AND attendance")


def test_the_same_queries_give_the_same_reviews_on_both_stores(corpus_store, records):
    from conftest import empty_neo4j
    with empty_neo4j() as neo4j:
        neo4j.write_reviews(list(records.values()))
        phrases = tuple(f'"{_phrase(r["text"])}"' for r in records.values() if ". " in r["text"][len(r["text"]) // 2:])
        for query in QUERIES + phrases:
            embedded = {h["review_id"] for h in search(corpus_store, query, top=100)}
            assert {h["review_id"] for h in search(neo4j, query, top=100)} == embedded, query
        hit = search(neo4j, '"domestic abuse"')[0]["passages"][0]
        text = records[search(neo4j, '"domestic abuse"')[0]["review_id"]]["text"]
        assert text[hit["start"]:hit["end"]] == hit["text"] and hit["marks"]
        assert all(text[a:b].lower() in ("domestic", "abuse") for a, b in hit["marks"])
        # passages analyzed by another analyzer than today's are made again
        from casegraph.graph.search import reconcile
        neo4j.backend.transact(lambda run: run("MATCH (s:SearchReview) WITH s LIMIT 1 SET s.analyzer = 'older'", {}))
        assert reconcile(neo4j) == 1 and reconcile(neo4j) == 0
        # the quotes of lessons, recommendations and missed opportunities have a full-text index of their own
        lesson = next(item["text"] for r in records.values() for item in r.get("lessons") or [])
        word = max(re.findall(r"[^\W\d_]{6,}", lesson), key=len)
        with neo4j.backend.read() as run:
            found = run("CALL db.index.fulltext.queryNodes('cg_quote_text', $q) YIELD node RETURN node.text",
                        {"q": word.lower()})
        assert lesson in {t for (t,) in found}


def test_index_lost_or_stale_is_rebuilt_from_the_store(corpus_data_dir, tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(corpus_data_dir, folder)
    shutil.rmtree(folder / "search")
    (folder / "search.sqlite").write_bytes(b"an index of an earlier version")
    with open_store("embedded", data_dir=folder) as store:
        assert search(store, "child")
    assert not (folder / "search.sqlite").exists()


@pytest.mark.parametrize("query", ['"unclosed', "(neglect", "neglect)", "NOT police", "AND", "", "*"])
def test_a_query_that_does_not_parse_is_one_plain_line(query, corpus_data_dir):
    with pytest.raises(CasegraphError):
        parse(query)
    result = _cli("search", query, "--data-dir", str(corpus_data_dir))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "search query" in result.stderr


@pytest.mark.parametrize("query", ['x "OR 1=1" --', "NEAR(a b)", "text:child", "a^2 {b}", "child:* [x TO y]"])
def test_user_text_is_never_engine_syntax(query, corpus_store):
    search(corpus_store, query)  # built as query objects: runs, whatever the text holds
    rendered = lucene(parse(query))  # Neo4j's: no special character left unescaped
    assert not re.search(r'(?<!\\)[:^{}\[\]~/]', rendered)


def test_cli_lists_passages_and_says_what_was_searched(corpus_data_dir):
    result = _cli("search", "child", "--data-dir", str(corpus_data_dir), "--top", "2")
    assert result.returncode == 0 and "[child]" in result.stdout.lower()
    result = _cli("search", "zorblatt", "--since", "2019", "--data-dir", str(corpus_data_dir))
    assert result.returncode == 0 and "No review matches 'zorblatt' from 2019" in result.stdout


@pytest.mark.parametrize("query", ["child OR children", "neglect*", '"child protection" OR police'])
def test_the_best_few_reviews_are_the_head_of_the_whole_ranking(corpus_store, query):
    """The ranking is read only until the top reviews are seen: they, their scores and their passages
    are the first of the whole answer."""
    everyone = search(corpus_store, query, top=100)
    assert len(everyone) > 3
    assert search(corpus_store, query, top=3) == everyone[:3]
    assert [h["score"] for h in everyone] == sorted((h["score"] for h in everyone), reverse=True)
    assert all(1 <= len(h["passages"]) <= 3 for h in everyone)


def test_a_prefix_finds_every_word_it_starts_even_past_the_ranked_ones(tmp_path):
    """A prefix is ranked by its most frequent words (PREFIX_TERMS) but finds the rarer ones too."""
    from casegraph.graph.search.embedded import PREFIX_TERMS, TantivyIndex
    index = TantivyIndex(tmp_path / "search")
    words = ["zqx" + "".join(chr(97 + (i // 26 ** k) % 26) for k in range(3)) for i in range(PREFIX_TERMS + 10)]
    index.written([{"id": f"fictional-{i}", "sha256": f"{i:064d}", "title": f"Fictional {i}", "sections": [],
                    "text": f"A fictional note: {w} {w if i < 5 else ''}"} for i, w in enumerate(words)])
    hits = index.search(parse("zqx*"), top=100)
    assert len(hits) == len(words)
    assert {h["review_id"] for h in hits[:5]} == {f"fictional-{i}" for i in range(5)}  # said twice: ranked first
    assert all(h["passages"][0]["marks"] for h in hits)
