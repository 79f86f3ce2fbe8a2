"""``casegraph dashboard``: its command line, its environment, and the examples in the dashboard's docstrings."""
from __future__ import annotations

import doctest
import importlib

import pytest

from casegraph.cli import main
from casegraph.cli.commands.dashboard import APP, dashboard_environment, streamlit_command

DOCUMENTED = ["casegraph.graph.escaping", "casegraph.dashboard.network", "casegraph.graph.analytics.review_table", "casegraph.cli.commands.dashboard"]


@pytest.mark.parametrize("name", DOCUMENTED)
def test_docstring_examples(name):
    failed, attempted = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failed == 0 and attempted > 0


def test_streamlit_runs_the_app_headless_without_telemetry_or_tracebacks():
    cmd = streamlit_command(8600, "127.0.0.1")
    options = dict(zip(cmd[5::2], cmd[6::2]))
    assert cmd[3:5] == ["run", str(APP)] and APP.exists()
    assert options["--server.port"] == "8600" and options["--server.address"] == "127.0.0.1"
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"
    assert options["--client.showErrorDetails"] == "none"


def test_store_settings_travel_in_the_environment(tmp_path):
    env = dashboard_environment("neo4j", tmp_path / "data", base={"CASEGRAPH_BUSY_TIMEOUT": "2"})
    assert env["CASEGRAPH_STORE"] == "neo4j"
    assert env["CASEGRAPH_DATA_DIR"] == str((tmp_path / "data").resolve())
    assert env["CASEGRAPH_BUSY_TIMEOUT"] == "2"      # the user's own setting wins
    env = dashboard_environment(None, None, base={"CASEGRAPH_DATA_DIR": str(tmp_path)})
    assert env["CASEGRAPH_STORE"] == "embedded" and env["CASEGRAPH_DATA_DIR"] == str(tmp_path.resolve())


def test_an_unknown_store_is_one_line_and_a_non_zero_exit(capsys):
    assert main(["dashboard", "--store", "bogus"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "unknown store 'bogus'" in err
