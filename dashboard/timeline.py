"""The multi-agency timeline of one review, for the Review page: agency (rows) by time.

Events come from the record's ``timeline`` (see ``loaders.extract.timeline``). An event dated to a
month is placed mid-month, one dated only to a year mid-year (its mark says which); an event dated
only by a stage of care ("antenatally", "on discharge") goes in a second chart whose columns are the
stages in the order they happen; an event with relative words only ("two weeks later") is in the
table alone: nothing is guessed. Document text goes into the charts as data: the chart's tooltips
escape it (vega-tooltip), and the table shows it as plain text.

>>> events = [{"when": "2019-03", "when_text": "In March 2019", "phase": None, "agencies": ["AG_GP"],
...            "text": "Fictional: in March 2019 the GP saw the baby.", "start": 0, "end": 44}]
>>> r = rows(events)
>>> list(r["agency"]), list(r["date"]), list(r["dated to"])
(['General practice (GP)'], ['2019-03-15'], ['month'])
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from casegraph import ontology
from casegraph.loaders.extract.timeline import PHASE_ORDER

ROW_HEIGHT = 28
TOOLTIP = [alt.Tooltip("when_text:N", title="Dated by"), alt.Tooltip("agency:N", title="Agency"),
           alt.Tooltip("text:N", title="Event")]


def agency_label(code: str) -> str:
    """The ontology's label of an agency code (the code itself if the ontology does not know it)."""
    return ontology.label(code) if ontology.is_code(code) else str(code)


def _placed(when: str | None) -> tuple[str | None, str | None]:
    """Where a ``YYYY-MM`` or ``YYYY`` date goes on a time axis, and to what it is dated."""
    if not when:
        return None, None
    if len(when) == 7:
        return f"{when}-15", "month"
    return f"{when}-07-01", "year only"


def rows(timeline: list[dict]) -> pd.DataFrame:
    """One row per event and agency it names: agency label, ``date`` (ISO, or None), ``dated to``, phase,
    the dating words and the event's text, in document order."""
    out = []
    for n, event in enumerate(timeline):
        date, precision = _placed(event.get("when"))
        for code in event.get("agencies") or []:
            out.append({"event": n, "agency": agency_label(code), "date": date, "dated to": precision,
                        "phase": event.get("phase"), "when_text": event.get("when_text") or "",
                        "text": " ".join(str(event.get("text") or "").split())})
    return pd.DataFrame(out, columns=["event", "agency", "date", "dated to", "phase", "when_text", "text"])


def _agency_axis(data: pd.DataFrame) -> alt.Y:
    return alt.Y("agency:N", title=None, sort=list(dict.fromkeys(data["agency"])), axis=alt.Axis(labelLimit=300))


def dated_chart(data: pd.DataFrame) -> alt.Chart | None:
    """Dated events, agency by date (None if there are none)."""
    dated = data[data["date"].notna()]
    if dated.empty:
        return None
    return alt.Chart(dated).mark_point(filled=True, size=120).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%b %Y", labelAngle=0)), y=_agency_axis(dated),
        shape=alt.Shape("dated to:N", title="Dated to"), color=alt.Color("dated to:N", title="Dated to"),
        tooltip=TOOLTIP).properties(height=alt.Step(ROW_HEIGHT))


def phase_chart(data: pd.DataFrame) -> alt.Chart | None:
    """Events dated only by a stage of care, agency by stage in the order stages happen (None if there are none)."""
    phased = data[data["date"].isna() & data["phase"].notna()]
    if phased.empty:
        return None
    order = [p for p in PHASE_ORDER if p in set(phased["phase"])]
    return alt.Chart(phased).mark_point(filled=True, size=120).encode(
        x=alt.X("phase:O", title="Stage of care", sort=order, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("event:N"),   # events at one stage side by side, not on top of each other
        y=_agency_axis(phased), tooltip=TOOLTIP).properties(height=alt.Step(ROW_HEIGHT))


def table(timeline: list[dict]) -> pd.DataFrame:
    """The events in document order: when (date, else stage of care), the dating words, agencies, the event's text."""
    return pd.DataFrame([{"When": e.get("when") or e.get("phase") or "not dated",
                          "Dated by": e.get("when_text") or "",
                          "Agencies": ", ".join(agency_label(c) for c in e.get("agencies") or []),
                          "Event": " ".join(str(e.get("text") or "").split())} for e in timeline],
                        columns=["When", "Dated by", "Agencies", "Event"])
