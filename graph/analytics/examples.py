"""Small fictional review graphs for examples and tests (no text from real reviews).

:func:`review_graph` builds the projection of one review in the shape of
docs/CONTRACTS.md from a few plain arguments; :func:`toy_graph` joins three
such reviews whose similarities are easy to work out by hand.

>>> g = review_graph("x", {"RF_INFANT": ["a small baby"]}, lessons=["Listen to the child."])
>>> sorted(k for _, k in g.nodes(data="kind"))
['Lesson', 'Review', 'RiskFactor']
"""
from __future__ import annotations

import networkx as nx

import ontology


def _rel(name: str) -> str:
    return ontology.relation(name).graph_type


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def _evidence(quotes: list[str], text: list[str]) -> list[dict]:
    """Evidence items whose offsets point into the growing document ``text`` (a list of lines)."""
    out = []
    for quote in quotes:
        start = sum(len(t) + 1 for t in text)
        text.append(quote)
        out.append({"text": quote, "start": start, "end": start + len(quote), "section": None})
    return out


def review_graph(review_id: str, concepts: dict[str, list[str]], *, agencies: dict[str, str] | None = None,
                 lessons: list[str] = (), recommendations: list[str] = (), missed: list[str] = (),
                 drew_parallels: bool = False) -> nx.MultiDiGraph:
    """The graph of one fictional review.

    ``concepts`` maps a concept code (any scheme but agency types) to its evidence quotes;
    ``agencies`` maps an agency-type code to the agency's name (its evidence is the name).
    Family roles become ``FamilyMember`` nodes and outcomes a ``Child`` node, as in the contract.
    """
    g = nx.MultiDiGraph()
    rnode = f"Review:{review_id}"
    text: list[str] = []
    g.add_node(rnode, kind="Review", label=f"Fictional review {review_id}", review_id=review_id,
               title=f"Fictional review {review_id}", drew_parallels=drew_parallels, sha256=review_id)
    by_scheme = {s.key: s for s in ontology.schemes()}
    for code, quotes in concepts.items():
        c = ontology.concept(code)
        s = by_scheme[c.scheme]
        cnode = f"{s.concept_class}:{code}"
        g.add_node(cnode, kind=s.concept_class, code=code, label=c.label, scheme=c.scheme)
        evidence = _evidence(quotes, text)
        if c.scheme == "family_role":
            member = f"FamilyMember:{review_id}:{code}"
            g.add_node(member, kind="FamilyMember", label=c.label)
            g.add_edge(rnode, member, rel=s.graph_type, evidence=evidence)
            g.add_edge(member, cnode, rel=_rel("hasFamilyRole"))
        elif c.scheme == "outcome":
            child = f"Child:{review_id}:1"
            g.add_node(child, kind="Child", label="Child", outcome=code)
            g.add_edge(rnode, child, rel=s.graph_type)
            g.add_edge(child, cnode, rel=_rel("hasOutcome"))
        else:
            g.add_edge(rnode, cnode, rel=s.graph_type, evidence=evidence)
    for code, name in (agencies or {}).items():
        s = ontology.scheme("agency_type")
        anode = f"Agency:{review_id}:{code}:{_slug(name)}"
        g.add_node(anode, kind="Agency", label=name, name=name, code=code)
        g.add_node(f"AgencyType:{code}", kind="AgencyType", code=code, label=ontology.label(code),
                   scheme="agency_type")
        g.add_edge(rnode, anode, rel=s.graph_type, evidence=_evidence([name], text))
        g.add_edge(anode, f"AgencyType:{code}", rel=_rel("hasAgencyType"))
    for kind, relation, items in (("Lesson", "hasLesson", lessons),
                                  ("Recommendation", "hasRecommendation", recommendations),
                                  ("MissedOpportunity", "hasMissedOpportunity", missed)):
        for n, item in enumerate(items, 1):
            (ev,) = _evidence([item], text)
            node = f"{kind}:{review_id}:{n}"
            g.add_node(node, kind=kind, label=item[:40], **ev)
            g.add_edge(rnode, node, rel=_rel(relation))
    return g


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
