"""Errors a user can act on.

Every failure a person can fix (a bad file, an unreachable database, a wrong
argument) is raised as a :class:`CasegraphError`. The CLI prints it as one line
and exits non-zero; the dashboard shows it as a message. Anything else is a bug.
"""
from __future__ import annotations

from pathlib import Path


class CasegraphError(Exception):
    """A problem the user can fix, described in plain words."""

    def __init__(self, reason: str, path: str | Path | None = None):
        self.reason = reason
        self.path = str(path) if path is not None else None
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class DocumentError(CasegraphError):
    """A document could not be read or understood (names the file)."""


class StoreError(CasegraphError):
    """The graph store could not be opened, read or written."""
