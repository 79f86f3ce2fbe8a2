"""The ``casegraph`` command line.

Each group of subcommands lives in its own module under ``casegraph.cli.commands``
and adds itself to the app through ``register(app)``. This module only sets up
the app, the global options and the error policy: a problem the user can fix
(:class:`casegraph.errors.CasegraphError`) prints one line and exits 1; any
other error prints one line too and asks for ``--debug``, which shows the
traceback.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from casegraph import __version__
from casegraph.errors import CasegraphError

from casegraph.cli import commands

# Every module of ``casegraph.cli.commands`` adds its subcommands through ``register(app)``; a new
# group of commands is a new module there. ``--help`` lists the pipeline's own groups first.
_FIRST = ("extract", "store", "analytics", "dashboard")
COMMAND_MODULES = tuple(sorted((m.name for m in pkgutil.iter_modules(commands.__path__)),
                               key=lambda name: (_FIRST.index(name) if name in _FIRST else len(_FIRST), name)))

app = typer.Typer(
    name="casegraph",
    help="Read child safeguarding case reviews, map them into a knowledge graph, and explore recurring patterns.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"casegraph {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks for unexpected errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """casegraph: a knowledge graph of child safeguarding case reviews."""
    _state["debug"] = debug


for _name in COMMAND_MODULES:
    importlib.import_module(f"casegraph.cli.commands.{_name}").register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of raising."""
    args = list(sys.argv[1:] if argv is None else argv)
    _state["debug"] = "--debug" in args
    try:
        result = app(args=args, prog_name="casegraph", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except typer.Exit as e:
        return e.exit_code
    except typer.Abort:
        typer.echo("casegraph: interrupted", err=True)
        return 130
    except typer.TyperException as e:  # bad usage: the parser's own short message
        e.show()
        return e.exit_code
    except CasegraphError as e:
        if _state["debug"]:
            raise
        typer.echo(f"casegraph: error: {e.message}", err=True)
        return 1
    except Exception as e:  # noqa: BLE001 - the last line of defence: one line, no traceback
        if _state["debug"]:
            raise
        typer.echo(f"casegraph: unexpected error: {type(e).__name__}: {e} (run with --debug for details)",
                   err=True)
        return 1


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
