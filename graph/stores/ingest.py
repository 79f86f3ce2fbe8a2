"""Ingest a batch of documents into a store: one review per transaction, never stopping at a bad file.

>>> import tempfile, pathlib
>>> from graph.stores import open_store
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "empty.txt").write_text("")
>>> with open_store("embedded", data_dir=tempfile.mkdtemp()) as store:
...     [(o.status, o.detail) for o in ingest(store, [folder], extract=lambda p: {"id": ""})]
[('failed', "'' is not a valid review id (lower-case letters, digits, '.', '_' and '-', starting with a letter or digit)")]
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from casegraph.errors import CasegraphError
from graph.stores.cypher import StoreUnavailable

STATUSES = ("ingested", "replaced", "unchanged", "failed")


class Outcome(NamedTuple):
    """What happened to one input file."""
    source: str
    status: str                 # one of STATUSES
    review_id: str | None
    detail: str                 # why a file failed, which review it duplicates, or a warning; else ""


def _unchanged(path: Path, stored: dict[str, str]) -> Outcome | None:
    """The outcome for a file whose exact bytes are already stored (``stored``: sha256 -> review id), else None."""
    from loaders.extract import review_id
    other = stored.get(hashlib.sha256(path.read_bytes()).hexdigest())
    if other is None:
        return None
    rid = review_id(str(path))
    return Outcome(str(path), "unchanged", other,
                   "" if other == rid else f"the same document is stored as review {other!r}")


def ingest_one(store, path: Path, extract: Callable[[Path], dict], batch: dict[str, str] | None = None,
               stored: dict[str, str] | None = None, refresh: bool = False) -> Outcome:
    """Extract one file and write it; a problem with this file becomes a "failed" outcome.

    ``batch`` maps the review ids written so far in this batch to their files: a second file with
    the same name (so the same review id) fails instead of replacing the first one. ``stored`` maps
    the SHA-256 of stored documents to their review ids: a file already stored is not extracted again.
    ``refresh`` re-extracts and replaces unchanged documents too (see ``write_review``).
    Only a store that cannot be reached at all (:class:`StoreUnavailable`) is raised.
    """
    try:
        known = _unchanged(path, stored) if stored else None
        if known is not None:
            return known
        record = extract(path)
        first = (batch or {}).get(record.get("id"))
        if first is not None and first != str(path):
            raise CasegraphError(f"another file of this batch, {first}, has the same name (review id "
                                 f"{record['id']!r}); rename one of them to keep both")
        status = store.write_review(record, refresh=refresh)
        if batch is not None:
            batch[record["id"]] = str(path)
    except StoreUnavailable:
        raise
    except CasegraphError as e:
        return Outcome(str(path), "failed", None, e.reason)
    except Exception as e:  # noqa: BLE001 - one odd file must not stop the batch; it is reported
        return Outcome(str(path), "failed", None, f"unexpected {type(e).__name__}: {e}")
    from loaders.extract import NO_CONTENT_WARNING
    duplicate = getattr(status, "duplicate_of", None)
    if duplicate:
        detail = f"the same document is stored as review {duplicate!r}"
    elif NO_CONTENT_WARNING in record.get("warnings", ()):
        detail = f"stored with a warning: {NO_CONTENT_WARNING}"
    else:
        detail = ""
    return Outcome(str(path), str(status), record["id"], detail)


def ingest(store, paths: Iterable, extract: Callable[[Path], dict] | None = None,
           on_outcome: Callable[[Outcome, int], None] | None = None, refresh: bool = False) -> list[Outcome]:
    """Ingest every supported file under ``paths`` (files or folders); return one outcome per file.

    Files whose exact bytes are already stored are reported "unchanged" without being read again,
    unless ``refresh`` asks to extract them again and replace their facts.

    ``extract`` defaults to ``loaders.extract_file``; ``on_outcome(outcome, total)`` is called after each file.
    """
    import loaders
    extract = extract or loaders.extract_file
    items = list(loaders.discover([Path(p) for p in paths]))
    stored = {} if refresh else {r["sha256"]: r["review_id"] for r in store.list_reviews()}
    outcomes, batch = [], {}
    for item in items:
        if isinstance(item, CasegraphError):
            outcome = Outcome(item.path or "", "failed", None, item.reason)
        else:
            outcome = ingest_one(store, item, extract, batch, stored, refresh)
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome, len(items))
    return outcomes


def summary_counts(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """``{"ingested": n, "replaced": n, "unchanged": n, "failed": n}``."""
    c = Counter(o.status for o in outcomes)
    return {s: c.get(s, 0) for s in STATUSES}
