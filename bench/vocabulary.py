"""Words for the synthetic corpus, read from the ontology.

Every concept the generator can write about comes from :mod:`ontology`: its
codebook cues (``skos:example``), its alternative labels and the parts of its
preferred label. Nothing here lists concepts; it only turns the ontology's
labels into phrases a sentence can carry.

>>> "alcohol misuse" in phrases("RF_ALCOHOL_MISUSE")
True
>>> label_parts("Child health needs / disability / prematurity")
('child health needs', 'disability', 'prematurity')
"""
from __future__ import annotations

import re
from functools import lru_cache

from casegraph import ontology
_PARENS = re.compile(r"\s*\([^)]*\)")
_SPLIT = re.compile(r"\s*/\s*|,\s*|;\s*| or ")


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("GP", "CAMHS")."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def label_parts(label: str) -> tuple[str, ...]:
    """The phrases a preferred label is made of: slash-separated parts, parentheses dropped.

    >>> label_parts("Father (including putative/biological father)")
    ('father',)
    """
    parts = (_lower_first(p.strip()) for p in _SPLIT.split(_PARENS.sub("", label)))
    return tuple(p for p in parts if p)


def _too_vague(phrase: str) -> bool:
    """A single short lower-case word ("young", "race", "court") is too vague to carry a concept
    alone; it is used only when a concept has nothing clearer ("mother")."""
    return " " not in phrase and phrase.islower() and len(phrase) < 8


@lru_cache(maxsize=None)
def phrases(code: str) -> tuple[str, ...]:
    """Phrases that name a concept in running text: cues, alternative labels, label parts.

    >>> phrases("FR_MOTHER")
    ('mother',)
    """
    c = ontology.concept(code)
    every = tuple(dict.fromkeys((*c.examples, *c.alt_labels, *label_parts(c.label))))
    clear = tuple(p for p in every if not _too_vague(p))
    return clear or every


@lru_cache(maxsize=None)
def codes(scheme_key: str) -> tuple[str, ...]:
    """The codes of one scheme that have at least one phrase.

    >>> "HT_NEGLECT" in codes("harm_type")
    True
    """
    return tuple(c.code for c in ontology.concepts(scheme_key) if phrases(c.code))


def field_of(scheme_key: str) -> str:
    """The extraction field of a scheme: ``field_of("agency_type") == "agencies"``."""
    return ontology.scheme(scheme_key).field


@lru_cache(maxsize=1)
def _phrase_owners() -> dict[str, tuple[re.Pattern, frozenset[str]]]:
    owners: dict[str, set[str]] = {}
    for s in ontology.schemes():
        if s.field:
            for code in codes(s.key):
                for p in phrases(code):
                    owners.setdefault(p.lower(), set()).add(code)
    return {p: (re.compile(r"(?<!\w)" + re.escape(p) + r"(?!\w)"), frozenset(c)) for p, c in owners.items()}


def mentions(text: str) -> frozenset[str]:
    """Codes of every coded concept whose phrase occurs in ``text`` (whole words, any case).

    >>> sorted(mentions("the mother's ability to understand"))
    ['FR_MOTHER', 'RF_LEARNING_DIFFICULTY']
    """
    lowered = text.lower()
    found: set[str] = set()
    for p, (pattern, codes_) in _phrase_owners().items():
        if p in lowered and pattern.search(lowered):
            found |= codes_
    return frozenset(found)
