"""A learned second stage for practice themes: one sentence's words against each theme.

Phrase grammars (``matching.ttl``) find a theme only in the wording someone wrote a pattern for;
reviews say "we saw the mum, not Noah" or "his views were recorded in one line" in endless ways.
This stage scores each sentence that passes a judgement about practice (``cg:judgementCue``:
"not", "never", "little", "rather than"...) with a logistic regression per theme over TF-IDF word
unigrams and bigrams (scikit-learn), trained on our fictional labelled excerpts
(``tests/fixtures/blind``, ``tests/fixtures/heldout``; ``scripts/train_sentence_model.py``). A theme
the grammars did not find is coded where one sentence scores at least the model's threshold; its
evidence quotes that sentence. The model ships as ``ontology/sentence_model.npz`` (vocabulary,
IDF weights, coefficients, threshold): no download, no pickle, the same answer on every machine.

How the settings were chosen (docs/extraction_quality.md): trained on batches 1-7 and the held-out
excerpts, measured on batches 8-9; the judgement gate and single sentences keep precision on real
text (dev gold), where whole-excerpt topic words ("Mr", "notified") otherwise pass.

>>> from casegraph.loaders.extract.layout import layout
>>> lay = layout("Nobody spoke to the boy on his own about life at home. He lived with his aunt.")
>>> {code: [lay.text[s:e] for s, e in spans] for code, spans in found(lay).items()}
{'PT_CHILD_FOCUS': ['Nobody spoke to the boy on his own about life at home.']}
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from casegraph import ontology
from casegraph.loaders.extract.layout import Layout
from casegraph.loaders.extract.vocabulary import cue

SETTINGS = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True}
C = 32.0            # inverse regularisation, chosen on batches 8-9 (0.727-0.732 F1 for C 16-32)
MIN_POSITIVES = 4   # a theme with fewer training excerpts gets no model
THRESHOLD = 0.4     # the probability one sentence needs, chosen on batches 8-9


def train(examples: list[tuple[str, set[str]]], scheme: str = "practice_theme") -> dict[str, np.ndarray]:
    """The model's arrays from ``(text, codes)`` examples: each text is an excerpt, ``codes`` its expected
    codes; concepts of ``scheme`` with at least :data:`MIN_POSITIVES` examples get a classifier."""
    vectorizer = TfidfVectorizer(**SETTINGS)
    x = vectorizer.fit_transform([text for text, _ in examples])
    codes, coef, intercept = [], [], []
    for concept in ontology.concepts(scheme):
        y = np.array([concept.code in labels for _, labels in examples])
        if y.sum() < MIN_POSITIVES:
            continue
        fitted = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x, y)
        codes.append(concept.code)
        coef.append(fitted.coef_[0])
        intercept.append(fitted.intercept_[0])
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    return {"scheme": np.array(scheme), "codes": np.array(codes), "terms": np.array(terms),
            "idf": vectorizer.idf_.astype(np.float32), "coef": np.array(coef, dtype=np.float32),
            "intercept": np.array(intercept, dtype=np.float32), "threshold": np.array(THRESHOLD)}


class Model:
    """A loaded model: ``scheme``, ``codes``, ``threshold`` and :meth:`probabilities`."""

    def __init__(self, arrays):
        self.scheme = str(arrays["scheme"])
        self.codes = [str(c) for c in arrays["codes"]]
        self.threshold = float(arrays["threshold"])
        self._vectorizer = TfidfVectorizer(**{k: v for k, v in SETTINGS.items() if k != "min_df"},
                                           vocabulary={str(t): i for i, t in enumerate(arrays["terms"])})
        self._vectorizer.idf_ = arrays["idf"].astype(np.float64)
        self._coef = arrays["coef"].T.astype(np.float64)
        self._intercept = arrays["intercept"].astype(np.float64)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """``len(texts) x len(codes)``: the probability that each text states each code."""
        scores = self._vectorizer.transform(texts) @ self._coef + self._intercept
        return 1.0 / (1.0 + np.exp(-scores))


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped model (``ontology/sentence_model.npz``), or None if the ontology holds none."""
    arrays = ontology.sentence_model()
    return Model(arrays) if arrays is not None else None


def found(lay: Layout, accepts=lambda code, start, end: True) -> dict[str, list[tuple[int, int]]]:
    """``{code: [(start, end), ...]}``: the judgement sentences of ``lay`` that the model codes, each a
    sentence's span, kept where ``accepts(code, start, end)`` (the scheme's section and exclusion tests)."""
    m = model()
    if m is None:
        return {}
    judgement = cue("judgementCue")
    spans = [(s.start, s.end) for s in lay.sentences if judgement.search(lay.text, s.start, s.end) is not None]
    if not spans:
        return {}
    probabilities = m.probabilities([lay.text[s:e] for s, e in spans])
    out: dict[str, list[tuple[int, int]]] = {}
    for row, col in zip(*np.nonzero(probabilities >= m.threshold)):
        code, (start, end) = m.codes[col], spans[row]
        if accepts(code, start, end):
            out.setdefault(code, []).append((start, end))
    return out
