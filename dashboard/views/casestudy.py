"""Case-study pack: choose a theme and/or reviews, preview the pack, download it as Word or Markdown.

Reads through :mod:`dashboard.data`: the review table's codes to offer the themes, the similarity index
of every review (without quotes) to choose and compare, and the graph with quotes of the pack's reviews
only (``data.reviews_graph``)."""
import streamlit as st

from casegraph import ontology
from casegraph.dashboard import data, guards
from casegraph.graph.escaping import md
from casegraph.graph import casestudy
from casegraph.graph.casestudy.pack import theme_choices

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

st.title("Case-study pack")
st.caption("Choose a theme (findings) and/or reviews. casegraph assembles a pack for training: each review with "
           "its key quotes, lessons and recommendations, what the reviews share, and questions to discuss. "
           "By theme, the reviews that carry every chosen finding are taken, those with the most quotes first.")
listing, state = guards.loaded_reviews()

st.subheader("Theme")
codes = []
choices = theme_choices(row["codes"] for row in data.review_rows(state))
columns = st.columns(3)
for i, (scheme, counted) in enumerate(choices):
    n = dict(counted)
    codes += columns[i % 3].multiselect(scheme.label, [c for c, _ in counted], key=f"casestudy-{scheme.key}",
                                        format_func=lambda c, n=n: f"{ontology.label(c)} ({n[c]} reviews)")
st.subheader("Reviews")
names = {r["review_id"]: guards.review_label(r) for r in listing}
named = st.multiselect("Reviews to include (always included, before those chosen by the theme)", list(names),
                       format_func=names.get, key="casestudy-reviews")
max_reviews = st.number_input("Most reviews chosen by the theme", min_value=1, max_value=50,
                              value=casestudy.DEFAULT_MAX_REVIEWS, key="casestudy-max")
if not codes and not named:
    st.info("Choose at least one finding for the theme, or some reviews, to assemble a pack.")
    st.stop()

with guards.plain_errors(), st.spinner("Assembling the pack…"):
    pack = casestudy.pack_for(data.similarity_index(state), lambda ids: data.reviews_graph(tuple(ids), state), codes, named, int(max_reviews))
st.success(md(f"A pack of {len(pack['reviews'])} review(s). {pack['selection']['note']}"))
left, right = st.columns(2)
left.download_button("Download as Word (.docx)", casestudy.to_docx(pack), file_name="case-study-pack.docx",
                     mime=DOCX, key="casestudy-docx", on_click="ignore")
markdown = casestudy.to_markdown(pack)
right.download_button("Download as Markdown (.md)", markdown.encode("utf-8"), file_name="case-study-pack.md",
                      mime="text/markdown", key="casestudy-md", on_click="ignore")
st.caption("Preview (the text from the reviews is shown as written; check quotes against the source before use).")
with st.container(border=True):
    st.markdown(markdown)
