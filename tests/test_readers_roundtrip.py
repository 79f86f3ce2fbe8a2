"""Seed reviews converted to PDF and Word at test time read back with their text and headings.

The seeds are read from ../shared through the ``seeds_dir`` fixture; the converted files
live only in pytest's tmp_path.
"""
from __future__ import annotations

import re

import docx
import pytest
from fpdf import FPDF

from casegraph.loaders import read_document

LATIN1 = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "-", "…": "..."})


def _latin1(text: str) -> str:
    """Text the PDF core fonts can draw: typographic quotes and dashes made plain, others '?'."""
    return text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _words(text: str) -> str:
    return " ".join(text.split())


def _sentences(text: str) -> list[str]:
    """Sentences of 40 characters or more, spaces collapsed."""
    return [s for s in re.split(r"(?<=[.!?])\s+", _words(text)) if len(s) >= 40]


def write_pdf(paragraphs: list[str], headings: set[str], path) -> None:
    pdf = FPDF()
    pdf.add_page()
    for paragraph in paragraphs:
        is_heading = paragraph in headings
        pdf.set_font("Helvetica", "B" if is_heading else "", 13 if is_heading else 10)
        pdf.multi_cell(0, 6, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))


def write_docx(paragraphs: list[str], headings: set[str], path) -> None:
    document = docx.Document()
    for paragraph in paragraphs:
        if paragraph in headings:
            document.add_heading(paragraph, level=1)
        else:
            document.add_paragraph(paragraph)
    document.save(str(path))


WRITERS = {"pdf": (write_pdf, _latin1), "docx": (write_docx, str)}


@pytest.fixture(scope="module")
def seed_documents(seeds_dir):
    docs = [read_document(p) for p in sorted(seeds_dir.glob("*.txt"))]
    assert docs, "no seed documents found"
    return docs


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_seed_round_trips(fmt, seed_documents, tmp_path):
    write, as_written = WRITERS[fmt]
    for seed in seed_documents:
        lines = _paragraphs(seed.text)
        titles = {s.title for s in seed.sections}
        headings = {line for line in lines if line in titles}
        path = tmp_path / f"seed.{fmt}"
        write(lines, headings, path)

        doc = read_document(path)

        assert doc.format == fmt and len(doc.sha256) == 64
        expected = _sentences(as_written(seed.text))
        got = _words(re.sub(r"(?m)^#+ ", "", doc.text))  # Word headings come back as Markdown headings
        missing = [s for s in expected if s not in got]
        assert len(missing) <= 0.02 * len(expected), (seed.source, missing[:3])
        found = {s.title for s in doc.sections}
        assert {as_written(h) for h in headings} <= found, (seed.source, headings - found)
