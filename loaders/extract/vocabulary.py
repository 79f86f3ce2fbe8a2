"""The extractor's vocabulary, compiled once from the ontology.

Concept matchers come from each concept's labels (``ontology.matching_terms``) and
``cg:matchPattern`` regular expressions; cue patterns (negation, earlier generation,
section headings, ...) are annotation properties of ``ontology/matching.ttl``. Nothing
here lists a word: it only compiles what the ontology holds.

Pattern conventions (see ``matching.ttl``): case-insensitive, whole words, a space
matches any run of white space, an apostrophe matches ' or ’; ``{word}`` matches every
inflection of the word (lemminflect's tables: ``{drink}`` is drink, drinks, drank, drunk,
drinking), and ``@name`` the ontology's word class of that name (``@parent``, ``@gap``), so a
concept is written as a small grammar (who, then what they did) rather than a list of strings.

>>> text = "Both parents used illicit drugs."
>>> concept_matcher("RF_SUBSTANCE_MISUSE").spans(text, fold(text))
[(13, 31)]
>>> bool(cue("negationCue").search("neither parent had a history of violence"))
True
"""
from __future__ import annotations

import re
import re._parser as _parser
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

import ahocorasick
from lemminflect import getAllInflections
from rdflib import SKOS, Literal, URIRef

from casegraph import ontology
from casegraph.ontology import CG

FLAGS = re.IGNORECASE


_INFLECTED = re.compile(r"\{([a-z][a-z-]*)\}")
_WORD_CLASS = re.compile(r"@([a-z_]+)")


@lru_cache(maxsize=4096)
def inflections(word: str) -> str:
    """A regex alternation of every inflection of ``word`` (nouns and verbs, from lemminflect's packaged tables;
    no download).

    >>> inflections("misuse")
    '(?:misusing|misused|misuses|misuse)'
    """
    forms = {word, *chain.from_iterable(getAllInflections(word).values())}
    return "(?:" + "|".join(sorted(forms, key=lambda f: (-len(f), f))) + ")"


def expand(pattern: str) -> str:
    """``pattern`` with its word classes (``@name``) and inflected words (``{word}``) written out.

    >>> regex = re.compile(pattern_source("@parent@gap {drink} @intensity"), FLAGS)
    >>> [bool(regex.search(t)) for t in ("the mother drank heavily", "her father had been drinking daily", "he drank")]
    [True, True, False]
    """
    classes = ontology.word_classes()
    for _ in range(4):  # a class may name other classes; four levels is more than the vocabulary uses
        pattern = _WORD_CLASS.sub(lambda m: "(?:" + classes[m.group(1)] + ")", pattern)
    return _INFLECTED.sub(lambda m: inflections(m.group(1)), pattern)


def pattern_source(pattern: str, fold: bool = False, lead: bool = True) -> str:
    """Turn a pattern written under the ontology's conventions into a Python regex.

    ``fold`` lower-cases its literal letters (for matching lower-cased text without the
    slow IGNORECASE flag); ``lead=False`` leaves out the leading word-boundary check
    (done afterwards by :class:`Matcher`, which keeps the regex engine's fast scan).

    >>> print(pattern_source("took drugs"))
    (?<!\\w)(?:took\\s+drugs)(?!\\w)
    """
    pattern = expand(pattern)
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


_OTHER_CASES = "\u0130\u0131\u017f\u212a"  # İ ı ſ K (Kelvin)
_OTHER_CASE_FORMS = str.maketrans(_OTHER_CASES, "iisk")


@lru_cache(maxsize=32)
def fold(text: str) -> str:
    """``text`` with ASCII letters in lower case, and the four other letters that case-insensitive matching takes
    for ASCII ones (İ ı ſ K) as those letters: the same length, so offsets still hold, and a pattern of lower-case
    ASCII matches the folded text where it matches the text ignoring case.

    >>> fold("Both PARENTS’ İnitials")
    'both parents’ initials'
    """
    folded = text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
    if not text.isascii() and any(c in text for c in _OTHER_CASES):
        return folded.translate(_OTHER_CASE_FORMS)
    return folded


MIN_LITERAL = 3
_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)


