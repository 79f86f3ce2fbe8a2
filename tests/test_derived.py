"""The kept pattern report, parallels, review table, recommendation register and features equal a full recomputation after a mixed sequence of
ingests, replacements, corrections and deletions, on each store (fictional records)."""
import json

import numpy as np

from casegraph import ontology
from casegraph.graph.analytics.parallels import DEFAULT_MIN_SHARED, DEFAULT_PER_REVIEW
from casegraph.graph.analytics.parallels import DEFAULT_THRESHOLD as PARALLEL_THRESHOLD

from casegraph.graph import analytics, curation
from casegraph.graph.analytics import derived, stored
from casegraph.graph.analytics.examples import review_record
from casegraph.graph.analytics.review_table import review_rows
from casegraph.graph.analytics.similarity import index_arrays
from casegraph.graph.mapping import record_to_graph
from casegraph.graph.stores import open_store

LESSONS = ["Practitioners should ask who else lives in the home.", "Fathers and partners should be seen.",
           "Missed health appointments should be followed up with the family."]
CODES = ["RF_INFANT", "RF_SUBSTANCE_MISUSE", "RF_HIDDEN_MEN", "RF_NON_ENGAGEMENT", "RF_DOMESTIC_ABUSE"]


def _fresh(store):
    report = analytics.pattern_report(stored.pattern_graph(store))
    index = stored.stored_index(store)
    pairs = analytics.find_parallels(index, 0.1, 5, 1)
    light = stored.light_graph(store)
    rows = [{**r, "codes": sorted(index.features[r["review_id"]].concepts)} for r in review_rows(light)]
    kept = (report, pairs, rows, analytics.recommendation_register(light),
            {rid: f._asdict() for rid, f in index.features.items()})
    return json.loads(json.dumps(kept))


def _check(store):
    features = {rid: f._asdict() for rid, f in derived.features(store).items()}
    assert [derived.pattern_report(store), derived.parallels(store, 0.1, 5, 1), derived.review_table(store),
            derived.register(store), features] == _fresh(store)
    # the kept similarity index (loaded again here, on the embedded store) ranks and explains as a fresh one
    kept, fresh = derived.similarity_index(store), stored.stored_index(store)
    draft = review_record("draft", {c: ["a draft's quote"] for c in CODES[1:4]})
    assert stored.similar_to_draft(store, kept, record_to_graph(draft)) == \
        stored.similar_to_draft(store, fresh, record_to_graph(draft))
    for rid in fresh.review_ids:
        assert stored.similar(store, kept, rid) == stored.similar(store, fresh, rid)


def test_cached_results_follow_every_change(any_store):
    store = any_store
    for i in range(6):
        store.write_review(review_record(f"r{i}", {c: [f"quote {c}"] for c in CODES[i % 3:i % 3 + 3]},
                                         lessons=[LESSONS[i % 3]] if i % 4 else []))
    _check(store)
    before = derived.state_key(store)
    store.write_review(review_record("r1", {c: ["changed"] for c in CODES[:2]}))  # replaced
    assert derived.state_key(store) != before
    _check(store)
    record = store.review("r2")
    fixed = curation.apply_corrections(record, [curation.correction("reject", curation.coded_field(CODES[2]),
                                                                    "Fictional Tester", code=CODES[2])])
    store.write_review(fixed, refresh=True)  # corrected
    _check(store)
    assert store.delete_review("r0")
    _check(store)
    again = store.review("r3")  # extracted again (after an upgrade): same id and document, other facts
    again["risk_factors"] = again["risk_factors"][:1]
    store.write_review(again, refresh=True)
    _check(store)
    store.write_review(review_record("r9", {CODES[4]: ["new"], CODES[0]: ["new"]}))
    _check(store)


