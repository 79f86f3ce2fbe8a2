"""graph.analytics.stored and the commands that use it, on the real corpus store: reading the
graph without documents and quotes (quotes only where an explanation shows them) gives exactly
the answers of analytics over the whole stored graph. The draft below is fictional."""
from __future__ import annotations

import json

import pytest

from casegraph import ontology
from casegraph.cli import main
from casegraph.errors import CasegraphError
from casegraph.graph import analytics
from casegraph.graph.analytics import stored

FICTIONAL_DRAFT = """Learning briefing (a fictional example written for this test; not a real case)

Summary
Baby Y was two months old. His father's drinking was known to the health visitor and the police.
The family missed appointments and the case was closed without seeing the child.

Learning
Ask who lives in the household, and check what a parent says about stopping drinking.
"""


@pytest.fixture(scope="module")
def whole(corpus_store):
    return corpus_store.graph()


def cli_json(capsys, *args) -> object:
    code = main([*args, "--format", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def as_json(value) -> object:
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_cli_similar_equals_the_whole_graph_computation(capsys, corpus_data_dir, whole):
    index = analytics.build_index(whole)
    for review_id in sorted(index.features)[::7]:
        got = cli_json(capsys, "similar", review_id, "--top", "4", "--data-dir", str(corpus_data_dir))
        assert got == as_json(analytics.similar_reviews(index, review_id, top=4)), review_id
    assert any(q for m in got for s in m["shared"] for q in s["quotes"]["match"])


def test_cli_similar_draft_equals_the_whole_graph_computation(capsys, corpus_data_dir, whole, tmp_path):
    from casegraph.graph.mapping import record_to_graph
    from casegraph.loaders import extract_file
    draft = tmp_path / "fictional-draft.txt"
    draft.write_text(FICTIONAL_DRAFT, encoding="utf-8")
    got = cli_json(capsys, "similar", "--file", str(draft), "--top", "3", "--data-dir", str(corpus_data_dir))
    expected = analytics.similar_to_graph(analytics.build_index(whole), record_to_graph(extract_file(draft)), top=3)
    assert got == as_json(expected) and len(got) == 3


def test_cli_patterns_equal_the_whole_graph_computation(capsys, corpus_data_dir, whole):
    got = cli_json(capsys, "patterns", "--data-dir", str(corpus_data_dir))
    assert got == as_json(analytics.pattern_report(whole))
    assert any(r["missed_opportunities"] for r in got["agency_involvement"])


def test_agencies_keep_the_words_their_quotes_use_so_patterns_read_no_quotes(corpus_store, whole):
    involves = ontology.scheme("agency_type").graph_type
    g = stored.pattern_graph(corpus_store)
    assert set(g) == set(whole) and g.number_of_edges() == whole.number_of_edges()
    assert not any("text" in d for _, d in g.nodes(data=True) if d["kind"] == "Review")
    assert not any("evidence" in d for *_, d in g.edges(data=True))  # no quote read at all
    for _, agency, k, d in whole.edges(keys=True, data=True):
        if k == involves:
            assert g.nodes[agency]["mentions"] == list(dict.fromkeys(" ".join(q["text"].split())
                                                                     for q in d["evidence"]))


@pytest.mark.parametrize("chunk", [1, stored.CHUNK])
def test_a_store_from_before_agencies_kept_their_words_reads_the_quotes_it_needs(
        corpus_data_dir, whole, tmp_path, monkeypatch, chunk):
    import shutil
    from casegraph.graph.stores import open_store
    shutil.copytree(corpus_data_dir, tmp_path / "older")
    with open_store("embedded", data_dir=tmp_path / "older") as older:
        with older.backend.write() as run:
            run("MATCH (a:Agency) SET a.mentions = NULL", {})
        monkeypatch.setattr(stored, "CHUNK", chunk)
        g = stored.pattern_graph(older)
    involves = ontology.scheme("agency_type").graph_type
    missed = ontology.relation("hasMissedOpportunity").graph_type
    quoted = {(u, v, k): [q["text"] for q in d["evidence"]] for u, v, k, d in g.edges(keys=True, data=True)
              if "evidence" in d}
    assert quoted and {k for _, _, k in quoted} == {involves}
    with_missed = {u for u, _, k in whole.edges(keys=True) if k == missed}
    agency_links = {(u, v, k): list(dict.fromkeys(q["text"] for q in d["evidence"]))
                    for u, v, k, d in whole.edges(keys=True, data=True) if k == involves and d.get("evidence")}
    assert quoted == {link: texts for link, texts in agency_links.items() if link[0] in with_missed}
    assert len(quoted) < len(agency_links)  # reviews without missed opportunities: no quotes read
    with open_store("embedded", data_dir=corpus_data_dir) as store:  # agencies there keep their words
        assert analytics.pattern_report(g) == analytics.pattern_report(stored.pattern_graph(store))


def test_an_empty_store_says_what_to_do(tmp_path):
    from casegraph.graph.stores import open_store
    with open_store("embedded", data_dir=tmp_path) as store, pytest.raises(CasegraphError) as error:
        stored.stored_index(store)
    assert "holds no reviews yet" in str(error.value) and "casegraph ingest" in str(error.value)
