"""The dashboard's escaping, offline network page and review table, on fictional graphs."""
import re

import networkx as nx
import pytest

from casegraph.errors import CasegraphError
from casegraph.graph.escaping import highlight, html_text, md
from casegraph.dashboard.network import around, kind_colours, network_html
from casegraph.graph.analytics.review_table import age_band, review_rows
from casegraph.graph.mapping import record_to_graph

HOSTILE = ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>", "![pixel](https://example.org/p.png)",
           "[click](javascript:alert(1))", ":red[coloured]", "$x^2$", "`code`", "# heading", "    indented code"]


@pytest.mark.parametrize("paragraphs", [False, True])
@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escaping_leaves_no_markup(text, paragraphs):
    out = md(f"Fictional start.\n\n{text}\n\n{text}", paragraphs=paragraphs)
    assert "<" not in out and ">" not in out
    # every Markdown-active character is backslash-escaped
    assert not re.search(r"(?<!\\)[\[\]()`*_#$!:]", out)
    assert "  " not in out                        # no indentation that could start a code block
    assert out.count("\n\n") == (2 if paragraphs else 0)


def test_html_text_escapes_quotes_and_tags():
    assert html_text('<a title="x">') == "&lt;a title=&quot;x&quot;&gt;"


def test_highlight_marks_the_quote_in_its_context():
    text = "Fictional text. The <b>mother</b> was not seen again. More fictional text follows here."
    start = text.index("<b>mother</b>")
    out = highlight(text, [(start, start + len("<b>mother</b>"))], context=10)
    assert out.startswith("…text") and out.endswith("…")
    assert ":orange-background[**&lt;b&gt;mother&lt;/b&gt;**]" in out
    assert "<b>" not in out
    # overlapping spans are merged into one highlight
    assert highlight("abcdef", [(0, 3), (2, 5)]).count(":orange-background[") == 1


def test_age_bands():
    assert [age_band(m) for m in (0, 11, 12, 59, 60, 191, 215, 240, None)] == [
        "Under 1", "Under 1", "1 to 4", "1 to 4", "5 to 9", "10 to 15", "16 to 17", "18 or over", "Not stated"]


def test_review_rows_from_a_record(make_record):
    rows = review_rows(record_to_graph(make_record("fictional-a")))
    assert len(rows) == 1
    row = rows[0]
    assert row["review_id"] == "fictional-a" and row["year"] == 2021
    assert row["partnership"] == "Fictional Safeguarding Partnership"
    assert row["age_bands"] == ["Under 1"]
    assert row["counts"]["Lesson"] == 1 and row["counts"]["Recommendation"] == 1


def hostile_graph(make_record) -> nx.MultiDiGraph:
    """A fictional review whose title and quotes try to inject HTML."""
    quote = "<img src=x onerror=alert(2)>"
    text = make_record()["text"] + f"Fictional: <script>alert(1)</script> and {quote} said.\n"
    record = make_record("fictional-hostile", title="Fictional </script><script>alert(3)</script>", text=text)
    start = text.index(quote)
    record["risk_factors"][0]["evidence"] = [{"text": quote, "start": start, "end": start + len(quote),
                                              "section": None}]
    return record_to_graph(record)


def test_network_page_is_offline_and_inert(make_record):
    page = network_html(hostile_graph(make_record))
    assert not re.search(r"https?://", page), "the page must hold no http(s) URL"
    assert not re.search(r"<(script|link|img)[^>]*\s(src|href)=", page, re.I)
    assert "<script>alert" not in page and "alert(3)</script>" not in page and "<img src=x" not in page
    assert r"\u003cimg src=x onerror=alert(2)\u003e" not in page          # not raw in the JSON either
    assert "\\u0026lt;img src=x onerror=alert(2)\\u0026gt;" in page       # escaped tooltip text
    assert 'id="mynetwork"' in page and "Risk factor" in page             # legend names the kinds drawn


def test_network_page_refuses_too_large_a_selection():
    g = nx.MultiDiGraph()
    g.add_nodes_from((f"Review:r{i}", {"kind": "Review", "label": f"r{i}"}) for i in range(30))
    with pytest.raises(CasegraphError, match="30 items"):
        network_html(g, max_nodes=20)


def test_every_node_kind_has_its_own_colour():
    colours = kind_colours()
    assert len(set(colours.values())) == len(colours)


def test_around_a_concept_brings_the_reviews_of_its_agencies(make_record):
    g = nx.compose(record_to_graph(make_record("fictional-a")),
                   record_to_graph(make_record("fictional-b", text="Other fictional text.\n" + make_record()["text"])))
    agency_type = next(n for n, k in g.nodes(data="kind") if k == "AgencyType")
    part = around(g, agency_type)
    assert {"Review:fictional-a", "Review:fictional-b"} <= set(part)
    review = around(g, "Review:fictional-a")
    assert agency_type in review and "Review:fictional-b" not in review
