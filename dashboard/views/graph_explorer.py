"""Graph explorer: what surrounds a review, a concept or a partnership, drawn offline."""
import streamlit as st

from casegraph import ontology
from casegraph.errors import CasegraphError
from casegraph.dashboard import data, guards
from casegraph.graph.escaping import md
from casegraph.dashboard.network import MAX_NODES, around, kind_label, network_html

st.title("Graph explorer")
st.caption("Circles are reviews and what they found; lines link them. Point at a circle or a line to see "
           "its quotes; drag to move, scroll to zoom.")
listing, state = guards.loaded_reviews()

start = st.radio("Start from", ("A review", "A concept", "A partnership"), horizontal=True)
if start == "A review":  # read for the review and its parallels only, quotes included
    centre = "Review:" + guards.pick_review(listing, key="explore_review")
    part = data.review_surroundings(centre.split(":", 1)[1], state)
else:  # a concept or partnership reaches reviews anywhere in the store
    g = data.whole_graph(state, evidence=False)
    kinds = {s.concept_class for s in ontology.schemes()} if start == "A concept" else {"Partnership"}
    choices = sorted((n for n, k in g.nodes(data="kind") if k in kinds),
                     key=lambda n: (n.split(":", 1)[0], str(g.nodes[n].get("label")).lower()))
    if not choices:
        st.info(f"No {start[2:]} is linked to a stored review yet.")
        st.stop()
    centre = st.selectbox(start[2:].capitalize(), choices, key="explore_centre",
                          format_func=lambda n: f"{g.nodes[n].get('label')} ({kind_label(n.split(':', 1)[0])})")
    part = around(g, centre)
    if len(part) <= MAX_NODES:  # a larger part is drawn without its quotes
        part = data.with_quotes(part, state)

st.markdown(f"**{md(part.nodes[centre].get('label') or centre)}**: {part.number_of_nodes()} items, "
            f"{part.number_of_edges()} links.")
try:
    page = network_html(part, height=620)
except CasegraphError as e:
    st.warning(e.message)
    st.stop()
st.iframe(page, height=720)
