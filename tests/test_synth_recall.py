"""Regression check: extraction recovers most of the codes a synthetic review declares.

Synthetic text is not the quality measure (the real reviews and their gold are); this
only catches an extractor that stops seeing what it plainly should. The recall is
printed; the floor is modest on purpose.
"""
from __future__ import annotations

import pytest

from casegraph import ontology
from casegraph.bench import synth

KINDS = ("RT_BRIEFING", "RT_EXECUTIVE_SUMMARY", "RT_PARTNERSHIP_RESPONSE")
FLOOR = 0.6


def test_extraction_recovers_most_declared_codes(tmp_path):
    extract_file = pytest.importorskip("loaders").__dict__.get("extract_file")
    if extract_file is None:
        pytest.skip("loaders.extract_file is not available yet")
    found = declared = negated = negated_found = 0
    for i in range(12):
        r = synth.review(seed=31, index=i, kind=KINDS[i % len(KINDS)])
        path = tmp_path / f"{r.stem}.{r.fmt}"
        path.write_text(r.text, encoding="utf-8")
        record = extract_file(path)
        for field in ontology.coded_fields():
            got = {item["code"] for item in record[field]}
            found += len(got & set(r.truth[field]))
            declared += len(r.truth[field])
        risk = {item["code"] for item in record["risk_factors"]}
        negated += len(r.truth["negated"])
        negated_found += len(risk & set(r.truth["negated"]))
    recall = found / declared
    print(f"\nsynthetic regression: recall {recall:.2f} of {declared} declared codes; "
          f"{negated_found} of {negated} negated risk factors reported as present")
    assert recall >= FLOOR
