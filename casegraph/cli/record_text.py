"""A review's record as readable text, for `casegraph extract --format text` and `casegraph show`.

>>> from casegraph.graph.analytics.examples import review_record
>>> text = record_text(review_record("r1", {"RF_DOMESTIC_ABUSE": ["violence at home"]}))
>>> text.splitlines()[0]
'Fictional review r1 [r1]'
>>> [line for line in text.splitlines() if "RF_" in line]
['  - Domestic abuse (RF_DOMESTIC_ABUSE)']
"""
from __future__ import annotations

from casegraph import ontology
from casegraph.graph.curation import metadata_marks, provenance, removed

QUOTE_CHARS = 160


def _quote(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "…"


def _label(code: str | None) -> str:
    return ontology.label(code) if code and ontology.is_code(code) else "not recognised"


def _evidence_line(e: dict) -> str:
    return (f"      \"{_quote(e.get('text'))}\" ({e.get('section') or 'no section'}, "
            f"characters {e.get('start')}-{e.get('end')})")


def _curated(entry: dict) -> str:
    return f" {provenance(entry['curated'])}" if entry.get("curated") else ""


def _removed_line(c: dict) -> str:
    what = f"{_label(c['code'])} ({c['code']})" if c.get("code") else f"\"{_quote((c.get('evidence') or {}).get('text'))}\""
    return f"  - {c['field'].replace('_', ' ')}: {what} {provenance(c)}"


def record_text(record: dict, all_evidence: bool = False) -> str:
    """Metadata, children, every code with its quote (all quotes with ``all_evidence``), items and warnings;
    facts a person corrected carry their mark, and the facts they rejected are listed at the end."""
    rid = record.get("id") or record.get("review_id") or ""
    sets = {field: f" {provenance(c)}" for field, c in metadata_marks(record).items()}
    lines = [f"{record.get('title') or rid} [{rid}]{sets.get('title', '')}",
             f"  Type: {_label(record.get('review_type'))}{sets.get('review_type', '')}   "
             f"Published: {record.get('published') or 'not stated'}{sets.get('published', '')}",
             f"  Partnership: {record.get('partnership') or 'not stated'}{sets.get('partnership', '')}   "
             f"Areas: {', '.join(record.get('areas') or []) or 'not stated'}{sets.get('areas', '')}",
             f"  Source: {record.get('source')}   sha256: {record.get('sha256')}"]
    if "children" in sets:
        lines.append(f"  Children{sets['children']}")
    for c in record.get("children") or []:
        age = f"{c['age_months']} months" if c.get("age_months") is not None else "age not stated"
        lines.append(f"  Child: {c.get('name') or 'unnamed'}, {age}, outcome: {_label(c.get('outcome'))}, "
                     f"incident year: {c.get('incident_year') or 'not stated'}")
    for field in ontology.coded_fields():
        items = record.get(field) or []
        lines.append(f"{ontology.scheme_for_field(field).label} ({len(items)})")
        for item in items:
            name = f" - {item['name']}" if item.get("name") else ""
            lines.append(f"  - {_label(item['code'])} ({item['code']}){name}{_curated(item)}")
            evidence = item.get("evidence") or []
            lines.extend(_evidence_line(e) + _curated(e) for e in (evidence if all_evidence else evidence[:1]))
    for field in ("lessons", "recommendations", "missed_opportunities"):
        items = record.get(field) or []
        lines.append(f"{field.replace('_', ' ').capitalize()} ({len(items)})")
        for item in items:
            number = f"{item['number']}. " if item.get("number") else ""
            themes = ", ".join(item.get("themes") or [])
            text = item.get("text") if all_evidence else _quote(item.get("text"))
            lines.append(f"  - {number}{text}" + (f"  [themes: {themes}]" if themes else "") + _curated(item))
    if record.get("drew_parallels"):
        lines.append("The review says it drew parallels with earlier reviews.")
    rejected = removed(record)
    if rejected:
        lines.append(f"Removed by a reviewer ({len(rejected)})")
        lines.extend(_removed_line(c) for c in rejected)
    lines.extend(f"Warning: {w}" for w in record.get("warnings") or [])
    return "\n".join(lines)
