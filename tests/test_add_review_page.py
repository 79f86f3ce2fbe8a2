"""The "Add a review" page with Streamlit's AppTest: a real document of ../shared/corpus is uploaded,
checked and corrected, and stored in a real embedded store in a temporary folder."""
import hashlib
from pathlib import Path

from streamlit.testing.v1 import AppTest

from casegraph import dashboard
from casegraph import loaders
from casegraph import ontology
from casegraph.graph import curation
from casegraph.graph.stores import open_store

APP = str(Path(dashboard.__file__).parent / "app.py")
BY = "Jo Fictional"


def smallest_document(corpus_dir: Path) -> Path:
    """The smallest real review of the corpus's seeds (quick to read)."""
    return min(sorted((corpus_dir / "seeds").iterdir()), key=lambda p: p.stat().st_size)


def unique_passage(text: str, size: int = 60) -> str:
    """A passage of the text that occurs in it once, starting at a word."""
    for start in range(len(text) // 3, len(text) - size):
        if text[start - 1].isspace() and text[start].isalpha():
            candidate = text[start:start + size].strip()
            if len(curation.occurrences(text, candidate)) == 1:
                return candidate
    raise AssertionError("no passage occurs only once")


def add_review_page(data_dir: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("CASEGRAPH_STORE", "embedded")
    monkeypatch.setenv("CASEGRAPH_DATA_DIR", str(data_dir))
    monkeypatch.delenv("CASEGRAPH_USER", raising=False)
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page("views/add_review.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_upload_check_correct_and_save(corpus_dir, tmp_path, monkeypatch):
    path = smallest_document(corpus_dir)
    content = path.read_bytes()
    sha = hashlib.sha256(content).hexdigest()
    expected = loaders.extract_file(path)
    field = next(f for f in ontology.coded_fields() if expected.get(f))
    rejected = expected[field][0]["code"]
    present = {i["code"] for f in ontology.coded_fields() for i in expected.get(f) or []}
    added = next(c.code for c in ontology.concepts("risk_factor") if c.code not in present)
    quote = unique_passage(expected["text"])

    at = add_review_page(tmp_path / "store", monkeypatch)
    at.get("file_uploader")[0].upload(path.name, content, "text/plain").run()
    assert not at.exception, [e.message for e in at.exception]
    at.checkbox(key=f"keep_{sha}_{field}_{rejected}_0").uncheck().run()
    at.selectbox(key="add_code").set_value(added).run()
    at.text_area(key="add_quote").input("not a passage of this document, fictional").run()
    assert any("Not found" in e.value for e in at.error)
    at.text_area(key="add_quote").input(quote).run()
    assert any("Found in the document" in s.value for s in at.success)
    at.button(key="add_code_button").click().run()
    at.button(key="add_save").click().run()
    assert any("Please give your name" in e.value for e in at.error)
    at.text_input(key="add_by").input(BY).run()
    at.button(key="add_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Stored review" in s.value for s in at.success)

    with open_store("embedded", data_dir=tmp_path / "store") as store:
        record = store.review(loaders.extract.review_id(path.name))
    assert record["sha256"] == sha
    assert rejected not in {i["code"] for i in record[field]}
    assert [c["code"] for c in curation.removed(record)] == [rejected]
    [fact] = [i for i in record[curation.coded_field(added)] if i["code"] == added]
    assert fact["curated"]["by"] == BY and fact["curated"]["action"] == "add"
    [ev] = fact["evidence"]
    assert record["text"][ev["start"]:ev["end"]] == ev["text"] and ev["curated"]["by"] == BY
    kept = next(i for f in ontology.coded_fields() for i in record[f] if i["code"] not in (rejected, added))
    assert kept["curated"]["action"] == "accept"

    at.button(key="add_save").click().run()   # the same document again: nothing more is stored
    assert any("already stored as review" in i.value for i in at.info)


def test_a_new_version_of_a_stored_document_keeps_its_corrections(tmp_path, monkeypatch):
    from conftest import FICTIONAL_TEXT
    first = FICTIONAL_TEXT.encode()
    draft = loaders.extract_document(loaders.document_from_text(FICTIONAL_TEXT))
    field = next(f for f in ontology.coded_fields() if draft.get(f))
    rejected = draft[field][0]["code"]
    at = add_review_page(tmp_path / "store", monkeypatch)
    at.get("file_uploader")[0].upload("fictional-versions.txt", first, "text/plain").run()
    at.checkbox(key=f"keep_{hashlib.sha256(first).hexdigest()}_{field}_{rejected}_0").uncheck().run()
    at.text_input(key="add_by").input(BY).run()
    at.button(key="add_save").click().run()
    assert any("Stored review fictional\\-versions (ingested)" in s.value for s in at.success)

    second = ("FICTIONAL PREFACE of a second version.\n\n" + FICTIONAL_TEXT).encode()
    at.get("file_uploader")[0].upload("fictional-versions.txt", second, "text/plain").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("stored from another version" in w.value for w in at.warning)
    assert not any(c.key.startswith(f"keep_{hashlib.sha256(second).hexdigest()}_{field}_{rejected}_")
                   for c in at.checkbox)
    at.button(key="add_save").click().run()
    assert any("(replaced)" in s.value for s in at.success)
    with open_store("embedded", data_dir=tmp_path / "store") as store:
        record = store.review("fictional-versions")
    assert record["sha256"] == hashlib.sha256(second).hexdigest()
    assert [c["code"] for c in curation.removed(record)] == [rejected]
