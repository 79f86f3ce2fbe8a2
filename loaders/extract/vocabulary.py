"""The extractor's vocabulary, compiled once from the ontology.

Concept matchers come from each concept's labels (``ontology.matching_terms``) and
``cg:matchPattern`` regular expressions; cue patterns (negation, earlier generation,
section headings, ...) are annotation properties of ``ontology/matching.ttl``. Nothing
here lists a word: it only compiles what the ontology holds.

Pattern conventions (see ``matching.ttl``): case-insensitive, whole words, a space
matches any run of white space, an apostrophe matches ' or ’.

>>> text = "Both parents used illicit drugs."
>>> concept_matcher("RF_SUBSTANCE_MISUSE").spans(text, fold(text))
[(13, 31)]
>>> bool(cue("negationCue").search("neither parent had a history of violence"))
True
"""
from __future__ import annotations

import bisect
import re
import re._parser as _parser
import string
from functools import lru_cache
from typing import NamedTuple

import ahocorasick
from rdflib import SKOS, Literal, URIRef

import ontology
from ontology import CG

FLAGS = re.IGNORECASE


def pattern_source(pattern: str, fold: bool = False, lead: bool = True) -> str:
    """Turn a pattern written under the ontology's conventions into a Python regex.

    ``fold`` lower-cases its literal letters (for matching lower-cased text without the
    slow IGNORECASE flag); ``lead=False`` leaves out the leading word-boundary check
    (done afterwards by :class:`Matcher`, which keeps the regex engine's fast scan).

    >>> print(pattern_source("took drugs"))
    (?<!\\w)(?:took\\s+drugs)(?!\\w)
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
            out.append(r"\s" if ch == " " else ch.lower() if fold else ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == " ":
            quantified = i + 1 < len(pattern) and pattern[i + 1] in "?*+{"
            out.append(r"\s" if quantified else r"\s+")
        elif ch == "'":
            out.append("['’]")
        else:
            out.append(ch.lower() if fold else ch)
        i += 1
    body = "".join(out)
    return (r"(?<!\w)" if lead else "") + rf"(?:{body})(?!\w)"


def term_source(term: str, fold: bool = False, lead: bool = True) -> str:
    """A literal label as a pattern: escaped, spaces and hyphens flexible.

    >>> bool(re.search(term_source("multi-agency meeting"), "multi agency  meeting"))
    True
    """
    words = [re.escape(w.lower() if fold else w).replace(r"\-", r"[-\s]?").replace("'", "['’]")
             for w in term.split()]
    joined = r"\s+".join(words)
    return (r"(?<!\w)" if lead else "") + rf"(?:{joined})(?!\w)"


def compile_patterns(patterns) -> re.Pattern:
    """One case-insensitive regex matching any of ``patterns`` (convention syntax)."""
    return re.compile("|".join(pattern_source(p) for p in patterns), FLAGS)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def fold(text: str) -> str:
    """``text`` with ASCII letters in lower case (same length, so offsets still hold)."""
    return text.translate(_ASCII_LOWER)


_META = set("()[]{}?*+|\\.^$ '")


_LEADING_CHOICE = re.compile(r"\(\?:([a-z0-9|-]+)\)(?![?*{])")
MIN_LITERAL = 3


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of ``pattern`` must contain, or None if unknown.

    The longest run of plain letters outside any group (and not made optional), else the options
    of a leading group of plain words. Used to skip a pattern at once when the text has none of them.

    >>> required_literals("(?:local )?safeguarding (?:children )?board"), required_literals("rape[d]?")
    (('safeguarding',), ('rape',))
    >>> required_literals("(?:drug|substance)s? (?:use|misuse)"), required_literals("(?:a|b) c|d")
    (('drug', 'substance'), None)
    >>> required_literals("(?:father|dad)[a-z' ]{0,12} was seen"), required_literals("[a-z]+ tenancy")
    (('seen',), ('tenancy',))
    """
    runs, run, depth, i = [], "", 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            runs.append(run)
            run, i = "", i + 2
            continue
        if ch == "|" and depth == 0:
            return None
        if ch in "[{":  # a character class or a repeat count: skip to its end
            close = pattern.find("]" if ch == "[" else "}", i + 2 if ch == "[" else i)
            runs.append(run[:-1] if ch == "{" else run)
            run, i = "", (close if close >= 0 else len(pattern)) + 1
            continue
        if ch in _META:
            if ch in "?*{" and run:
                run = run[:-1]
            runs.append(run)
            run = ""
            depth += (ch == "(") - (ch == ")")
        elif depth == 0:
            run += ch
        i += 1
    runs.append(run)
    best = max(runs, key=len).lower()
    if len(best) >= MIN_LITERAL:
        return (best,)
    choice = _LEADING_CHOICE.match(pattern)
    if choice:
        options = tuple(o.lower() for o in choice.group(1).split("|"))
        return options if all(len(o) >= MIN_LITERAL for o in options) else None
    return None


