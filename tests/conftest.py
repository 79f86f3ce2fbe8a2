"""Shared fixtures.

Real review documents, gold annotations and the codebook are read from the
``shared`` folder that sits beside the repository (``../shared``), or from
``$CASEGRAPH_SHARED``. They are never copied into the project.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def find_shared() -> Path | None:
    candidates = [os.environ.get("CASEGRAPH_SHARED"), REPO.parent / "shared", "/work/shared"]
    for c in candidates:
        if c and (Path(c) / "codebook.yaml").exists():
            return Path(c).resolve()
    return None


SHARED = find_shared()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if SHARED is None:
        pytest.skip("the shared folder (../shared or $CASEGRAPH_SHARED) with real reviews is not present")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir(shared_dir) -> Path:
    return shared_dir / "corpus"


@pytest.fixture(scope="session")
def seeds_dir(shared_dir) -> Path:
    return shared_dir / "corpus" / "seeds"


@pytest.fixture(scope="session")
def gold_dir(shared_dir) -> Path:
    return shared_dir / "gold"


@pytest.fixture(scope="session")
def codebook(shared_dir) -> dict:
    import yaml
    return yaml.safe_load((shared_dir / "codebook.yaml").read_text(encoding="utf-8"))
