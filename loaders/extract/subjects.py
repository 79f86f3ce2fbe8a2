"""Who the subject children are in the text: their names, the ages stated for them, and where they are mentioned.

Names come from ``cg:childNamePattern`` ("Child K", "Baby W", "Children A, B and C").
An age is a stated age ("nine weeks old", "aged 6 months", "three months of age", "15-year-old", "who was 14 when",
"D was 16 when", "Jaden, then 15,", "Niamh, fourteen,", "Amber is thirteen.", "aged 10": years; "after his
seventeenth birthday"); ages of
earlier times or of other people are skipped (``cg:ageExcludedCue`` right before it:
"when she was 3 months old", "as a 17 year old"; or a parent's own childhood).
A *mention* of a subject child is one of its names, a first name the text shows to be a
child's ("Leah's mother", ``cg:childReferencePattern``) or a word such as "the young
person" (``cg:childSubjectCue``).

>>> age_months("nine weeks old"), age_months("aged 6 months"), age_months("who was 14 when"), age_months("aged 10,")
(2, 6, 168, 120)
>>> from casegraph.loaders.extract.layout import layout
>>> lay = layout("Child D was three years old. When she was four months old she was seen.")
>>> names(lay), ages(lay)
(((0, 'Child D'),), ((12, 36),))
"""
from __future__ import annotations

import re
from functools import lru_cache

from casegraph.loaders.extract import context
from casegraph.loaders.extract.layout import Layout
from casegraph.loaders.extract.vocabulary import Cue, cue

_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50})
_NUMBER = r"(?:[0-9]{1,3}|(?:twenty|thirty|forty|fifty)[- ](?:one|two|three|four|five|six|seven|eight|nine)|" + \
          "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth".split())}
_ORDINAL = r"(?:1[0-8]th|[4-9]th|1st|2nd|3rd|" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_QUALIFIER = r"(?:(?:just|a little|slightly)\s+(?:over|(?P<under>under))\s+)?"  # "just under three months old": the age itself
_NAMED = (r"(?-i:(?<!Mr )(?<!Ms )(?<!Mrs )(?<!Miss )(?<!Dr )"  # "D was 16 when", not "Ms O was 19." nor "Mother was 17"
          r"(?!(?:He|She|They|It|We|I|You|There|This|That|Which|Mother|Father|Mum|Dad|Mr|Ms|Mrs|Miss|Dr|Grandmother|"
          r"Grandfather|Partner|Stepfather|Stepmother|Aunt|Uncle)\b)[A-Z][A-Za-z0-9]*)")
_CHILD_NOUN = r"(?:baby|infant|toddler|child|girl|boy|young\s+person|teenager|son|daughter)"


def _more(tag: str) -> str:
    """What may follow a number of years: "and a half", or a number of months ("3 years 4 months", "twelve years
    and nine months")."""
    return (rf"(?:\s+and\s+(?P<half{tag}>a\s+half)|,?\s+(?:and\s+)?(?P<mo{tag}>{_NUMBER})\s+months?)?")


