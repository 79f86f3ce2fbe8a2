"""Patterns: what recurs across reviews: findings that go together, lessons and asks said again, parallels."""
import altair as alt
import pandas as pd
import streamlit as st

from casegraph import ontology
from casegraph.errors import CasegraphError
from casegraph.dashboard import data, guards
from casegraph.graph.escaping import md
from casegraph.dashboard.network import network_html

HEATMAP_PAIRS = 40    # more pairs than this make the heatmap unreadable
MAX_PARALLELS = 100   # parallels listed and drawn
MEMBERS_SHOWN = 12    # lessons or recommendations shown per cluster

st.title("Patterns across reviews")
listing, state = guards.loaded_reviews()
titles = {r["review_id"]: guards.review_label(r) for r in listing}

# Each part in its own tab, computed only while its tab is open (and cached): agency involvement
# reads the quotes of every review's agency links, and the page opens without waiting for it.
together, lessons, asks, agencies = st.tabs(
    ["Findings that occur together", "Lessons learned again", "Recommendations made again",
     "Agencies named in missed opportunities"], key="patterns_part", on_change="rerun")

if together.open:
    with together:
        st.caption(f"The {HEATMAP_PAIRS} strongest pairs of risk factors and practice themes found together in at "
                   "least two reviews. Lift above 1 means together more often than chance would give; darker is "
                   "stronger.")
        pairs = data.pattern_part("cooccurrence", state)[:HEATMAP_PAIRS]
        if pairs:
            cells = pd.DataFrame([{"first": p[a + "_label"], "second": p[b + "_label"], "lift": round(p["lift"], 2),
                                   "reviews together": p["count"]} for p in pairs for a, b in (("a", "b"), ("b", "a"))])
            st.altair_chart(alt.Chart(cells).mark_rect().encode(
                x=alt.X("first:N", title=None, axis=alt.Axis(labelAngle=-40, labelLimit=240, labelOverlap=False)),
                y=alt.Y("second:N", title=None, axis=alt.Axis(labelLimit=280, labelOverlap=False)),
                color=alt.Color("lift:Q", scale=alt.Scale(scheme="blues"), title="Lift"),
                tooltip=["first", "second", "lift", "reviews together"],
            ).properties(height=alt.Step(20)), width="stretch")
            st.dataframe(pd.DataFrame([{"Finding": p["a_label"], "Found with": p["b_label"],
                                        "Reviews with both": p["count"], "Lift": round(p["lift"], 2)} for p in pairs]),
                         hide_index=True, width="stretch")
        else:
            st.write("No pair of findings occurs together in two or more reviews yet.")


def clusters(tab, part: str, none: str) -> None:
    if not tab.open:
        return
    with tab:
        found = data.pattern_part(part, state)
        if not found:
            st.write(none)
        for c in found:
            with st.expander(f"{len(c['reviews'])} reviews, {c['size']} items: {md(', '.join(c['terms'][:4]))}"):
                for m in c["members"][:MEMBERS_SHOWN]:
                    st.markdown(f"> {md(m.get('text') or '')}  \n*{md(titles.get(m['review_id'], m['review_id']))}*")
                if c["size"] > MEMBERS_SHOWN:
                    st.caption(f"and {c['size'] - MEMBERS_SHOWN} more like these.")


clusters(lessons, "recurring_lessons", "No lesson is repeated by two or more reviews in the current store.")
clusters(asks, "recommendations", "No recommendation is repeated by two or more reviews in the current store.")

if agencies.open:
    with agencies:
        found = data.pattern_part("agency_involvement", state)
        if found:
            st.dataframe(pd.DataFrame([{
                "Agency type": a.get("label") or ontology.label(a["code"]),
                "Missed opportunities naming it": a["missed_opportunities"],
                "Reviews with missed opportunities it was involved in": a["reviews_involved"]} for a in found]),
                hide_index=True, width="stretch")
        else:
            st.write("No missed opportunities have been found yet.")

st.header("Parallels between reviews")
st.caption("Pairs of reviews similar enough to read side by side, found as reviews are loaded (or as "
           f"`casegraph parallels` last stored them); the {MAX_PARALLELS} most similar are shown.")
threshold = st.session_state.get("parallel_threshold", 0.3)  # the slider's value, read before it is drawn
total, g = data.parallel_links(state, threshold, MAX_PARALLELS)
if not total:
    st.info("No two stored reviews share enough findings to be parallels yet. Load more reviews with "
            "`casegraph ingest`, or store weaker parallels with `casegraph parallels --threshold 0.1`.")
    st.stop()
st.slider("How similar two reviews must be", 0.0, 1.0, 0.3, 0.05, key="parallel_threshold")
found = sorted(g.edges(data=True), key=lambda e: (-(e[2].get("score") or 0), e[0], e[1]))
if not found:
    st.write("No stored parallel is this similar. Lower the threshold to see weaker parallels.")
    st.stop()
try:
    st.iframe(network_html(g, height=460), height=560)
except CasegraphError as e:
    st.warning(e.message)


def said_so(node: str) -> str:
    return "yes" if str(g.nodes[node].get("drew_parallels")).lower() == "true" else ""


st.dataframe(pd.DataFrame([{
    "Review": g.nodes[u].get("label"), "Parallel review": g.nodes[v].get("label"),
    "Similarity": round(d.get("score") or 0, 2),
    "Shared findings": ", ".join(ontology.label(c) for c in d.get("shared") or [] if ontology.is_code(c)),
    "First says it drew parallels": said_so(u), "Second says so": said_so(v)} for u, v, d in found]),
    hide_index=True, width="stretch")
