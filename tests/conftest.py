"""Shared fixtures.

Real review documents, gold annotations and the codebook are read from the
``shared`` folder that sits beside the repository (``../shared``), or from
``$CASEGRAPH_SHARED``. They are never copied into the project.
"""
from __future__ import annotations

import importlib.util
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


# ---------------------------------------------------------------- graph stores

FICTIONAL_TEXT = (
    "FICTIONAL EXAMPLE (invented for tests, not from any real review).\n"
    "Summary of events\n"
    "Baby Z lived with mother and her partner. Mother misused alcohol and the partner was violent.\n"
    "The health visitor did not share the concern with children's social care.\n"
    "Learning\n"
    "Professionals should be curious about who lives in the household.\n"
    "Recommendations\n"
    "1. The partnership should audit information sharing between health and social care.\n"
)


def code(scheme_key: str, n: int = 0) -> str:
    """The n-th code of an ontology scheme (tests never hard-code the concept list)."""
    from casegraph import ontology
    return ontology.concepts(scheme_key)[n].code


def _span(text: str, quote: str, section: str) -> dict:
    start = text.index(quote)
    return {"text": quote, "start": start, "end": start + len(quote), "section": section}


def fictional_record(review_id: str = "fictional-review-a", title: str = "Fictional review A",
                     text: str = FICTIONAL_TEXT, **overrides) -> dict:
    """An extraction record for an invented review (the shape of ../shared/EXTRACTION_FORMAT.md)."""
    import hashlib
    ev = lambda quote, section="Summary of events": [_span(text, quote, section)]  # noqa: E731
    record = {
        "id": review_id, "source": f"{review_id}.txt", "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "title": title, "review_type": code("review_type"), "published": "2021-04",
        "partnership": "Fictional Safeguarding Partnership", "areas": ["Fictionshire", "Invented Town"],
        "children": [{"name": "Baby Z", "age_months": 5, "outcome": code("outcome"), "incident_year": 2020}],
        "risk_factors": [{"code": code("risk_factor"), "evidence": ev("Mother misused alcohol")},
                         {"code": code("risk_factor", 1), "evidence": ev("the partner was violent")}],
        "harm_types": [],
        "practice_themes": [{"code": code("practice_theme"),
                             "evidence": ev("did not share the concern with children's social care")}],
        "agencies": [{"code": code("agency_type"), "name": "Health visiting service",
                      "evidence": ev("The health visitor")}],
        "family_roles": [{"code": code("family_role"), "evidence": ev("Mother misused alcohol")}],
        "lessons": [dict(_span(text, "Professionals should be curious about who lives in the household.",
                               "Learning"), themes=[code("practice_theme", 1)])],
        "recommendations": [dict(_span(text, "The partnership should audit information sharing between health "
                                             "and social care.", "Recommendations"),
                                 number="1", addressee="Partnership", themes=[code("practice_theme")])],
        "missed_opportunities": [_span(text, "The health visitor did not share the concern with children's "
                                             "social care.", "Summary of events")],
        "warnings": [], "text": text, "drew_parallels": False,
        "sections": [{"title": "Summary of events", "level": 1, "start": text.index("Summary"),
                      "end": text.index("Learning")}],
    }
    record.update(overrides)
    return record


@pytest.fixture
def make_record():
    """A factory of fictional extraction records: ``make_record("some-id", title=..., text=...)``."""
    return fictional_record


@pytest.fixture(scope="session")
def corpus_data_dir(corpus_dir, tmp_path_factory) -> Path:
    """The folder of an embedded store holding the real corpus, ingested once per test session and brought
    up to date as ``casegraph ingest`` leaves it (its parallels' links stored)."""
    from casegraph.graph.analytics import derived
    from casegraph.graph.stores import open_store
    from casegraph.graph.stores.ingest import ingest
    folder = tmp_path_factory.mktemp("corpus-store")
    with open_store("embedded", data_dir=folder) as store:
        outcomes = ingest(store, [corpus_dir])
        derived.refresh(store)
    failed = [f"{o.source}: {o.detail}" for o in outcomes if o.status == "failed"]
    assert not failed, f"the real corpus did not ingest cleanly: {failed}"
    return folder


@pytest.fixture(scope="session")
def corpus_store(corpus_data_dir):
    """An open embedded store holding the real corpus, for reading only (its folder: ``corpus_data_dir``).

    Reads open the database briefly and read-only, so other processes may read the same folder.
    """
    from casegraph.graph.stores import open_store
    with open_store("embedded", data_dir=corpus_data_dir) as store:
        yield store


@pytest.fixture(scope="session")
def reference_scorer(shared_dir):
    """The reference scorer ``../shared/tools/score_extraction.py``, imported as a module."""
    spec = importlib.util.spec_from_file_location("score_extraction", shared_dir / "tools" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def neo4j_or_skip() -> None:
    """Skip unless a Neo4j server is configured (``make test`` starts one: scripts/neo4j-local)."""
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI is not set: no Neo4j server to test against (make test starts one)")


def empty_neo4j():
    """The configured Neo4j store, emptied first (NEO4J_URI must point at a scratch database)."""
    from casegraph.graph.stores import open_store
    neo4j_or_skip()
    s = open_store("neo4j")
    s.backend.transact(lambda run: run("MATCH (n) DETACH DELETE n"))
    return s


@pytest.fixture(params=["embedded", "neo4j"])
def any_store(request, tmp_path):
    """An empty open store of each kind: embedded in a temporary folder, and the configured Neo4j emptied
    (skipped where NEO4J_URI is not set)."""
    from casegraph.graph.stores import open_store
    s = empty_neo4j() if request.param == "neo4j" else open_store("embedded", data_dir=tmp_path / "store")
    yield s
    s.close()


@pytest.fixture(params=["embedded", "neo4j"])
def store_args(request, tmp_path) -> list[str]:
    """CLI options naming an empty store of each kind (``--store embedded --data-dir ...`` or ``--store neo4j``)."""
    if request.param == "neo4j":
        empty_neo4j().close()
        return ["--store", "neo4j"]
    return ["--store", "embedded", "--data-dir", str(tmp_path / "store")]
