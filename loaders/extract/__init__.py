"""Extraction of coded facts with provenance from a review document.

The pipeline is a list of small named stages (spaCy style). Each stage is a plain
function ``stage(layout) -> dict`` that returns the record fields it fills (and, if it
could not do something, a ``warnings`` list); stages read their vocabulary from the
ontology (``loaders.extract.vocabulary``). Every item and evidence entry carries
``start``/``end`` offsets with ``record["text"][start:end] == item["text"]``.

>>> from casegraph.loaders import document_from_text
>>> rec = extract_document(document_from_text("Fictional example. The father used illicit drugs.", source="x.txt"))
>>> [c["code"] for c in rec["risk_factors"]], [c["code"] for c in rec["family_roles"]]
(['RF_SUBSTANCE_MISUSE'], ['FR_FATHER'])
>>> ev = rec["risk_factors"][0]["evidence"][0]
>>> rec["text"][ev["start"]:ev["end"]] == ev["text"]
True
"""
from __future__ import annotations

import re
from pathlib import Path

from casegraph import ontology
from casegraph.loaders.extract import agencies, children, codes, items, metadata, parallels, timeline
from casegraph.loaders.extract.layout import layout
from casegraph.loaders.readers import read_document

STAGES = (
    ("metadata", metadata.metadata),
    ("children", children.children),
    ("family_roles", codes.stage("family_role")),
    ("agencies", agencies.agencies),
    ("risk_factors", codes.stage("risk_factor")),
    ("harm_types", codes.stage("harm_type")),
    ("practice_themes", codes.stage("practice_theme")),
    ("lessons", items.lessons),
    ("recommendations", items.recommendations),
    ("missed_opportunities", items.missed_opportunities),
    ("drew_parallels", parallels.drew_parallels),
    ("timeline", timeline.timeline),
)

FIELD_ORDER = ("id", "source", "sha256", "format", "title", "review_type", "published", "partnership", "areas",
               "children", "risk_factors", "harm_types", "practice_themes", "agencies", "family_roles",
               "lessons", "recommendations", "missed_opportunities", "drew_parallels", "timeline", "warnings", "sections",
               "text")


def review_id(source: str) -> str:
    """A stable review id: the slug of the source file's stem.

    >>> review_id("reviews/Child Z – Exec Summary.PDF")
    'child-z-exec-summary'
    """
    slug = re.sub(r"[^a-z0-9._-]+", "-", Path(source).stem.lower()).strip("-.")
    return slug or "review"


NO_CONTENT_WARNING = "no review content recognised: no child, risk, harm, theme, agency or family member found"


def extract_document(doc) -> dict:
    """The extraction record of a :class:`loaders.Document` (see docs/CONTRACTS.md)."""
    lay = layout(doc.text, tuple(doc.sections))
    record = {"id": review_id(doc.source), "source": doc.source, "sha256": doc.sha256, "format": doc.format}
    warnings: list[str] = []
    for _name, stage in STAGES:
        fields = stage(lay)
        warnings.extend(fields.pop("warnings", []))
        record.update(fields)
    if not any(record[f] for f in ontology.coded_fields()) and not record["children"]:
        warnings.append(NO_CONTENT_WARNING)
    record["warnings"] = warnings
    record["sections"] = [{"title": s.title, "level": s.level, "start": s.start, "end": s.end} for s in doc.sections]
    record["text"] = doc.text
    return {k: record[k] for k in FIELD_ORDER}


def extract_file(path: str | Path) -> dict:
    """Read a document and extract its record (``DocumentError`` if it cannot be read)."""
    return extract_document(read_document(path))
