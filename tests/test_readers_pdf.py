"""The PDF reader on damaged, scanned and protected files generated at test time (fictional text)."""
from __future__ import annotations

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from casegraph.errors import DocumentError
from casegraph.loaders import read_document

FICTIONAL = ("This is a fictional briefing written for a test. Key Learning. "
             "Professionals should seek evidence rather than rely on assurances from parents.")


def _text_pdf(path, text=FICTIONAL, pages=1):
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def _encrypt(source, target, user_password, algorithm="RC4-128"):
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password=user_password, owner_password="fictional-owner", algorithm=algorithm)
    with open(target, "wb") as f:
        writer.write(f)
    return target


def test_text_layer_is_read(tmp_path):
    doc = read_document(_text_pdf(tmp_path / "briefing.pdf", pages=2))
    assert doc.format == "pdf"
    assert doc.text.count("seek evidence rather than rely") == 2


class _ReportWithRunningLines(FPDF):
    def header(self):
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, "Fictional Serious Case Review: Child Z - Final Version", new_x="LMARGIN", new_y="NEXT")

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, f"Page {self.page_no()} of {{nb}}")


def test_running_headers_and_page_numbers_are_kept_once(tmp_path):
    pdf = _ReportWithRunningLines()
    visits = ["The health visitor saw the baby at home.", "The social worker met the mother at school.",
              "The police attended after a neighbour called.", "The GP reviewed the baby's weight."]
    for visit in visits:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, f"A fictional account follows. {visit}")
    path = tmp_path / "report.pdf"
    pdf.output(str(path))
    text = read_document(path).text
    assert text.count("Final Version") == 1 and text.count("Page ") == 1
    assert all(visit in text for visit in visits)


def test_image_only_pdf_is_refused_as_scanned(tmp_path):
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.set_fill_color(120, 120, 120)
        pdf.rect(20, 20, 150, 40, style="F")
        pdf.ellipse(40, 100, 80, 50, style="D")
        pdf.line(10, 200, 190, 250)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError, match="no text layer.*scanned.*OCR") as caught:
        read_document(path)
    assert caught.value.path == str(path)


def test_password_protected_pdf_is_refused(tmp_path):
    path = _encrypt(_text_pdf(tmp_path / "plain.pdf"), tmp_path / "locked.pdf", "fictional-secret")
    with pytest.raises(DocumentError, match="password-protected"):
        read_document(path)


def test_pdf_encrypted_with_an_empty_password_opens(tmp_path):
    path = _encrypt(_text_pdf(tmp_path / "plain.pdf"), tmp_path / "restricted.pdf", "")
    assert "seek evidence" in read_document(path).text


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_encrypted_pdfs(tmp_path, algorithm):
    """Published reviews are often AES-encrypted with an empty password to restrict copying or printing."""
    pytest.importorskip("cryptography", reason="pypdf needs the cryptography package for AES")
    plain = _text_pdf(tmp_path / "plain.pdf")
    assert "seek evidence" in read_document(_encrypt(plain, tmp_path / "open.pdf", "", algorithm)).text
    with pytest.raises(DocumentError, match="password-protected"):
        read_document(_encrypt(plain, tmp_path / "locked.pdf", "fictional-secret", algorithm))


@pytest.mark.parametrize("keep", [0.05, 0.5, 0.95])
def test_truncated_pdf_is_refused(tmp_path, keep):
    data = _text_pdf(tmp_path / "whole.pdf", pages=3).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(DocumentError, match="damaged or incomplete") as caught:
        read_document(path)
    assert caught.value.path == str(path)


def test_file_that_is_not_a_pdf_is_refused(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("A fictional note saved with the wrong extension.", encoding="utf-8")
    with pytest.raises(DocumentError, match="not a PDF"):
        read_document(path)
