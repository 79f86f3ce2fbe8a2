"""Writing a case-study pack to a file, the format chosen by the file's extension.

>>> pack_format("pack.DOCX")
'.docx'
>>> pack_format("pack.pdf")
Traceback (most recent call last):
...
casegraph.errors.CasegraphError: pack.pdf: cannot write a case-study pack in this format: give a file name ending in .docx or .md
"""
from __future__ import annotations

from pathlib import Path

from casegraph.errors import CasegraphError

from .render_docx import to_docx
from .render_markdown import to_markdown

FORMATS = {".docx": to_docx, ".md": lambda pack: to_markdown(pack).encode("utf-8")}


def pack_format(path: str | Path) -> str:
    """The format (extension) of a pack file; :class:`CasegraphError` for any other extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise CasegraphError("cannot write a case-study pack in this format: give a file name ending in "
                             + " or ".join(FORMATS), path)
    return suffix


def check_target(path: str | Path, force: bool = False) -> None:
    """Raise :class:`CasegraphError` if a pack cannot be written to ``path``: an unknown format, a
    file there already (unless ``force``), or no such folder."""
    path = Path(path)
    pack_format(path)
    if path.exists() and not force:
        raise CasegraphError("the file exists already: give another name, or --force to replace it", path)
    if path.is_dir():
        raise CasegraphError("this is a folder: give a file name ending in " + " or ".join(FORMATS), path)
    if not path.parent.is_dir():
        raise CasegraphError(f"there is no folder {path.parent}", path)


def write_pack(pack: dict, path: str | Path, force: bool = False) -> Path:
    """Write ``pack`` to ``path`` (.docx or .md); an existing file is replaced only with ``force``."""
    path = Path(path)
    check_target(path, force)
    data = FORMATS[pack_format(path)](pack)
    try:
        with open(path, "wb" if force else "xb") as f:
            f.write(data)
    except FileExistsError:
        raise CasegraphError("the file exists already: give another name, or --force to replace it", path) from None
    except OSError as e:
        raise CasegraphError(f"could not write the pack: {e.strerror or e}", path) from None
    return path
