"""CLI command ``casegraph correct``: a person's corrections to a stored review's facts."""
from __future__ import annotations

import getpass
import json
import os
from pathlib import Path

import typer

from casegraph import ontology
from casegraph.cli.commands.store import DataDirOpt, StoreOpt, bring_up_to_date, open_cli_store
from casegraph.errors import CasegraphError
from casegraph.graph import curation


def default_user() -> str:
    """Who is correcting: ``$CASEGRAPH_USER``, else the login name."""
    try:
        return os.environ.get("CASEGRAPH_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a user entry)
        raise CasegraphError("say who is making the corrections with --by NAME (or set $CASEGRAPH_USER)") from None


def _setting(text: str) -> tuple[str, object]:
    """``"field=value"`` as a field and its value: a comma-separated list for areas, JSON for children,
    nothing after ``=`` for "not stated"."""
    field, sep, value = text.partition("=")
    field = field.strip()
    if not sep or field not in curation.METADATA:
        raise CasegraphError(f"--set {text!r}: write FIELD=VALUE, FIELD one of {', '.join(curation.METADATA)}")
    value = value.strip()
    if field == "areas":
        return field, [a.strip() for a in value.split(",") if a.strip()]
    if field == "children":
        try:
            return field, json.loads(value or "[]")
        except json.JSONDecodeError as e:
            raise CasegraphError(f"--set children=...: the value must be JSON, e.g. "
                                 f"'[{{\"name\": \"Child A\", \"age_months\": 4}}]' ({e.msg})") from None
    return field, value or None


def _present(record: dict, code: str) -> str:
    field = curation.coded_field(code)
    if not any(i.get("code") == code for i in record.get(field) or []):
        raise CasegraphError(f"{code} ({ontology.label(code)}) is not among the {field.replace('_', ' ')} of "
                             f"review {record['id']}; nothing was changed")
    return field


def corrections_from_options(record: dict, by: str, note: str | None, reject: list[str], accept: list[str],
                             add: list[str], quote: list[str], occurrence: int | None,
                             settings: list[str]) -> list[dict]:
    """The corrections the command's options ask for, checked against the stored record."""
    if len(add) != len(quote):
        raise CasegraphError(f"give one --quote for each --add ({len(add)} --add, {len(quote)} --quote)")
    out = [curation.correction("reject", _present(record, code), by, note, code=code) for code in reject]
    out += [curation.correction("accept", _present(record, code), by, note, code=code) for code in accept]
    out += [curation.correction("add", curation.coded_field(code), by, note, code=code,
                                evidence=curation.passage(record, q, occurrence)) for code, q in zip(add, quote)]
    out += [curation.correction("set", field, by, note, value=value) for field, value in map(_setting, settings)]
    return out


def _changed(c: dict) -> str:
    if c["action"] == "set":
        return f"set {c['field']} to {json.dumps(c['value'], ensure_ascii=False)}"
    what = f"{ontology.label(c['code'])} ({c['code']})"
    if c["action"] == "add":
        ev = c["evidence"]
        return f"added {what} with the passage \"{ev['text']}\" (characters {ev['start']}-{ev['end']})"
    return f"{'rejected' if c['action'] == 'reject' else 'accepted'} {what}"


def correct(review_id: str = typer.Argument(..., help="The review's id (see `casegraph reviews`)."),
            reject: list[str] = typer.Option([], "--reject", help="A code to remove from the review."),
            accept: list[str] = typer.Option([], "--accept", help="A code to confirm (kept whatever a later "
                                             "extraction finds)."),
            add: list[str] = typer.Option([], "--add", help="A code to add; give the passage that supports it "
                                          "with --quote."),
            quote: list[str] = typer.Option([], "--quote", help="The exact passage of the document that supports "
                                            "the matching --add."),
            occurrence: int = typer.Option(None, "--occurrence", min=1, help="Which occurrence of a passage that "
                                           "appears more than once (1 = the first)."),
            settings: list[str] = typer.Option([], "--set", help="FIELD=VALUE for title, review_type, published, "
                                               "partnership, areas (comma-separated) or children (JSON)."),
            by: str = typer.Option(None, "--by", help="Who makes the corrections. Default: $CASEGRAPH_USER, "
                                   "else your login name."),
            note: str = typer.Option(None, "--note", help="Why, in a few words (kept with each correction)."),
            store: str = StoreOpt, data_dir: Path = DataDirOpt) -> None:
    """Correct a stored review: reject, confirm or add coded facts, set metadata. Corrections are kept
    with the review (who, when, the passage) and applied again whenever it is extracted again."""
    by = by or default_user()
    with open_cli_store(store, data_dir) as s:
        record = s.review(review_id)
        if record is None:
            raise CasegraphError(f"no review {review_id!r} is stored (see `casegraph reviews`)")
        new = corrections_from_options(record, by, note, reject, accept, add, quote, occurrence, settings)
        if not new:
            raise CasegraphError("no correction given: use --reject, --accept, --add with --quote, or --set")
        s.write_review(curation.apply_corrections(record, new), refresh=True)
        bring_up_to_date(s)
        where = s.location
    typer.echo(f"Corrected review {review_id} (by {by}; store: {where}):")
    for c in new:
        typer.echo(f"  {_changed(c)}")
    typer.echo("Run `casegraph parallels` again to bring the parallels between reviews up to date.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(correct)
