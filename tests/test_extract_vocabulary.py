"""The extractor's vocabulary is general: it names no reviewed area, partnership or child, and it compiles."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from casegraph import ontology
from casegraph.loaders.extract import vocabulary
from casegraph.loaders.extract.vocabulary import concept_matcher, cue, cue_strings, section_kinds

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "ontology" / "matching.ttl", *sorted((REPO / "loaders" / "extract").glob("*.py"))]


def test_no_area_partnership_or_child_of_the_gold_documents_is_named(gold_dir):
    names = set()
    for f in gold_dir.glob("*.yaml"):
        gold = yaml.safe_load(f.read_text(encoding="utf-8"))
        names.update(a for a in gold.get("areas") or [])
        names.update(w for w in (gold.get("partnership") or "").split() if w[:1].isupper() and len(w) > 4)
        if gold.get("child_name"):
            names.add(gold["child_name"])
    generic = {"Safeguarding", "Children", "Partnership", "Board", "Local"}
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        for name in names - generic:
            assert not re.search(rf"\b{re.escape(name)}\b", text), f"{source.name} names {name!r}"


def test_every_concept_and_cue_compiles():
    for c in ontology.all_concepts():
        concept_matcher(c.code)
    g = ontology.graph()
    props = {str(p).rsplit("#", 1)[-1] for p in g.predicates() if str(p).startswith(str(ontology.CG))
             and str(p).endswith(("Cue", "Pattern"))} - {"matchPattern"}
    assert props
    for prop in props:
        assert cue_strings(prop) and cue(prop).pattern
    assert {k.kind for k in section_kinds()} == {"lessons", "recommendations", "actions", "terms_of_reference"}


def test_matching_near_required_literals_finds_what_a_full_scan_finds(corpus_dir, monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.rglob("*.txt"))]
    text = "\n\n".join(texts)
    folded = vocabulary.fold(text)
    matchers = [m for c in ontology.all_concepts() if (m := vocabulary.concept_matcher(c.code))]
    near = [m.spans(text, folded) for m in matchers]
    monkeypatch.setattr(vocabulary, "_windows", lambda found, needs, width, text: [(0, len(text))])  # full scans
    assert near == [m.spans(text, folded) for m in matchers]
    assert any(near)


def test_cues_find_what_their_plain_regex_finds(corpus_dir):
    """A cue's quick search (folded text, no boundary check in front, near the strings it needs) finds exactly the
    matches of its plain case-insensitive regex, over whole texts and within sentences (the corpus and the
    held-out fictional excerpts)."""
    paths = [*sorted(corpus_dir.rglob("*.txt")), *sorted((REPO / "tests" / "fixtures" / "heldout").glob("*.txt"))]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    g = ontology.graph()
    props = sorted({str(p).rsplit("#", 1)[-1] for p in g.predicates() if str(p).startswith(str(ontology.CG))
                    and str(p).endswith(("Cue", "Pattern"))} - {"matchPattern"})
    for prop in props:
        c = cue(prop)
        for text in texts:
            assert [m.span() for m in c.finditer(text)] == [m.span() for m in c.regex.finditer(text)], prop
            for start in range(0, len(text), 97):
                end = min(len(text), start + 160)
                got, want = c.search(text, start, end), c.regex.search(text, start, end)
                assert (got and got.span()) == (want and want.span()), (prop, start)
