"""Review: everything extracted from one review, each fact with its quote shown in the source text."""
import pandas as pd
import streamlit as st

from casegraph import ontology
from casegraph.dashboard import data, guards, timeline
from casegraph.graph.escaping import highlight, md, quote_in_context
from casegraph.graph import curation

CONTEXT = 160   # characters of source text shown either side of a quote

st.title("Review")
listing, state = guards.loaded_reviews()
asked = st.query_params.get("review")  # a link from Search: the review, and the passage to highlight
if asked in {r["review_id"] for r in listing}:
    st.session_state["review_id"] = asked
review_id = guards.pick_review(listing, key="review_page")
record = data.review(review_id, state)
if record is None:
    st.info("This review is no longer in the store. Reload the page to see the current list.")
    st.stop()
text = record.get("text") or ""
FOUND = {k: st.query_params.get(k) for k in ("start", "end")}


def curated(fact: dict) -> None:
    """Say who curated a fact, and when, if a person did (``casegraph correct`` or the Add a review page)."""
    if fact.get("curated"):
        st.caption(md(curation.provenance(fact["curated"])))


def quote(item: dict) -> None:
    """Show a quote highlighted in its surrounding source text, with the section it is in."""
    where = f"  \n*{md(item['section'])}*" if item.get("section") else ""
    st.markdown(f"> {quote_in_context(text, item, CONTEXT)}{where}")


def elsewhere(item: dict) -> None:
    """Passages of other reviews that say nearly the same as this item (search's more-like-this)."""
    found = data.elsewhere(item.get("text") or "", review_id, state)
    if not found:
        st.caption("No other review says anything close to this.")
    for hit in found:
        p = hit["passages"][0]
        spans = [(a - p["start"], b - p["start"]) for a, b in p["marks"]]
        st.markdown(f"**{md(hit['title'] or hit['review_id'])}** ({md(hit['review_id'])}): "
                    f"*{md(p['section'] or 'Start of the document')}*  \n> {highlight(p['text'], spans)}")


st.header(md(record.get("title") or review_id))
if asked == review_id and all(str(v or "").isdigit() for v in FOUND.values()):
    found = {"start": int(FOUND["start"]), "end": int(FOUND["end"])}
    if found["end"] <= len(text):
        st.markdown("**The passage found by search**")
        st.markdown(f"> {quote_in_context(text, found, CONTEXT)}")
facts = {"Published": record.get("published"), "Partnership": record.get("partnership"),
         "Areas": ", ".join(record.get("areas") or []),
         "Kind of document": ontology.label(record["review_type"]) if ontology.is_code(
             record.get("review_type") or "") else record.get("review_type")}
st.markdown("  \n".join(f"**{k}:** {md(v)}" for k, v in facts.items() if v))
for field, mark in curation.metadata_marks(record).items():
    st.caption(md(f"{field.replace('_', ' ').capitalize()}: {curation.provenance(mark)}"))
if record.get("children"):
    st.dataframe(pd.DataFrame([{
        "Child": c.get("name"), "Age (months)": c.get("age_months"),
        "Outcome": ontology.label(c["outcome"]) if ontology.is_code(c.get("outcome") or "") else c.get("outcome"),
        "Year of incident": c.get("incident_year")} for c in record["children"]]), hide_index=True)
for warning in record.get("warnings") or []:
    st.caption(f"Note from the reader: {md(warning)}")

for scheme in ontology.schemes():
    entries = (record.get(scheme.field) if scheme.field else None) or []
    if not entries:
        continue
    with st.expander(f"{scheme.label} ({len(entries)})", expanded=True):
        for entry in entries:
            name = ontology.label(entry["code"]) if ontology.is_code(entry.get("code", "")) else entry.get("code")
            own = f" ({md(entry['name'])})" if entry.get("name") else ""
            st.markdown(f"**{md(name)}**{own}")
            curated(entry)
            for evidence in entry.get("evidence") or []:
                quote(evidence)

for field, heading in (("lessons", "Lessons"), ("recommendations", "Recommendations"),
                       ("missed_opportunities", "Missed opportunities")):
    items = record.get(field) or []
    with st.expander(f"{heading} ({len(items)})", expanded=bool(items)):
        if not items:
            st.write(f"No {heading.lower()} were found in this document.")
        for n, item in enumerate(items, 1):
            number = item.get("number") or n
            to = f" (to {md(item['addressee'])})" if item.get("addressee") else ""
            themes = ", ".join(ontology.label(t) for t in item.get("themes") or [] if ontology.is_code(t))
            about = f"  \n*About: {md(themes)}*" if themes else ""
            st.markdown(f"**{heading[:-1]} {md(number)}**{to}{about}")
            curated(item)
            quote(item)
            if st.toggle("Find this elsewhere", key=f"elsewhere-{field}-{n}"):
                elsewhere(item)

gone = curation.removed(record)
if gone:
    with st.expander(f"Removed by a reviewer ({len(gone)})"):
        for c in gone:
            what = ontology.label(c["code"]) if ontology.is_code(c.get("code") or "") else (
                (c.get("evidence") or {}).get("text") or c["field"])
            st.markdown(f"**{md(what)}** {md(curation.provenance(c))}")

st.header("Timeline")
events = record.get("timeline") or []
if not events:
    st.write("This review gives no dated events that name an agency.")
else:
    by_agency = timeline.rows(events)
    dated, staged = timeline.dated_chart(by_agency), timeline.phase_chart(by_agency)
    if dated is not None:
        st.altair_chart(dated, width="stretch")
    if staged is not None:
        st.caption("Events dated only by a stage of care, in the order those stages happen:")
        st.altair_chart(staged, width="stretch")
    if dated is not None or staged is not None:
        st.caption("Each agency named in an event's sentence has a point; point at it to read the event.")
    st.caption("Events dated only by words such as \"two weeks later\" are in the table alone: no date is guessed "
               "for them.")
    st.dataframe(timeline.table(events), hide_index=True)

with st.expander("The whole document, with every quote above highlighted"):
    spans = [(e["start"], e["end"]) for f in ontology.coded_fields() for entry in record.get(f) or []
             for e in entry.get("evidence") or []]
    spans += [(i["start"], i["end"]) for f in ("lessons", "recommendations", "missed_opportunities")
              for i in record.get(f) or []]
    st.markdown(highlight(text, [(s, e) for s, e in spans if isinstance(s, int) and isinstance(e, int)],
                          paragraphs=True))

st.header("Most similar reviews")
with st.spinner("Comparing with the other reviews…"):
    matches = data.similar(review_id, state)
if not matches:
    st.write("There are no other reviews to compare with yet.")
for m in matches:
    shared = ", ".join(s["label"] for s in m["shared"][:6])
    st.markdown(f"**{md(m['title'] or m['review_id'])}**: similarity {m['score']:.2f}  \n"
                f"Shared: {md(shared) or 'similar wording only'}")
    guards.open_review_button(m["review_id"], key="review-open")
st.caption("The Similar cases page shows the quotes behind each match.")
