"""Finding the review documents under the files and folders a user names.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("b.pdf", "a.txt", "notes.xlsx", ".hidden.txt"):
...     _ = (folder / name).write_text("fictional")
>>> [p.name for p in discover([folder])]
['a.txt', 'b.pdf']
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from casegraph.errors import DocumentError
from casegraph.loaders.readers import SUPPORTED_SUFFIXES, unsupported_reason


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _walk(folder: Path, ancestors: frozenset, seen: set) -> Iterator[Path | DocumentError]:
    """Supported files under ``folder``, in name order, depth first.

    ``ancestors`` holds the (device, inode) of the folders above, to detect symlink loops;
    ``seen`` the files and folders already visited, so that a file reached twice is given once.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except PermissionError:
        yield DocumentError("permission denied: the folder cannot be listed", folder)
        return
    except OSError as e:
        yield DocumentError(f"the folder cannot be listed ({e.strerror or e})", folder)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            info = path.stat()
        except OSError as e:
            if e.errno == errno.ELOOP or _supported(path):
                yield DocumentError(_stat_failure(e, path), path)
            continue
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if key in ancestors:
                yield DocumentError("symlink loop: this link points back to a folder that contains it", path)
            elif key not in seen:
                seen.add(key)
                yield from _walk(path, ancestors | {key}, seen)
        elif stat.S_ISREG(info.st_mode) and _supported(path) and key not in seen:
            seen.add(key)
            yield _readable(path)


def _stat_failure(error: OSError, path: Path) -> str:
    """Plain words for a file or folder that cannot even be looked at."""
    if error.errno == errno.ELOOP:
        return "symlink loop: the link points (through other links) back to itself"
    if path.is_symlink():
        return "broken link: the file it points to does not exist"
    if isinstance(error, PermissionError):
        return "permission denied: the file cannot be read"
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    return f"cannot be read ({error.strerror or error})"


def _readable(path: Path) -> Path | DocumentError:
    return path if os.access(path, os.R_OK) else DocumentError("permission denied: the file cannot be read", path)


def discover(paths: Iterable[str | Path]) -> Iterator[Path | DocumentError]:
    """Yield each supported document under ``paths``, or a DocumentError for one that cannot be used.

    Named files are checked (an unsupported type is an error); named folders are
    searched recursively in name order, skipping hidden files and folders and
    files of other types. Unreadable files and folders and symlink loops are
    yielded as :class:`DocumentError` values, never raised, so a batch can go on.
    A file reached twice (through a link, or named twice) is yielded once.
    """
    seen: set = set()
    for given in paths:
        path = Path(given)
        try:
            info = path.stat()
        except OSError as e:
            yield DocumentError(_stat_failure(e, path), path)
            continue
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if key not in seen:
                seen.add(key)
                yield from _walk(path, frozenset({key}), seen)
        elif not _supported(path):
            yield DocumentError(unsupported_reason(path), path)
        elif key not in seen:
            seen.add(key)
            yield _readable(path)
