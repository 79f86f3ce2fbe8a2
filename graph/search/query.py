"""The search query language, parsed by our own small parser into a tree and rendered for each engine.

Words, ``"quoted phrases"``, ``AND`` / ``OR`` / ``NOT`` (words side by side mean AND), ``prefix*`` and
parentheses. User text is never handed to an engine as it was typed: the embedded store's Tantivy index is
given query objects built from the tree, and every word is escaped in the Lucene syntax of Neo4j's, so
nothing in it is read as syntax. Hand-written because the grammar is a few lines and both engines need the
same tree; a query that does not parse is a one-line :class:`~casegraph.errors.CasegraphError`.

>>> parse('"co-sleeping" AND (bruis* OR fracture) NOT police')  # doctest: +NORMALIZE_WHITESPACE
Not(left=And(left=Phrase(words=('co', 'sleeping')),
             right=Or(left=Word(word='bruis', prefix=True), right=Word(word='fracture', prefix=False))),
    right=Word(word='police', prefix=False))
>>> lucene(parse('behaviour neglect*'))
'((behaviour OR behavior) AND neglect*)'
"""
from __future__ import annotations

import functools
import itertools
import re
from typing import NamedTuple, Union

import tantivy

from casegraph.errors import CasegraphError

# British and American spellings that the stemmer does not bring together; a word is searched as
# every spelling in its group (at query time, so the stored text and its offsets stay as written).
SPELLINGS = (
    ("behaviour", "behavior"), ("behaviours", "behaviors"), ("colour", "color"), ("neighbour", "neighbor"),
    ("neighbours", "neighbors"), ("paediatric", "pediatric"), ("paediatrician", "pediatrician"),
    ("haematoma", "hematoma"), ("haemorrhage", "hemorrhage"), ("oedema", "edema"), ("anaemia", "anemia"),
    ("foetal", "fetal"), ("practise", "practice"), ("programme", "program"), ("centre", "center"),
    ("defence", "defense"), ("offence", "offense"), ("licence", "license"), ("organisation", "organization"),
    ("organisations", "organizations"), ("recognise", "recognize"), ("recognised", "recognized"),
    ("realise", "realize"), ("criticise", "criticize"), ("emphasise", "emphasize"), ("prioritise", "prioritize"),
    ("minimise", "minimize"), ("hospitalised", "hospitalized"), ("judgement", "judgment"),
    ("counselling", "counseling"), ("labelled", "labeled"), ("travelling", "traveling"), ("ageing", "aging"),
    ("analyse", "analyze"), ("mum", "mom"), ("fulfil", "fulfill"), ("enrol", "enroll"), ("grey", "gray"),
)
_VARIANTS = {w: group for group in SPELLINGS for w in group}
_WORD = re.compile(r"[^\W_]+")  # as the analyzer cuts words (ANALYZER)
_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*"?)|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+))')


class Word(NamedTuple):
    word: str
    prefix: bool


class Phrase(NamedTuple):
    words: tuple[str, ...]


class And(NamedTuple):
    left: "Node"
    right: "Node"


class Or(NamedTuple):
    left: "Node"
    right: "Node"


class Not(NamedTuple):
    left: "Node"
    right: "Node"


Node = Union[Word, Phrase, And, Or, Not]


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        value = m.group(kind)
        if kind == "phrase" and (len(value) < 2 or not value.endswith('"')):
            raise CasegraphError(f"search query {text!r}: a quotation mark is not closed")
        if kind == "word" and value in ("AND", "OR", "NOT"):
            kind = value
        elif kind in ("word", "phrase") and not _WORD.search(value):  # punctuation alone (--, &) is not searched for, as the tokenizer skips it
            if "*" in value:
                raise CasegraphError(f"search query {text!r}: '*' must end a word (as in neglect*)")
            continue
        out.append((kind, value))
    return out


def _term(kind: str, value: str) -> Node:
    """A word or phrase token (holding a word) as tree nodes (punctuation splits a word as the engine's
    tokenizer does)."""
    words = [w.lower() for w in _WORD.findall(value)]
    if kind == "phrase":
        return Phrase(tuple(words))
    prefix = value.endswith("*")
    if len(words) > 1:  # co-sleeping: the words side by side, as a phrase
        return Phrase(tuple(words)) if not prefix else And(Phrase(tuple(words[:-1])), Word(words[-1], True))
    return Word(words[0], prefix)


def parse(query: str) -> Node:
    """The tree of ``query`` (OR binds looser than AND and NOT, which go left to right).

    >>> parse("neglect OR abuse dental")
    Or(left=Word(word='neglect', prefix=False), right=And(left=Word(word='abuse', prefix=False), right=Word(word='dental', prefix=False)))
    >>> parse("(neglect")
    Traceback (most recent call last):
    casegraph.errors.CasegraphError: search query '(neglect': a bracket is not closed
    """
    tokens = _tokens(query or "")
    pos = 0

    def peek():
        return tokens[pos][0] if pos < len(tokens) else None

    def fail(problem: str):
        raise CasegraphError(f"search query {query!r}: {problem}")

    def primary():
        nonlocal pos
        kind = peek()
        if kind == "open":
            pos += 1
            node = disjunction()
            if peek() != "close":
                fail("a bracket is not closed")
            pos += 1
            return node
        if kind in ("word", "phrase"):
            pos += 1
            return _term(kind, tokens[pos - 1][1])
        if kind is None:
            fail("words are missing at the end" if tokens else "it is empty: type some words to search for")
        fail(f"{tokens[pos][1]!r} needs words before and after it" if kind != "close"
             else "a closing bracket has no opening one")

    def conjunction():
        nonlocal pos
        node = primary()
        while peek() in ("AND", "NOT", "open", "word", "phrase"):
            kind = peek()
            if kind in ("AND", "NOT"):
                pos += 1
            right = primary()
            node = Not(node, right) if kind == "NOT" else And(node, right)
        return node

    def disjunction():
        nonlocal pos
        node = conjunction()
        while peek() == "OR":
            pos += 1
            node = Or(node, conjunction())
        return node

    if peek() == "NOT":
        fail("NOT needs words before it (as in neglect NOT dental)")
    node = disjunction()
    if pos < len(tokens):
        fail("a closing bracket has no opening one")
    return node


