"""Add a review: upload a document, check what was extracted (keep or reject each fact, add a missing
code with the passage that supports it, correct the metadata), then store it with the corrections."""
import hashlib
import os

import streamlit as st

from casegraph import ontology
from casegraph.dashboard import data
from casegraph.graph.escaping import md, quote_in_context
from casegraph.graph import curation, stores

CONTEXT = 120   # characters of source text shown either side of a quote
TYPES = ["pdf", "docx", "html", "htm", "txt", "md"]
TEXT_ITEMS = {"lessons": "Lessons", "recommendations": "Recommendations",
              "missed_opportunities": "Missed opportunities"}

st.title("Add a review")
st.caption("Upload a review document: casegraph reads it and shows what it found, each fact with the passage "
           "behind it. Keep or reject each fact, add what it missed, correct the details, then save. Your "
           "corrections are stored with your name and applied again whenever the document is read again.")
file = st.file_uploader("Review document (PDF, Word, HTML or text)", type=TYPES, key="add_upload")
if file is None:
    st.info("Upload a document to start.")
    st.stop()

content = file.getvalue()
sha = hashlib.sha256(content).hexdigest()
if st.session_state.get("add_sha") != sha:  # a new upload: read it once, forget the previous one's additions
    st.session_state.update(add_sha=sha, add_draft=data.draft_record(upload=(file.name, content)), add_more=[])
draft = {**st.session_state["add_draft"], "source": file.name}
rid, text = draft["id"], draft.get("text") or ""
listing, state = data.snapshot(data.store_settings())
same_document = next((r["review_id"] for r in listing if r.get("sha256") == sha), None)
if same_document:
    st.info(f"This document is already stored as review {md(same_document)}: saving will not change it.")
elif any(r["review_id"] == rid for r in listing):
    stored = data.review(rid, state) or {}
    draft = curation.apply_corrections(draft, stored.get("curation") or [], reapply=True)
    st.warning(f"A review with the id {md(rid)} is stored from another version of this document: saving "
               "replaces it. The corrections made to it are applied to this version (marked below).")


def quotes(entries: list[dict], limit: int = 3) -> None:
    for e in entries[:limit]:
        where = f"  \n*{md(e['section'])}*" if e.get("section") else ""
        st.markdown(f"> {quote_in_context(text, e, CONTEXT)}{where}")
    if len(entries) > limit:
        st.caption(f"and {len(entries) - limit} more passage(s)")


def curated_note(entry: dict) -> None:
    if entry.get("curated"):
        st.caption(md(curation.provenance(entry["curated"])))


# ---------------------------------------------------------------- metadata
st.header("Details")
left, right = st.columns(2)
title = left.text_input("Title", value=draft.get("title") or "", key=f"add_title_{sha}")
published = left.text_input("Published (YYYY or YYYY-MM)", value=draft.get("published") or "",
                            key=f"add_published_{sha}")
types = [None] + [c.code for c in ontology.concepts("review_type")]
review_type = right.selectbox("Kind of document", types,
                              index=types.index(draft.get("review_type")) if draft.get("review_type") in types else 0,
                              format_func=lambda c: "Not stated" if c is None else ontology.label(c),
                              key=f"add_type_{sha}")
partnership = right.text_input("Partnership", value=draft.get("partnership") or "", key=f"add_partnership_{sha}")
st.caption(f"Review id {md(rid)} (from the file name), SHA-256 {sha[:12]}…")
metadata = {"title": title.strip() or None, "published": published.strip() or None, "review_type": review_type,
            "partnership": partnership.strip() or None}

