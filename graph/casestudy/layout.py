"""The layout of a case-study pack, shared by its Markdown and Word renderers.

:func:`pack_blocks` turns a pack (:func:`graph.casestudy.pack.build_pack`) into a flat list of
:class:`Block` s (a title, headings, paragraphs, quotes, bullets, numbered items, page breaks),
each made of :class:`Run` s of plain text, some bold or italic. The renderers only decide how a
block looks in their format (and how to make document text safe in it), so the two documents
always say the same things in the same order.

>>> quote_runs({"text": "never seen", "context": "The fictional man was never seen by anyone.", "section": "Events"})
[Run(text='The fictional man was ', bold=False, italic=False), Run(text='never seen', bold=True, italic=False), Run(text=' by anyone.', bold=False, italic=False), Run(text=' (Events)', bold=False, italic=True)]
"""
from __future__ import annotations

from typing import NamedTuple

from casegraph.graph.analytics.parallels import DEFAULT_MIN_SHARED, DEFAULT_THRESHOLD

SHARED_LABELS = 6   # shared findings named for each parallel
SHARED_SHOWN = 12   # findings listed under "Findings they share"


class Run(NamedTuple):
    text: str
    bold: bool = False
    italic: bool = False


class Block(NamedTuple):
    kind: str                   # "title", "heading", "paragraph", "quote", "bullet", "numbered", "page_break"
    runs: tuple[Run, ...] = ()
    level: int = 0              # heading level (1 = a review's title); number of a numbered item


def _block(kind: str, *runs: Run | str, level: int = 0) -> Block:
    runs = tuple(r if isinstance(r, Run) else Run(r) for r in runs)
    return Block(kind, tuple(r for r in runs if r.text), level)


def quote_runs(quote: dict) -> list[Run]:
    """A quote in the sentence around it, the quoted words in bold, then its section in italics."""
    text, context = quote.get("text") or "", quote.get("context") or ""
    at = context.find(text) if text else -1
    runs = ([Run(context[:at]), Run(text, bold=True), Run(context[at + len(text):])] if at >= 0
            else [Run(text or context, bold=True)])
    if quote.get("section"):
        runs.append(Run(f" ({quote['section']})", italic=True))
    return [r for r in runs if r.text]


def named(title: str, review_id: str) -> str:
    """A review named in a list: its title and id (several reviews may have the same title)."""
    return f"{title} ({review_id})" if title != review_id else title


