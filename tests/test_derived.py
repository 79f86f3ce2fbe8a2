"""The cached pattern report and parallels equal a full recomputation after a mixed sequence of
ingests, replacements, corrections and deletions, on each store (fictional records)."""
import json

from casegraph.graph import analytics, curation
from casegraph.graph.analytics import derived, stored
from casegraph.graph.analytics.examples import review_record

CODES = ["RF_INFANT", "RF_SUBSTANCE_MISUSE", "RF_HIDDEN_MEN", "RF_NON_ENGAGEMENT", "RF_DOMESTIC_ABUSE"]


def _fresh(store):
    report = analytics.pattern_report(stored.pattern_graph(store))
    pairs = analytics.find_parallels(stored.stored_index(store), 0.1, 5, 1)
    return json.loads(json.dumps(report)), json.loads(json.dumps(pairs))


def _check(store):
    assert (derived.pattern_report(store), derived.parallels(store, 0.1, 5, 1)) == _fresh(store)


def test_cached_results_follow_every_change(any_store):
    store = any_store
    for i in range(6):
        store.write_review(review_record(f"r{i}", {c: [f"quote {c}"] for c in CODES[i % 3:i % 3 + 3]}))
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
    store.write_review(review_record("r9", {CODES[4]: ["new"], CODES[0]: ["new"]}))
    _check(store)
