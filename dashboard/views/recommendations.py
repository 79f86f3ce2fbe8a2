"""Recommendations: every stored recommendation, grouped with the same ask made by other reviews."""
import textwrap

import pandas as pd
import streamlit as st

from casegraph import ontology
from casegraph.dashboard import data, guards
from casegraph.graph.escaping import md
from casegraph.graph.analytics.register import asked, filter_register, groups, register_csv

GROUPS_SHOWN = 50    # groups opened below the table; the table and the CSV hold them all
MEMBERS_SHOWN = 20   # recommendations listed in a group's section; the CSV holds them all
EXAMPLE_CHARS = 160  # characters of a group's recommendation in its heading


def _themes(codes: list[str]) -> str:
    return "; ".join(ontology.label(c) for c in codes)


st.title("Recommendation register")
st.caption("Every recommendation of the stored reviews. Recommendations of different reviews that ask nearly "
           "the same thing (similar wording) form one group: \"Asked 3 times since 2015\" counts the reviews "
           "that made it and gives the year the earliest of them was published.")
listing, state = guards.loaded_reviews()
rows = data.register(state)
if not rows:
    st.info("The stored reviews hold no recommendations yet.")
    st.stop()
titles = {r["review_id"]: guards.review_label(r) for r in listing}

with st.sidebar:
    st.header("Filters")
    themes = st.multiselect("Practice theme", [c.code for c in ontology.concepts("practice_theme")],
                            format_func=ontology.label, key="rec_themes")
    addressee = st.text_input("Addressed to (any part of the name)", key="rec_addressee")
    reviews = st.multiselect("Review", sorted({r["review_id"] for r in rows}, key=lambda rid: titles.get(rid, rid)),
                             format_func=lambda rid: titles.get(rid, rid), key="rec_reviews")
    years = sorted({r["year"] for r in rows if r["year"] is not None})
    since = until = None
    if len(years) > 1:
        low, high = st.slider("Published between", years[0], years[-1], (years[0], years[-1]), key="rec_years")
        if (low, high) != (years[0], years[-1]):
            since, until = low, high
            st.caption("Reviews with no date are left out while the years are narrowed.")
    repeated = st.checkbox("Only asks made by two or more reviews", key="rec_repeated")

shown = filter_register(rows, themes=themes, addressee=addressee, reviews=reviews, since=since, until=until,
                        repeated=repeated)
found = groups(shown)
cols = st.columns(3)
cols[0].metric("Recommendations", len(shown), help=f"{len(rows)} stored in all")
cols[1].metric("Groups", len(found))
cols[2].metric("Asked by more than one review", sum(g["asked"] >= 2 for g in found))
# the CSV is made when the button is clicked, not at every render (half a second at 35,000 recommendations)
st.download_button("Download these recommendations (CSV)", lambda: register_csv(shown),
                   file_name="recommendations.csv", mime="text/csv", key="rec_csv", disabled=not shown,
                   help="One row per recommendation shown, with its group; opens in a spreadsheet.")
if not found:
    st.info("No recommendation matches these filters. Widen the filters in the sidebar.")
    st.stop()

st.dataframe(pd.DataFrame([{
    "Group": g["group"], "How often": asked(g["asked"], g["since"]), "Reviews": g["asked"],
    "Recommendations shown": len(g["members"]), "Recommendation": " ".join(g["example"].split()),
    "Themes": _themes(sorted({c for r in g["members"] for c in r["themes"]}))} for g in found]),
    hide_index=True, width="stretch")

st.header("The groups")
for g in found[:GROUPS_SHOWN]:
    example = textwrap.shorten(" ".join(g["example"].split()), EXAMPLE_CHARS, placeholder=" …")
    with st.expander(f"{md(asked(g['asked'], g['since']))} (group {g['group']}): {md(example)}"):
        for r in g["members"][:MEMBERS_SHOWN]:
            number = f", recommendation {md(r['number'])}" if r["number"] else ""
            to = f", to {md(r['addressee'])}" if r["addressee"] else ""
            st.markdown(f"**{md(titles.get(r['review_id'], r['title'] or r['review_id']))}** "
                        f"({md(r['published'] or 'date not stated')}){number}{to}  \n> {md(r['text'])}")
            if r["themes"]:
                st.caption(f"Themes: {md(_themes(r['themes']))}")
        if len(g["members"]) > MEMBERS_SHOWN:
            st.caption(f"The first {MEMBERS_SHOWN} of the {len(g['members'])} recommendations of this group are "
                       "listed here; the CSV holds them all.")
if len(found) > GROUPS_SHOWN:
    st.caption(f"The first {GROUPS_SHOWN} of {len(found)} groups are listed here; the table above and the CSV "
               "hold them all.")
