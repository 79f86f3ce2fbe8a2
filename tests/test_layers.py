"""The package's shape: one import name, and dependencies that point one way down the pipeline.

Layers, lowest first (ARCHITECTURE.md): errors -> ontology -> loaders -> graph -> dashboard, CLI and bench.
A module may import its own layer and the layers below it, never one above. The top layer's three parts are
side by side: the CLI starts the dashboard and the bench; the bench measures the dashboard; the dashboard
imports neither.
"""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
PACKAGE_DIR = PYPROJECT["tool"]["setuptools"]["package-dir"]

LAYER = {"casegraph": 0, "casegraph.errors": 0, "casegraph.ontology": 1, "casegraph.loaders": 2,
         "casegraph.graph": 3, "casegraph.dashboard": 4, "casegraph.cli": 4, "casegraph.bench": 4}
# Within the top layer, who may import whom.
TOP_MAY_IMPORT = {"casegraph.cli": {"casegraph.bench", "casegraph.dashboard"},
                  "casegraph.bench": {"casegraph.cli", "casegraph.dashboard"},
                  "casegraph.dashboard": set()}
FOLDER_NAMES = {"ontology", "loaders", "graph", "dashboard", "bench"}


def part(module: str) -> str:
    """The layer part a dotted module name belongs to: its longest prefix in LAYER.

    >>> part("casegraph.graph.stores.cypher"), part("casegraph.errors"), part("casegraph")
    ('casegraph.graph', 'casegraph.errors', 'casegraph')
    """
    names = module.split(".")
    return next(".".join(names[:i]) for i in range(len(names), 0, -1) if ".".join(names[:i]) in LAYER)


def source_modules() -> dict[str, Path]:
    """Every module of the package, by dotted name, found through pyproject's package-dir map."""
    modules = {}
    for package, folder in PACKAGE_DIR.items():
        root = REPO / folder
        for path in root.rglob("*.py"):
            parts = [p for p in path.relative_to(root).with_suffix("").parts if p != "__init__"]
            modules[".".join([package, *parts])] = path
    return modules


def imports_of(path: Path, module: str) -> list[tuple[int, str]]:
    """The modules a file imports, absolute (relative imports resolved against ``module``)."""
    tree = ast.parse(path.read_text(), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names
                      if f"{base}.{alias.name}" in LAYER]
    return found


MODULES = source_modules()


def test_every_package_folder_is_installed():
    """pyproject lists each folder that holds an ``__init__.py``, so nothing is left out of the wheel."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    packages = {name for name, path in MODULES.items() if path.name == "__init__.py"}
    assert packages == listed


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module):
    own = part(module)
    for line, imported in imports_of(MODULES[module], module):
        top = imported.split(".")[0]
        where = f"{MODULES[module].relative_to(REPO)}:{line} imports {imported}"
        assert top not in FOLDER_NAMES, f"{where}: import it as casegraph.{imported}"
        if top != "casegraph":
            continue
        target = part(imported)
        if target == own or LAYER[target] < LAYER[own]:
            continue
        assert LAYER[target] == LAYER[own] == 4 and target in TOP_MAY_IMPORT[own], f"{where}: a layer above it"


def test_the_layer_check_catches_an_upward_import(tmp_path):
    """The check above can fail: an upward import in a graph module is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("from casegraph.dashboard.guards import plain_errors\nimport graph.mapping\n")
    found = imports_of(bad, "casegraph.graph.bad")
    assert [name for _, name in found] == ["casegraph.dashboard.guards", "graph.mapping"]
    assert LAYER[part(found[0][1])] > LAYER[part("casegraph.graph.bad")]


@pytest.mark.slow
def test_the_wheel_installs_one_import_name(tmp_path):
    """Built and installed as a user gets it, casegraph is the only top-level name, and it works from there."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path / "dist"), str(REPO)], check=True, capture_output=True)
    wheel, = (tmp_path / "dist").glob("casegraph-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert {n.split("/")[0] for n in names if ".dist-info/" not in n} == {"casegraph"}
    for data in ("casegraph/ontology/concepts.ttl", "casegraph/dashboard/app.py",
                 "casegraph/dashboard/templates/network.html", "casegraph/graph/analytics/national_figures.yaml"):
        assert data in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    assert {p.name for p in target.iterdir() if not p.name.endswith(".dist-info")} - {"bin"} == {"casegraph"}
    probe = ("import casegraph.cli, casegraph.dashboard.data, casegraph.bench.runner, casegraph.graph.stores as s;"
             "print(s.__file__); from casegraph.ontology import schemes; print(len(schemes()))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, check=True).stdout.split()
    assert out[0].startswith(str(target))
    assert int(out[1]) > 0
