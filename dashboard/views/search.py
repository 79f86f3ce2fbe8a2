"""Search: reviews by words, phrases and findings, each with the passages that matched highlighted."""
import streamlit as st

from casegraph import ontology
from casegraph.dashboard import data, guards
from casegraph.errors import CasegraphError
from casegraph.graph.escaping import highlight, md

SYNTAX = ('Words, "a phrase", AND, OR, NOT, a prefix like neglect*, and (brackets). '
          "Case, punctuation, word endings and British or American spelling do not matter.")

st.title("Search")
listing, state = guards.loaded_reviews()
query = st.text_input("Search the reviews", value=st.session_state.get("search_query", ""), help=SYNTAX,
                      key="search_box", placeholder='e.g. "disguised compliance" OR bruis*')
st.session_state["search_query"] = query

with st.sidebar:
    st.header("Filters")
    coded = [c.code for s in ontology.schemes() if s.field for c in ontology.concepts(s.key)]
    codes = st.multiselect("Findings", coded, format_func=ontology.label)
    years = sorted({int(r["published"][:4]) for r in listing if str(r.get("published") or "")[:4].isdigit()})
    since, until = (st.slider("Published between", years[0], years[-1], (years[0], years[-1]))
                    if len(years) > 1 else (None, None))
    kinds = [c.code for c in ontology.concepts("review_type")]
    kind = st.selectbox("Kind of document", [None, *kinds], format_func=lambda c: "Any" if c is None else ontology.label(c))
    partnership = st.selectbox("Partnership", [None, *sorted({r["partnership"] for r in listing if r.get("partnership")})],
                               format_func=lambda p: "Any" if p is None else p)

if not query.strip():
    st.caption(SYNTAX)
    st.stop()
try:
    hits = data.search(query, state, tuple(codes), since, until, kind, partnership)
except CasegraphError as e:
    st.warning(md(str(e)))
    st.stop()
if not hits:
    st.info(f"No review matches {md(query)} with these filters. Try fewer words, OR between them, "
            "a prefix (neglect*) or wider filters.")
    st.stop()

st.caption(f"{len(hits)} review(s), best first.")
for n, hit in enumerate(hits):
    with st.container(border=True):
        st.markdown(f"**{md(hit['title'] or hit['review_id'])}** ({md(hit['review_id'])})")
        for m, p in enumerate(hit["passages"]):
            spans = [(a - p["start"], b - p["start"]) for a, b in p["marks"]]
            st.markdown(f"> {highlight(p['text'], spans)}  \n*{md(p['section'] or 'Start of the document')}, "
                        f"characters {p['start']}–{p['end']}*")
        first = hit["passages"][0] if hit["passages"] else None
        if st.button("Open this review at the passage", key=f"open-{n}"):
            st.session_state["review_id"] = hit["review_id"]
            where = {"start": first["start"], "end": first["end"]} if first else {}
            st.switch_page("views/review.py", query_params={"review": hit["review_id"], **where})
