"""Similar cases: the stored reviews most like a stored review or an unstored draft, and why."""
import streamlit as st

from casegraph.dashboard import data, guards
from casegraph.graph.escaping import md, quote_in_context

CONTEXT = 100   # characters of source text shown either side of a quote

st.title("Similar cases")
st.caption("Reviews are compared on what they found (rarer findings count more) and on the wording of "
           "their lessons and recommendations. A draft you paste or upload is read here and not stored.")
listing, state = guards.loaded_reviews()

source = st.radio("Compare", ("A stored review", "A draft (paste text)", "A draft (upload a file)"),
                  horizontal=True)
top = st.slider("How many similar reviews", 1, 20, 5)
if source == "A stored review":
    review_id = guards.pick_review(listing, key="similar_review")
    with st.spinner("Comparing…"):
        matches = data.similar(review_id, state, top=top)
    query = review_id
else:
    if source == "A draft (paste text)":
        draft = st.text_area("Draft review text", height=220)
        upload = None
    else:
        file = st.file_uploader("Draft review (PDF, Word, HTML or text)",
                                type=["pdf", "docx", "html", "htm", "txt", "md"])
        draft, upload = None, (file.name, file.getvalue()) if file else None
    if not (draft or "").strip() and upload is None:
        st.info("Paste or upload a draft to compare it with the stored reviews.")
        st.stop()
    with st.spinner("Reading the draft and comparing…"):
        record = data.draft_record(draft, upload)
        matches = data.similar_to_draft(record, state, top=top)
    query, query_text = None, record.get("text", "")

if not matches:
    st.info("There are no other reviews to compare with yet.")
stored_texts = data.texts(tuple(r for r in (query, *(m["review_id"] for m in matches)) if r), state)
if query:
    query_text = stored_texts.get(query, "")
for rank, m in enumerate(matches, 1):
    marker = " · says it drew parallels with earlier reviews" if m.get("drew_parallels") else ""
    with st.expander(f"{rank}\\. {md(m['title'] or m['review_id'])} (similarity {m['score']:.2f}){marker}",
                     expanded=rank <= 3):
        st.caption(f"Review id {md(m['review_id'])}. Shared findings {m['concept_score']:.2f}, "
                   f"similar wording {m['text_score']:.2f}.")
        guards.open_review_button(m["review_id"], key="similar-open")
        match_text = stored_texts.get(m["review_id"], "")
        if not m["shared"]:
            st.write("No finding in common that carries weight; the match comes from similar wording.")
        for s in m["shared"]:
            st.markdown(f"**{md(s['label'])}**: weight {s['weight']:.2f}, "
                        f"{s['contribution']:.0%} of the score")
            left, right = st.columns(2)
            left.caption("This review" if source == "A stored review" else "The draft")
            right.caption("The similar review")
            for col, quotes, text in ((left, s["quotes"]["query"], query_text),
                                      (right, s["quotes"]["match"], match_text)):
                for q in quotes:
                    col.markdown(f"> {quote_in_context(text, q, CONTEXT)}")
        if m.get("shared_words"):
            st.markdown("**Words their lessons and recommendations share:** " + md(", ".join(m["shared_words"])))
