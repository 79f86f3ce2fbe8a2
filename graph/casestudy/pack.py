"""A case-study pack for trainers, as data: the chosen reviews one by one, what they share, questions.

Reviews are chosen by a theme (concept codes, :mod:`graph.casestudy.theme`) and/or by id. By theme,
the candidates are all the reviews that carry every code of the theme; they are ranked by how strongly
they do (how many quotes support the theme's codes) and the first ``max_reviews`` are taken. Reviews
named by id are always included, before those chosen by theme. The pack says how it chose.

Everything is read off graphs in the shape of docs/CONTRACTS.md ("Graph projection"):

- :func:`needed_reviews`: which reviews a pack may use (named ones and the theme's candidates),
  from the features of every stored review (no quotes needed), so a store reads only those with quotes.
- :func:`build_pack`: the pack from a graph holding those reviews with their quotes, and the
  similarity index of every stored review (it weighs the shared findings of the parallels).
- :func:`pack_for`: both together for a store, given a function that reads reviews with their quotes
  (the theme's reviews ranked a few at a time with :func:`strongest`, then only the chosen read).

>>> from casegraph.graph.analytics.examples import toy_graph
>>> pack = build_pack(toy_graph(), codes=["RF_HIDDEN_MEN"], date="2000-01-01")
>>> [r["review_id"] for r in pack["reviews"]], pack["selection"]["carrying"]
(['a', 'b'], 2)
>>> pack["reviews"][0]["theme_facts"][0]["quotes"][0]["text"]
"the mother's new partner was never seen"
>>> [c["code"] for c in pack["shared"]][:2]
['RF_HIDDEN_MEN', 'RF_NON_ENGAGEMENT']
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from casegraph import ontology
from casegraph.errors import CasegraphError
from casegraph.graph.analytics.features import ReviewFeatures, review_features
from casegraph.graph.analytics.parallels import DEFAULT_MIN_SHARED, DEFAULT_THRESHOLD
from casegraph.graph.analytics.recurring import recurring_lessons
from casegraph.graph.analytics.similarity import SCHEME_WEIGHTS, SimilarityIndex, build_index, score_block, shared_concepts
from casegraph.graph.mapping import graph_to_record

from .questions import discussion_questions

DEFAULT_MAX_REVIEWS = 6
MAX_QUOTES = 3          # quotes shown for each of the theme's findings in a review
OTHER_FACTS = 5         # other findings shown for each review, one quote each
MAX_ITEMS = 12          # lessons, and recommendations, listed for each review
SHA_PREFIX = 12
READ_CHUNK = 200        # reviews whose quotes are read at a time to rank the theme's reviews
SOURCES_NOTE = ("The quotes are from the published reviews, as casegraph read them; check them against the "
                "source before use. Each review's source names its file and the start of the file's "
                "SHA-256 digest, so the exact document can be found again.")


def _carries(f: ReviewFeatures, codes: Iterable[str]) -> bool:
    return all(code in f.concepts for code in codes)


def needed_reviews(features: dict[str, ReviewFeatures], codes: list[str] = (),
                   review_ids: list[str] = ()) -> list[str]:
    """The ids of the reviews a pack of ``codes`` and ``review_ids`` may use: those named and every
    review carrying all the codes. Raises :class:`CasegraphError` in plain words when nothing is
    chosen, a named review is not stored or no review carries the whole theme.

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> needed_reviews(review_features(toy_graph()), ["RF_INFANT"], ["a"])
    ['a', 'b', 'c']
    """
    if not codes and not review_ids:
        raise CasegraphError("choose a theme (codes) or reviews for the case-study pack: nothing was chosen")
    missing = [rid for rid in review_ids if rid not in features]
    if missing:
        raise CasegraphError(f"no review {', '.join(map(repr, missing))} is stored (see 'casegraph reviews')")
    carrying = [rid for rid, f in features.items() if codes and _carries(f, codes)]
    if codes and not carrying:
        each = "; ".join(f"{ontology.label(c)} ({c}) in {sum(c in f.concepts for f in features.values())}"
                         for c in codes)
        raise CasegraphError(f"no stored review carries all of the theme's codes ({each} of "
                             f"{len(features)} reviews): choose fewer codes")
    return sorted({*review_ids, *carrying})


def theme_choices(code_sets: Iterable[Iterable[str]]) -> list[tuple[ontology.Scheme, list[tuple[str, int]]]]:
    """The findings a theme can be made of, by scheme: each code carried by at least one of the reviews
    (``code_sets``: each review's codes), with how many carry it, most carried first.

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> codes = (f.concepts for f in review_features(toy_graph()).values())
    >>> [(s.key, counted[:1]) for s, counted in theme_choices(codes)][:2]
    [('risk_factor', [('RF_HIDDEN_MEN', 2)]), ('practice_theme', [('PT_FATHERS_AND_MEN', 1)])]
    """
    counts: dict[str, int] = {}
    for carried in code_sets:
        for code in set(carried):
            counts[code] = counts.get(code, 0) + 1
    out = []
    for scheme in ontology.schemes():
        codes = sorted(((c.code, counts[c.code]) for c in ontology.concepts(scheme.key) if c.code in counts),
                       key=lambda cn: (-cn[1], cn[0]))
        if codes and SCHEME_WEIGHTS.get(scheme.key, 0.0) > 0:
            out.append((scheme, codes))
    return out


def reviews_part(g: nx.MultiDiGraph, review_ids: Iterable[str]) -> nx.MultiDiGraph:
    """The part of ``g`` that belongs to the reviews ``review_ids``: their nodes, their own nodes and the
    shared nodes these reach (a view: do not modify).

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> sorted(reviews_part(toy_graph(), ["c"]).nodes)[:3]
    ['Agency:c:AG_CHILDRENS_SOCIAL_CARE:children-s-social-care', 'Agency:c:AG_POLICE:county-police', 'AgencyType:AG_CHILDRENS_SOCIAL_CARE']
    """
    wanted = set(review_ids)
    own = {n for n, d in g.nodes(data=True) if d.get("review_id") in wanted}
    return g.subgraph(own | {t for n in own for t in g.successors(n)})


def _strength(f: ReviewFeatures, codes: list[str]) -> int:
    """How strongly a review carries the theme: the number of quotes supporting its codes."""
    return sum(len(f.concepts.get(code, ())) for code in codes)


def _quote(evidence: dict) -> dict:
    return {"text": evidence.get("text") or "", "context": evidence.get("context") or "",
            "section": evidence.get("section") or ""}


def _quotes(evidence: list[dict], n: int) -> list[dict]:
    """The first ``n`` quotes of distinct sentences (several quotes often share one)."""
    seen, out = set(), []
    for e in evidence:
        key = e.get("context") or e.get("text")
        if key and key not in seen:
            seen.add(key)
            out.append(_quote(e))
    return out[:n]


def _fact(code: str, evidence: list[dict], n: int) -> dict:
    c = ontology.concept(code)
    return {"code": code, "label": c.label, "scheme": ontology.scheme(c.scheme).label,
            "quote_count": len(evidence), "quotes": _quotes(evidence, n)}


def _finding(code: str) -> bool:
    """Whether a code is a finding about the case (not the kind of document): it counts for similarity."""
    return SCHEME_WEIGHTS.get(ontology.concept(code).scheme, 0.0) > 0


def _other_facts(f: ReviewFeatures, codes: list[str]) -> list[dict]:
    """The review's findings outside the theme that matter most: those of the schemes that weigh most
    in similarity (risk factors, harm types, practice themes before agencies), best supported first."""
    others = [c for c in f.concepts if c not in codes and _finding(c)]
    ranked = sorted(others, key=lambda c: (-SCHEME_WEIGHTS[ontology.concept(c).scheme], -len(f.concepts[c]), c))
    return [_fact(c, f.concepts[c], 1) for c in ranked[:OTHER_FACTS]]


def _label(code: str | None) -> str:
    return ontology.label(code) if code and ontology.is_code(code) else (code or "")


def _items(items: list[dict], keys: tuple[str, ...]) -> tuple[list[dict], int]:
    """The first :data:`MAX_ITEMS` items (whitespace joined), and how many more there are."""
    kept = [{"text": " ".join((it.get("text") or "").split()), **{k: it.get(k) or "" for k in keys}}
            for it in items if (it.get("text") or "").strip()]
    return kept[:MAX_ITEMS], max(0, len(kept) - MAX_ITEMS)


def review_section(g: nx.MultiDiGraph, f: ReviewFeatures, codes: list[str]) -> dict:
    """One review's part of the pack: what it is, its children, its findings on the theme and a few
    others with their quotes, its lessons and recommendations, and where it comes from."""
    record = graph_to_record(g, f.review_id)
    lessons, more_lessons = _items(record.get("lessons") or [], ("section",))
    recommendations, more_recommendations = _items(record.get("recommendations") or [], ("number", "addressee"))
    return {
        "review_id": f.review_id, "title": record.get("title") or f.review_id,
        "partnership": record.get("partnership") or "", "published": record.get("published") or "",
        "kind": _label(record.get("review_type")),
        "children": [{"name": c.get("name") or "", "age_months": c.get("age_months"),
                      "outcome": _label(c.get("outcome"))} for c in record.get("children") or []],
        "strength": _strength(f, codes),
        "theme_facts": [_fact(c, f.concepts[c], MAX_QUOTES) for c in codes if c in f.concepts],
        "other_facts": _other_facts(f, codes),
        "lessons": lessons, "more_lessons": more_lessons,
        "recommendations": recommendations, "more_recommendations": more_recommendations,
        "source": {"file": Path(record.get("source") or "").name, "sha256": (record.get("sha256") or "")[:SHA_PREFIX],
                   "review_id": f.review_id},
    }


def shared_findings(features: list[ReviewFeatures]) -> list[dict]:
    """The findings that at least two of the reviews share, most shared first, with how many share each.

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> [(s["code"], s["reviews"]) for s in shared_findings(list(review_features(toy_graph()).values()))][:2]
    [('AG_CHILDRENS_SOCIAL_CARE', 3), ('RF_HIDDEN_MEN', 2)]
    """
    counts: dict[str, int] = {}
    for f in features:
        for code in f.concepts:
            if _finding(code):
                counts[code] = counts.get(code, 0) + 1
    shared = sorted((c for c, n in counts.items() if n >= 2),
                    key=lambda c: (-counts[c], -SCHEME_WEIGHTS[ontology.concept(c).scheme], c))
    return [{"code": c, "label": ontology.label(c), "scheme": ontology.scheme(ontology.concept(c).scheme).label,
             "reviews": counts[c]} for c in shared]


def parallels_among(index: SimilarityIndex, review_ids: list[str], threshold: float = DEFAULT_THRESHOLD,
                    min_shared: int = DEFAULT_MIN_SHARED) -> list[dict]:
    """Pairs of the given reviews that are parallels by the measure of
    :func:`graph.analytics.parallels.find_parallels` (similarity at least ``threshold`` in ``index``,
    at least ``min_shared`` shared findings that carry weight, not the same document), whether or
    not they are among each other's closest in the whole store; best first:
    ``{"a", "b", "score", "shared"}`` (shared codes, most informative first).

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> [(p["a"], p["b"]) for p in parallels_among(build_index(toy_graph()), ["a", "b", "c"], min_shared=2)]
    [('a', 'b')]
    """
    ids = sorted(rid for rid in set(review_ids) if rid in index.position)
    if len(ids) < 2:
        return []
    rows = [index.position[rid] for rid in ids]
    score, _, _ = score_block(index, index.matrix[rows].toarray(), index.text_matrix[rows], index.has_text[rows])
    pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            fa, fb = index.features[a], index.features[b]
            shared = shared_concepts(index, fa, fb)
            s = float(score[i, index.position[b]])
            if s >= threshold and len(shared) >= min_shared and not (fa.sha256 and fa.sha256 == fb.sha256):
                pairs.append({"a": a, "b": b, "score": round(s, 4), "shared": shared})
    return sorted(pairs, key=lambda p: (-p["score"], p["a"], p["b"]))


def strongest(features: dict[str, ReviewFeatures], codes: list[str], candidates: Iterable[str], n: int) -> list[str]:
    """The ``n`` of the ``candidates`` (ids of reviews in ``features``) that carry the theme ``codes``
    most strongly: with the most quotes supporting them (ties: by id).

    >>> from casegraph.graph.analytics.examples import toy_graph
    >>> strongest(review_features(toy_graph()), ["RF_HIDDEN_MEN", "RF_INFANT"], ["a", "b", "c"], 2)
    ['b', 'a']
    """
    return sorted(candidates, key=lambda rid: (-_strength(features[rid], codes), rid))[:n]


def _selection(codes: list[str], review_ids: list[str], theme_reviews: list[str], max_reviews: int,
               chosen: int) -> dict:
    others = len(set(theme_reviews) - set(review_ids))
    how = []
    if codes:
        how.append(f"{len(theme_reviews)} stored review(s) carry all of the theme's codes; "
                   + (f"the {max_reviews} with the most quotes for them are included" if others > max_reviews
                      else "all are included") + f" (a pack takes at most {max_reviews} by theme).")
    if review_ids:
        how.append(f"{len(review_ids)} review(s) were chosen by name and are always included.")
    return {"codes": list(codes), "named": list(review_ids), "carrying": len(theme_reviews),
            "max_reviews": max_reviews, "reviews": chosen, "note": " ".join(how)}


def build_pack(g: nx.MultiDiGraph, codes: list[str] = (), review_ids: list[str] = (),
               max_reviews: int = DEFAULT_MAX_REVIEWS, index: SimilarityIndex | None = None,
               date: str | None = None, theme_reviews: list[str] | None = None) -> dict:
    """The case-study pack (see the module doc) of the theme ``codes`` and the reviews ``review_ids``,
    read from ``g``, which holds the reviews of :func:`needed_reviews` with their quotes (or, when
    ``theme_reviews`` lists every stored review carrying the theme, the strongest of them).
    ``index`` is the similarity index of every stored review (default: of the reviews in ``g``);
    ``date`` the pack's date (default: today).
    """
    features = review_features(g)
    codes, review_ids = list(dict.fromkeys(codes)), list(dict.fromkeys(review_ids))
    needed_reviews(features, codes, review_ids)   # the same checks, on what g holds
    carrying = [rid for rid, f in features.items() if codes and _carries(f, codes)]
    chosen = review_ids + strongest(features, codes, [r for r in carrying if r not in review_ids], max_reviews)
    index = index if index is not None else build_index(g)
    reviews = [review_section(g, features[rid], codes) for rid in chosen]
    titles = {r["review_id"]: r["title"] for r in reviews}
    parallels = [{**p, "a_title": titles[p["a"]], "b_title": titles[p["b"]],
                  "shared_labels": [ontology.label(c) for c in p["shared"]]} for p in parallels_among(index, chosen)]
    recurring = [{"reviews": c["reviews"], "titles": [titles[r] for r in c["reviews"]], "example": c["example"],
                  "terms": c["terms"], "members": c["members"]}
                 for c in recurring_lessons({rid: features[rid] for rid in chosen})]
    theme = [{"code": c, "label": ontology.label(c), "scheme": ontology.scheme(ontology.concept(c).scheme).label}
             for c in codes]
    pack = {
        "title": "Case-study pack: " + "; ".join(t["label"] for t in theme) if theme else "Case-study pack",
        "date": date or datetime.date.today().isoformat(),
        "theme": theme,
        "selection": _selection(codes, review_ids, carrying if theme_reviews is None else theme_reviews,
                                max_reviews, len(chosen)),
        "reviews": reviews,
        "shared": shared_findings([features[rid] for rid in chosen]),
        "parallels": parallels,
        "recurring_lessons": recurring,
        "sources_note": SOURCES_NOTE,
    }
    pack["questions"] = discussion_questions(pack)
    return pack


def pack_for(index: SimilarityIndex, read: Callable[[list[str]], nx.MultiDiGraph], codes: list[str] = (),
             review_ids: list[str] = (), max_reviews: int = DEFAULT_MAX_REVIEWS, date: str | None = None) -> dict:
    """:func:`build_pack` for stored reviews: ``index`` is the similarity index of every stored review
    (built without quotes), ``read(review_ids)`` reads those reviews' graph with their quotes. When more
    reviews carry the theme than the pack takes, their quotes are counted :data:`READ_CHUNK` reviews
    at a time, and only the chosen reviews are read for the pack."""
    codes, review_ids = list(dict.fromkeys(codes)), list(dict.fromkeys(review_ids))
    theme_reviews = [rid for rid in needed_reviews(index.features, codes, review_ids)
                     if codes and _carries(index.features[rid], codes)]
    others = [rid for rid in theme_reviews if rid not in review_ids]
    if len(others) > max_reviews:
        best: dict[str, ReviewFeatures] = {}
        for start in range(0, len(others), READ_CHUNK):
            part = review_features(read(others[start:start + READ_CHUNK]))
            best.update({rid: part[rid] for rid in strongest(part, codes, part, max_reviews)})
        others = strongest(best, codes, best, max_reviews)
    return build_pack(read([*review_ids, *others]), codes, review_ids, max_reviews, index=index, date=date,
                      theme_reviews=theme_reviews)
