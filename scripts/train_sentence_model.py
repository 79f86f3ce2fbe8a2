"""Train the extractor's learned sentence stage (practice themes, some risk factors); write ``ontology/sentence_model.npz``.

    python scripts/train_sentence_model.py [EXCERPT_DIR ...]

The training examples are our fictional labelled excerpts (``NAME.txt`` beside ``NAME.yaml``, whose
``required`` codes per scheme are the expected ones): by default every folder under
``tests/fixtures/blind`` and ``tests/fixtures/heldout``. Never point it at real review text or at
``../shared/gold``: the gold measures the extractor, it does not teach it. Run it again whenever an
excerpt folder is added or changed; ``tests/test_sentence_model.py`` fails while the shipped model is stale.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import yaml

from casegraph import ontology
from casegraph.loaders.extract import sentence_model

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = sorted((ROOT / "tests/fixtures/blind").glob("batch-*")) + [ROOT / "tests/fixtures/heldout"]


def examples(dirs) -> list[tuple[str, dict[str, set[str]]]]:
    """``(text, {scheme: expected codes})`` of every excerpt in ``dirs``, for each scheme the learned stage serves,
    in a stable order."""
    fields = {scheme: ontology.scheme(scheme).field for scheme in sentence_model.SETTINGS}
    out = []
    for d in dirs:
        for labels in sorted(Path(d).glob("*.yaml")):
            gold = yaml.safe_load(labels.read_text(encoding="utf-8"))
            expected = {scheme: set((gold.get(field) or {}).get("required") or []) for scheme, field in fields.items()}
            out.append((labels.with_suffix(".txt").read_text(encoding="utf-8"), expected))
    return out


def main(argv: list[str]) -> None:
    dirs = [Path(a) for a in argv] or DEFAULT_DIRS
    arrays = sentence_model.train(examples(dirs))
    np.savez_compressed(ontology.SENTENCE_MODEL_FILE, **arrays)
    sizes = ", ".join(f"{len(arrays[scheme + '.codes'])} {scheme} codes" for scheme in sentence_model.SETTINGS)
    print(f"{ontology.SENTENCE_MODEL_FILE}: {sizes}, from {len(examples(dirs))} excerpts in {len(dirs)} folders")


if __name__ == "__main__":
    main(sys.argv[1:])
