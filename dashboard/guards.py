"""Plain-words messages instead of errors, and the review picker every page shares."""
from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from casegraph.errors import CasegraphError
from casegraph.dashboard import data
from casegraph.graph.escaping import md

EMPTY = "No reviews loaded yet: run `casegraph ingest FOLDER`, then reload this page."


@contextmanager
def plain_errors():
    """Show a problem the user can fix (a busy or missing store, an unreadable draft) as one message."""
    try:
        yield
    except CasegraphError as e:
        st.error(md(e.message))
        st.stop()


def loaded_reviews() -> tuple[list[dict], data.State]:
    """The stored reviews and the store's state; stops the page with a message if there are none."""
    listing, state = data.snapshot(data.store_settings())
    if not listing:
        st.info(EMPTY)
        st.stop()
    return listing, state


def review_label(row: dict) -> str:
    """How a review is named in pickers: its title, then its id."""
    rid = row["review_id"]
    title = row.get("title")
    return f"{title} ({rid})" if title and title != rid else str(rid)


def pick_review(listing: list[dict], key: str, label: str = "Review") -> str:
    """A select box of the stored reviews; returns the chosen review id.

    The choice is shared between pages (session state ``review_id``), so opening the
    Review page after the Similar cases page shows the same review.
    """
    ids = [r["review_id"] for r in listing]
    names = {rid: review_label(r) for rid, r in zip(ids, listing)}
    current = st.session_state.get("review_id")
    choice = st.selectbox(label, ids, index=ids.index(current) if current in ids else 0,
                          format_func=names.get, key=key)
    st.session_state["review_id"] = choice
    return choice


def open_review_button(review_id: str, key: str) -> None:
    """A button that opens the Review page on ``review_id``."""
    if st.button("Open this review", key=f"{key}-{review_id}"):
        st.session_state["review_id"] = review_id
        st.switch_page("views/review.py")
