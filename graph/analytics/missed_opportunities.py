"""Agency involvement: which agency types are most often linked to missed opportunities.

The rule. A missed opportunity of a review *names* an agency type when its text
contains, as whole words and ignoring case, a name of the type: how that review
refers to one of its agencies of the type (the agency's name, or a quote that is
evidence for the agency (its ``mentions``), at most 60 characters, e.g. "the health visitor"), or
the ontology's names for the type (its alternative labels, each part of its
preferred label before any bracket, split at "/", and acronyms in brackets: for
"General practice (GP)", "General practice" and "GP").
Separately, an agency type is *involved* in every review that has at least one
missed opportunity and involves the type. Types are ranked by the missed
opportunities that name them, then by the reviews they are involved in.

>>> from casegraph.graph.analytics.examples import toy_graph
>>> from casegraph.graph.analytics.features import review_features
>>> rows = agency_involvement(review_features(toy_graph()))
>>> [(r["code"], r["missed_opportunities"], r["reviews_involved"]) for r in rows]
[('AG_CHILDRENS_SOCIAL_CARE', 1, 2), ('AG_POLICE', 1, 1)]
"""
from __future__ import annotations

import re
from functools import lru_cache

from casegraph import ontology
from .features import ReviewFeatures

MAX_NAME = 60
MAX_EXAMPLES = 3


@lru_cache(maxsize=None)
def type_names(code: str) -> frozenset[str]:
    """The ontology's names for an agency type (see the module doc).

    >>> sorted(type_names("AG_GP"))
    ['GP', 'General practice']
    """
    c = ontology.concept(code)
    head, _, bracket = c.label.partition("(")
    acronyms = re.findall(r"\b[A-Z][A-Z&]+\b", bracket)
    names = (*re.split(r"[/,]", head), *acronyms, *c.alt_labels, *c.hidden_labels)
    return frozenset(n.strip() for n in names if len(n.strip()) > 1)


@lru_cache(maxsize=4096)
def _pattern(names: frozenset[str]) -> re.Pattern:
    alternatives = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in alternatives) + r")(?!\w)", re.IGNORECASE)


def _names(f: ReviewFeatures) -> dict[str, re.Pattern]:
    """For each agency type of the review, one pattern matching any of its names there."""
    names: dict[str, set[str]] = {}
    for agency in f.agencies:
        names.setdefault(agency["code"], set(type_names(agency["code"]))).add(agency["name"])
        names[agency["code"]].update(agency.get("mentions") or ())
        names[agency["code"]].update(e.get("text") or "" for e in f.concepts.get(agency["code"], []))
    out = {}
    for code, words in names.items():
        words = frozenset(" ".join(w.split()) for w in words if w and w.strip() and len(w) <= MAX_NAME)
        if words:
            out[code] = _pattern(words)
    return out


def agency_involvement(features: dict[str, ReviewFeatures]) -> list[dict]:
    """Agency types linked to missed opportunities, by the rule of the module doc:
    ``{"code", "label", "missed_opportunities", "reviews_naming", "reviews_involved", "examples"}``
    where ``examples`` holds up to three missed opportunities naming the type
    (``{"review_id", "text", "start", "end"}``)."""
    rows: dict[str, dict] = {}

    def row(code: str) -> dict:
        return rows.setdefault(code, {"code": code, "label": ontology.label(code), "missed_opportunities": 0,
                                      "reviews_naming": 0, "reviews_involved": 0, "examples": []})

    for rid, f in features.items():
        if not f.missed_opportunities:
            continue
        texts = [" ".join((m.get("text") or "").split()) for m in f.missed_opportunities]
        for code in {a["code"] for a in f.agencies}:
            row(code)["reviews_involved"] += 1
        for code, pattern in _names(f).items():
            naming = [m for m, text in zip(f.missed_opportunities, texts) if pattern.search(text)]
            r = row(code)
            r["missed_opportunities"] += len(naming)
            r["reviews_naming"] += bool(naming)
            r["examples"].extend({"review_id": rid, **{k: m.get(k) for k in ("text", "start", "end")}}
                                 for m in naming[:MAX_EXAMPLES - len(r["examples"])])
    return sorted(rows.values(), key=lambda r: (-r["missed_opportunities"], -r["reviews_involved"], r["code"]))
