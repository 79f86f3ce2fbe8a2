"""The recommendation register: every recommendation, with the same ask made by other reviews.

:func:`recommendation_register` lists every ``Recommendation`` node of a graph in the shape of
docs/CONTRACTS.md ("Graph projection") with its review (id, title, publication date), number,
addressee, text and practice themes, and puts it in a group with the recommendations of other
reviews that ask nearly the same thing: the clusters of :func:`graph.analytics.recurring.cluster_texts`
(TF-IDF cosine at or above the threshold, star clusters), the same that the Patterns page and
``casegraph patterns`` report as "made again", plus one group for each recommendation asked once.
A group is "asked N times since YEAR": N distinct reviews, YEAR the earliest year any of them was
published (see :func:`asked`). Groups are numbered from 1, most asked first, then oldest first.

:func:`filter_register` narrows the rows (a group keeps the N and YEAR of all its members),
:func:`groups` gathers rows back into their groups and :func:`register_csv` writes them for a
spreadsheet. The light graph (``graph.analytics.stored.light_graph``) holds all it reads.

>>> import networkx as nx  # two fictional reviews asking for the same audit, one also for training
>>> from casegraph.graph.analytics.examples import review_graph
>>> g = nx.compose(
...     review_graph("a", {}, recommendations=["The partnership should audit pre-birth assessments."]),
...     review_graph("b", {}, recommendations=["Audit pre-birth assessments across the partnership.",
...                                            "Train staff on safe sleep."]))
>>> g.nodes["Review:a"]["published"], g.nodes["Review:b"]["published"] = "2015-03", "2019"
>>> rows = recommendation_register(g, threshold=0.4)
>>> [(r["group"], r["review_id"], r["asked"], r["since"]) for r in rows]
[(1, 'a', 2, 2015), (1, 'b', 2, 2015), (2, 'b', 1, 2019)]
>>> [asked(grp["asked"], grp["since"]) for grp in groups(filter_register(rows, since=2016))]
['Asked 2 times since 2015', 'Asked once, in 2019']
"""
from __future__ import annotations

import csv
import io

import networkx as nx

from casegraph import ontology
from casegraph.errors import CasegraphError

from .recurring import DEFAULT_THRESHOLD, cluster_texts

