"""Prevalence: the share of reviews with each code, beside published national figures.

The national figures (``national_figures.yaml`` next to this module, a copy of
the published reference data with its sources) count different things:
reviews, notifications, children. Each figure therefore carries its
``population`` as published and its counting ``unit`` (the words after the
count, e.g. "serious case reviews"); the corpus share is always a share of the
reviews in the store.

>>> from casegraph.graph.analytics.examples import toy_graph
>>> from casegraph.graph.analytics.features import review_features
>>> rows = {r["code"]: r for r in prevalence(review_features(toy_graph()))}
>>> rows["RF_INFANT"]["reviews"], round(rows["RF_INFANT"]["share"], 2)
(2, 0.67)
>>> [f["share"] for f in rows["RF_INFANT"]["national"]]
[0.27, 0.35]
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from casegraph import ontology
from .features import ReviewFeatures

FIGURES_FILE = Path(__file__).with_name("national_figures.yaml")
_UNIT = re.compile(r"^\s*[\d,]+\s+([^,(]+)")


@lru_cache(maxsize=1)
def national_figures() -> tuple[dict, ...]:
    """The published national figures: ``{"code", "share", "approximate", "population", "unit", "source"}``.

    >>> national_figures()[0]["unit"]
    'serious case reviews'
    """
    data = yaml.safe_load(FIGURES_FILE.read_text(encoding="utf-8"))
    out = []
    for f in data.get("figures") or []:
        unit = _UNIT.match(f.get("population") or "")
        out.append({"code": f.get("code"), "share": float(f["share"]),
                    "approximate": bool(f.get("approximate")), "population": f.get("population"),
                    "unit": unit.group(1).strip() if unit else None, "source": f.get("source")})
    return tuple(out)


def prevalence(features: dict[str, ReviewFeatures]) -> list[dict]:
    """One row per concept found in at least one review or with a national figure, in
    ontology order: ``{"code", "label", "scheme", "reviews", "share", "national"}`` where
    ``reviews`` counts the reviews with the code, ``share`` is that over all reviews and
    ``national`` lists the national figures for the code."""
    return code_prevalence([f.concepts for f in features.values()])


def code_prevalence(code_sets: list) -> list[dict]:
    """:func:`prevalence` of reviews given by the codes each carries (one collection per review).

    >>> rows = {r["code"]: r for r in code_prevalence([["RF_INFANT"], ["RF_INFANT", "HT_NEGLECT"]])}
    >>> rows["RF_INFANT"]["reviews"], rows["HT_NEGLECT"]["share"]
    (2, 0.5)
    """
    n = len(code_sets)
    counts: dict[str, int] = {}
    for codes in code_sets:
        for code in codes:
            counts[code] = counts.get(code, 0) + 1
    figures: dict[str, list[dict]] = {}
    for fig in national_figures():
        figures.setdefault(fig["code"], []).append(fig)
    return [{"code": c.code, "label": c.label, "scheme": c.scheme, "reviews": counts.get(c.code, 0),
             "share": counts.get(c.code, 0) / n if n else 0.0, "national": figures.get(c.code, [])}
            for c in ontology.all_concepts() if c.code in counts or c.code in figures]
