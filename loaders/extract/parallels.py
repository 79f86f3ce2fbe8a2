"""Whether the review itself says it drew parallels with earlier reviews (``cg:parallelCue``).

>>> from casegraph.loaders.extract.layout import layout
>>> drew_parallels(layout("This review has drawn parallels with other recent reviews."))
{'drew_parallels': True}
"""
from __future__ import annotations

from casegraph.loaders.extract.layout import Layout
from casegraph.loaders.extract.vocabulary import cue


def drew_parallels(lay: Layout) -> dict:
    """``{"drew_parallels": bool}``."""
    return {"drew_parallels": any(not lay.is_excluded(m.start()) for m in cue("parallelCue").finditer(lay.text))}
