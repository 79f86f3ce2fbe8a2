"""Agencies involved with the family or named by the review: agency type code, the name used, evidence.

>>> from casegraph.loaders.extract.layout import layout
>>> [(a["code"], a["name"]) for a in agencies(layout("The Community Drugs Team saw the father."))["agencies"]]
[('AG_SUBSTANCE_SERVICE', 'Community Drugs Team')]
"""
from __future__ import annotations

from functools import lru_cache

from casegraph.loaders.extract.codes import find_codes
from casegraph.loaders.extract.layout import Layout


def agencies(lay: Layout) -> dict:
    """``{"agencies": [{"code", "name", "evidence"}]}``; the name is the first wording the review uses.
    Found once per layout (other stages read them too); each call gets its own copy."""
    return {"agencies": [{**a, "evidence": [dict(ev) for ev in a["evidence"]]} for a in _found(lay)]}


@lru_cache(maxsize=4)
def _found(lay: Layout) -> tuple[dict, ...]:
    return tuple({"code": entry["code"], "name": " ".join(entry["evidence"][0]["text"].split()),
                  "evidence": entry["evidence"]} for entry in find_codes(lay, "agency_type"))