def _age_source(named: str, after_aged: str) -> str:
    unit = lambda tag: _UNIT.replace("unit", f"unit{tag}")
    return (rf"\b(?:aged|at\s+the\s+age\s+of)\s+(?:just\s+)?(?:over\s+|under\s+|about\s+)?(?P<n1>{_NUMBER})"
            rf"(?:\s+and\s+(?P<half0>a\s+half)(?!\s+(?:week|month)))?\s+{_UNIT}{_more('1')}"
            rf"|\b{_QUALIFIER}(?P<n2>{_NUMBER})[- ]{unit('2')}{_more('2')}(?:[- ]old|\s+of\s+age)\b"
            rf"|\b(?:who|{named})\s+(?:was|is)\s+(?:only\s+|just\s+)?(?P<n3>{_NUMBER})(?:\s+and\s+(?P<half3>a\s+half))?"
            rf"(?=\s+(?:when|at\s+the\s+time)\b)"
            rf"|\b{named}\s+(?:was|is)\s+(?:only\s+|just\s+)?(?P<n7>{_NUMBER})"  # "Amber is thirteen." "Sam is seventeen and has"
            rf"(?=\s*[.;](?:\s|$)|[ \t]*\n|\s+and\s+(?:has|had|was|is|lives|lived|attends|attended)\b)"
            rf"|\ban?\s+{_CHILD_NOUN}\s+of\s+(?P<n5>{_NUMBER})\s+{unit('5')}{_more('5')}"
            rf"|\b(?:aged|(?:from|at)\s+the\s+age\s+of)\s+(?P<n4>{_NUMBER})(?:\s+and\s+(?P<half4>a\s+half))?\b{after_aged}"
            rf"|\b{named},\s+(?:(?:then|now)\s+)?(?:aged\s+)?(?P<n6>{_NUMBER}),"
            rf"|\b(?:after|since|following|past)\s+(?:his|her|their)\s+(?P<n8>{_ORDINAL})\s+birthday")  # "weeks after his seventeenth birthday"  # "Jaden, then 15," "Niamh, fourteen,"


# searched (as a cue is) where the same pattern, with any word for a name and on the folded text, matches
_AGE = Cue(re.compile(_age_source(_NAMED, r"(?!\s*(?:-|–|to|and|or)\s*\w)"), re.I),
           re.compile(_age_source(r"[a-z][a-z0-9]*", "")), True, None, 0)
_PER_MONTH = {"day": 1 / 30.44, "week": 12 / 52.18, "month": 1.0, "year": 12.0}
AGE_CUE_WINDOW = 25


def _number(word: str) -> int:
    word = word.lower().replace("-", " ")
    if word.isdigit():
        return int(word)
    return sum(_NUMBERS[p] for p in word.split())


def _ordinal(word: str) -> int:
    word = word.lower()
    return int(word[:-2]) if word[:-2].isdigit() else _ORDINALS[word]


def age_months(phrase: str) -> int | None:
    """Whole months in an age phrase (floor), or None if it holds no age."""
    m = _AGE.search(phrase)
    return _months(m) if m else None


def _months(m: re.Match) -> int:
    groups = m.groupdict()
    tag = next(t for t in "12345678" if groups[f"n{t}"])
    n = _ordinal(groups["n8"]) if tag == "8" else _number(groups[f"n{tag}"])
    unit = (groups.get("unit" if tag == "1" else f"unit{tag}") or "year").lower()
    months = n * _PER_MONTH[unit]
    if groups.get(f"half{tag}") or (tag == "1" and groups.get("half0")):
        months += _PER_MONTH[unit] / 2
    if unit == "year" and groups.get(f"mo{tag}"):
        months += _number(groups[f"mo{tag}"])
    if tag == "2" and groups.get("under"):
        months -= 1e-6  # "just under three months old": two whole months
    return int(months + 1e-9)


def earlier_age(lay: Layout, start: int) -> bool:
    """An age at ``start`` is of an earlier time or another person: a ``cg:ageExcludedCue`` ends right before it.

    >>> from casegraph.loaders.extract.layout import layout
    >>> lay = layout("When she was four months old she was seen.")
    >>> earlier_age(lay, lay.text.index("four"))
    True
    """
    before = lay.text[max(0, start - AGE_CUE_WINDOW):start]
    return any(not before[c.end():].strip() for c in cue("ageExcludedCue").finditer(before))


def _adult_after(lay: Layout, end: int) -> bool:
    """An age ending at ``end`` qualifies an adult named right after it (``cg:adultAgeCue``: "her 18-year-old mother")."""
    m = cue("adultAgeCue").search(lay.text, end, min(len(lay.text), end + AGE_CUE_WINDOW))
    return m is not None and not lay.text[end:m.start()].strip()


