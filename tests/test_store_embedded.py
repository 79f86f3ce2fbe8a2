"""What is particular to the embedded (LadybugDB) store: its files, its schema, readers and writers."""
import re

import ladybug

from casegraph.graph.stores import open_store
from casegraph.graph.stores.ladybugdb import DB_FILE, schema_statements


def test_reading_a_store_that_does_not_exist_creates_nothing(tmp_path):
    with open_store("embedded", data_dir=tmp_path / "nothing-here") as store:
        assert store.list_reviews() == [] and store.counts()["nodes"]["Review"] == 0
    assert not (tmp_path / "nothing-here").exists()


def test_schema_is_generated_from_the_ontology():
    from casegraph import ontology
    tables = {s.split()[6].split("(")[0] for s in schema_statements() if s.startswith("CREATE")}
    assert tables <= ontology.class_names() | ontology.relationship_types()
    assert "PARALLEL_TO" in tables and "Review" in tables


def test_a_store_from_an_earlier_version_gains_new_attributes(tmp_path, make_record):
    (tmp_path / "store").mkdir()
    db = ladybug.Database(str(tmp_path / "store" / DB_FILE))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Review(id STRING PRIMARY KEY, label STRING, review_id STRING, sha256 STRING)")
    conn.close()
    db.close()
    with open_store("embedded", data_dir=tmp_path / "store") as store:
        assert store.write_review(make_record("fictional-a")) == "ingested"
        assert store.review("fictional-a")["title"] == make_record()["title"]


def test_a_store_from_an_earlier_version_can_be_read_at_once(tmp_path, make_record):
    """Reading (the dashboard, ``show``) before any new write: the store is brought up to date first."""
    with open_store("embedded", data_dir=tmp_path / "store") as store:
        store.write_review(make_record("fictional-a"))
    db = ladybug.Database(str(tmp_path / "store" / DB_FILE))
    conn = ladybug.Connection(db)
    conn.execute("ALTER TABLE Review DROP timeline")  # as the store was before reviews had a timeline
    conn.close()
    db.close()
    with open_store("embedded", data_dir=tmp_path / "store") as store:
        record = store.review("fictional-a")
    assert record["title"] == make_record()["title"] and record["timeline"] == []


def test_a_reader_sees_what_a_writer_in_the_same_process_committed(tmp_path, make_record):
    with open_store("embedded", data_dir=tmp_path / "store") as writer:
        writer.write_review(make_record("fictional-a"))
        with open_store("embedded", data_dir=tmp_path / "store") as reader:
            assert [r["review_id"] for r in reader.list_reviews()] == ["fictional-a"]


def test_a_data_dir_that_is_a_file_or_holds_garbage_is_one_clear_line(tmp_path, capsys):
    from casegraph.cli import main
    (tmp_path / "a-file").write_text("not a folder")
    for command in (["stats"], ["delete", "x"]):
        assert main([*command, "--data-dir", str(tmp_path / "a-file")]) == 1
        assert "this is a file, not a folder" in capsys.readouterr().err
    (tmp_path / "garbage").mkdir()
    (tmp_path / "garbage" / DB_FILE).write_bytes(bytes(range(256)) * 20)
    assert main(["stats", "--data-dir", str(tmp_path / "garbage")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "could not open the store" in err and "garbage" in err


def test_links_are_stored_forward_only_and_still_found_from_their_end(tmp_path, make_record):
    # a backward copy of each link (with its quotes) would be rewritten at every checkpoint: only links
    # ending at a review keep one, as a review can be deleted while the review linking to it stays
    for statement in (s for s in schema_statements() if s.startswith("CREATE REL")):
        assert ("storage_direction = 'fwd'" in statement) != bool(re.search(r"TO Review\b", statement)), statement
    with open_store("embedded", data_dir=tmp_path / "store") as store:
        rec = make_record("fictional-a")
        store.write_review(rec)
        store.write_review(make_record("fictional-b", text=rec["text"] + "A second fictional review.\n"))
        code = rec["risk_factors"][0]["code"]
        with store.backend.read() as run:
            found = run("MATCH (r:Review)-[:IDENTIFIES_RISK_FACTOR]->(c:RiskFactor) WHERE c.id = $id "
                        "RETURN r.review_id ORDER BY r.review_id", {"id": f"RiskFactor:{code}"})
        assert found == [["fictional-a"], ["fictional-b"]]

