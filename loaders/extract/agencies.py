"""Agencies involved with the family or named by the review: agency type code, the name used, evidence.

>>> from loaders.extract.layout import layout
>>> [(a["code"], a["name"]) for a in agencies(layout("The Community Drugs Team saw the father."))["agencies"]]
[('AG_SUBSTANCE_SERVICE', 'Community Drugs Team')]
"""
from __future__ import annotations

from loaders.extract.codes import find_codes
from loaders.extract.layout import Layout


def agencies(lay: Layout) -> dict:
    """``{"agencies": [{"code", "name", "evidence"}]}``; the name is the first wording the review uses."""
    out = []
    for entry in find_codes(lay, "agency_type"):
        out.append({"code": entry["code"], "name": " ".join(entry["evidence"][0]["text"].split()),
                    "evidence": entry["evidence"]})
    return {"agencies": out}