def _age(months: int | None) -> str:
    """A child's age in words.

    >>> _age(30), _age(1), _age(None)
    ('2 years old', '1 month old', 'age not stated')
    """
    if months is None:
        return "age not stated"
    n, unit = (months // 12, "year") if months >= 24 else (months, "month")
    return f"{n} {unit}{'s' if n != 1 else ''} old"


def _children(review: dict) -> str:
    return "; ".join(", ".join(p for p in (c["name"] or "A child", _age(c["age_months"]), c["outcome"].lower()) if p)
                     for c in review["children"]) or "not stated"


def title_page(pack: dict) -> list[Block]:
    """The pack's title, date, theme and how its reviews were chosen."""
    out = [_block("title", pack["title"]),
           _block("paragraph", f"Prepared on {pack['date']} with casegraph, for training.")]
    if pack["theme"]:
        out.append(_block("paragraph", Run("Theme: ", bold=True),
                          "; ".join(f"{t['label']} ({t['code']}, {t['scheme'].lower()})" for t in pack["theme"])))
    out.append(_block("paragraph", Run("How the reviews were chosen: ", bold=True), pack["selection"]["note"]))
    out.append(_block("paragraph", Run("Reviews in this pack: ", bold=True),
                      "; ".join(named(r["title"], r["review_id"]) for r in pack["reviews"])))
    return out + [_block("page_break")]


def _facts(review: dict, themed: bool) -> list[Block]:
    out = []
    if themed:
        out.append(_block("heading", "Findings on the theme", level=2))
        if not review["theme_facts"]:
            out.append(_block("paragraph", "This review was chosen by name; casegraph found none of the "
                                           "theme's findings in it."))
        for fact in review["theme_facts"]:
            out.append(_block("paragraph", Run(fact["label"], bold=True),
                              f" ({fact['scheme'].lower()}; {fact['quote_count']} quote(s) in the review)"))
            out += [_block("quote", *quote_runs(q)) for q in fact["quotes"]]
    out.append(_block("heading", "Other key facts" if themed else "Key facts", level=2))
    if not review["other_facts"]:
        out.append(_block("paragraph", "No other findings were recorded."))
    for fact in review["other_facts"]:
        out.append(_block("bullet", Run(fact["label"], bold=True), f" ({fact['scheme'].lower()}): ",
                          *(quote_runs(fact["quotes"][0]) if fact["quotes"] else ())))
    return out


def _listed(review: dict, key: str, heading: str, none: str) -> list[Block]:
    out = [_block("heading", heading, level=2)]
    items = review[key]
    if not items:
        out.append(_block("paragraph", none))
    for n, item in enumerate(items, 1):
        if key == "recommendations":
            to = f" (to {item['addressee']})" if item["addressee"] else ""
            runs = [Run(f"Recommendation {item['number'] or n}{to}: ", bold=True), Run(item["text"])]
        else:
            runs = [Run(item["text"]), Run(f" ({item['section']})" if item["section"] else "", italic=True)]
        out.append(_block("numbered", *runs, level=n))
    if review[f"more_{key}"]:
        out.append(_block("paragraph", f"… and {review[f'more_{key}']} more in the review."))
    return out


def review_blocks(review: dict, themed: bool) -> list[Block]:
    """One review's pages: its title as a heading, what it is, its facts with quotes, its lessons and
    recommendations, and its source."""
    source = review["source"]
    return [
        _block("heading", review["title"], level=1),
        _block("bullet", Run("Partnership: ", bold=True), review["partnership"] or "not stated"),
        _block("bullet", Run("Published: ", bold=True), review["published"] or "not stated"),
        _block("bullet", Run("Kind of document: ", bold=True), review["kind"] or "not stated"),
        _block("bullet", Run("Children: ", bold=True), _children(review)),
        *_facts(review, themed),
        *_listed(review, "lessons", "Lessons", "casegraph found no lessons stated in this document."),
        *_listed(review, "recommendations", "Recommendations",
                 "casegraph found no recommendations in this document."),
        _block("heading", "Source", level=2),
        _block("bullet", Run("File: ", bold=True), source["file"] or "not recorded"),
        _block("bullet", Run("SHA-256 begins: ", bold=True), source["sha256"] or "not recorded"),
        _block("bullet", Run("Review id in casegraph: ", bold=True), source["review_id"]),
        _block("page_break"),
    ]


def across_blocks(pack: dict) -> list[Block]:
    """What the reviews share: findings, parallels and lessons learned again."""
    total = len(pack["reviews"])
    out = [_block("heading", "Across the reviews", level=1), _block("heading", "Findings they share", level=2)]
    if not pack["shared"]:
        out.append(_block("paragraph", "No finding is shared by two or more of these reviews."))
    out += [_block("bullet", Run(s["label"], bold=True), f" ({s['scheme'].lower()}): in {s['reviews']} of {total}")
            for s in pack["shared"][:SHARED_SHOWN]]
    if len(pack["shared"]) > SHARED_SHOWN:
        out.append(_block("paragraph", f"… and {len(pack['shared']) - SHARED_SHOWN} more shared by fewer of them."))
    out.append(_block("heading", "Parallels", level=2))
    if not pack["parallels"]:
        out.append(_block("paragraph", f"No two of these reviews are parallels (similarity {DEFAULT_THRESHOLD} "
                                       f"or more, with at least {DEFAULT_MIN_SHARED} shared findings that "
                                       "carry weight)."))
    for p in pack["parallels"]:
        more = len(p["shared_labels"]) - SHARED_LABELS
        out.append(_block("bullet", Run(named(p["a_title"], p["a"]), bold=True), " and ",
                          Run(named(p["b_title"], p["b"]), bold=True),
                          f": similarity {p['score']:.2f}; they share " + "; ".join(p["shared_labels"][:SHARED_LABELS])
                          + (f" and {more} more" if more > 0 else "")))
    out.append(_block("heading", "Lessons learned again", level=2))
    if not pack["recurring_lessons"]:
        out.append(_block("paragraph", "No lesson recurs across these reviews."))
    for c in pack["recurring_lessons"]:
        out.append(_block("paragraph", Run(f"{len(c['reviews'])} reviews: ", bold=True),
                          "; ".join(map(named, c["titles"], c["reviews"])),
                          Run(f" (key words: {', '.join(c['terms'])})", italic=True)))
        titles = dict(zip(c["reviews"], c["titles"]))
        out += [_block("quote", m["text"], Run(f" ({named(titles[m['review_id']], m['review_id'])})", italic=True))
                for m in c["members"]]
    return out


def pack_blocks(pack: dict) -> list[Block]:
    """The whole pack: title page, one part per review, across the reviews, questions, sources."""
    themed = bool(pack["theme"])
    return [*title_page(pack),
            *(b for r in pack["reviews"] for b in review_blocks(r, themed)),
            *across_blocks(pack),
            _block("heading", "Discussion questions", level=1),
            *(_block("numbered", q, level=n) for n, q in enumerate(pack["questions"], 1)),
            _block("heading", "About the sources", level=1),
            _block("paragraph", pack["sources_note"])]
