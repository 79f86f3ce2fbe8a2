"""Plain-text and Markdown reading: encodings, NUL bytes, empty and binary files, size limits.

All example text is fictional.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import random

import pytest

from casegraph.errors import DocumentError
from casegraph.loaders import document_from_text, read_document
from casegraph.loaders.readers import MAX_FILE_BYTES
from casegraph.loaders.readers.document import MAX_TEXT_CHARS

FICTIONAL = ("Fictional briefing for a test\n\nKey Learning\n\n"
             "- The mother’s café job – with £40 a week – was not discussed with the naïve worker.\n")


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_text_is_read_with_its_outline(tmp_path):
    doc = read_document(_write(tmp_path, "briefing.txt", FICTIONAL.encode("utf-8")))
    assert doc.text == FICTIONAL.strip()
    assert doc.format == "txt"
    assert [s.title for s in doc.sections] == ["Key Learning"]
    assert doc.sha256 == hashlib.sha256(FICTIONAL.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("encoding, bom", [
    ("cp1252", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""),
    ("utf-16-be", b""),
])
def test_other_encodings_are_read_correctly(tmp_path, encoding, bom):
    doc = read_document(_write(tmp_path, "briefing.txt", bom + FICTIONAL.encode(encoding)))
    assert doc.text == FICTIONAL.strip()


def test_cp1252_without_special_quotes_is_read(tmp_path):
    text = "Fictional note: the naïve café owner paid £12 for the déjà vu session.\n" * 3
    assert read_document(_write(tmp_path, "note.txt", text.encode("cp1252"))).text == text.strip()


def test_nul_bytes_are_removed(tmp_path):
    data = FICTIONAL.encode("utf-8").replace(b"Key", b"K\x00ey").replace(b"week", b"we\x00\x00ek")
    assert read_document(_write(tmp_path, "nul.txt", data)).text == FICTIONAL.strip()


def test_windows_line_breaks_and_spaces_are_normalised_before_offsets(tmp_path):
    raw = "Summary\r\n\r\n\r\n\r\n\x0cThe\u00a0baby was seen.  \r\nKey Learning\r\n\r\nAsk who lives there.\r\n"
    doc = read_document(_write(tmp_path, "crlf.txt", raw.encode("utf-8")))
    assert doc.text == "Summary\n\nThe baby was seen.\nKey Learning\n\nAsk who lives there."
    start = doc.text.index("Ask")
    assert doc.text[start:start + 3] == "Ask"


def test_markdown_keeps_its_marks_and_headings(tmp_path):
    doc = read_document(_write(tmp_path, "draft.md", b"# Fictional review\n\n## Key Learning\n\nBe curious.\n"))
    assert doc.format == "md"
    assert [(s.title, s.level) for s in doc.sections] == [("Fictional review", 1), ("Key Learning", 2)]


@pytest.mark.parametrize("data, reason", [
    (b"", "the file is empty"),
    (b"  \n\t\r\n   \n", "the file is empty"),
    (codecs.BOM_UTF8, "the file is empty"),
])
def test_empty_files_are_refused(tmp_path, data, reason):
    path = _write(tmp_path, "empty.txt", data)
    with pytest.raises(DocumentError, match=reason) as caught:
        read_document(path)
    assert caught.value.path == str(path)


@pytest.mark.parametrize("seed", range(3))
def test_binary_garbage_named_txt_is_refused(tmp_path, seed):
    data = random.Random(seed).randbytes(50_000)
    with pytest.raises(DocumentError, match="does not look like readable text"):
        read_document(_write(tmp_path, "garbage.txt", data))


def test_a_compiled_program_named_txt_is_refused(tmp_path):
    data = (b"\x7fELF\x02\x01\x01" + bytes(9) + b"\x03\x00>\x00" + bytes(40)) * 200
    with pytest.raises(DocumentError, match="does not look like readable text"):
        read_document(_write(tmp_path, "program.txt", data))


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: the limit is checked with stat, not by reading
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(DocumentError, match="too large"):
        read_document(path)


def test_twenty_megabyte_text_file_is_refused_by_the_text_limit(tmp_path):
    path = tmp_path / "twenty.txt"
    line = b"A fictional line of a very long review, repeated to make a large file.\n"
    path.write_bytes(line * (20_000_000 // len(line)))
    assert path.stat().st_size <= MAX_FILE_BYTES
    with pytest.raises(DocumentError, match="the text is too long"):
        read_document(path)


def test_text_over_the_character_limit_is_refused():
    with pytest.raises(DocumentError, match="too long"):
        document_from_text("Fictional line.\n" * (MAX_TEXT_CHARS // 16 + 10))


def test_missing_file_folder_and_unsupported_type_are_refused(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "absent.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(DocumentError, match="is a folder"):
        read_document(folder)
    with pytest.raises(DocumentError, match=r"unsupported file type '\.doc'"):
        read_document(_write(tmp_path, "old.doc", b"fictional"))


def test_special_file_is_refused_without_reading(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)  # reading it would block for ever
    with pytest.raises(DocumentError, match="not a regular file"):
        read_document(path)


def test_unreadable_file_is_refused(tmp_path):
    path = _write(tmp_path, "locked.txt", FICTIONAL.encode("utf-8"))
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that ignore file permissions (root)")
        with pytest.raises(DocumentError, match="permission denied"):
            read_document(path)
    finally:
        path.chmod(0o600)


def test_document_from_text_uses_the_utf8_digest_and_text_format():
    doc = document_from_text("Fictional draft.\n\nRecommendation 1\n\nThe Board should audit plans.", "draft-1")
    assert doc.source == "draft-1" and doc.format == "text"
    assert doc.sha256 == hashlib.sha256(
        "Fictional draft.\n\nRecommendation 1\n\nThe Board should audit plans.".encode()).hexdigest()
    assert [s.title for s in doc.sections] == ["Recommendation 1"]
