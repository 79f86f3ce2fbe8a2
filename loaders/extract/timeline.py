"""The multi-agency timeline of a review: every sentence that dates something and names an agency.

An *event* is a sentence holding dating words (a month and year, "in 2009", "in the summer of
2018", a stage of care such as "antenatally", "on discharge", "at the 6-8 week check", or relative
words such as "two weeks later") and at least one agency that the ``agencies`` stage found (its own
matches, so no second vocabulary). ``when`` is the date as far as the words say (``YYYY-MM`` or
``YYYY``), else None: a phase, relative words or an undated sentence inherit nothing from the dates
around them. ``phase`` is the stage of care the words name (one of :data:`PHASE_ORDER`), or None.
Sentences in excluded text (terms of reference, contents, quoted criteria) or in sections that
hold no facts of the case (recommendations, actions) give no event, and neither do dates of the
document itself: a publication or approval date, a date standing alone ("Monday 4 May 2020 |
News") or closing a sign-off line, a bare year naming guidance ("Working Together 2018") or a
citation ("(2006)"). A very long sentence is cut around the dating words (as evidence context is).

>>> from casegraph.loaders.extract.layout import layout
>>> lay = layout("Fictional. In March 2019 the health visitor saw the family. Antenatally the midwife saw mother.")
>>> [(e["when"], e["when_text"], e["phase"], e["agencies"]) for e in timeline(lay)["timeline"]]
[('2019-03', 'In March 2019', None, ['AG_HEALTH_VISITING']), (None, 'Antenatally', 'antenatal', ['AG_MIDWIFERY'])]

Dates are found from their year (digits: a fast scan), then read backwards from it, one regular
expression on the reversed words before the year; phases only in sentences holding one of
:data:`PHASE_WORDS`; the agencies are the ``agencies`` stage's, found once per layout. On a
20,000-character review the stage takes about half a millisecond, under 3 ms on one dated from end to end.
"""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from casegraph.loaders.extract import agencies, codes, context
from casegraph.loaders.extract.layout import Layout
from casegraph.loaders.extract.vocabulary import cue_strings, pattern_source


def _backwards(words) -> str:
    """An alternation of ``words`` spelt backwards, longest first (for the reversed text before a year)."""
    return "(?:" + "|".join(re.escape(w[::-1]) for w in sorted(words, key=len, reverse=True)) + ")"


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH_WORDS = (*MONTHS, *(m[:3] for m in MONTHS), "sept")
_LEADS = ("in", "during", "on", "by", "from", "since", "until", "till", "before", "after", "around", "throughout",
          "between", "at")
_PARTS = ("early", "late", "mid", "middle", "end", "start", "beginning", "spring", "summer", "autumn", "winter")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_BACKWARDS = r"(?:ts|dn|dr|ht)?\s*[0-9][0-3]?"   # "21st", "3" spelt backwards
# A date's year: four digits a review of current practice dates events in (1990-2029), or a date in figures
# ("12.03.2019", "12/03/19": two-digit years only after a slash, as "3.2.15" numbers a paragraph). Every
# alternative opens with a digit, so that the scan skips from digit to digit; one run on from a longer number is
# dropped (``_date_at``).
_YEAR = re.compile(r"[0-9](?:[0-9]?(?P<sep>[/.])(?P<number>[01]?[0-9])(?P=sep)"
                   r"(?:(?:199|20[0-2])[0-9]|(?<=/)(?P<short>[90-2][0-9]))"
                   r"|(?<=1)99[0-9]|(?<=2)0[0-2][0-9])(?![0-9a-z])")
_MONTH_NUMBER = {w[::-1]: MONTHS.index(next(m for m in MONTHS if m.startswith(w[:3]))) + 1 for w in _MONTH_WORDS}
# What may come before a year, read backwards from it: in "on Wednesday, 21st of March 2019", "the end of 2018",
# "in mid-2014", "March 21, 2019". Each piece is optional and starts with what separates it from the one after it.
_BEFORE_YEAR = re.compile(
    rf"(?:\s+,?{_DAY_BACKWARDS})?"
    rf"(?:\s+,?\.?(?P<month>{_backwards(_MONTH_WORDS)}))?"
    rf"(?:\s+(?:fo\s+)?{_DAY_BACKWARDS})?"
    rf"(?:\s+,?{_backwards(_WEEKDAYS)})?"
    rf"(?:(?:\s+(?:eht\s+)?fo\s+|[\s-]+)(?P<part>{_backwards(_PARTS)}))?"
    r"(?:\s+eht)?"
    rf"(?:\s+(?P<lead>{_backwards(_LEADS)}))?"
    r"(?!\w)")
