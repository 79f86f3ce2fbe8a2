#!/usr/bin/env python3
"""Time the extraction of a 20,000-character review.

    .venv/bin/python scripts/bench_extract.py [--chars 20000] [--runs 50] [--corpus ../shared/corpus]

The review text is built from the real documents of the corpus (read at run time, never
copied), joined until it reaches ``--chars`` characters, so that it has real headings,
lists and phrasing; where the corpus is absent, a fictional review of that size from
``bench.synth`` is used instead. Prints the first (cold: vocabulary compiled) time and the median
(wall clock and CPU) and worst of the warm runs, in milliseconds, each run on a different text,
with the machine's load average (a busy machine inflates wall-clock times).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from casegraph.loaders import document_from_text, read_document  # noqa: E402
from casegraph.loaders.discover import discover  # noqa: E402
from casegraph.loaders.extract import extract_document  # noqa: E402


def review_text(corpus: Path, chars: int) -> str:
    """Texts of the corpus documents, largest first, joined until ``chars`` characters."""
    texts = sorted((read_document(p).text for p in discover([corpus]) if isinstance(p, Path)), key=len, reverse=True)
    if not texts:
        from casegraph.bench.synth import review
        return review(seed=0, index=0, chars=chars).text[:chars]
    out = ""
    while len(out) < chars:
        for t in texts:
            out += t + "\n\n"
            if len(out) >= chars:
                break
    return out[:chars]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = ap.parse_args(argv)
    text = review_text(args.corpus, args.chars)
    source = "corpus" if args.corpus.is_dir() else "synthetic"
    # each run gets a different text (a run number in front), so nothing is reused from an earlier run
    docs = [document_from_text(f"Run {i}.\n\n{text}"[:args.chars], source="bench.txt") for i in range(args.runs + 1)]
    t0 = time.perf_counter()
    extract_document(docs[0])
    cold = (time.perf_counter() - t0) * 1000
    wall, cpu = [], []
    for doc in docs[1:]:
        t0, c0 = time.perf_counter(), time.process_time()
        extract_document(doc)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    load = f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores" if hasattr(os, "getloadavg") else ""
    print(f"extraction of a {len(docs[1].text):,}-character review ({source} text): cold {cold:.1f} ms; "
          f"warm median {statistics.median(wall):.1f} ms wall ({statistics.median(cpu):.1f} ms CPU), "
          f"worst {max(wall):.1f} ms over {args.runs} runs{load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
