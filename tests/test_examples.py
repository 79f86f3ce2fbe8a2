"""The built-in example corpus: every document says it is fictional, and all of it extracts."""
from __future__ import annotations

from pathlib import Path

import pytest

from casegraph.loaders import discover, read_document

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _documents() -> list[Path]:
    found = list(discover([CORPUS]))
    assert all(isinstance(p, Path) for p in found), found
    return found


def test_the_corpus_has_six_to_eight_documents_in_several_formats():
    docs = _documents()
    assert 6 <= len(docs) <= 8
    assert {p.suffix for p in docs} == {".txt", ".md", ".html"}


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_document_says_first_that_it_is_fictional(path):
    first_line = read_document(path).text.strip().splitlines()[0]
    assert "fictional example written for casegraph" in first_line


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_document_extracts_with_codes_and_provenance(path):
    extract_file = pytest.importorskip("loaders").__dict__.get("extract_file")
    if extract_file is None:
        pytest.skip("loaders.extract_file is not available yet")
    record = extract_file(path)
    assert record["risk_factors"] and record["practice_themes"] and record["recommendations"]
    for field in ("risk_factors", "harm_types", "practice_themes", "agencies", "family_roles"):
        for item in record[field]:
            for ev in item["evidence"]:
                assert record["text"][ev["start"]:ev["end"]] == ev["text"]