def needed_strings(regex: re.Pattern) -> tuple[Need, ...]:
    """Sets of lower-case strings such that every match of ``regex`` holds one string of each set (its runs of
    at least :data:`MIN_LITERAL` plain characters, and for a choice, one run of each option), each with how far
    into a match its string can start (an open-ended repeat of one character counted as at most :data:`RUN` of
    them), and whether one of them starts a word. A pattern is run only near the set of them that the text holds
    least often, and not at all if the text lacks one set.

    >>> [(sorted(s), lead, w) for s, lead, w in needed_strings(re.compile(r"(?:drug|substance)s?\\s+(?:use|misuse)"))]
    [(['drug', 'substance'], 0, True), (['misuse', 'use'], 51, True)]
    >>> fathers = re.compile(r"(?:(?:step)?fathers?|men)[a-z ]{0,40}\\s+was\\s+seen")
    >>> [(sorted(s), w) for s, _, w in needed_strings(fathers)]
    [(['father', 'men'], False), (['was'], True), (['seen'], True)]
    >>> [(sorted(s), lead) for s, lead, _ in needed_strings(re.compile(r"(?:is|was)\\s+known\\s+as|baby\\s+[A-Z]"))]
    [(['baby', 'known'], 44)]
    """
    tree = _parser.parse(regex.pattern, regex.flags)
    _bound_runs(tree)
    leads: dict[tuple[frozenset[str], bool], int] = {}
    for n in _needed(tree):
        leads[n.strings, n.initial] = max(n.lead, leads.get((n.strings, n.initial), 0))
    return tuple(Need(strings, lead, initial) for (strings, initial), lead in leads.items())


class Need(NamedTuple):
    """Every match holds one of ``strings``, starting at most ``lead`` characters into it; if ``initial``, one that
    starts a word (the match starts there, or a character that is not a letter or digit comes right before it)."""

    strings: frozenset[str]
    lead: int
    initial: bool


def _needed(seq, initial: bool = True) -> list[Need]:
    def before(k: int) -> int:
        return _parser.SubPattern(seq.state, list(seq.data[:k])).getwidth()[1]

    def starts_word(k: int) -> bool:  # what precedes item k ends with a non-word character, or is the start
        ends_nonword, can_be_empty = _tail(seq.data[:k])
        return ends_nonword and (initial or not can_be_empty)

    out, run, start = [], "", 0
    for k, (op, av) in enumerate([*seq, (None, None)]):
        if op is _parser.LITERAL:
            run, start = run + chr(av), start if run else k
            continue
        if len(run) >= MIN_LITERAL and run.isascii():
            out.append(Need(frozenset([run.lower()]), before(start), starts_word(start)))
        run = ""
        inner = av[3] if op is _parser.SUBPATTERN else av if op is _parser.ATOMIC_GROUP else \
            av[2] if op in _REPEATS and av[0] >= 1 else None
        if inner is not None and len(inner) == 1 and inner[0][0] is _parser.LITERAL and op in _REPEATS:
            repeated = chr(inner[0][1]) * av[0]  # "[.]{4,}": "...."
            if len(repeated) >= MIN_LITERAL and repeated.isascii():
                out.append(Need(frozenset([repeated.lower()]), before(k), starts_word(k)))
        elif inner is not None:
            out += [n._replace(lead=before(k) + n.lead) for n in _needed(inner, starts_word(k))]
        elif op is _parser.BRANCH:
            options = [_needed(branch, starts_word(k)) for branch in av[1]]
            if all(options):  # each option's set of the longest strings
                chosen = [max(o, key=lambda n: min(map(len, n.strings))) for o in options]
                out.append(Need(frozenset().union(*(n.strings for n in chosen)),
                                before(k) + max(n.lead for n in chosen), all(n.initial for n in chosen)))
    return out


_ZERO_WIDTH = (_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT)


