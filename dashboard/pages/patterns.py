"""Patterns: what recurs across reviews: findings that go together, lessons and asks said again, parallels."""
import altair as alt
import networkx as nx
import pandas as pd
import streamlit as st

import ontology
from casegraph.errors import CasegraphError
from dashboard import data, guards
from dashboard.escaping import md
from dashboard.network import network_html

HEATMAP_PAIRS = 40   # more pairs than this make the heatmap unreadable

with guards.plain_errors():  # a problem the user can fix shows as one message
    st.title("Patterns across reviews")
    listing, state = guards.loaded_reviews()
    titles = {r.get("review_id") or r.get("id"): guards.review_label(r) for r in listing}
    report = data.patterns(state)

    st.header("Findings that occur together")
    st.caption(f"The {HEATMAP_PAIRS} strongest pairs of risk factors and practice themes found together in at least "
               "two reviews. Lift above 1 means together more often than chance would give; darker is stronger.")
    pairs = report["cooccurrence"][:HEATMAP_PAIRS]
    if pairs:
        cells = pd.DataFrame([{"first": p[a + "_label"], "second": p[b + "_label"], "lift": round(p["lift"], 2),
                               "reviews together": p["count"]} for p in pairs for a, b in (("a", "b"), ("b", "a"))])
        st.altair_chart(alt.Chart(cells).mark_rect().encode(
            x=alt.X("first:N", title=None, axis=alt.Axis(labelAngle=-40, labelLimit=240, labelOverlap=False)),
            y=alt.Y("second:N", title=None, axis=alt.Axis(labelLimit=280, labelOverlap=False)),
            color=alt.Color("lift:Q", scale=alt.Scale(scheme="blues"), title="Lift"),
            tooltip=["first", "second", "lift", "reviews together"],
        ).properties(height=alt.Step(20)), width="stretch")
        st.dataframe(pd.DataFrame([{"Finding": p["a_label"], "Found with": p["b_label"], "Reviews with both": p["count"],
                                    "Lift": round(p["lift"], 2)} for p in pairs]), hide_index=True, width="stretch")
    else:
        st.write("No pair of findings occurs together in two or more reviews yet.")

    def clusters(heading: str, found: list[dict], none: str) -> None:
        st.header(heading)
        if not found:
            st.write(none)
        for c in found:
            with st.expander(f"{len(c['reviews'])} reviews, {c['size']} items: {md(', '.join(c['terms'][:4]))}"):
                for m in c["members"]:
                    st.markdown(f"> {md(m.get('text') or '')}  \n*{md(titles.get(m['review_id'], m['review_id']))}*")

    clusters("Lessons learned again", report["recurring_lessons"],
             "No lesson is repeated by two or more reviews in the current store.")
    clusters("Recommendations made again", report["recommendations"],
             "No recommendation is repeated by two or more reviews in the current store.")

    st.header("Agencies named in missed opportunities")
    agencies = report["agency_involvement"]
    if agencies:
        st.dataframe(pd.DataFrame([{
            "Agency type": a.get("label") or ontology.label(a["code"]),
            "Missed opportunities naming it": a["missed_opportunities"],
            "Reviews with missed opportunities it was involved in": a["reviews_involved"]} for a in agencies]),
            hide_index=True, width="stretch")
    else:
        st.write("No missed opportunities have been found yet.")

    st.header("Parallels between reviews")
    threshold = st.slider("How similar two reviews must be", 0.1, 0.9, 0.3, 0.05)
    found = data.parallels(state, threshold)
    if not found:
        st.write("No two reviews are this similar. Lower the threshold to see weaker parallels.")
        st.stop()
    g = data.whole_graph(state)
    drawing = nx.MultiDiGraph()
    for p in found:
        for rid in (p["a"], p["b"]):
            drawing.add_node(f"Review:{rid}", **g.nodes[f"Review:{rid}"])
        drawing.add_edge(f"Review:{p['a']}", f"Review:{p['b']}", rel=ontology.relation("parallelTo").graph_type,
                         shared=p["shared"])
    try:
        st.iframe(network_html(drawing, height=460), height=560)
    except CasegraphError as e:
        st.warning(e.message)
    st.dataframe(pd.DataFrame([{
        "Review": titles.get(p["a"], p["a"]), "Parallel review": titles.get(p["b"], p["b"]),
        "Similarity": round(p["score"], 2),
        "Shared findings": ", ".join(ontology.label(c) for c in p["shared"] if ontology.is_code(c)),
        "Says it drew parallels": ", ".join(titles.get(r, r) for r in p["drew_parallels"])} for p in found]),
        hide_index=True, width="stretch")