class Matcher(NamedTuple):
    """A concept's patterns, compiled for speed: each case-free pattern on its own, run on folded
    text without flags and only near the text it requires (``(literals, regex, reach)``); patterns with
    a case-sensitive part ``(?-i:...)`` together, on the original text."""

    folded: tuple[tuple[tuple[str, ...] | None, re.Pattern, int], ...]
    cased: tuple[re.Pattern, ...]

    def spans(self, text: str, folded_text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Sorted ``(start, end)`` of the whole-word matches in ``text[start:end]``; of overlapping
        matches only the first (longest) is kept."""
        end = len(text) if end is None else end
        found = occurrences(folded_text) if any(literals for literals, _, _ in self.folded) else {}
        out = set()
        runs = [(regex, folded_text, window)
                for literals, regex, reach in self.folded
                for window in (_windows(found, literals, reach, start, end) if literals else [(start, end)])]
        runs += [(regex, text, (start, end)) for regex in self.cased]
        for regex, haystack, (lo, hi) in runs:
            out.update(m.span() for m in regex.finditer(haystack, lo, hi)
                       if m.end() > m.start() and (m.start() == 0 or not _WORD.match(text, m.start() - 1)))
        kept: list[tuple[int, int]] = []
        for s, e in sorted(out, key=lambda span: (span[0], -span[1])):
            if not kept or s >= kept[-1][1]:
                kept.append((s, e))
        return kept


_WORD = re.compile(r"\w")
WINDOW = 400  # a match lies within this many characters of the literal it requires, however wide its pattern
LOOK_MARGIN = 40  # room for a pattern's look-ahead past the end of its match


RUN = 40  # the longest run of one repeated character (a word, white space) a match is taken to hold


def reach(regex: re.Pattern) -> int:
    """How far from the literal it requires a match of ``regex`` can reach: its widest match (an open-ended
    repeat of one character counted as at most :data:`RUN` of them) plus a margin for look-arounds, at most
    :data:`WINDOW`.

    >>> reach(re.compile("took drugs")), reach(re.compile(r"took\\s+drugs")), reach(re.compile("drugs(?: [a-z]+)+"))
    (50, 90, 400)
    """
    tree = _parser.parse(regex.pattern, regex.flags)
    _bound_runs(tree)
    return min(WINDOW, tree.getwidth()[1] + LOOK_MARGIN)


def _bound_runs(tree) -> None:
    """Give each open-ended repeat of one character in a parsed pattern an upper bound of :data:`RUN` more."""
    for i, (op, av) in enumerate(tree.data):
        if op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT):
            _bound_runs(av[2])
            if av[1] == _parser.MAXREPEAT and av[2].getwidth() == (1, 1):
                tree.data[i] = (op, (av[0], av[0] + RUN, av[2]))
        elif op is _parser.SUBPATTERN:
            _bound_runs(av[3])
        elif op is _parser.BRANCH:
            for branch in av[1]:
                _bound_runs(branch)


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    """One Aho-Corasick automaton over the required literals of every concept's patterns."""
    auto = ahocorasick.Automaton()
    for c in ontology.all_concepts():
        for literals, _, _ in (concept_matcher(c.code) or Matcher((), ())).folded:
            for lit in literals or ():
                auto.add_word(lit, lit)
    auto.make_automaton()
    return auto


@lru_cache(maxsize=8)
def occurrences(folded_text: str) -> dict[str, list[int]]:
    """Start offsets of every required literal in ``folded_text``, found in one pass.

    >>> occurrences("both parents took drugs")["drugs"]
    [18]
    """
    found: dict[str, list[int]] = {}
    auto = _automaton()
    if auto.kind == ahocorasick.AHOCORASICK:
        for last, lit in auto.iter(folded_text):
            found.setdefault(lit, []).append(last - len(lit) + 1)
    return found


def _windows(found: dict[str, list[int]], literals: tuple[str, ...], reach: int, start: int,
             end: int) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` within ``reach`` of an occurrence (in ``found``) of one of ``literals`` lying
    inside it (merged, in order), where a pattern requiring one of them can match; the whole span when they occur
    so often that the parts would cover much of it; none when they do not occur.

    >>> _windows({"drugs": [2000]}, ("drugs",), 400, 0, 4005)
    [(1600, 2405)]
    """
    most = (end - start) // (2 * reach)
    near = []
    for lit in literals:
        at = found.get(lit)
        if at is None:
            continue
        i, stop = bisect.bisect_left(at, start), bisect.bisect_right(at, end - len(lit))
        if len(near) + stop - i > most:
            return [(start, end)]
        near += [(max(start, j - reach), min(end, j + len(lit) + reach)) for j in at[i:stop]]
    if not near:
        return []
    near.sort()
    merged = [near[0]]
    for lo, hi in near[1:]:
        if lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def leading_literals(regex: re.Pattern) -> tuple[str, ...] | None:
    """For a pattern that opens with a choice, the plain text each option starts with (after optional groups),
    one of which every match must contain; None where an option starts with no run of :data:`MIN_LITERAL` letters.

    >>> leading_literals(re.compile("(?:(?:step)?fathers?|men|partners?)[a-z ]{0,40} drank"))
    ('father', 'men', 'partner')
    """
    tree = _parser.parse(regex.pattern, regex.flags).data
    if tree and tree[0][0] is _parser.SUBPATTERN:
        tree = tree[0][1][3].data
    if not tree or tree[0][0] is not _parser.BRANCH:
        return None
    out = []
    for branch in tree[0][1][1]:
        items = list(branch.data)
        while items and items[0][0] is _parser.MAX_REPEAT and items[0][1][0] == 0:
            items.pop(0)
        run = ""
        for op, av in items:
            if op is not _parser.LITERAL:
                break
            run += chr(av)
        if len(run) < MIN_LITERAL:
            return None
        out.append(run)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=None)
def concept_matcher(code: str) -> Matcher | None:
    """The compiled matcher of a concept: its labels and match patterns (None if it has neither)."""
    c = ontology.concept(code)
    terms = ontology.matching_terms(code) if c.scheme not in ("review_type", "outcome") else ()
    free = [(required_literals(p) or leading_literals(regex), regex) for p in c.patterns if "(?-i:" not in p
            for regex in [re.compile(pattern_source(p, fold=True, lead=False))]]
    free += [(required_literals(max(re.split(r"[\s'’/()-]+", t.strip()), key=len)),
              re.compile(term_source(t, fold=True, lead=False))) for t in terms if t.strip()]
    cased = tuple(re.compile(pattern_source(p, lead=False), FLAGS) for p in c.patterns if "(?-i:" in p)
    if not free and not cased:
        return None
    return Matcher(tuple((literals, regex, reach(regex)) for literals, regex in free), cased)


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


@lru_cache(maxsize=None)
def flagged_codes(prop: str) -> tuple[str, ...]:
    """Codes of the concepts on which annotation property ``cg:<prop>`` is true, sorted.

    >>> flagged_codes("earlierGeneration")
    ('RF_PARENT_ADVERSE_CHILDHOOD',)
    """
    g = ontology.graph()
    return tuple(sorted(str(g.value(s, SKOS.notation)) for s, o in g.subject_objects(CG[prop]) if o == Literal(True)))


@lru_cache(maxsize=None)
def concept_links(prop: str) -> dict[str, str]:
    """Codes of the concepts that carry annotation property ``cg:<prop>``, each mapped to its value:
    the code of the concept it points to, or the literal as text.

    >>> concept_links("childCounterpart")["RF_SELF_HARM"], concept_links("maxAgeMonths")["RF_INFANT"]
    ('RF_CHILD_MENTAL_HEALTH', '11')
    """
    g = ontology.graph()
    return {str(g.value(s, SKOS.notation)): str(g.value(o, SKOS.notation)) if isinstance(o, URIRef) else str(o)
            for s, o in g.subject_objects(CG[prop])}


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