def _tail(items) -> tuple[bool, bool]:
    """Whether every non-empty match of the parsed ``items`` ends with a character that is not a word character,
    and whether they can match nothing."""
    for op, av in reversed(list(items)):
        if op in _ZERO_WIDTH:
            continue
        if op is _parser.LITERAL:
            return not _WORD.match(chr(av)), False
        if op is _parser.IN:
            return all(o is _parser.CATEGORY and a in (_parser.CATEGORY_SPACE, _parser.CATEGORY_NOT_WORD)
                       or o is _parser.LITERAL and not _WORD.match(chr(a)) for o, a in av), False
        parts, least = ([av[3]], 1) if op is _parser.SUBPATTERN else (av[1], 1) if op is _parser.BRANCH else \
            ([av[2]], av[0]) if op in _REPEATS else (None, 0)
        if parts is None:
            return False, False
        tails = [_tail(part) for part in parts]
        if not all(ends for ends, _ in tails):
            return False, False
        if least and not any(empty for _, empty in tails):
            return True, False
    return True, True


class Pattern(NamedTuple):
    """One compiled pattern of a concept: ``regex`` runs on the folded text (on the original text if ``cased``,
    for a pattern with a case-sensitive part ``(?-i:...)``), only near the strings it needs (``needs``: each set
    with how far into a match its string can start, :func:`needed_strings`), where a match (at most ``width``
    long) can lie."""

    regex: re.Pattern
    needs: tuple[Need, ...]
    width: int
    cased: bool


class Matcher(NamedTuple):
    """A concept's patterns, compiled for speed."""

    patterns: tuple[Pattern, ...]

    def spans(self, text: str, folded_text: str) -> list[tuple[int, int]]:
        """Sorted ``(start, end)`` of the whole-word matches in ``text``; of overlapping
        matches only the first (longest) is kept."""
        found = occurrences(folded_text)
        present = found.keys()
        out = set()
        for p in self.patterns:
            for n in p.needs:  # a string the pattern needs is absent: no match (most patterns, most texts)
                if present.isdisjoint(n.strings):
                    break
            else:
                haystack = text if p.cased else folded_text
                for lo, hi in _windows(found, p.needs, p.width, folded_text):
                    for m in p.regex.finditer(haystack, lo, hi):
                        s, e = m.span()
                        if e > s and (s == 0 or not _WORD.match(text, s - 1)):
                            out.add((s, e))
        kept: list[tuple[int, int]] = []
        for s, e in sorted(out, key=lambda span: (span[0], -span[1])):
            if not kept or s >= kept[-1][1]:
                kept.append((s, e))
        return kept


_WORD = re.compile(r"\w")
WINDOW = 400  # a match starts and ends within this many characters of a literal it requires, however wide its pattern
LOOK_MARGIN = 40  # room for a pattern's look-ahead past the end of its match


RUN = 40  # the longest run of one repeated character (a word, white space) a match is taken to hold


def widest(regex: re.Pattern) -> int:
    """The widest match of ``regex`` (an open-ended repeat of one character counted as at most :data:`RUN` of
    them), at most :data:`WINDOW`.

    >>> widest(re.compile("took drugs")), widest(re.compile(r"took\\s+drugs")), widest(re.compile("drugs(?: [a-z]+)+"))
    (10, 50, 400)
    """
    tree = _parser.parse(regex.pattern, regex.flags)
    _bound_runs(tree)
    return min(WINDOW, tree.getwidth()[1])


def _bound_runs(tree) -> None:
    """Give each open-ended repeat of one character in a parsed pattern an upper bound of :data:`RUN` more."""
    for i, (op, av) in enumerate(tree.data):
        if op in _REPEATS:
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
    """One Aho-Corasick automaton over the needed strings of every concept's patterns."""
    auto = ahocorasick.Automaton()
    for c in ontology.all_concepts():
        for p in (concept_matcher(c.code) or Matcher(())).patterns:
            for lit in frozenset().union(*(n.strings for n in p.needs)):
                auto.add_word(lit, lit)
    auto.make_automaton()
    return auto


@lru_cache(maxsize=8)
def occurrences(folded_text: str) -> dict[str, list[int]]:
    """Start offsets of every needed string in ``folded_text``, found in one pass.

    >>> occurrences("both parents took drugs")["drugs"]
    [18]
    """
    found: dict[str, list[int]] = {}
    auto = _automaton()
    if auto.kind == ahocorasick.AHOCORASICK:
        for last, lit in auto.iter(folded_text):
            if lit in found:
                found[lit].append(last - len(lit) + 1)
            else:
                found[lit] = [last - len(lit) + 1]
    return found


