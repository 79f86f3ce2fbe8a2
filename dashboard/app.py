"""The casegraph dashboard: a Streamlit multipage app (``casegraph dashboard`` runs it).

Pages live in ``pages/``; every page reads the store through :mod:`dashboard.data`
and shows problems the user can fix as one plain message (:func:`dashboard.guards.plain_errors`).
"""
import streamlit as st

st.set_page_config(page_title="casegraph", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", default=True),
    st.Page("pages/graph_explorer.py", title="Graph explorer"),
    st.Page("pages/review.py", title="Review"),
    st.Page("pages/similar_cases.py", title="Similar cases"),
    st.Page("pages/patterns.py", title="Patterns"),
]

st.navigation(PAGES).run()
