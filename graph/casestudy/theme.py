"""A case-study pack's theme: concept codes named by code or by label, checked against the ontology.

A theme is any set of concept codes. People may name a concept by its code (``RF_HIDDEN_MEN``) or by
its preferred label (``Unknown, hidden or unassessed men``), in any case. On the command line several
are given joined by commas; as labels may hold commas themselves, the longest run of comma-separated
parts that names a concept is taken first.

>>> parse_theme("rf_hidden_men, Unknown, hidden or unassessed men ,PT_FATHERS_AND_MEN")
['RF_HIDDEN_MEN', 'PT_FATHERS_AND_MEN']
"""
from __future__ import annotations

import difflib
from functools import lru_cache

from casegraph import ontology
from casegraph.errors import CasegraphError


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Lower-cased code or preferred label -> code, for every concept of the ontology."""
    out = {}
    for c in ontology.all_concepts():
        out[c.label.lower()] = c.code
        out[c.code.lower()] = c.code
    return out


def _unknown(term: str) -> CasegraphError:
    names = _names()
    close = difflib.get_close_matches(term.lower(), list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(names[c]) for c in close)}?" if close else ""
    return CasegraphError(f"{term!r} is not a code or label of the casegraph ontology{hint} "
                          "(codes look like RF_HIDDEN_MEN; the dashboard lists the labels)")


def parse_theme(text: str) -> list[str]:
    """The distinct codes named in ``text`` (codes or labels joined by commas), in the order given
    (see the module doc); a plain-words :class:`CasegraphError` naming a part that is neither.

    >>> parse_theme("child died")
    ['OC_DEATH']
    >>> parse_theme("OC_DEATH,RF_NO_SUCH_THING")
    Traceback (most recent call last):
    ...
    casegraph.errors.CasegraphError: 'RF_NO_SUCH_THING' is not a code or label of the casegraph ontology ...
    """
    parts = [p.strip() for p in text.split(",")]
    codes, i = [], 0
    while i < len(parts):
        if not parts[i]:
            i += 1
            continue
        for j in range(len(parts), i, -1):
            code = _names().get(" ".join(", ".join(parts[i:j]).split()).lower())
            if code is not None:
                break
        else:
            raise _unknown(parts[i])
        if code not in codes:
            codes.append(code)
        i = j
    return codes