def _windows(found: dict[str, list[int]], needs: tuple[Need, ...], width: int,
             folded_text: str) -> list[tuple[int, int]]:
    """The parts of ``folded_text`` where a match of a pattern (at most ``width`` long) holding an occurrence (in
    ``found``) of one of the strings of the set in ``needs`` that occurs least often can lie (merged, in order); the
    whole text when there are none to need, or when they occur so often that the parts would cover much of it; none
    when one set does not occur at all. A match starts at most the set's lead (and :data:`WINDOW`) before such an
    occurrence (one that starts a word, if the set's must) and may look :data:`LOOK_MARGIN` characters past its end.

    >>> needs = (Need(frozenset(["took"]), 0, True), Need(frozenset(["drugs"]), 5, True))
    >>> _windows({"drugs": [1, 2000], "took": [10, 1000, 3000]}, needs, 10, "xdrugs" + " " * 3999)
    [(1995, 2050)]
    """
    end = len(folded_text)
    if not needs:
        return [(0, end)]
    present = found.keys()
    for n in needs:
        if present.isdisjoint(n.strings):
            return []
    fewest = needs[0] if len(needs) == 1 else \
        min(needs, key=lambda n: sum(map(len, map(found.__getitem__, present & n.strings))))
    strings = present & fewest.strings
    at = found[strings.pop()] if len(strings) == 1 else sorted(chain.from_iterable(map(found.__getitem__, strings)))
    if fewest.initial:
        at = [j for j in at if not j or not _WORD.match(folded_text, j - 1)]
        if not at:
            return []
    before, after = min(fewest.lead, WINDOW), width + LOOK_MARGIN
    if len(at) > end // (before + after):
        return [(0, end)]
    merged, lo, hi = [], max(0, at[0] - before), at[0] + after
    for j in at:
        if j - before > hi:
            merged.append((lo, hi))
            lo = j - before
        hi = j + after
    merged.append((lo, min(end, hi)))
    return merged


@lru_cache(maxsize=None)
def concept_matcher(code: str) -> Matcher | None:
    """The compiled matcher of a concept: its labels and match patterns (None if it has neither)."""
    c = ontology.concept(code)
    terms = ontology.matching_terms(code) if c.scheme not in ("review_type", "outcome") else ()
    regexes = [(re.compile(pattern_source(p, fold=True, lead=False)), False) for p in c.patterns if "(?-i:" not in p]
    regexes += [(re.compile(term_source(t, fold=True, lead=False)), False) for t in terms if t.strip()]
    regexes += [(re.compile(pattern_source(p, lead=False), 0 if case_sensitive(p) else FLAGS), True)
                for p in c.patterns if "(?-i:" in p]
    if not regexes:
        return None
    return Matcher(tuple(Pattern(regex, needed_strings(regex), widest(regex), cased) for regex, cased in regexes))


def case_sensitive(pattern: str) -> bool:
    """The whole of ``pattern`` is one case-sensitive part ``(?-i:...)``: compiled without the case-insensitive
    flag (the same matches), the regex engine can skip ahead to a possible first letter.

    >>> case_sensitive("(?-i:(?:[A-Z][a-z]+ )+Hospital)"), case_sensitive("role of the (?-i:GP)")
    (True, False)
    """
    tree = _parser.parse(pattern, FLAGS)
    return len(tree) == 1 and tree[0][0] is _parser.SUBPATTERN and bool(tree[0][1][2] & re.IGNORECASE)


@lru_cache(maxsize=None)
def cue_strings(prop: str) -> tuple[str, ...]:
    """All values of annotation property ``cg:<prop>`` in the ontology, sorted."""
    g = ontology.graph()
    return tuple(sorted(str(o) for _, o in g.subject_objects(CG[prop])))