DATE_REACH = 50   # characters before a year that its dating words may take
# Stages of care, in the order they happen; relative words ("two weeks later") name none. A "birth mother" or "birth
# family" is no time, "postnatal depression" no stage, and "discharged" only from hospital or home.
_BIRTH = "birth(?! (?:mother|father|parents?|family|relatives?|certificate|name))"
PHASES = (
    ("antenatal", ("ante-?natal(?:ly)?", "pre-?natal(?:ly)?", "pre-?birth", "during (?:the|her|this) pregnancy",
                   "while (?:she was )?pregnant", f"before (?:the|his|her) {_BIRTH}")),
    ("birth", (f"at (?:the )?{_BIRTH}", "(?:was|were) born", f"(?:the|his|her) {_BIRTH}")),
    ("discharge", ("on (?:his |her |their )?discharge", "at (?:the (?:point|time) of )?discharge",
                   "(?:was|were) discharged (?:home|from (?:the )?hospital|from the [a-z]+ (?:ward|unit))",
                   "discharge (?:home|from (?:the )?hospital)")),
    ("postnatal", ("post-?natal(?:ly)?(?! (?:depression|psychosis|mental|illness))",
                   f"(?:after|following) (?:the|his|her) {_BIRTH}", "after (?:he|she) was born")),
    ("new birth visit", ("new ?birth visit",)),
    ("6-8 week check", ("(?:(?:6|six) ?(?:-|–|to) ?)?(?:6|8|six|eight)[- ]weeks? (?:check|review|assessment)",)),
    (None, ("(?:a|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|some|[0-9]+) "
            "(?:days?|weeks?|months?|years?) later", "(?:the )?(?:following|next) (?:day|morning|week|month|year)",
            "later that (?:day|week|month|year)", "shortly afterwards", "the same day", "the (?:day|week) before",
            "the previous (?:day|week)")),
)
PHASE_ORDER = tuple(name for name, _ in PHASES if name)
PHASE_WORDS = ("natal", "birth", "born", "pregnan", "discharg", "week", "later", "following", "next", "afterwards",
               "same day", "before", "previous")   # every phase pattern holds one of these (folded)
_PHASE = re.compile("|".join(f"(?P<p{i}>{'|'.join(pattern_source(p, fold=True, lead=False) for p in patterns)})"
                             for i, (_, patterns) in enumerate(PHASES)))
_WORD = re.compile(r"\w")
# Words that make the date after them one of the document's own (publication, approval, version), and the word each
# of them starts with (looked for first: one quick scan).
_DOCUMENT_DATE_CUES = (*cue_strings("publicationCue"), "approved", "endorsed", "ratified", "signed off",
                       "version [0-9.]+")
_DOCUMENT_DATE = re.compile(
    "(?:" + "|".join(pattern_source(p, fold=True) for p in _DOCUMENT_DATE_CUES) + r")[^.]{0,60}?[\s,:|–-]*$")
_DOCUMENT_DATE_WORD = re.compile("|".join(re.match("[a-z]+", c).group() for c in _DOCUMENT_DATE_CUES))
DOCUMENT_DATE_REACH = 80   # characters before a date searched for those words
_DATE_LINE_WORDS = 3       # a date line: at most this many words before the date in its sentence ...
_DATE_LINE_AFTER = "|("  # ... and nothing after it, or one of these (a dash may open a chronology entry)
# A sentence about the review itself being commissioned, started or done ("In June 2017 the board began a serious case
# review") dates the review, not the case: it names the review and one of these steps.
_THE_REVIEW = re.compile(pattern_source(
    "(?:(?:this|the|a|an) (?:independent )?(?:serious case|(?:local )?(?:child )?safeguarding practice|rapid|learning) "
    "|this )review", fold=True))
THE_REVIEW_REACH = 60   # characters before "review" that the words naming the review itself may take
_REVIEW_STEP = re.compile("|".join(pattern_source(p, fold=True) for p in (
    "commissioned", "began", "begun", "started", "commenced", "initiated", "carried out", "conducted", "undertaken",
    "decided", "agreed", "completed", "published", "endorsed", "approved")))
# Events are facts of the case: the section kinds in which a fact of the case is not taken.
IGNORED_KINDS = codes.POLICIES["risk_factor"].ignored_kinds


class Words(NamedTuple):
    """Dating words found at ``lay.text[start:end]``."""

    start: int
    end: int
    when: str | None
    phase: str | None
    lead: bool = False    # a date that opens with a preposition ("in March 2019")


