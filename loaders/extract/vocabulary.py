"""The extractor's vocabulary, compiled once from the ontology.

Concept matchers come from each concept's labels (``ontology.matching_terms``) and
``cg:matchPattern`` regular expressions; cue patterns (negation, earlier generation,
section headings, ...) are annotation properties of ``ontology/matching.ttl``. Nothing
here lists a word: it only compiles what the ontology holds.

Pattern conventions (see ``matching.ttl``): case-insensitive, whole words, a space
matches any run of white space, an apostrophe matches ' or ’.

>>> bool(concept_matcher("RF_SUBSTANCE_MISUSE").search("Both parents took illicit drugs."))
True
>>> bool(cue("negationCue").search("neither parent had a history of violence"))
True
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rdflib import SKOS, Literal, URIRef

import ontology
from ontology import CG

FLAGS = re.IGNORECASE


def pattern_source(pattern: str) -> str:
    """Turn a pattern written under the ontology's conventions into a Python regex.

    >>> pattern_source("took drugs")
    '(?<!\\\\w)(?:took\\\\s+drugs)(?!\\\\w)'
    """
    out, in_class, i = [], False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
            out.append(r"\s" if ch == " " else ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == " ":
            quantified = i + 1 < len(pattern) and pattern[i + 1] in "?*+{"
            out.append(r"\s" if quantified else r"\s+")
        elif ch == "'":
            out.append("['’]")
        else:
            out.append(ch)
        i += 1
    return rf"(?<!\w)(?:{''.join(out)})(?!\w)"


def term_source(term: str) -> str:
    """A literal label as a pattern: escaped, spaces and hyphens flexible.

    >>> bool(re.search(term_source("multi-agency meeting"), "multi agency  meeting"))
    True
    """
    words = [re.escape(w).replace(r"\-", r"[-\s]?").replace("'", "['’]") for w in term.split()]
    joined = r"\s+".join(words)
    return rf"(?<!\w)(?:{joined})(?!\w)"


def compile_patterns(patterns, terms=()) -> re.Pattern | None:
    """One regex matching any of ``patterns`` (convention syntax) or literal ``terms``; None if both are empty."""
    sources = [pattern_source(p) for p in patterns] + [term_source(t) for t in terms if t.strip()]
    return re.compile("|".join(sources), FLAGS) if sources else None


@lru_cache(maxsize=None)
def concept_matcher(code: str) -> re.Pattern | None:
    """The compiled matcher of a concept: its labels and match patterns (None if it has neither)."""
    c = ontology.concept(code)
    terms = ontology.matching_terms(code) if c.scheme not in ("review_type", "outcome") else ()
    return compile_patterns(c.patterns, terms)


@lru_cache(maxsize=None)
def cue_strings(prop: str) -> tuple[str, ...]:
    """All values of annotation property ``cg:<prop>`` in the ontology, sorted."""
    g = ontology.graph()
    return tuple(sorted(str(o) for _, o in g.subject_objects(CG[prop])))


@lru_cache(maxsize=None)
def cue(prop: str) -> re.Pattern:
    """The compiled alternation of the patterns held by annotation property ``cg:<prop>``."""
    strings = cue_strings(prop)
    if not strings:
        raise KeyError(f"the ontology has no cue patterns for cg:{prop}")
    return compile_patterns(strings)


class SectionKind(NamedTuple):
    kind: str            # "lessons", "recommendations", "actions", "terms_of_reference"
    heading: re.Pattern  # matches the start of a heading of this kind


@lru_cache(maxsize=1)
def section_kinds() -> tuple[SectionKind, ...]:
    """The section kinds the extractor recognises by heading, from ``cg:headingKind``/``cg:headingCue``."""
    g = ontology.graph()
    out = []
    for node, kind in sorted(g.subject_objects(CG.headingKind)):
        cues = sorted(str(o) for o in g.objects(node, CG.headingCue))
        out.append(SectionKind(str(kind), re.compile(
            r"^\W*(?:" + "|".join(pattern_source(c) for c in cues) + r")", FLAGS)))
    return tuple(out)


@lru_cache(maxsize=1)
def earlier_generation_codes() -> frozenset[str]:
    """Codes of concepts about a parent's own childhood (``cg:earlierGeneration true``)."""
    g = ontology.graph()
    return frozenset(ontology.concept(str(g.value(s, SKOS.notation))).code
                     for s, o in g.subject_objects(CG.earlierGeneration) if o == Literal(True))


@lru_cache(maxsize=None)
def by_priority(scheme_key: str) -> tuple[str, ...]:
    """Codes of a scheme ordered by ``cg:matchPriority`` (those without one are left out)."""
    g = ontology.graph()
    ranked = []
    for c in ontology.concepts(scheme_key):
        p = g.value(URIRef(c.iri), CG.matchPriority)
        if p is not None:
            ranked.append((int(p), c.code))
    return tuple(code for _, code in sorted(ranked))
