"""The casegraph dashboard: a Streamlit multipage app (``casegraph dashboard`` runs it).

Pages live in ``views/``; every page reads the store through :mod:`dashboard.data`
and shows problems the user can fix as one plain message (:func:`dashboard.guards.plain_errors`).
"""
import streamlit as st

from casegraph.dashboard.guards import plain_errors

st.set_page_config(page_title="casegraph", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", default=True),
    st.Page("views/search.py", title="Search"),
    st.Page("views/graph_explorer.py", title="Graph explorer"),
    st.Page("views/review.py", title="Review"),
    st.Page("views/similar_cases.py", title="Similar cases"),
    st.Page("views/patterns.py", title="Patterns"),
    st.Page("views/add_review.py", title="Add a review"),
    st.Page("views/recommendations.py", title="Recommendations"),
    st.Page("views/casestudy.py", title="Case-study pack"),
]

with plain_errors():
    st.navigation(PAGES).run()
