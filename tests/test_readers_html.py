"""The web page reader: visible text only, block structure kept as lines (fictional pages)."""
from __future__ import annotations

import pytest

from casegraph.errors import DocumentError
from casegraph.loaders import read_document

PAGE = """<!DOCTYPE html>
<html><head><title>Fictional Briefing</title>
<style>body { color: red } .x::before { content: "STYLE TEXT" }</style>
<script>var secret = "SCRIPT TEXT"; document.write("<p>WRITTEN</p>");</script>
</head>
<body>
<nav><a href="/">Home</a> &gt; <a href="/x">Menu text</a></nav>
<script type="application/ld+json">{"name": "JSON TEXT"}</script>
<h2>Key   Learning</h2>
<!-- a comment that is not shown -->
<p>Professionals should
   be curious&nbsp;and seek evidence.<br>Ask who lives at home.</p>
<ul><li>Lesson one</li><li>Lesson <b>two</b></li></ul>
<table><tr><th>Agency</th><th>Seen</th></tr><tr><td>Police</td><td>Yes</td></tr></table>
<noscript>NOSCRIPT TEXT</noscript>
<form><input value="FORM TEXT"><button>Submit</button></form>
<pre>line one
line two</pre>
</body></html>"""


def test_visible_text_keeps_block_structure(tmp_path):
    path = tmp_path / "briefing.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert doc.text == ("Fictional Briefing\n\n## Key Learning\n\nProfessionals should be curious and seek evidence.\n"
                        "Ask who lives at home.\n\n- Lesson one\n- Lesson two\n\nAgency | Seen\nPolice | Yes\n\n"
                        "line one\nline two")
    assert "Key Learning" in [s.title for s in doc.sections]


def test_page_full_of_scripts_and_styles_has_no_text(tmp_path):
    path = tmp_path / "scripts.htm"
    path.write_text("<html><head><style>p{}</style></head><body>" + "<script>alert('fictional')</script>" * 500
                    + "<style>.a{}</style></body></html>", encoding="utf-8")
    with pytest.raises(DocumentError, match="the file is empty"):
        read_document(path)


def test_cp1252_page_is_decoded(tmp_path):
    path = tmp_path / "old.htm"
    path.write_bytes("<p>The fictional mother’s café – £5 – was closed.</p>".encode("cp1252"))
    assert read_document(path).text == "The fictional mother’s café – £5 – was closed."


def test_page_nested_beyond_the_parser_limit_is_refused_not_cut(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<p>Fictional start.</p>" + "<div>" * 3000 + "Deep text." + "</div>" * 3000 + "<p>End.</p>",
                    encoding="utf-8")
    with pytest.raises(DocumentError, match="could not be read to the end"):
        read_document(path)


def test_deeply_nested_page_within_the_limit_is_read(tmp_path):
    path = tmp_path / "nested.html"
    path.write_text("<div>" * 1000 + "Fictional deep text." + "</div>" * 1000 + "<p>End.</p>", encoding="utf-8")
    assert read_document(path).text == "Fictional deep text.\n\nEnd."
