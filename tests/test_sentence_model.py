"""The learned sentence stage (loaders.extract.sentence_model): what it codes, what it quotes, which sentences it
scores, and that the shipped model is the one its training excerpts give."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from casegraph import ontology
from casegraph.loaders import document_from_text
from casegraph.loaders.extract import extract_document, sentence_model
from casegraph.loaders.extract.layout import layout
from casegraph.loaders.extract.vocabulary import flagged_codes

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("train_sentence_model", ROOT / "scripts/train_sentence_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_is_the_one_the_training_excerpts_give():
    script = _script()
    arrays = sentence_model.train(script.examples(script.DEFAULT_DIRS))
    probe = [text for text, _ in script.examples([ROOT / "tests/fixtures/blind/batch-1"])]
    for scheme in ("practice_theme", "risk_factor"):
        fresh, shipped = sentence_model.Model(arrays, scheme), sentence_model.model(scheme)
        assert shipped is not None and shipped.codes == fresh.codes and shipped.codes
        assert set(shipped.codes) <= set(flagged_codes("learnedStage"))
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
    assert "PT_CHILD_FOCUS" in sentence_model.found(judged, "practice_theme")
    assert sentence_model.found(plain, "practice_theme") == {}


def test_terms_of_reference_are_not_coded_by_the_model():
    text = ("Terms of reference\n\n- Nobody spoke to the boy on his own about life at home.\n\n"
            "Findings\n\nThe boy lived with his aunt.")
    rec = extract_document(document_from_text(text, source="x.txt"))
    assert "PT_CHILD_FOCUS" not in {t["code"] for t in rec["practice_themes"]}


def test_the_model_file_is_plain_arrays():
    with np.load(ontology.SENTENCE_MODEL_FILE, allow_pickle=False) as arrays:
        assert {"terms", "idf"} | {f"{scheme}.{part}" for scheme in ("practice_theme", "risk_factor")
                                   for part in ("codes", "coef", "intercept", "threshold")} <= set(arrays.files)
        assert all(ontology.is_code(str(c)) for c in arrays["risk_factor.codes"])


def test_a_risk_factor_in_other_words_is_found_in_a_statement_about_the_family_not_in_a_heading():
    said = layout("Fictional example. He had stopped going to school in the spring and nobody asked where he was.")
    assert "RF_NOT_IN_SCHOOL" in sentence_model.found(said, "risk_factor")
    heading = layout("Fictional example. He had stopped going to school in the spring and nobody asked where he was")
    assert "RF_NOT_IN_SCHOOL" not in sentence_model.found(heading, "risk_factor")
    nobody = layout("Fictional example. Attendance at school had dropped in the spring and nobody asked why.")
    assert "RF_NOT_IN_SCHOOL" not in sentence_model.found(nobody, "risk_factor")


def test_only_the_risk_factors_marked_for_the_learned_stage_get_a_model():
    assert "RF_DOMESTIC_ABUSE" not in sentence_model.model("risk_factor").codes
    assert "RF_HIDDEN_MEN" in sentence_model.model("risk_factor").codes


def test_a_concept_only_one_sentence_reaches_needs_the_higher_probability():
    m = sentence_model.model("practice_theme")
    candidates = ["The health visitor did not see the child at all.", "The girl was not asked about her wishes.",
                  "The school did not share its worries with anyone.", "No one thought about what the baby saw."]
    probabilities = m.probabilities(candidates)
    middling = [(text, m.codes[j]) for text, row in zip(candidates, probabilities)
                for j, p in enumerate(row) if m.threshold <= p < m.settings.lone]
    assert middling, "no candidate sentence lies between the two thresholds: choose others"
    text, code = middling[0]
    assert code not in sentence_model.found(layout(text), "practice_theme")
    assert code in sentence_model.found(layout(f"{text} {text}"), "practice_theme")
