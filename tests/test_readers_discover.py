"""Finding documents under folders: order, hidden and unsupported files, links, loops, permissions."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from casegraph.errors import DocumentError
from casegraph.loaders import discover


def _tree(root: Path) -> Path:
    for name in ("b/two.pdf", "b/deep/three.docx", "a.txt", "c.HTML", "notes.xlsx", ".hidden.txt",
                 ".git/config.txt", "b/readme.md"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("fictional", encoding="utf-8")
    return root


def _names(results, root):
    return [str(r.relative_to(root)) if isinstance(r, Path) else f"error: {r.reason}" for r in results]


def test_folder_is_searched_recursively_in_order(tmp_path):
    root = _tree(tmp_path)
    assert _names(discover([root]), root) == ["a.txt", "b/deep/three.docx", "b/readme.md", "b/two.pdf", "c.HTML"]


def test_named_files_are_checked(tmp_path):
    root = _tree(tmp_path)
    results = list(discover([root / "notes.xlsx", root / ".hidden.txt", root / "absent.pdf"]))
    assert isinstance(results[0], DocumentError) and "unsupported file type '.xlsx'" in results[0].reason
    assert results[1] == root / ".hidden.txt"
    assert isinstance(results[2], DocumentError) and results[2].reason == "no such file or folder"
    assert results[2].path == str(root / "absent.pdf")


def test_a_file_reached_twice_is_given_once(tmp_path):
    root = _tree(tmp_path)
    (root / "b" / "again.txt").symlink_to(root / "a.txt")
    (root / "z-link").symlink_to(root / "b", target_is_directory=True)
    results = _names(discover([root, root / "a.txt"]), root)
    assert results == ["a.txt", "b/deep/three.docx", "b/readme.md", "b/two.pdf", "c.HTML"]


def test_symlink_loops_are_reported_and_the_walk_goes_on(tmp_path):
    root = _tree(tmp_path)
    (root / "b" / "deep" / "up").symlink_to(root / "b", target_is_directory=True)
    (root / "self.txt").symlink_to(root / "self.txt")
    results = list(discover([root]))
    errors = [r for r in results if isinstance(r, DocumentError)]
    assert sorted(Path(e.path).name for e in errors) == ["self.txt", "up"]
    assert all("symlink loop" in e.reason for e in errors)
    assert len([r for r in results if isinstance(r, Path)]) == 5


def test_broken_link_to_a_document_is_reported(tmp_path):
    (tmp_path / "gone.pdf").symlink_to(tmp_path / "missing.pdf")
    (tmp_path / "gone.xlsx").symlink_to(tmp_path / "missing.xlsx")
    [error] = discover([tmp_path])
    assert "broken link" in error.reason and error.path.endswith("gone.pdf")


def test_unreadable_files_and_folders_are_reported(tmp_path):
    root = _tree(tmp_path)
    (root / "a.txt").chmod(0)
    (root / "b").chmod(0)
    try:
        if os.access(root / "a.txt", os.R_OK):
            pytest.skip("running with privileges that ignore file permissions (root)")
        results = _names(discover([root]), root)
        assert results == ["error: permission denied: the file cannot be read",
                           "error: permission denied: the folder cannot be listed", "c.HTML"]
    finally:
        (root / "a.txt").chmod(0o600)
        (root / "b").chmod(0o700)
