"""Smoke run of the benchmark runner at N=100 (quick), so that it never rots.

Timings are printed, not asserted: speed targets are measured by `casegraph bench`
on the real machine and written in BENCHMARKS.md.
"""
from __future__ import annotations

import json

from casegraph.bench import runner
from casegraph.cli import main


def test_quick_benchmark_at_100_reviews_measures_every_part(tmp_path, capsys):
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\nHand-written notes stay.\n")
    code = main(["bench", "--sizes", "100", "--quick", "--work", str(tmp_path / "work"),
                 "--results", str(tmp_path / "results"), "--report", str(report)])
    out = capsys.readouterr().out
    assert code == 0, out
    results = json.loads(next((tmp_path / "results").glob("*.json")).read_text())
    size = results["sizes"]["100"]
    assert size["synthesis"]["docs"] == 100
    assert size["extraction_1"]["docs"] == 20 and size["extraction_all"]["docs"] == 100
    assert size["ingest"]["reviews"] == 100 and size["ingest"]["store_mb"] > 0
    assert size["similar_stored"]["n"] == 10 and size["similar_draft"]["query_only"]["n"] == 10
    assert size["patterns"]["reviews"] == size["ingest"]["outcomes"]["ingested"] > 0
    assert size["parallels"]["find_seconds"] >= 0
    assert "skipped" in size["neo4j"] or (size["neo4j"]["ingest"]["reviews"] == 100
                                          and size["neo4j"]["similar_stored"]["n"] == 10)
    assert size["peak_rss_mb"] > 0
    assert results["per_document"]["chars"] == 20_000
    pages = results["dashboard"]["pages"]
    assert {"overview", "patterns", "similar_cases"} <= set(pages)
    assert all(not p["errors"] for p in pages.values()), pages
    neo4j_pages = results["dashboard"]["neo4j_pages"]
    assert "skipped" in neo4j_pages or (set(neo4j_pages) == set(pages)
                                        and all(not p["errors"] for p in neo4j_pages.values())), neo4j_pages
    assert all(t["verdict"] != "not measured" for t in results["targets"])
    text = report.read_text()
    assert "Hand-written notes stay." in text and "| Measure | N = 100 |" in text
    print("\n" + runner.results_table(results))


def test_report_table_is_replaced_not_appended(tmp_path):
    report = tmp_path / "B.md"
    results = runner.summarise({"date": "2026-01-01", "quick": True, "seed": 0, "sizes": {},
                                "machine": {"cpu": "x", "cores": 2, "ram_gb": 1, "python": "3.11",
                                            "platform": "p", "load_average": 0.5}})
    runner.write_report(report, results)
    runner.write_report(report, results)
    text = report.read_text()
    assert text.count(runner.MARK_START) == 1 and text.count("| Target |") == 1
