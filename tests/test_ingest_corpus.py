"""Ingesting the real corpus (read from ../shared through the fixtures) into the embedded store."""
import json
import shutil

import networkx as nx

from casegraph.cli import main
from casegraph.graph import mapping
from casegraph.graph.stores import open_store
from casegraph.loaders import extract_file


def copy_store(corpus_data_dir, tmp_path):
    return shutil.copytree(corpus_data_dir, tmp_path / "store")


def test_every_document_is_stored_once(corpus_store, corpus_dir):
    files = sorted(p for p in corpus_dir.rglob("*.txt"))
    ids = [r["review_id"] for r in corpus_store.list_reviews()]
    assert len(ids) == len(set(ids)) == len(files)
    counts = corpus_store.counts()
    assert counts["nodes"]["Review"] == len(files)
    assert counts["relationships"]["IDENTIFIES_RISK_FACTOR"] > 0


def test_stored_reviews_keep_their_text_and_evidence(corpus_store, corpus_dir):
    for path in sorted(corpus_dir.rglob("*.txt"))[:3]:
        record = extract_file(path)
        stored = corpus_store.review(record["id"])
        assert nx.utils.graphs_equal(mapping.record_to_graph(stored), mapping.record_to_graph(record))
        for field in ("risk_factors", "practice_themes"):
            for item in stored[field]:
                assert all(stored["text"][e["start"]:e["end"]] == e["text"] for e in item["evidence"])


def test_ingesting_the_corpus_again_changes_nothing(corpus_data_dir, corpus_dir, tmp_path, capsys):
    data_dir = copy_store(corpus_data_dir, tmp_path)
    with open_store("embedded", data_dir=data_dir) as store:
        before = store.counts()
    assert main(["ingest", str(corpus_dir), "--data-dir", str(data_dir), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"] == {"ingested": 0, "replaced": 0, "unchanged": len(summary["files"]), "failed": 0}
    assert main(["stats", "--data-dir", str(data_dir), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == before


def test_deleting_a_review_removes_exactly_its_own_nodes(corpus_data_dir, tmp_path):
    data_dir = copy_store(corpus_data_dir, tmp_path)
    with open_store("embedded", data_dir=data_dir) as store:
        before = store.counts()
        victim = store.list_reviews()[0]["review_id"]
        own = [n for n, d in store.review_graph(victim).nodes(data=True) if d.get("review_id") == victim]
        assert store.delete_review(victim)
        after = store.counts()
    removed = {label: before["nodes"][label] - after["nodes"][label] for label in before["nodes"]}
    expected = {label: sum(1 for n in own if n.startswith(label + ":")) for label in before["nodes"]}
    assert removed == expected


def test_a_modified_document_replaces_its_facts(corpus_dir, tmp_path, capsys):
    source = sorted(corpus_dir.rglob("*.txt"))[0]
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / source.name
    shutil.copy(source, doc)
    data_dir = tmp_path / "store"
    assert main(["ingest", str(folder), "--data-dir", str(data_dir)]) == 0
    original = extract_file(doc)
    # keep only the first third of the document: most of its facts go
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text[: len(text) // 3], encoding="utf-8")
    modified = extract_file(doc)
    assert main(["ingest", str(folder), "--data-dir", str(data_dir)]) == 0
    assert "1 replaced" in capsys.readouterr().out
    with open_store("embedded", data_dir=data_dir) as store:
        assert nx.utils.graphs_equal(store.review_graph(modified["id"]), mapping.record_to_graph(modified))
        assert store.counts()["nodes"]["Review"] == 1
    assert mapping.record_to_graph(original).number_of_nodes() > mapping.record_to_graph(modified).number_of_nodes()


def test_the_same_document_under_two_names_is_stored_once(corpus_dir, tmp_path, capsys):
    source = sorted(corpus_dir.rglob("*.txt"))[0]
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(source, folder / "a-first-name.txt")
    shutil.copy(source, folder / "b-second-name.txt")
    data_dir = tmp_path / "store"
    assert main(["ingest", str(folder), "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "1 ingested" in out and "1 unchanged" in out and "stored as review 'a-first-name'" in out
    assert main(["reviews", "--data-dir", str(data_dir), "--format", "json"]) == 0
    assert [r["review_id"] for r in json.loads(capsys.readouterr().out)] == ["a-first-name"]


def test_a_bad_file_is_named_and_the_batch_goes_on(corpus_dir, tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(sorted(corpus_dir.rglob("*.txt"))[0], folder / "good.txt")
    (folder / "empty.txt").write_text("")
    data_dir = tmp_path / "store"
    assert main(["ingest", str(folder), "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr().out
    assert "1 ingested" in out and "1 failed" in out and "empty.txt" in out
    assert main(["show", "good", "--data-dir", str(data_dir)]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(extract_file(folder / "good.txt")["title"] or "good")
    assert main(["show", "no-such-review", "--data-dir", str(data_dir)]) == 1
    assert "no review 'no-such-review' is stored" in capsys.readouterr().err


def test_two_different_files_with_the_same_name_do_not_replace_each_other(corpus_dir, tmp_path, capsys):
    first, second = sorted(corpus_dir.rglob("*.txt"))[:2]
    for folder, source in (("one", first), ("two", second)):
        (tmp_path / folder).mkdir()
        shutil.copy(source, tmp_path / folder / "same-name.txt")
    data_dir = tmp_path / "store"
    assert main(["ingest", str(tmp_path / "one"), str(tmp_path / "two"), "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr().out
    assert "1 ingested" in out and "1 failed" in out and "has the same name (review id 'same-name')" in out
    with open_store("embedded", data_dir=data_dir) as store:
        assert store.review("same-name")["sha256"] == extract_file(tmp_path / "one" / "same-name.txt")["sha256"]


def test_stored_documents_are_not_extracted_again(corpus_data_dir, corpus_dir, tmp_path):
    from casegraph.graph.stores.ingest import ingest, summary_counts

    def never(path):
        raise AssertionError(f"{path} was extracted again")

    with open_store("embedded", data_dir=copy_store(corpus_data_dir, tmp_path)) as store:
        outcomes = ingest(store, [corpus_dir], extract=never)
    assert summary_counts(outcomes)["unchanged"] == len(outcomes) > 0
    assert all(o.review_id and not o.detail for o in outcomes)


def test_a_document_without_review_content_is_stored_with_a_warning_in_the_summary(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("Fictional shopping list\n\nEggs, milk and bread on Saturday.\n")
    assert main(["ingest", str(tmp_path / "docs"), "--data-dir", str(tmp_path / "store")]) == 0
    out = capsys.readouterr().out
    assert "1 ingested" in out
    assert "notes.txt: stored with a warning: no review content recognised" in out
