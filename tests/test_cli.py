"""The CLI frame: help, version, and the one-line error policy."""
from __future__ import annotations

import subprocess
import sys

from casegraph import __version__
from casegraph.cli import main

SUBCOMMANDS = ("extract", "evaluate", "ingest", "reviews", "show", "stats", "export", "validate", "import",
               "similar", "parallels", "patterns", "dashboard", "synth", "bench")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from casegraph.cli import run; run()", *args],
                          capture_output=True, text=True, timeout=120)


def test_help_lists_the_subcommands():
    result = _run("--help")
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert f" {name} " in result.stdout or f" {name}\n" in result.stdout, name


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"casegraph {__version__}"


def test_a_missing_file_is_one_line_naming_it(tmp_path):
    missing = tmp_path / "no-such-review.pdf"
    result = _run("extract", str(missing), "--out", str(tmp_path / "out"))
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "no-such-review.pdf" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_an_unknown_command_fails_without_a_traceback():
    result = _run("no-such-command")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_record_text_doctests():
    import doctest

    import casegraph.cli.record_text
    assert doctest.testmod(casegraph.cli.record_text).failed == 0