def _spellings(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [tuple(c) for c in itertools.islice(itertools.product(*(_VARIANTS.get(w, (w,)) for w in words)), 8)]


# Both indexes hold each passage's words as one analyzer makes them (:data:`ANALYZER`: words of letters and
# digits, lower case, accents folded, stemmed by Snowball's English stemmer): the embedded store's Tantivy
# index runs it as it indexes, and the Neo4j store's passages keep its output (:func:`index_terms`) under a
# whitespace analyzer; the query is stemmed by it too (:func:`index_term`). One query, the same words found
# on both stores. Lucene's English analyzer would not do: it drops stop words (a phrase "for this mother"
# becomes any "mother") and leaves a prefix term unstemmed (``fracture*`` misses the stem ``fractur``).
ANALYZER_NAME = "casegraph"
ANALYZER_VERSION = "simple+lowercase+ascii_fold+stemmer(english)"  # an index made otherwise is made again
ANALYZER = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold()).filter(tantivy.Filter.stemmer("english")).build())
_LETTERS = re.compile(r"[^\W_]+")  # a word, as the analyzer's tokenizer cuts them (letters and digits)


@functools.lru_cache(maxsize=1 << 17)
def index_term(word: str) -> str:
    """One word as the search indexes hold it (remembered: a corpus repeats a few thousand words a million
    times).

    >>> index_term("Misusing"), index_term("fractures"), index_term("naïve")
    ('misus', 'fractur', 'naiv')
    """
    return " ".join(ANALYZER.analyze(word))


def index_terms(text: str) -> str:
    """``text`` as its indexed terms, space-separated.

    >>> index_terms("The mother was misusing drugs.")
    'the mother was misus drug'
    """
    return " ".join(ANALYZER.analyze(text))


def word_forms(word: str) -> tuple[str, ...]:
    """Every spelling of a query word (:data:`SPELLINGS`), as the indexes hold it.

    >>> word_forms("behaviour")
    ('behaviour', 'behavior')
    """
    return tuple(index_term(w) for w in _VARIANTS.get(word, (word,)))


def phrase_forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every spelling of a query phrase (at most eight), word by word as the indexes hold them."""
    return [tuple(map(index_term, ws)) for ws in _spellings(words)]


_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


def lucene(node: Node) -> str:
    """Lucene query syntax for ``node`` (Neo4j's full-text index), every word escaped.

    >>> lucene(parse('"child protection" Fractures*'))
    '(("child protect") AND fractur*)'
    """
    def esc(w):
        return _LUCENE_SPECIAL.sub(r"\\\1", w)
    if isinstance(node, Word):
        forms = [esc(f) + ("*" if node.prefix else "") for f in word_forms(node.word)]
        return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"
    if isinstance(node, Phrase):
        return "(" + " OR ".join('"' + esc(" ".join(f)) + '"' for f in phrase_forms(node.words)) + ")"
    op = {And: "AND", Or: "OR", Not: "AND NOT"}[type(node)]
    return f"({lucene(node.left)} {op} {lucene(node.right)})"


def positive_terms(node: Node) -> list[Node]:
    """The words and phrases a match must or may contain (not those after NOT): what is marked."""
    if isinstance(node, (Word, Phrase)):
        return [node]
    if isinstance(node, Not):
        return positive_terms(node.left)
    return positive_terms(node.left) + positive_terms(node.right)


def marks(text: str, node: Node, offset: int) -> list[tuple[int, int]]:
    """Offsets (into the document: ``offset`` is where ``text`` starts) of the words of ``text`` that the
    query's positive terms match, compared as the indexes compare them (:func:`index_term`): a word by its
    stem (any spelling), a prefix as the start of a stem, a phrase only where its words stand in order.

    >>> marks("The mother was misusing drugs.", Word("misuse", False), 100)
    [(115, 123)]
    >>> marks("for this mother, this the mother", Phrase(("this", "mother")), 0)
    [(4, 8), (9, 15)]
    """
    tokens = [(m.start(), m.end(), index_term(m.group())) for m in _LETTERS.finditer(text)]
    stems = [stem for _, _, stem in tokens]
    found = set()
    for term in positive_terms(node):
        if isinstance(term, Word):
            forms = word_forms(term.word)
            found.update(i for i, stem in enumerate(stems)
                         if stem in forms or (term.prefix and stem.startswith(forms)))
            continue
        for phrase in map(list, phrase_forms(term.words)):
            for i in range(len(stems) - len(phrase) + 1):
                if stems[i:i + len(phrase)] == phrase:
                    found.update(range(i, i + len(phrase)))
    return [(offset + tokens[i][0], offset + tokens[i][1]) for i in sorted(found)]
