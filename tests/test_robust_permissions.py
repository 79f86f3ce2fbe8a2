"""Unreadable files and folders are reported by name and the batch carries on, even when the tests run as root.

Root ignores file permissions, so as root the command runs under ``setpriv`` without the capabilities that
override them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): the same check a normal user's run makes.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

FICTIONAL = ("Fictional learning briefing written for casegraph's tests.\n\nKey Learning\n\n"
             "Practitioners did not share information about the father's drug misuse.\n")


def _without_permission_override(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be made to apply")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", "--bounding-set", caps, "--inh-caps", caps, *cmd]


def test_unreadable_file_and_folder_are_named_and_the_rest_is_extracted(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    (corpus / "locked-folder").mkdir(parents=True)
    (corpus / "good.txt").write_text(FICTIONAL, encoding="utf-8")
    (corpus / "locked.txt").write_text(FICTIONAL.replace("father", "mother"), encoding="utf-8")
    (corpus / "locked-folder" / "inside.txt").write_text(FICTIONAL, encoding="utf-8")
    (corpus / "locked.txt").chmod(0)
    (corpus / "locked-folder").chmod(0)
    try:
        cmd = [sys.executable, "-c", "from casegraph.cli import run; run()",
               "extract", str(corpus), "--format", "json", "--out", str(out)]
        result = subprocess.run(_without_permission_override(cmd), capture_output=True, text=True, timeout=120)
    finally:
        (corpus / "locked.txt").chmod(0o600)
        (corpus / "locked-folder").chmod(0o700)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "permission denied" in line]
    assert len(errors) == 2, result.stderr
    assert any("locked.txt" in line for line in errors) and any("locked-folder" in line for line in errors)
    record = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert "RF_SUBSTANCE_MISUSE" in {f["code"] for f in record["risk_factors"]}
    assert not (out / "locked.json").exists()