def _date_at(lay: Layout, year: re.Match, lo: int) -> Words | None:
    """The date ending with ``year`` (a match of ``_YEAR`` in the folded text), its words read back to ``lo`` at most;
    None if a bare year has neither a preposition nor a part of the year before it ("Working Together 2018")."""
    start, number = year.start(), int(year.group("number")) if year.group("number") else None
    if start and lay.folded[start - 1].isdigit():   # within a longer number
        return None
    m = _BEFORE_YEAR.match(lay.folded[max(lo, start - DATE_REACH):start][::-1])
    if m is None:   # a year run into a word ("FY2019")
        return None
    month = m.group("month")
    if month and not lay.text[start - m.end("month")].isupper():   # "may 2019" is no month
        return None
    if not (month or number or m.group("part") or m.group("lead")):
        return None
    short = year.group("short")
    full = ("19" if short[0] == "9" else "20") + short if short else year.group()[-4:]
    number = _MONTH_NUMBER[month] if month else number
    when = f"{full}-{number:02d}" if number and 1 <= number <= 12 else full
    return Words(start - m.end(), year.end(), when, None, bool(m.group("lead")))


def _document_date(lay: Layout, date: Words, start: int, end: int) -> bool:
    """The ``date``, in the sentence ``start:end``, is the document's own: after a publication or approval cue, or,
    with no preposition before it, closing its sentence (a sign-off: "... Independent Chair, May 2020") or on a date
    line ("Monday 4 May 2020 | News")."""
    lo = max(start, date.start - DOCUMENT_DATE_REACH)
    if _DOCUMENT_DATE_WORD.search(lay.folded, lo, date.start) and _DOCUMENT_DATE.search(lay.folded, lo, date.start):
        return True
    rest = lay.text[date.end:end].strip()
    return not date.lead and (not rest or (rest[0] in _DATE_LINE_AFTER
                                           and len(lay.text[start:date.start].split()) <= _DATE_LINE_WORDS))


def _about_the_review(lay: Layout, start: int, end: int) -> bool:
    """The sentence ``start:end`` tells when the review itself was commissioned, started or done."""
    folded, i = lay.folded, lay.folded.find("review", start, end)
    while i >= 0 and not _THE_REVIEW.search(folded, max(start, i - THE_REVIEW_REACH), i + len("review")):
        i = folded.find("review", i + 1, end)
    return i >= 0 and _REVIEW_STEP.search(folded, start, end) is not None


def _date(lay: Layout, start: int, end: int) -> Words | None:
    """The first date of the case in the sentence ``start:end`` (none in a sentence about the review itself)."""
    for year in _YEAR.finditer(lay.folded, start, end):
        date = _date_at(lay, year, start)
        if date and not lay.is_excluded(date.start) and not _document_date(lay, date, start, end):
            return None if _about_the_review(lay, start, end) else date
    return None


def _phase(lay: Layout, start: int, end: int) -> Words | None:
    """The first words naming a stage of care in ``start:end``, else the first relative words."""
    sentence = lay.folded[start:end]
    if not any(w in sentence for w in PHASE_WORDS):
        return None
    found = [Words(m.start(), m.end(), None, PHASES[int(m.lastgroup[1:])][0])
             for m in _PHASE.finditer(lay.folded, start, end)
             if (m.start() == 0 or not _WORD.match(lay.text, m.start() - 1)) and not lay.is_excluded(m.start())]
    return next((w for w in found if w.phase), found[0] if found else None)


def timeline(lay: Layout) -> dict:
    """``{"timeline": [{"when", "when_text", "phase", "agencies", "text", "start", "end"}]}`` in document order.

    >>> from casegraph.loaders.extract.layout import layout
    >>> lay = layout("Fictional. Working Together 2018 guides the GP. Two weeks later the GP saw the baby.")
    >>> [(e["when"], e["when_text"], e["phase"], e["text"]) for e in timeline(lay)["timeline"]]
    [(None, 'Two weeks later', None, 'Two weeks later the GP saw the baby.')]
    """
    mentions = sorted((ev["start"], ev["end"], a["code"])
                      for a in agencies.agencies(lay)["agencies"] for ev in a["evidence"])
    starts = [s for s, _, _ in mentions]
    events, done = [], 0   # done: the end of the last sentence read
    for pos, _, _ in mentions:
        sentence = lay.sentence_at(pos) if pos >= done else None
        if sentence is None or lay.kind_at(sentence.start) in IGNORED_KINDS:
            continue
        done = sentence.end
        date, phase = _date(lay, sentence.start, sentence.end), _phase(lay, sentence.start, sentence.end)
        words = date or phase
        if words is None:
            continue
        lo, hi = sentence.start, sentence.end
        if hi - lo > context.CONTEXT_CHARS:
            lo, hi = context.context_span(lay, words.start, words.end)
        named = [code for s, e, code in mentions[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]
                 if e <= hi]
        if named:
            events.append({"when": date.when if date else None, "when_text": lay.text[words.start:words.end],
                           "phase": phase.phase if phase else None, "agencies": list(dict.fromkeys(named)),
                           "text": lay.text[lo:hi], "start": lo, "end": hi})
    return {"timeline": events}