CSV_COLUMNS = ("group", "group_size", "asked_by_reviews", "asked_since", "review_id", "review_title",
               "published", "number", "addressee", "text", "themes", "theme_codes")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _year(published) -> int | None:
    head = str(published or "")[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None


def _index(node: str) -> int:
    tail = node.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _rows(g: nx.MultiDiGraph) -> list[dict]:
    """One row per recommendation of each review of ``g``, without its group (``_order``: its place
    in its review; ``_row``: its place here)."""
    has, about = ontology.relation("hasRecommendation").graph_type, ontology.relation("aboutTheme").graph_type
    rows = []
    for node, review in g.nodes(data=True):
        if review.get("kind") != "Review":
            continue
        for _, item, rel in g.out_edges(node, data="rel"):
            if rel != has:
                continue
            attrs = g.nodes[item]
            rows.append({
                "review_id": review.get("review_id") or node.split(":", 1)[1],
                "title": review.get("title") or review.get("label") or "",
                "published": review.get("published"), "year": _year(review.get("published")),
                "number": attrs.get("number"), "addressee": attrs.get("addressee"),
                "text": attrs.get("text") or "",
                "themes": sorted(g.nodes[t]["code"] for _, t, k in g.out_edges(item, data="rel") if k == about),
                "_order": _index(item), "_row": len(rows)})
    return rows


def _by_year(row: dict) -> tuple:
    return row["year"] is None, row["year"] or 0, row["review_id"], row["_order"]


def recommendation_register(g: nx.MultiDiGraph, threshold: float = DEFAULT_THRESHOLD) -> list[dict]:
    """Every recommendation of ``g`` as ``{"review_id", "title", "published", "year", "number",
    "addressee", "text", "themes" (practice theme codes), "group", "group_size" (its recommendations),
    "asked" (its distinct reviews), "since" (their earliest year, None if none is dated)}``,
    by group, then oldest review first (see module doc)."""
    rows = _rows(g)
    clustered = cluster_texts(rows, threshold, terms=0, min_reviews=1)
    grouped = {m["_row"] for c in clustered for m in c["members"]}
    members = [c["members"] for c in clustered] + [[r] for r in rows if r["_row"] not in grouped]
    summaries = []
    for group in members:
        years = [r["year"] for r in group if r["year"] is not None]
        summaries.append((len({r["review_id"] for r in group}), min(years, default=None), group))
    summaries.sort(key=lambda s: (-s[0], s[1] is None, s[1] or 0, -len(s[2]), min(map(_by_year, s[2]))))
    out = []
    for number, (reviews, since, group) in enumerate(summaries, 1):
        for row in sorted(group, key=_by_year):
            del row["_row"], row["_order"]
            out.append({**row, "group": number, "group_size": len(group), "asked": reviews, "since": since})
    return out


def theme_codes(themes) -> set[str]:
    """The practice theme codes named by ``themes``: codes or labels (any case), or words of a label.

    >>> sorted(theme_codes(["pt_info_sharing", "fathers"]))
    ['PT_FATHERS_AND_MEN', 'PT_INFO_SHARING']
    """
    concepts = ontology.concepts("practice_theme")
    codes = set()
    for name in themes:
        wanted = str(name).strip().lower()
        exact = [c.code for c in concepts if wanted in (c.code.lower(), c.label.lower())]
        found = exact or [c.code for c in concepts if wanted and wanted in c.label.lower()]
        if not found:
            raise CasegraphError(f"no practice theme is called {name!r}: use a code or words of a label, e.g. "
                                 f"{concepts[0].code} ({concepts[0].label})")
        codes.update(found)
    return codes


def filter_register(rows: list[dict], themes=(), addressee: str | None = None, reviews=(),
                    since: int | None = None, until: int | None = None, repeated: bool = False) -> list[dict]:
    """The rows of :func:`recommendation_register` about any of ``themes`` (see :func:`theme_codes`),
    whose addressee contains ``addressee`` (any case), from any of the ``reviews`` (ids), published
    from ``since`` to ``until`` (years, inclusive; an undated review is left out by either), and,
    with ``repeated``, in a group asked by two reviews or more. Empty filters keep every row."""
    codes = theme_codes(themes) if themes else None
    wanted = (addressee or "").strip().lower()
    reviews = set(reviews)
    return [r for r in rows
            if (codes is None or codes.intersection(r["themes"]))
            and (not wanted or wanted in (r["addressee"] or "").lower())
            and (not reviews or r["review_id"] in reviews)
            and (since is None or (r["year"] is not None and r["year"] >= since))
            and (until is None or (r["year"] is not None and r["year"] <= until))
            and (not repeated or r["asked"] >= 2)]


def groups(rows: list[dict]) -> list[dict]:
    """``rows`` of :func:`recommendation_register` gathered into their groups, in group order:
    ``{"group", "asked", "since", "group_size", "example" (the first row's text), "members" (rows)}``."""
    out: dict[int, dict] = {}
    for r in rows:
        out.setdefault(r["group"], {"group": r["group"], "asked": r["asked"], "since": r["since"],
                                    "group_size": r["group_size"], "example": r["text"], "members": []})
        out[r["group"]]["members"].append(r)
    return [out[k] for k in sorted(out)]


def asked(reviews: int, since: int | None) -> str:
    """How often a group's recommendation was asked, in words.

    >>> asked(3, 2015), asked(2, None), asked(1, 2020), asked(1, None)
    ('Asked 3 times since 2015', 'Asked 2 times, year unknown', 'Asked once, in 2020', 'Asked once, year unknown')
    """
    how = "once" if reviews == 1 else f"{reviews} times"
    if since is None:
        return f"Asked {how}, year unknown"
    return f"Asked {how}, in {since}" if reviews == 1 else f"Asked {how} since {since}"


def _cell(value) -> str | int:
    """A CSV cell that a spreadsheet shows as typed: text opening like a formula gets a leading quote.

    >>> _cell("=HYPERLINK(1)"), _cell("-"), _cell(None), _cell(3)
    ("'=HYPERLINK(1)", "'-", '', 3)
    """
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def register_csv(rows: list[dict]) -> bytes:
    """``rows`` of :func:`recommendation_register` as CSV (:data:`CSV_COLUMNS`, one row each), in UTF-8
    with a byte-order mark so that spreadsheets read accented letters right.

    >>> data = register_csv([{"group": 1, "group_size": 1, "asked": 1, "since": None, "review_id": "a",
    ...                       "title": "Fictional café review", "published": None, "number": "1",
    ...                       "addressee": "LSCB", "text": "=1+1", "themes": ["PT_INFO_SHARING"]}])
    >>> data.decode("utf-8-sig").splitlines()[1]
    "1,1,1,,a,Fictional café review,,1,LSCB,'=1+1,Information sharing between or within agencies,PT_INFO_SHARING"
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([_cell(v) for v in (
            r["group"], r["group_size"], r["asked"], r["since"], r["review_id"], r["title"], r["published"],
            r["number"], r["addressee"], r["text"], "; ".join(ontology.label(c) for c in r["themes"]),
            " ".join(r["themes"]))])
    return out.getvalue().encode("utf-8-sig")
