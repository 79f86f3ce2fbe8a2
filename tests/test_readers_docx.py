"""The Word reader on documents generated at test time (fictional text)."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from casegraph.errors import DocumentError
from casegraph.loaders import read_document
from casegraph.loaders.readers.docx import MAX_UNPACKED_BYTES


def test_paragraphs_tables_and_headings_in_order(tmp_path):
    document = docx.Document()
    document.add_heading("Fictional Review of Child Z", level=0)
    document.add_paragraph("This fictional paragraph introduces the review.")
    document.add_heading("Key Learning", level=1)
    document.add_paragraph("Professionals should ask who lives in the household.")
    table = document.add_table(rows=2, cols=3)
    for cells, values in zip((r.cells for r in table.rows), (("Agency", "Role", "Seen"),
                                                            ("Police", "Visited home", "Yes"))):
        for cell, value in zip(cells, values):
            cell.text = value
    merged = document.add_table(rows=1, cols=2)
    merged.rows[0].cells[0].merge(merged.rows[0].cells[1]).text = "Merged note"
    document.add_heading("Recommendation 1", level=2)
    document.add_paragraph("The Board should audit plans.")
    path = tmp_path / "review.docx"
    document.save(str(path))

    doc = read_document(path)

    assert doc.format == "docx"
    assert doc.text.split("\n\n") == [
        "# Fictional Review of Child Z", "This fictional paragraph introduces the review.", "# Key Learning",
        "Professionals should ask who lives in the household.", "Agency | Role | Seen\nPolice | Visited home | Yes",
        "Merged note", "## Recommendation 1", "The Board should audit plans."]
    assert [(s.title, s.level) for s in doc.sections] == [
        ("Fictional Review of Child Z", 1), ("Key Learning", 1), ("Recommendation 1", 2)]


def test_long_and_lower_case_headings_are_known_by_their_style(tmp_path):
    document = docx.Document()
    document.add_heading("Analysis of the involvement of each agency with the family over two years", level=1)
    document.add_paragraph("Fictional body text.")
    document.add_heading("the family's views", level=3)
    document.add_paragraph("More fictional body text.")
    path = tmp_path / "styled.docx"
    document.save(str(path))
    assert [(s.title, s.level) for s in read_document(path).sections] == [
        ("Analysis of the involvement of each agency with the family over two years", 1), ("the family's views", 3)]


MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def test_content_controls_and_text_boxes_are_read_once(tmp_path):
    document = docx.Document()
    document.add_paragraph("Fictional opening paragraph.")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>Key Learning</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Text inside a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    box = "<w:txbxContent><w:p><w:r><w:t>Text inside a text box.</w:t></w:r></w:p></w:txbxContent>"
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {nsdecls("w")} {MC}><w:r><w:t>Anchor paragraph.</w:t></w:r><w:r><mc:AlternateContent>'
        f'<mc:Choice Requires="wps">{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback></mc:AlternateContent>'
        '</w:r></w:p>'))
    path = tmp_path / "controls.docx"
    document.save(str(path))
    assert read_document(path).text.split("\n\n") == [
        "Fictional opening paragraph.", "Key Learning", "Text inside a content control.", "Anchor paragraph.",
        "Text inside a text box."]


@pytest.mark.parametrize("data", [b"Fictional text saved as docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)])
def test_file_that_is_not_a_zip_is_refused(tmp_path, data):
    path = tmp_path / "old.docx"
    path.write_bytes(data)
    with pytest.raises(DocumentError, match="not a Word .docx file.*save it as .docx") as caught:
        read_document(path)
    assert caught.value.path == str(path)


def test_zip_that_is_not_a_word_document_is_refused(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "fictional")
    with pytest.raises(DocumentError, match="damaged or is not a Word document"):
        read_document(path)


def test_word_file_that_unpacks_too_large_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * (MAX_UNPACKED_BYTES + 1))
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(DocumentError, match="unpacks to"):
        read_document(path)