# ---------------------------------------------------------------- facts
st.header("What was found")
kept: list[tuple[bool, str, dict]] = []   # (keep, field, what names the fact in a correction)
for scheme in ontology.schemes():
    entries = (draft.get(scheme.field) if scheme.field else None) or []
    if not entries:
        continue
    with st.expander(f"{scheme.label} ({len(entries)})", expanded=True):
        for n, entry in enumerate(entries):
            own = f" ({md(entry['name'])})" if entry.get("name") else ""
            keep = st.checkbox(f"Keep: **{md(ontology.label(entry['code']))}**{own}", value=True,
                               key=f"keep_{sha}_{scheme.field}_{entry['code']}_{n}")
            kept.append((keep, scheme.field, {"code": entry["code"], **({"name": entry["name"]} if "name" in entry else {})}))
            curated_note(entry)
            quotes(entry.get("evidence") or [])
for field, heading in TEXT_ITEMS.items():
    items = draft.get(field) or []
    if not items:
        continue
    with st.expander(f"{heading} ({len(items)})", expanded=False):
        for n, item in enumerate(items):
            keep = st.checkbox(f"Keep {heading.lower()[:-1]} {n + 1}", value=True, key=f"keep_{sha}_{field}_{n}")
            kept.append((keep, field, {"start": item.get("start"), "end": item.get("end")}))
            curated_note(item)
            quotes([item])

# ---------------------------------------------------------------- adding a missing code
st.header("Add a missing code")
codes = [c.code for f in ontology.coded_fields() for c in ontology.concepts(ontology.scheme_for_field(f).key)]
code = st.selectbox("Code", codes, key="add_code", format_func=lambda c: f"{ontology.label(c)} "
                    f"({ontology.scheme(ontology.concept(c).scheme).label.lower()})")
pasted = st.text_area("The passage of the document that supports it (paste it exactly)", key="add_quote")
found = curation.occurrences(text, pasted)
evidence = None
if pasted.strip() and not found:
    st.error("Not found in the document's text: copy the passage exactly as the document has it.")
elif found:
    which = 1
    if len(found) > 1:
        which = st.selectbox(f"Found {len(found)} times: which one?", range(1, len(found) + 1), key="add_which",
                             format_func=lambda n: f"{n}: …{' '.join(text[max(0, found[n - 1][0] - 60):found[n - 1][1]].split())}")
    else:
        st.success("Found in the document.")
    evidence = curation.passage(draft, pasted, which)
    st.markdown(f"> {quote_in_context(text, evidence, CONTEXT)}")
if st.button("Add this code", key="add_code_button", disabled=evidence is None):
    st.session_state["add_more"].append({"code": code, "evidence": evidence})
for n, more in enumerate(st.session_state["add_more"], 1):
    st.markdown(f"{n}\\. To add: **{md(ontology.label(more['code']))}**  \n> {quote_in_context(text, more['evidence'], CONTEXT)}")

# ---------------------------------------------------------------- saving
st.header("Save")
by = st.text_input("Your name", value=os.environ.get("CASEGRAPH_USER", ""), key="add_by")
note = st.text_input("Note (optional)", key="add_note")
if st.button("Save to the store", key="add_save", type="primary"):
    if not by.strip():
        st.error("Please give your name: it is stored with your corrections.")
        st.stop()
    made = [curation.correction("accept" if keep else "reject", field, by.strip(), note, **what)
            for keep, field, what in kept]
    made += [curation.correction("add", curation.coded_field(m["code"]), by.strip(), note, **m)
             for m in st.session_state["add_more"]]
    made += [curation.correction("set", field, by.strip(), note, value=value)
             for field, value in metadata.items() if value != draft.get(field)]
    record = curation.apply_corrections(draft, made)
    with stores.open_store() as store:
        status = store.write_review(record)
    data.snapshot.clear()   # every page sees the new review at once
    if status == "unchanged":
        st.info(f"This document is already stored as review {md(status.duplicate_of or rid)}; nothing was changed.")
    else:
        rejected = sum(1 for c in made if c["action"] == "reject")
        st.success(f"Stored review {md(rid)} ({status}): {rejected} fact(s) rejected, "
                   f"{len(st.session_state['add_more'])} code(s) added, "
                   f"{sum(1 for c in made if c['action'] == 'set')} detail(s) corrected, by {md(by.strip())}.")