def test_commands_that_change_reviews_leave_the_answers_ready(tmp_path, capsys):
    """After ``casegraph ingest``, ``correct``, ``delete`` and ``import`` the kept pattern report, review
    table, register and features are those of what is now stored: ``patterns`` reads the report instead
    of recomputing, and it is exact. Deleting the last review leaves nothing to keep."""
    from casegraph.cli import main
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, words in (("one", "The baby was three weeks old. Her mother drank heavily. Police attended "
                                "reports of domestic abuse at the home."),
                        ("two", "The mother used cannabis daily and missed appointments with the health visitor."),
                        ("three", "The baby was eight weeks old. Her father had been drinking. Police were "
                                  "called to domestic abuse incidents at the home.")):
        (corpus / f"{name}.txt").write_text(f"Fictional review {name}.\n\n{words}\n", encoding="utf-8")
    data = str(tmp_path / "store")
    kept = tmp_path / "store" / "derived"

    def ready():
        with open_store("embedded", data_dir=data) as store:
            fresh = _fresh(store)
            for name, i in (("patterns", 0), ("review-table", 2), ("register", 3)):
                saved = json.loads((kept / f"{name}.json").read_text(encoding="utf-8"))
                assert saved["key"].startswith(derived.state_key(store))
                assert saved["value"] == fresh[i], name
            # the similarity index as arrays (no pickles), with the features it was made of
            with np.load(kept / "similarity-index.npz", allow_pickle=False) as saved:
                assert str(saved["key"]).startswith(derived.state_key(store))
                assert json.loads(saved["features"].tobytes()) == fresh[4]
                index = stored.stored_index(store)
                for name, array in index_arrays(index.features).items():
                    assert np.array_equal(saved[name], array), name
            # the parallels' links are in the graph already, as `casegraph parallels` would store them
            rel = ontology.relation("parallelTo").graph_type
            links = {tuple(sorted((u, v))) for u, v, k in store.graph(documents=False).edges(keys=True) if k == rel}
            pairs = analytics.find_parallels(stored.stored_index(store), PARALLEL_THRESHOLD,
                                             DEFAULT_PER_REVIEW, DEFAULT_MIN_SHARED)
            assert links == {tuple(sorted((f"Review:{p['a']}", f"Review:{p['b']}"))) for p in pairs}
            return len(links)

    assert main(["ingest", str(corpus), "--data-dir", data]) == 0
    assert ready() > 0
    assert main(["correct", "one", "--reject", "RF_ALCOHOL_MISUSE", "--by", "Fictional Tester",
                 "--data-dir", data]) == 0
    ready()
    assert main(["delete", "two", "--data-dir", data]) == 0
    ready()
    capsys.readouterr()
    assert main(["patterns", "--format", "json", "--data-dir", data]) == 0
    with open_store("embedded", data_dir=data) as store:
        assert json.loads(capsys.readouterr().out) == _fresh(store)[0]
    for name in ("one", "three"):  # the last review too: nothing is left to keep, and that is no error
        assert main(["delete", name, "--data-dir", data]) == 0
    capsys.readouterr()
    assert main(["reviews", "--format", "json", "--data-dir", data]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_every_store_keeps_answers_until_the_reviews_change(any_store):
    """Both stores keep what is computed (the embedded store in its folder, Neo4j in its graph), a large
    answer whole (Neo4j keeps it in parts), and a write of reviews makes it be computed again."""
    store = any_store
    store.write_review(review_record("r1", {CODES[0]: ["a quote"]}))
    assert derived.cached(store, "count", {}, lambda: {"n": 1}) == {"n": 1}
    assert derived.cached(store, "count", {}, lambda: {"n": 2}) == {"n": 1}  # kept: not computed again
    big = bytes(range(256)) * (40_000 + 7)  # over 10 MB: more than one of Neo4j's parts
    store.keep("big.bin", big)
    assert store.kept("big.bin") == big and store.kept("nothing.bin") is None
    store.write_review(review_record("r2", {CODES[1]: ["another quote"]}))
    assert derived.cached(store, "count", {}, lambda: {"n": 2}) == {"n": 2}
    again = store.review("r1")  # the same review stored again under its id: the write token changes
    store.write_review(again, refresh=True)
    assert derived.cached(store, "count", {}, lambda: {"n": 3}) == {"n": 3}
