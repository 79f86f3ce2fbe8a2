"""Ingest a batch of documents into a store: many reviews per transaction, never stopping at a bad file
(a transaction the store refuses is written again one review at a time, naming the bad one).

>>> import tempfile, pathlib
>>> from casegraph.graph.stores import open_store
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
from casegraph.graph.stores.cypher import StoreUnavailable

STATUSES = ("ingested", "replaced", "unchanged", "failed")
# Reviews written per transaction: a few queries and one commit for fifty reviews instead of about thirty
# queries and a commit for each (2026-11-22, fresh store: 32 reviews/s one at a time, 123/s fifty at a time).
BATCH_SIZE = 50


class Outcome(NamedTuple):
    """What happened to one input file."""
    source: str
    status: str                 # one of STATUSES
    review_id: str | None
    detail: str                 # why a file failed, which review it duplicates, or a warning; else ""


def _unchanged(path: Path, stored: dict[str, str]) -> Outcome | None:
    """The outcome for a file whose exact bytes are already stored (``stored``: sha256 -> review id), else None."""
    from casegraph.loaders.extract import review_id
    other = stored.get(hashlib.sha256(path.read_bytes()).hexdigest())
    if other is None:
        return None
    rid = review_id(str(path))
    return Outcome(str(path), "unchanged", other,
                   "" if other == rid else f"the same document is stored as review {other!r}")


def _failure(path: Path, error: Exception) -> Outcome:
    reason = error.reason if isinstance(error, CasegraphError) else f"unexpected {type(error).__name__}: {error}"
    return Outcome(str(path), "failed", None, reason)


def _extracted(path: Path, extract: Callable[[Path], dict], names: dict[str, str],
               stored: dict[str, str]) -> dict | Outcome:
    """The record extracted from one file, or the outcome that ends its ingest here ("unchanged"
    when its exact bytes are in ``stored``, "failed" when it cannot be read or its name is taken
    in ``names``, the review ids of this batch and their files)."""
    try:
        known = _unchanged(path, stored) if stored else None
        if known is not None:
            return known
        record = extract(path)
        first = names.get(record.get("id"))
        if first is not None and first != str(path):
            raise CasegraphError(f"another file of this batch, {first}, has the same name (review id "
                                 f"{record['id']!r}); rename one of them to keep both")
    except Exception as e:  # noqa: BLE001 - one odd file must not stop the batch; it is reported
        return _failure(path, e)
    return record


def _written(path: Path, record: dict, status) -> Outcome:
    from casegraph.loaders.extract import NO_CONTENT_WARNING
    duplicate = getattr(status, "duplicate_of", None)
    if duplicate:
        detail = f"the same document is stored as review {duplicate!r}"
    elif NO_CONTENT_WARNING in record.get("warnings", ()):
        detail = f"stored with a warning: {NO_CONTENT_WARNING}"
    else:
        detail = ""
    return Outcome(str(path), str(status), record["id"], detail)


def _write_alone(store, path: Path, record: dict, refresh: bool) -> Outcome:
    try:
        return _written(path, record, store.write_review(record, refresh=refresh))
    except StoreUnavailable:
        raise
    except Exception as e:  # noqa: BLE001 - a review the store refuses is reported, the batch goes on
        return _failure(path, e)


def write_batch(store, extracted: list[tuple[Path, dict]], refresh: bool = False) -> list[Outcome]:
    """Write ``(file, record)`` pairs in one transaction; if the store refuses any of them, write
    each in its own, so that the one it refuses is reported alone and nothing is half-written.
    Only a store that cannot be reached at all (:class:`StoreUnavailable`) is raised."""
    if len(extracted) > 1:
        try:
            statuses = store.write_reviews([record for _, record in extracted], refresh=refresh)
        except StoreUnavailable:
            raise
        except Exception:  # noqa: BLE001 - rolled back; written again one at a time below, naming the culprit
            pass
        else:
            return [_written(path, record, status) for (path, record), status in zip(extracted, statuses)]
    return [_write_alone(store, path, record, refresh) for path, record in extracted]


def ingest_files(store, items: Iterable, extract: Callable[[Path], dict],
                 on_outcome: Callable[[Outcome, int], None] | None = None, refresh: bool = False,
                 stored: dict[str, str] | None = None, batch_size: int = BATCH_SIZE) -> list[Outcome]:
    """Extract and store each file of ``items`` (files, or CasegraphErrors for files that could not be
    found); one outcome per item, in order. ``batch_size`` reviews are written per transaction.

    ``stored`` maps the SHA-256 of stored documents to their review ids: a file already stored is
    reported "unchanged" without being extracted. A second file with the same name (so the same
    review id) fails instead of replacing the first one. ``on_outcome(outcome, total)`` is called
    as each outcome is known.
    """
    items = list(items)
    outcomes: list[Outcome | None] = [None] * len(items)
    names: dict[str, str] = {}
    pending: list[tuple[int, Path, dict]] = []

    def done(i: int, outcome: Outcome) -> None:
        outcomes[i] = outcome
        if on_outcome:
            on_outcome(outcome, len(items))

    def flush() -> None:
        written = write_batch(store, [(path, record) for _, path, record in pending], refresh)
        for (i, _, record), outcome in zip(pending, written):
            if outcome.status == "failed":
                names.pop(record.get("id"), None)
            done(i, outcome)
        pending.clear()

    for i, item in enumerate(items):
        if isinstance(item, CasegraphError):
            done(i, Outcome(item.path or "", "failed", None, item.reason))
            continue
        record = _extracted(item, extract, names, stored or {})
        if isinstance(record, Outcome):
            done(i, record)
            continue
        names[record.get("id")] = str(item)
        pending.append((i, item, record))
        if len(pending) >= batch_size:
            flush()
    flush()
    return outcomes


def ingest_one(store, path: Path, extract: Callable[[Path], dict], stored: dict[str, str] | None = None,
               refresh: bool = False) -> Outcome:
    """Extract one file and write it in its own transaction (see :func:`ingest_files`)."""
    return ingest_files(store, [path], extract, refresh=refresh, stored=stored)[0]


def ingest(store, paths: Iterable, extract: Callable[[Path], dict] | None = None,
           on_outcome: Callable[[Outcome, int], None] | None = None, refresh: bool = False) -> list[Outcome]:
    """Ingest every supported file under ``paths`` (files or folders); return one outcome per file.

    Files whose exact bytes are already stored are reported "unchanged" without being read again,
    unless ``refresh`` asks to extract them again and replace their facts.

    ``extract`` defaults to ``loaders.extract_file``; ``on_outcome(outcome, total)`` is called after each file.
    """
    from casegraph import loaders
    items = list(loaders.discover([Path(p) for p in paths]))
    stored = {} if refresh else {r["sha256"]: r["review_id"] for r in store.list_reviews()}
    return ingest_files(store, items, extract or loaders.extract_file, on_outcome, refresh, stored)


def summary_counts(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """``{"ingested": n, "replaced": n, "unchanged": n, "failed": n}``."""
    c = Counter(o.status for o in outcomes)
    return {s: c.get(s, 0) for s in STATUSES}
