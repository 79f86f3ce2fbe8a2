"""CLI command: ``casegraph dashboard`` opens the Streamlit dashboard on the configured store."""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import typer

from casegraph.graph import settings

# The Streamlit script of the installed dashboard package, found without importing it (streamlit runs it).
APP = Path(importlib.util.find_spec("casegraph.dashboard").origin).with_name("app.py")
DASHBOARD_BUSY_TIMEOUT_S = "5"   # a page waits this long for an ingest to release the store, then says so


def streamlit_command(port: int, host: str) -> list[str]:
    """The ``streamlit run`` command line: headless, no usage statistics, no tracebacks in the browser.

    >>> cmd = streamlit_command(8501, "localhost")
    >>> cmd[2:4], cmd[cmd.index("--browser.gatherUsageStats") + 1]
    (['streamlit', 'run'], 'false')
    """
    return [sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.port", str(port), "--server.address", host, "--server.headless", "true",
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
            "--client.showErrorDetails", "none", "--client.toolbarMode", "viewer",
            "--global.developmentMode", "false"]


def dashboard_environment(store: str | None, data_dir: Path | None, base: dict | None = None) -> dict:
    """The environment the app reads its store settings from (see :mod:`dashboard.data`).

    >>> env = dashboard_environment("embedded", Path("/tmp/x"), base={})
    >>> env["CASEGRAPH_STORE"], env["CASEGRAPH_DATA_DIR"], env["CASEGRAPH_BUSY_TIMEOUT"]
    ('embedded', '/tmp/x', '5')
    """
    env = dict(os.environ if base is None else base)
    env["CASEGRAPH_STORE"] = settings.store_name(store)
    env["CASEGRAPH_DATA_DIR"] = str(settings.data_dir(data_dir or env.get("CASEGRAPH_DATA_DIR")).resolve())
    env.setdefault("CASEGRAPH_BUSY_TIMEOUT", DASHBOARD_BUSY_TIMEOUT_S)
    return env


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command()
    def dashboard(
        store: str = typer.Option(None, "--store", help="embedded (default) or neo4j; else $CASEGRAPH_STORE."),
        data_dir: Path = typer.Option(
            None, "--data-dir", help="Folder of the embedded store; else $CASEGRAPH_DATA_DIR or ./casegraph-data."),
        port: int = typer.Option(8501, "--port", min=1, max=65535, help="Port to serve the dashboard on."),
        host: str = typer.Option("localhost", "--host",
                                 help="Address to listen on (0.0.0.0 to serve other machines, e.g. in a container)."),
    ) -> None:
        """Open the dashboard in your browser at http://HOST:PORT (stop it with Ctrl+C)."""
        env = dashboard_environment(store, data_dir)
        where = env["CASEGRAPH_DATA_DIR"] if env["CASEGRAPH_STORE"] == "embedded" else "Neo4j"
        typer.echo(f"casegraph dashboard: http://{host}:{port} (store: {where}); stop it with Ctrl+C", err=True)
        command = streamlit_command(port, host)
        # Become the Streamlit server (no child process left behind when this one is stopped).
        os.execve(command[0], command, env)
