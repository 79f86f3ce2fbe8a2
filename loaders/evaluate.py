"""Scoring extraction records against gold annotations, as ``../shared/tools/score_extraction.py`` does.

Set categories (risk_factors, harm_types, practice_themes, agencies, family_roles) are
micro-averaged: a predicted code is right if it is in the gold ``required`` or
``optional`` list, a missing ``required`` code is a miss. Lessons and recommendations
are matched one to one by token-set F1 >= 0.6 (a gold list of null is not scored).
Metadata: review type, publication date (a gold year matches any month of it), the set
of outcomes, and the youngest child's age within one month.

>>> round(token_f1("the lack of respectful curiosity", "lack of curiosity"), 3)
0.75
>>> prf(3, 1, 0)["f1"]
0.857
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from casegraph.errors import CasegraphError
from casegraph.loaders.discover import discover
from casegraph.loaders.extract import extract_file

SET_CATEGORIES = ("risk_factors", "harm_types", "practice_themes", "agencies", "family_roles")
ITEM_CATEGORIES = ("lessons", "recommendations")
METADATA = ("review_type", "published", "outcome", "child_age_months")
ITEM_MATCH = 0.6
AGE_TOLERANCE_MONTHS = 1
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(text.lower()))


def token_f1(a: str, b: str) -> float:
    """F1 of the two texts' sets of lower-case word tokens."""
    ta, tb = tokens(a), tokens(b)
    common = len(ta & tb)
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 (rounded to 3 places) with the counts."""
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def _codes(record: dict, category: str) -> set[str]:
    return {e["code"] if isinstance(e, dict) else e for e in record.get(category) or []}


def _texts(record: dict, category: str) -> list[str]:
    return [e["text"] if isinstance(e, dict) else e for e in record.get(category) or []]


def match_items(gold: list[str], predicted: list[str]) -> tuple[int, int, int]:
    """``(tp, fp, fn)``: each predicted item takes the best unmatched gold item if their token F1 >= 0.6."""
    used: set[int] = set()
    tp = 0
    for p in predicted:
        best, best_i = 0.0, None
        for i, g in enumerate(gold):
            if i not in used and (s := token_f1(p, g)) > best:
                best, best_i = s, i
        if best_i is not None and best >= ITEM_MATCH:
            used.add(best_i)
            tp += 1
    return tp, len(predicted) - tp, len(gold) - tp


def _published_ok(gold, predicted) -> bool:
    if gold is None:
        return True
    gold, predicted = str(gold), str(predicted or "")
    return predicted[:4] == gold if len(gold) == 4 else predicted[:7] == gold


def _youngest(record: dict):
    ages = [c.get("age_months") for c in record.get("children") or [] if c.get("age_months") is not None]
    return min(ages) if ages else None


def _outcomes(record: dict) -> set[str]:
    return {c["outcome"] for c in record.get("children") or [] if c.get("outcome")}


def score(gold: dict[str, dict], predictions: dict[str, dict]) -> dict:
    """Scores of ``predictions`` (stem -> record) against ``gold`` (stem -> annotation).

    The result has the reference scorer's shape: one ``prf`` per category and ``all_codes``,
    ``metadata_accuracy``, ``documents``, ``missing_predictions`` and ``per_document``.
    """
    totals = {c: [0, 0, 0] for c in SET_CATEGORIES + ITEM_CATEGORIES}
    meta = {k: [0, 0] for k in METADATA}
    per_doc, missing = {}, []
    for stem in sorted(gold):
        g = gold[stem]
        if stem not in predictions:
            missing.append(stem)
        pred = predictions.get(stem, {})
        doc: dict = {}
        for c in SET_CATEGORIES:
            req = set((g.get(c) or {}).get("required") or [])
            opt = set((g.get(c) or {}).get("optional") or [])
            p = _codes(pred, c)
            for k, v in enumerate((len(p & (req | opt)), len(p - req - opt), len(req - p))):
                totals[c][k] += v
            doc[c] = {"missed": sorted(req - p), "spurious": sorted(p - req - opt)}
        for c in ITEM_CATEGORIES:
            if g.get(c) is None:
                continue
            tp, fp, fn = match_items(g[c], _texts(pred, c))
            for k, v in enumerate((tp, fp, fn)):
                totals[c][k] += v
            doc[c] = {"tp": tp, "fp": fp, "fn": fn}
        checks = {"review_type": pred.get("review_type") == g.get("review_type"),
                  "published": _published_ok(g.get("published"), pred.get("published")),
                  "outcome": _outcomes(pred) == set(g.get("outcome") or [])}
        if g.get("child_age_months") is not None:
            age = _youngest(pred)
            checks["child_age_months"] = age is not None and abs(age - g["child_age_months"]) <= AGE_TOLERANCE_MONTHS
        for k, ok in checks.items():
            meta[k][0] += int(ok)
            meta[k][1] += 1
        doc["metadata_wrong"] = sorted(k for k, ok in checks.items() if not ok)
        per_doc[stem] = doc
    result = {c: prf(*totals[c]) for c in totals}
    result["metadata_accuracy"] = {k: round(a / n, 3) if n else None for k, (a, n) in meta.items()}
    result["all_codes"] = prf(*(sum(totals[c][i] for c in SET_CATEGORIES) for i in range(3)))
    result["documents"] = len(per_doc)
    result["missing_predictions"] = missing
    result["per_document"] = per_doc
    return result


def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    """Gold annotations by file stem, from the YAML files of ``gold_dir``."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise CasegraphError("the gold folder does not exist or is not a folder", folder)
    out = {}
    for f in sorted(folder.glob("*.yaml")):
        try:
            out[f.stem] = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as e:
            raise CasegraphError(f"the gold annotation cannot be read ({e})", f) from None
    if not out:
        raise CasegraphError("the gold folder holds no .yaml annotations", folder)
    return out


def extract_corpus(corpus_dir: str | Path, stems) -> tuple[dict[str, dict], list[str]]:
    """Records of the documents under ``corpus_dir`` whose stem is in ``stems``, and error lines for the rest."""
    wanted, records, errors = set(stems), {}, []
    for found in discover([corpus_dir]):
        if isinstance(found, Exception):
            errors.append(str(found))
        elif found.stem in wanted:
            try:
                records[found.stem] = extract_file(found)
            except CasegraphError as e:
                errors.append(e.message)
    return records, errors


def evaluate(gold_dir: str | Path, corpus_dir: str | Path) -> dict:
    """Extract every gold-annotated document of ``corpus_dir`` and score it (``errors`` lists failures)."""
    gold = load_gold(gold_dir)
    records, errors = extract_corpus(corpus_dir, gold)
    result = score(gold, records)
    result["errors"] = errors
    return result


def summary(result: dict) -> str:
    """The scores as the reference scorer prints them."""
    lines = [f"{c:18s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}  "
             f"(tp={r['tp']} fp={r['fp']} fn={r['fn']})"
             for c in (*SET_CATEGORIES, *ITEM_CATEGORIES, "all_codes") for r in [result[c]]]
    lines.append("metadata accuracy  " + "  ".join(f"{k}={v}" for k, v in result["metadata_accuracy"].items()))
    if result["missing_predictions"]:
        lines.append("missing predictions: " + ", ".join(result["missing_predictions"]))
    return "\n".join(lines)
