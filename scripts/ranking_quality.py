#!/usr/bin/env python3
"""Ranking quality of similar-case search: extracted codes against gold codes (nDCG@5).

For every review with a gold annotation (``../shared/gold``), the reviews are ranked
twice with :mod:`graph.analytics.similarity`: once from what the extractor finds in
the documents (``loaders.extract_file``), once from the gold annotations (required and
optional codes, lessons and recommendations, turned into records). The gold ranking
gives each other review its relevance (its gold similarity score); the extracted
top 5 is scored with

    DCG@5 = sum(rel(d_i) / log2(i + 1), i = 1..5),   nDCG@5 = DCG@5 / ideal DCG@5

(the ideal is the gold top 5). The mean over all reviews is reported, for the full
score and for its concept part alone, beside the mean nDCG@5 of a random top 5 (the
floor this metric gives a ranking that knows nothing), and written as Markdown.

Usage: python scripts/ranking_quality.py [--shared ../shared] [--out docs/ranking_quality.md]
"""
from __future__ import annotations

import argparse
import math
import sys
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx
import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import ontology  # noqa: E402
from casegraph.graph.analytics.similarity import SimilarityIndex, score_block  # noqa: E402
from casegraph.graph.analytics.features import review_features  # noqa: E402
from casegraph.graph.mapping import record_to_graph, slug  # noqa: E402

TOP = 5


def gold_record(review_id: str, gold: dict) -> dict:
    """An extraction record holding a gold annotation's codes (required and optional), outcome,
    review type, lessons and recommendations, without evidence."""
    record = {"id": review_id, "title": review_id, "review_type": gold.get("review_type"),
              "children": [{"outcome": code} for code in gold.get("outcome") or []]}
    for field in ontology.coded_fields():
        codes = gold.get(field) or {}
        record[field] = [{"code": c, "evidence": []}
                         for c in (*(codes.get("required") or []), *(codes.get("optional") or []))]
    for field in ("lessons", "recommendations"):
        record[field] = [{"text": t} for t in gold.get(field) or []]
    return record


def pairwise(records: dict[str, dict]) -> dict[str, np.ndarray]:
    """Full and concept-only similarity matrices of the records (rows and columns in key order)."""
    index = SimilarityIndex(review_features(nx.compose_all([record_to_graph(r) for r in records.values()])))
    score, concept, _ = score_block(index, index.matrix.toarray(), index.text_matrix, index.has_text)
    return {"full": score, "concepts": concept}


def ndcg_at(ranked: list[int], relevance: np.ndarray, k: int = TOP) -> float:
    """nDCG@k of the ranking ``ranked`` (item positions) under graded ``relevance``.

    >>> ndcg_at([0, 1], np.array([1.0, 0.5]), k=2)
    1.0
    >>> round(ndcg_at([1, 0], np.array([1.0, 0.0]), k=2), 3)
    0.631
    """
    gains = np.sort(relevance)[::-1][:k]
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    dcg = sum(relevance[d] / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    return float(dcg / ideal) if ideal > 0 else 1.0


def top_other(scores: np.ndarray, q: int, k: int = TOP) -> list[int]:
    order = [int(i) for i in np.argsort(-scores, kind="stable") if i != q]
    return order[:k]


def random_baseline(relevance: np.ndarray, q: int, rounds: int = 200) -> float:
    """Mean nDCG@5 of random rankings of the reviews other than ``q`` (seeded, repeatable)."""
    rng = np.random.default_rng(q)
    others = [i for i in range(len(relevance)) if i != q]
    return float(np.mean([ndcg_at(list(rng.permutation(others)), relevance) for _ in range(rounds)]))


def evaluate(extracted: dict[str, dict], gold: dict[str, dict]) -> dict:
    """Per-review and mean nDCG@5 of extracted rankings against gold relevance, and the random floor."""
    ids = sorted(gold)
    ext = pairwise({r: extracted[r] for r in ids})
    ref = pairwise({r: gold[r] for r in ids})
    out = {"reviews": {}, "mean": {}}
    for part in ("full", "concepts"):
        values, floor = [], []
        for q, rid in enumerate(ids):
            relevance = ref[part][q].astype(float).copy()
            relevance[q] = 0.0
            value = ndcg_at(top_other(ext[part][q], q), relevance)
            out["reviews"].setdefault(rid, {})[part] = value
            out["reviews"][rid][f"{part}_top"] = [ids[i] for i in top_other(ext[part][q], q)]
            out["reviews"][rid][f"{part}_overlap"] = len(set(top_other(ext[part][q], q))
                                                         & set(top_other(ref[part][q], q))) / TOP
            values.append(value)
            floor.append(random_baseline(relevance, q))
        out["mean"][part] = float(np.mean(values)) if values else float("nan")
        out["mean"][f"{part}_random"] = float(np.mean(floor)) if floor else float("nan")
        out["mean"][f"{part}_overlap"] = float(np.mean([r[f"{part}_overlap"] for r in out["reviews"].values()]))
    return out


def load(shared: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """Extracted and gold records of every gold-annotated document, keyed by review id."""
    from casegraph.loaders import extract_file
    extracted, gold = {}, {}
    for path in sorted((shared / "gold").glob("*.yaml")):
        annotation = yaml.safe_load(path.read_text(encoding="utf-8"))
        rid = slug(path.stem)
        record = extract_file(shared / annotation["file"])
        record["id"] = rid
        extracted[rid] = record
        gold[rid] = gold_record(rid, annotation)
    return extracted, gold


def markdown(result: dict) -> str:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Ranking quality of similar-case search", "",
             f"Measured {when} by `python scripts/ranking_quality.py` on the {len(result['reviews'])} reviews "
             "with gold annotations in `../shared/gold`.", "",
             "For each review, the other reviews are ranked from the extracted codes and from the gold codes; "
             "the extracted top 5 is scored by nDCG@5 with the gold similarity as graded relevance "
             "(see the script's docstring). Target: mean nDCG@5 >= 0.85.", "",
             f"**Mean nDCG@5: {result['mean']['full']:.3f}** (full score: concepts and lessons text); "
             f"concept part alone: {result['mean']['concepts']:.3f}. A random top 5 scores "
             f"{result['mean']['full_random']:.3f} (full) and {result['mean']['concepts_random']:.3f} (concepts): "
             "graded relevance gives every review some gain, so this is the floor to compare with.", "",
             f"Stricter: on average {result['mean']['full_overlap']:.0%} of the extracted top 5 is in the gold "
             f"top 5 (full score; concepts alone {result['mean']['concepts_overlap']:.0%}).", "",
             "| review | nDCG@5 full | nDCG@5 concepts | top-5 overlap | extracted top 5 (full) |",
             "|---|---|---|---|---|"]
    for rid, r in result["reviews"].items():
        lines.append(f"| {rid} | {r['full']:.3f} | {r['concepts']:.3f} | {r['full_overlap']:.0%} | "
                     f"{', '.join(r['full_top'])} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "ranking_quality.md")
    args = parser.parse_args(argv)
    result = evaluate(*load(args.shared))
    text = markdown(result)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
