"""Small fictional reviews for examples and tests (no text from real reviews).

:func:`review_record` writes the extraction record of one fictional review from
a few plain arguments (its text is the quotes one per line, so every evidence
offset holds); :func:`review_graph` projects it with
``graph.mapping.record_to_graph``; :func:`toy_graph` joins three such reviews
whose similarities are easy to work out by hand.

>>> g = review_graph("x", {"RF_INFANT": ["a small baby"]}, lessons=["Listen to the child."])
>>> sorted(k for _, k in g.nodes(data="kind"))
['Lesson', 'Review', 'RiskFactor']
"""
from __future__ import annotations

import hashlib

import networkx as nx

from casegraph import ontology
from casegraph.graph.mapping import record_to_graph


def review_record(review_id: str, concepts: dict[str, list[str]], *, agencies: dict[str, str] | None = None,
                  lessons: list[str] = (), recommendations: list[str] = (), missed: list[str] = (),
                  drew_parallels: bool = False) -> dict:
    """The extraction record of one fictional review.

    ``concepts`` maps a code of a coded field (risk factors, harm types, practice themes, family
    roles) or an outcome to its evidence quotes; ``agencies`` maps an agency-type code to the
    agency's name, which is also its evidence.

    >>> rec = review_record("x", {"RF_INFANT": ["a small baby"]})
    >>> e = rec["risk_factors"][0]["evidence"][0]
    >>> rec["text"][e["start"]:e["end"]]
    'a small baby'
    """
    lines: list[str] = []

    def quote(text: str) -> dict:
        start = sum(len(t) + 1 for t in lines)
        lines.append(text)
        return {"text": text, "start": start, "end": start + len(text), "section": None}

    record = {"id": review_id, "source": f"{review_id}.txt",
              "title": f"Fictional review {review_id}", "drew_parallels": drew_parallels, "children": []}
    for code, quotes in concepts.items():
        c = ontology.concept(code)
        if c.scheme == "outcome":
            record["children"].append({"name": "Child", "outcome": code})
            continue
        field = ontology.scheme(c.scheme).field
        record.setdefault(field, []).append({"code": code, "evidence": [quote(q) for q in quotes]})
    record["agencies"] = [{"code": code, "name": name, "evidence": [quote(name)]}
                          for code, name in (agencies or {}).items()]
    for field, items in (("lessons", lessons), ("recommendations", recommendations),
                         ("missed_opportunities", missed)):
        record[field] = [quote(text) for text in items]
    record["text"] = "\n".join(lines)
    record["sha256"] = hashlib.sha256(f"{review_id}\n{record['text']}".encode()).hexdigest()
    return record


def review_graph(review_id: str, concepts: dict[str, list[str]], **items) -> nx.MultiDiGraph:
    """The graph projection of :func:`review_record` (same arguments)."""
    return record_to_graph(review_record(review_id, concepts, **items))


def toy_graph() -> nx.MultiDiGraph:
    """Three fictional reviews: ``a`` and ``b`` share hidden men and non-engagement, ``b`` and ``c``
    an infant, all three children's social care.

    >>> sorted(n for n, k in toy_graph().nodes(data="kind") if k == "Review")
    ['Review:a', 'Review:b', 'Review:c']
    """
    csc = "AG_CHILDRENS_SOCIAL_CARE"
    return nx.compose_all([
        review_graph("a", {"RF_HIDDEN_MEN": ["the mother's new partner was never seen"],
                           "RF_NON_ENGAGEMENT": ["missed every appointment"],
                           "PT_FATHERS_AND_MEN": ["fathers were not assessed"]},
                     agencies={csc: "Children's Services"},
                     lessons=["Find out who lives in the household and assess every man in it."],
                     missed=["Children's Services closed the case without seeing the partner."]),
        review_graph("b", {"RF_HIDDEN_MEN": ["an unknown man"],
                           "RF_NON_ENGAGEMENT": ["did not engage with the health visitor"],
                           "RF_INFANT": ["a baby of ten weeks"]},
                     agencies={csc: "Children's Social Care"},
                     lessons=["Assess every man in the household, not only the mother."],
                     drew_parallels=True),
        review_graph("c", {"RF_INFANT": ["a newborn"], "RF_SUBSTANCE_MISUSE": ["used cannabis daily"]},
                     agencies={csc: "Children's Social Care", "AG_POLICE": "County Police"},
                     lessons=["Drug testing should be used to check claims of abstinence."],
                     missed=["The police did not share the arrest with the health visitor."]),
    ])
