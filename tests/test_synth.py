"""The synthetic corpus generator: deterministic, sized like real reviews, honest about its codes."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from casegraph import ontology
from casegraph.bench import synth, vocabulary, wording
from casegraph.cli import main
from casegraph.loaders import read_document


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_whatever_the_number_of_workers(tmp_path):
    synth.write_corpus(tmp_path / "a", 30, seed=11, workers=1)
    synth.write_corpus(tmp_path / "b", 30, seed=11, workers=2)
    synth.write_corpus(tmp_path / "c", 30, seed=12, workers=1)
    a = _digest(tmp_path / "a")
    assert len(a) == 60
    assert a == _digest(tmp_path / "b")
    assert a != _digest(tmp_path / "c")


def test_a_review_does_not_depend_on_the_others():
    assert synth.review(5, 17).text == list(synth.reviews(3, seed=5, start=16))[1].text


@pytest.mark.parametrize("kind", list(synth.KINDS))
def test_text_length_follows_the_format(tmp_path, kind):
    low, high = synth.KINDS[kind][1]
    for i in range(6):
        r = synth.review(3, i, kind=kind)
        path = tmp_path / f"{r.stem}.{r.fmt}"
        path.write_text(r.text, encoding="utf-8")
        n = len(read_document(path).text)
        assert low * 0.95 <= n <= high * 1.1, (r.stem, r.fmt, n)


def test_codes_file_declares_real_codes_in_the_right_fields(tmp_path):
    synth.write_corpus(tmp_path, 40, seed=2)
    files = sorted(tmp_path.glob("*.codes.json"))
    assert len(files) == 40
    fields = {s.field: s.key for s in ontology.schemes() if s.field}
    for f in files:
        truth = json.loads(f.read_text(encoding="utf-8"))
        assert (tmp_path / truth["file"]).exists()
        assert ontology.concept(truth["review_type"]).scheme == "review_type"
        assert truth["children"][0]["outcome"] in {c.code for c in ontology.concepts("outcome")}
        for field, key in fields.items():
            assert truth[field], (f.name, field)
            assert all(ontology.concept(c).scheme == key for c in truth[field])
        declared = {c for field in fields for c in truth[field]}
        assert not declared & set(truth["negated"]), f.name
        assert not declared & set(truth["distractors"]), f.name
        assert truth["recommendations"] and truth["lessons"]


def test_every_declared_concept_is_written_and_negated_ones_are_negated():
    for i in range(20):
        r = synth.review(9, i, fmt="txt")
        text = r.text.lower()
        for field in ontology.coded_fields():
            for code in r.truth[field]:
                assert any(p.lower() in text for p in vocabulary.phrases(code)), (r.stem, code)
        for code in r.truth["negated"]:
            assert any(p.lower() in text for p in vocabulary.phrases(code)), (r.stem, code)


def test_templates_name_no_concept_of_their_own():
    """A concept enters a sentence only through its phrase, so the declared codes stay true."""
    for name in dir(wording):
        if name.startswith(("BODY_", "_")):  # partnership names do name the safeguarding partnership
            continue
        value = getattr(wording, name)
        for template in value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ():
            assert not vocabulary.mentions(re.sub(r"\{\w+\}", " ", template)), (name, template)


def test_documents_say_they_are_fictional_and_use_invented_names():
    r = synth.review(1, 0, fmt="txt")
    assert wording.FICTION_NOTE in r.text
    assert r.truth["areas"][0] in r.truth["partnership"]
    assert any(r.truth["areas"][0].startswith(stem) for stem in wording.PLACE_STEMS)


def test_synth_command_writes_a_corpus_and_refuses_a_file(tmp_path, capsys):
    assert main(["synth", "--n", "5", "--seed", "4", "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    assert len(list((tmp_path / "out").glob("*.codes.json"))) == 5
    assert "wrote 5 fictional reviews" in capsys.readouterr().out
    target = tmp_path / "a-file.txt"
    target.write_text("not a folder")
    assert main(["synth", "--n", "2", "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert "a-file.txt" in err and "not a folder" in err and "Traceback" not in err