@lru_cache(maxsize=4)
def ages(lay: Layout) -> tuple[tuple[int, int], ...]:
    """``(offset, months)`` of every stated age that can be a subject child's current age (read once per layout)."""
    out = []
    for m in _AGE.finditer(lay.text):
        if lay.is_excluded(m.start()) or context.earlier_generation(lay, m.start(), m.end()) \
                or earlier_age(lay, m.start()) or _adult_after(lay, m.end()):
            continue
        out.append((m.start(), _months(m)))
    return tuple(out)


@lru_cache(maxsize=4)
def names(lay: Layout) -> tuple[tuple[int, str], ...]:
    """``(first offset, name)`` of each named subject child, in order of first mention (read once per layout)."""
    seen: dict[str, tuple[int, str]] = {}
    for m in cue("childNamePattern").finditer(lay.text):
        if lay.is_excluded(m.start()):
            continue
        name = next(g for g in m.groups() if g)
        key = short_name(name)
        if key not in {k for _, k in seen.values()} and name not in seen:
            seen[name] = (m.start(), key)
    return tuple(sorted((pos, name) for name, (pos, _) in seen.items()))


def short_name(name: str) -> str:
    """The part of a child's name a review uses on its own ("Child L" -> "L").

    >>> short_name("Child L"), short_name("Young Person T"), short_name("Sunny")
    ('L', 'T', 'Sunny')
    """
    words = name.split()
    generic = words[0].lower() in ("baby", "child", "infant") or name.lower().startswith("young person ")
    return words[-1] if generic else name


def mentions(lay: Layout) -> list[int]:
    """Sorted offsets where a subject child is mentioned: a name (or its short form) or a ``cg:childSubjectCue``.

    >>> from casegraph.loaders.extract.layout import layout
    >>> mentions(layout("Child L was 14. L's mother drank. The young person self-harmed."))
    [0, 6, 16, 38]
    """
    return list(_mentions(lay))


@lru_cache(maxsize=4)
def _mentions(lay: Layout) -> tuple[int, ...]:
    """:func:`mentions`, read once per layout (the coded stages and the learned stage all ask)."""
    found = {m.start() for m in cue("childSubjectCue").finditer(lay.text)}
    forms = {form for _, name in names(lay) for form in (name, short_name(name))} | referents(lay)
    for form in forms:
        found.update(m.start() for m in _name_form(form).finditer(lay.text))
    return tuple(sorted(found))


@lru_cache(maxsize=4)
def referents(lay: Layout) -> frozenset[str]:
    """First names the text shows to be children's (``cg:childReferencePattern``: "Leah's mother", "Leah, aged
    14"), outside excluded text. They tell who a statement is about; they make no child record (a sibling's name
    is one too).

    >>> from casegraph.loaders.extract.layout import layout
    >>> sorted(referents(layout("Leah's mother drank. Sam, aged 9, was at school. Mr Jones's mother was ill.")))
    ['Leah', 'Sam']
    """
    return frozenset(next(g for g in m.groups() if g) for m in cue("childReferencePattern").finditer(lay.text)
                     if not lay.is_excluded(m.start()))


def _name_form(form: str) -> re.Pattern:
    """A name as a whole word; a one-letter short form ("L") not next to "&", "/" or "." (an abbreviation,
    "A&E"), and "A" or "I" only as a possessive ("A's") or inside a sentence (not the article or pronoun).
    Each pattern opens with the name itself (what comes before it is checked after it), so that the regex
    engine skips ahead to it."""
    f = re.escape(form)
    if form in ("A", "I"):
        return re.compile(rf"{f}(?<![\w&/-]{f})['’]s\b|{f}(?<=[a-z,] {f})(?![\w&/'’.-])")
    if len(form) == 1:
        return re.compile(rf"{f}(?<![\w&/.-]{f})(?![\w&/.-]|['’](?!s\b))")
    return re.compile(rf"{f}(?<![\w-]{f})(?![\w-])")
