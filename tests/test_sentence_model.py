"""The learned practice-theme stage (loaders.extract.sentence_model): what it codes, what it quotes, and that
the shipped model is the one its training excerpts give."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from casegraph import ontology
from casegraph.loaders import document_from_text
from casegraph.loaders.extract import extract_document, sentence_model
from casegraph.loaders.extract.layout import layout

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("train_sentence_model", ROOT / "scripts/train_sentence_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_is_the_one_the_training_excerpts_give():
    script = _script()
    fresh = sentence_model.Model(sentence_model.train(script.examples(script.DEFAULT_DIRS)))
    shipped = sentence_model.model()
    assert shipped is not None and shipped.codes == fresh.codes and shipped.scheme == "practice_theme"
    probe = [text for text, _ in script.examples([ROOT / "tests/fixtures/blind/batch-1"])]
    assert np.allclose(shipped.probabilities(probe), fresh.probabilities(probe), atol=1e-4), \
        "the shipped model is stale: run python scripts/train_sentence_model.py"


def test_a_theme_no_pattern_names_is_coded_with_the_sentence_it_rests_on():
    text = "Fictional example. Nobody spoke to the boy on his own about life at home. He lived with his aunt."
    rec = extract_document(document_from_text(text, source="x.txt"))
    theme = {t["code"]: t for t in rec["practice_themes"]}["PT_CHILD_FOCUS"]
    ev = theme["evidence"][0]
    assert ev["text"] == "Nobody spoke to the boy on his own about life at home."
    assert rec["text"][ev["start"]:ev["end"]] == ev["text"]


def test_only_sentences_that_judge_practice_are_scored():
    judged = layout("Nobody spoke to the boy on his own about life at home.")
    plain = layout("Everybody spoke to the boy on his own about life at home.")
    assert "PT_CHILD_FOCUS" in sentence_model.found(judged)
    assert sentence_model.found(plain) == {}


def test_terms_of_reference_are_not_coded_by_the_model():
    text = ("Terms of reference\n\n- Nobody spoke to the boy on his own about life at home.\n\n"
            "Findings\n\nThe boy lived with his aunt.")
    rec = extract_document(document_from_text(text, source="x.txt"))
    assert "PT_CHILD_FOCUS" not in {t["code"] for t in rec["practice_themes"]}


def test_the_model_file_is_plain_arrays():
    with np.load(ontology.SENTENCE_MODEL_FILE, allow_pickle=False) as arrays:
        assert {"scheme", "codes", "terms", "idf", "coef", "intercept", "threshold"} <= set(arrays.files)
        assert all(ontology.is_code(str(c)) for c in arrays["codes"])
