"""Property tests: any text or bytes give a Document or a DocumentError, and sections lie within the text."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casegraph.errors import DocumentError
from casegraph.loaders import document_from_text, read_document, section_at
from casegraph.loaders.readers.normalise import normalise_text

HEADINGS = st.sampled_from(["Key Learning", "PART 2: EVENTS", "Lesson 1.1", "Recommendation 4", "# Title",
                            "3. Findings", "THEME 1", "CONTENTS", "- bullet", "**Bold**", "", "\r\n", "\x0c"])
LINES = st.lists(st.one_of(HEADINGS, st.text(max_size=80)), max_size=30).map("\n".join)


def _check(doc) -> None:
    assert doc.text == normalise_text(doc.text)
    previous_start = -1
    for s in doc.sections:
        assert 0 <= s.start < s.end <= len(doc.text)
        assert s.start > previous_start and s.title and s.level >= 1
        assert s.title in doc.text[s.start:s.end]
        previous_start = s.start
        assert section_at(doc.sections, s.start) == s.title
    for a in doc.sections:  # sections nest: two sections are disjoint, or one holds the other
        for b in doc.sections:
            assert a.end <= b.start or b.end <= a.start or (a.start <= b.start and b.end <= a.end) \
                or (b.start <= a.start and a.end <= b.end)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), LINES))
def test_any_text_gives_a_document_or_a_clear_error(text):
    try:
        doc = document_from_text(text)
    except DocumentError as e:
        assert e.path == "draft" and e.reason
        return
    assert doc.format == "text" and doc.text.strip()
    _check(doc)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=2000), LINES.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".md", ".html", ".pdf", ".docx"]))
def test_any_bytes_give_a_document_or_a_clear_error(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        doc = read_document(path)
    except DocumentError as e:
        assert e.path == str(path) and e.reason
        return
    _check(doc)
