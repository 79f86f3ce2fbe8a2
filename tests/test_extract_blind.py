"""Extraction on the blind development batches (fictional excerpts, codes written before any extractor run).

``tests/fixtures/blind/batch-1`` to ``batch-27`` (there is no batch-20: its writer was cut off) were written by
writers who never saw the extractor's vocabulary; ``FIRST_PASS.md`` in each records what the unchanged extractor scored. The floors sit a little
below the scores reached after the vocabulary learned to generalise (docs/extraction_quality.md), so a change
that loses that ground fails here. Batch-2's yaml has about ten agency expectation errors, noted in its
FIRST_PASS.md and left as they are, so its agency floor is lower. ``metadata-1`` annotates only review type,
date, outcome and the child's age (the forms of real documents' openings), so it is held to metadata floors.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from casegraph.loaders.evaluate import evaluate

BLIND = Path(__file__).parent / "fixtures" / "blind"
FLOORS = {  # all codes F1, and per-scheme F1 a little below what was reached
    "batch-1": {"all_codes": 0.85, "risk_factors": 0.73, "harm_types": 0.84, "practice_themes": 0.69,
                "agencies": 0.93, "family_roles": 0.93},
    "batch-2": {"all_codes": 0.77, "risk_factors": 0.75, "harm_types": 0.77, "practice_themes": 0.62,
                "agencies": 0.76, "family_roles": 0.90},
    # first scored on 2026-12-07 (FIRST_PASS.md); all raised on 2026-12-07 after the general grammars of issue 14
    "batch-3": {"all_codes": 0.85, "risk_factors": 0.75, "harm_types": 0.83, "practice_themes": 0.69,
                "agencies": 0.94, "family_roles": 0.95},
    "batch-4": {"all_codes": 0.76, "risk_factors": 0.74, "harm_types": 0.75, "practice_themes": 0.57,
                "agencies": 0.78, "family_roles": 0.90},
    "batch-5": {"all_codes": 0.86, "risk_factors": 0.78, "harm_types": 0.81, "practice_themes": 0.69,
                "agencies": 0.95, "family_roles": 0.93},
    # first scored on 2026-12-07 09:32 UTC, after the general grammars (FIRST_PASS.md): floors a little below
    "batch-6": {"all_codes": 0.82, "risk_factors": 0.72, "harm_types": 0.78, "practice_themes": 0.61,
                "agencies": 0.95, "family_roles": 0.92},
    "batch-7": {"all_codes": 0.82, "risk_factors": 0.70, "harm_types": 0.73, "practice_themes": 0.64,
                "agencies": 0.96, "family_roles": 0.91},
    # first scored on 2026-12-07 12:06 UTC, after the second pass of grammars (FIRST_PASS.md): floors a little below
    "batch-8": {"all_codes": 0.83, "risk_factors": 0.77, "harm_types": 0.84, "practice_themes": 0.63,
                "agencies": 0.94, "family_roles": 0.94},
    "batch-9": {"all_codes": 0.82, "risk_factors": 0.77, "harm_types": 0.84, "practice_themes": 0.62,
                "agencies": 0.91, "family_roles": 0.94},
    # first scored on 2026-12-07 15:09 UTC with the learned practice-theme stage (FIRST_PASS.md: all codes 0.844 /
    # 0.843), then added to its training excerpts: practice-theme floors are below the fit on them, not the first pass
    "batch-10": {"all_codes": 0.86, "risk_factors": 0.73, "harm_types": 0.81, "practice_themes": 0.80,
                 "agencies": 0.89, "family_roles": 0.95},
    "batch-11": {"all_codes": 0.85, "risk_factors": 0.77, "harm_types": 0.84, "practice_themes": 0.83,
                 "agencies": 0.88, "family_roles": 0.94},
    # first scored on 2026-12-07 16:46 UTC (FIRST_PASS.md: all codes 0.831 / 0.835), then added to the learned
    # stage's training excerpts: its floors are below the fit on them, not the first pass
    "batch-12": {"all_codes": 0.83, "risk_factors": 0.75, "harm_types": 0.84, "practice_themes": 0.79,
                 "agencies": 0.86, "family_roles": 0.92},
    "batch-13": {"all_codes": 0.84, "risk_factors": 0.83, "harm_types": 0.73, "practice_themes": 0.76,
                 "agencies": 0.86, "family_roles": 0.95},
    # first scored on 2026-12-07 17:26 UTC (FIRST_PASS.md: all codes 0.834 / 0.860), then trained on, like 12 and 13
    "batch-14": {"all_codes": 0.84, "risk_factors": 0.77, "harm_types": 0.81, "practice_themes": 0.79,
                 "agencies": 0.90, "family_roles": 0.92},
    "batch-15": {"all_codes": 0.86, "risk_factors": 0.85, "harm_types": 0.84, "practice_themes": 0.80,
                 "agencies": 0.89, "family_roles": 0.89},
    # first scored on 2026-12-07 17:39 UTC (FIRST_PASS.md: all codes 0.780 / 0.774), then trained on
    "batch-16": {"all_codes": 0.80, "risk_factors": 0.79, "harm_types": 0.79, "practice_themes": 0.75,
                 "agencies": 0.78, "family_roles": 0.91},
    "batch-17": {"all_codes": 0.79, "risk_factors": 0.70, "harm_types": 0.75, "practice_themes": 0.74,
                 "agencies": 0.80, "family_roles": 0.91},
    # first scored on 2026-12-07 20:05-20:13 UTC at 8173c80 (all codes 0.852 / 0.877 / 0.863), then trained on
    "batch-18": {"all_codes": 0.85, "risk_factors": 0.80, "harm_types": 0.90, "practice_themes": 0.74,
                 "agencies": 0.91, "family_roles": 0.93},
    "batch-19": {"all_codes": 0.88, "risk_factors": 0.81, "harm_types": 0.86, "practice_themes": 0.82,
                 "agencies": 0.92, "family_roles": 0.97},
    "batch-21": {"all_codes": 0.86, "risk_factors": 0.78, "harm_types": 0.89, "practice_themes": 0.74,
                 "agencies": 0.93, "family_roles": 0.94},
    # first pass 2026-12-07 21:13-23:12 UTC at c3593c0 (all codes 0.878 / 0.872 / 0.856), blind again at 4129902
    # (0.896 / 0.879 / 0.866), then trained on: floors a little below the fit
    "batch-22": {"all_codes": 0.88, "risk_factors": 0.82, "harm_types": 0.83, "practice_themes": 0.84,
                 "agencies": 0.93, "family_roles": 0.94},
    "batch-23": {"all_codes": 0.87, "risk_factors": 0.78, "harm_types": 0.85, "practice_themes": 0.81,
                 "agencies": 0.95, "family_roles": 0.94},
    "batch-24": {"all_codes": 0.86, "risk_factors": 0.76, "harm_types": 0.83, "practice_themes": 0.81,
                 "agencies": 0.92, "family_roles": 0.94},
    # first pass 2026-12-08 at 5304256 (all codes 0.893 / 0.876 / 0.881), again at 64af902 (0.895 / 0.883 / 0.875;
    # 25 and 27 still blind there), then trained on: floors a little below the fit
    "batch-25": {"all_codes": 0.89, "risk_factors": 0.84, "harm_types": 0.83, "practice_themes": 0.84,
                 "agencies": 0.95, "family_roles": 0.92},
    "batch-26": {"all_codes": 0.87, "risk_factors": 0.83, "harm_types": 0.85, "practice_themes": 0.80,
                 "agencies": 0.94, "family_roles": 0.90},
    "batch-27": {"all_codes": 0.87, "risk_factors": 0.72, "harm_types": 0.90, "practice_themes": 0.83,
                 "agencies": 0.95, "family_roles": 0.95},
}
# batch-5, 18, 21, 22, 25 and 27 are short of the 40 a batch should have (their writers ran out of time); 40 elsewhere
EXCERPTS = {"batch-5": 35, "batch-18": 30, "batch-21": 30, "batch-22": 32, "batch-25": 19, "batch-27": 12,
            "metadata-1": 20}
METADATA_FLOORS = {  # accuracy a little below what was reached; metadata-1 annotates only the metadata
    "batch-1": {"review_type": 0.90, "outcome": 0.90, "child_age_months": 0.72},
    "batch-2": {"review_type": 0.85, "outcome": 0.85, "child_age_months": 0.85},
    "metadata-1": {"review_type": 0.92, "outcome": 0.95, "child_age_months": 0.92},
    "batch-12": {"review_type": 0.94, "outcome": 0.88, "child_age_months": 0.85, "published": 0.77},
    "batch-13": {"review_type": 0.88, "outcome": 0.78, "child_age_months": 0.85, "published": 0.68},
    "batch-14": {"review_type": 0.92, "outcome": 0.88, "child_age_months": 0.79, "published": 0.88},
    "batch-15": {"review_type": 0.93, "outcome": 0.88, "child_age_months": 0.86, "published": 0.70},
    "batch-16": {"review_type": 0.90, "outcome": 0.74, "child_age_months": 0.52, "published": 0.52},
    "batch-17": {"review_type": 0.97, "outcome": 0.85, "child_age_months": 0.60, "published": 0.90},
    "batch-18": {"review_type": 0.97, "outcome": 0.94, "child_age_months": 0.87, "published": 0.87},
    "batch-19": {"review_type": 0.95, "outcome": 0.93, "child_age_months": 0.86, "published": 0.97},
    "batch-21": {"review_type": 0.97, "outcome": 0.81, "child_age_months": 0.83, "published": 0.94},
    "batch-22": {"review_type": 0.97, "outcome": 0.88, "child_age_months": 0.71, "published": 0.94},
    "batch-23": {"review_type": 0.97, "outcome": 0.87, "child_age_months": 0.83, "published": 0.92},
    "batch-24": {"review_type": 0.97, "outcome": 0.87, "child_age_months": 0.78, "published": 0.95},
    "batch-25": {"review_type": 0.97, "outcome": 0.92, "child_age_months": 0.91, "published": 0.86},
    "batch-26": {"review_type": 0.95, "outcome": 0.82, "child_age_months": 0.88, "published": 0.87},
    "batch-27": {"review_type": 0.97, "outcome": 0.72, "child_age_months": 0.97, "published": 0.97},
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def batch(request) -> tuple[str, dict]:
    folder = BLIND / request.param
    return request.param, evaluate(folder, folder)


PENDING = BLIND.parent / "pending"  # sealed batches scored once, not yet trained on: the next change's measure


def test_every_excerpt_is_fictional_and_has_expectations():
    folders = [BLIND / name for name in {**FLOORS, **METADATA_FLOORS}] + sorted(PENDING.glob("batch-*"))
    for folder in folders:
        texts = sorted(folder.glob("*.txt"))
        assert len(texts) >= EXCERPTS.get(folder.name, 40 if folder.parent == BLIND else 20)
        for t in texts:
            assert t.read_text(encoding="utf-8").splitlines()[0].startswith("FICTIONAL EXCERPT"), t
            assert t.with_suffix(".yaml").exists(), t


def test_scores_stay_above_their_floors(batch):
    name, result = batch
    low = {c: result[c]["f1"] for c, floor in FLOORS[name].items() if result[c]["f1"] < floor}
    assert not low, f"{name}: below the floor: {low}"
    assert result["missing_predictions"] == []


@pytest.mark.parametrize("name", sorted(METADATA_FLOORS))
def test_metadata_stays_above_its_floors(name):
    accuracy = evaluate(BLIND / name, BLIND / name)["metadata_accuracy"]
    low = {m: accuracy[m] for m, floor in METADATA_FLOORS[name].items() if accuracy[m] < floor}
    assert not low, f"{name}: metadata below the floor: {low}"