class Cue(NamedTuple):
    """The patterns of a cue property, compiled for speed: ``search``, ``finditer`` and ``match`` give what the
    case-insensitive alternation ``regex`` gives, but ``search`` and ``finditer`` try it only where ``scan`` matches:
    the same patterns without the word-boundary check in front (which stops the regex engine from skipping ahead to
    a possible first letter), on the folded text (on the text itself, ignoring case, if a part is case-sensitive);
    and, where every match holds one of a few strings (``near``, on the folded text), no further than ``lead``
    (at most :data:`WINDOW`) before the next of them.

    >>> c = cue("negationCue")
    >>> c.search("Neither parent had a history of violence").span(), c.search("parent had a history of violence")
    ((0, 7), None)
    """

    regex: re.Pattern
    scan: re.Pattern
    folded: bool
    near: re.Pattern | None
    lead: int

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """The first match in ``string[pos:endpos]``, as ``regex.search`` finds it."""
        endpos = len(string) if endpos is None else endpos
        folded = fold(string)
        haystack = folded if self.folded else string
        while True:
            if self.near is not None:
                needed = self.near.search(folded, pos, endpos)
                if needed is None:
                    return None
                pos = max(pos, needed.start() - self.lead)
            m = self.scan.search(haystack, pos, endpos)
            if m is None:
                return None
            hit = self.regex.match(string, m.start(), endpos)
            if hit is not None:
                return hit
            pos = m.start() + 1

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None):
        """The matches in ``string[pos:endpos]``, as ``regex.finditer`` finds them (a cue never matches nothing)."""
        while (hit := self.search(string, pos, endpos)) is not None:
            yield hit
            pos = hit.end()

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """A match at ``pos``, as ``regex.match`` finds it."""
        return self.regex.match(string, pos, len(string) if endpos is None else endpos)


@lru_cache(maxsize=None)
def cue(prop: str) -> Cue:
    """The compiled alternation of the patterns held by annotation property ``cg:<prop>``."""
    strings = cue_strings(prop)
    if not strings:
        raise KeyError(f"the ontology has no cue patterns for cg:{prop}")
    regex = re.compile("|".join(pattern_source(p) for p in strings), FLAGS)
    if _parser.parse(regex.pattern, regex.flags).getwidth()[0] == 0:
        raise ValueError(f"a cg:{prop} pattern can match an empty string")
    folded = not any("(?-i:" in p for p in strings)
    scan = "|".join(pattern_source(p, fold=folded, lead=not opens_with_text(pattern_source(p, lead=False)))
                    for p in strings)
    needs = [(n.strings, min(n.lead, WINDOW)) for n in needed_strings(regex)]
    strings, lead = min(needs, key=lambda need: len(need[0])) if needs else (None, 0)
    near = re.compile("|".join(map(re.escape, sorted(strings)))) if strings else None
    return Cue(regex, re.compile(scan) if folded else re.compile(scan, FLAGS), folded, near, lead)


def opens_with_text(source: str) -> bool:
    """Every match of regex ``source`` opens with a plain character it names, which the regex engine checks at once
    at each position; a pattern opening otherwise ("[a-z]*page") keeps its word-boundary check in front, which
    is quicker to fail than the pattern.

    >>> opens_with_text("(?:neither|no) parent"), opens_with_text("[a-z]*page"), opens_with_text("(?:the )?men")
    (True, False, False)
    """
    return _opens_with_text(_parser.parse(source))


def _opens_with_text(seq) -> bool:
    if not len(seq):
        return False
    op, av = seq[0]
    if op is _parser.SUBPATTERN:
        return _opens_with_text(av[3])
    if op is _parser.BRANCH:
        return all(_opens_with_text(branch) for branch in av[1])
    if op in _REPEATS and av[0] >= 1:
        return _opens_with_text(av[2])
    return op is _parser.LITERAL


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
def concept_link_sets(prop: str) -> dict[str, frozenset[str]]:
    """Codes of the concepts that carry annotation property ``cg:<prop>`` (one or more times), each mapped to the
    codes of the concepts it points to.

    >>> sorted(concept_link_sets("yieldsTo")["PT_PROFESSIONAL_CURIOSITY"])[:2]
    ['PT_CHILD_FOCUS', 'PT_DOMESTIC_ABUSE_ENQUIRY']
    """
    g = ontology.graph()
    out: dict[str, set[str]] = {}
    for s, o in g.subject_objects(CG[prop]):
        out.setdefault(str(g.value(s, SKOS.notation)), set()).add(str(g.value(o, SKOS.notation)))
    return {code: frozenset(targets) for code, targets in out.items()}


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
