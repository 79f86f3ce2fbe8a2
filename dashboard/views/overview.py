"""Overview: what is in the store, and how often each risk factor and harm appears."""
from collections import Counter

import altair as alt
import pandas as pd
import streamlit as st

from casegraph.dashboard import data, guards
from casegraph.graph.analytics.prevalence import code_prevalence

st.title("Overview")
listing, state = guards.loaded_reviews()
typed = st.text_input("Search the reviews", key="overview_search", placeholder='e.g. "disguised compliance" OR bruis*')
if typed.strip():
    st.session_state["search_query"] = typed
    st.switch_page("views/search.py")
rows = data.review_rows(state)

with st.sidebar:
    st.header("Filters")
    years = sorted({r["year"] for r in rows if r["year"]})
    if len(years) > 1:
        low, high = st.slider("Published between", years[0], years[-1], (years[0], years[-1]))
        include_undated = st.checkbox("Include reviews with no date", value=True)
    partnerships = st.multiselect("Partnership", sorted({r["partnership"] for r in rows}))
    outcomes = st.multiselect("Outcome for the child", sorted({o for r in rows for o in r["outcomes"]}))
    bands = st.multiselect("Child's age", sorted({b for r in rows for b in r["age_bands"]}))


def _kept(row: dict) -> bool:
    if len(years) > 1 and (row["year"] is None and not include_undated
                           or row["year"] is not None and not low <= row["year"] <= high):
        return False
    return ((not partnerships or row["partnership"] in partnerships)
            and (not outcomes or set(outcomes) & set(row["outcomes"]))
            and (not bands or set(bands) & set(row["age_bands"])))


kept = [r for r in rows if _kept(r)]
if not kept:
    st.info("No review matches these filters. Widen the filters in the sidebar.")
    st.stop()


def _total(kind: str) -> int:
    return sum(r["counts"].get(kind, 0) for r in kept)


cols = st.columns(5)
cols[0].metric("Reviews", len(kept), help=f"{len(rows)} stored in all")
for col, (kind, words) in zip(cols[1:], (("Child", "Children"), ("Lesson", "Lessons"),
                                         ("Recommendation", "Recommendations"),
                                         ("MissedOpportunity", "Missed opportunities"))):
    col.metric(words, _total(kind))

for tab, field in zip(st.tabs(["Reviews by year", "Reviews by partnership", "Reviews by type"]),
                      ("year", "partnership", "review_type")):
    counted = Counter("Not stated" if r[field] is None else str(r[field]) for r in kept)
    counts = pd.DataFrame(sorted(counted.items()), columns=[field, "reviews"])
    y = alt.Y(f"{field}:N", title=None, sort=None if field == "year" else "-x", axis=alt.Axis(labelLimit=400))
    tab.altair_chart(alt.Chart(counts).mark_bar().encode(
        x=alt.X("reviews:Q", title="Reviews", axis=alt.Axis(tickMinStep=1)), y=y,
        tooltip=[field, "reviews"]).properties(height=alt.Step(22)), width="stretch")

st.header("How often each risk factor and harm appears")
st.caption("The bar is the share of the reviews shown here that identify it; the black tick is a published "
           "national figure. National figures count different things (reviews, notifications, children) "
           "over different years: the table names each figure's population.")
shares = code_prevalence([r["codes"] for r in kept])
for scheme_key, heading in (("risk_factor", "Risk factors"), ("harm_type", "Harm types")):
    found = [p for p in shares if p["scheme"] == scheme_key]
    if not found:
        continue
    st.subheader(heading)
    bars = pd.DataFrame([{"concept": p["label"], "share": p["share"], "reviews": p["reviews"]} for p in found])
    national = pd.DataFrame([{"concept": p["label"], "share": f["share"], "population": f["population"]}
                             for p in found for f in p["national"]], columns=["concept", "share", "population"])
    order = bars.sort_values("share", ascending=False)["concept"].tolist()
    y = alt.Y("concept:N", title=None, sort=order, axis=alt.Axis(labelLimit=400))
    chart = alt.Chart(bars).mark_bar().encode(
        x=alt.X("share:Q", title="Share of reviews", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=y, tooltip=["concept", alt.Tooltip("share:Q", format=".0%"), "reviews"]).properties(height=alt.Step(20))
    if len(national):
        chart += alt.Chart(national).mark_tick(color="black", thickness=3, size=14).encode(
            x="share:Q", y=y, tooltip=["concept", alt.Tooltip("share:Q", format=".0%"), "population"])
    st.altair_chart(chart, width="stretch")
    compared = [{"Concept": p["label"], "Reviews here": p["reviews"], "Share here": f"{p['share']:.0%}",
                 "National figure": f"{f['share']:.0%}" + (" (about)" if f.get("approximate") else ""),
                 "Population of the national figure": f["population"]} for p in found for f in p["national"]]
    if compared:
        st.dataframe(pd.DataFrame(compared), hide_index=True, width="stretch")
