"""Case-study packs for trainers: chosen reviews, what they share, and questions to discuss.

- :mod:`.theme`: a theme's concept codes, named by code or label and checked against the ontology.
- :mod:`.pack`: the pack as data, read off the graph projection (reviews, shared findings,
  parallels, recurring lessons).
- :mod:`.questions`: discussion questions from fixed templates over the pack's lessons and theme.
- :mod:`.layout`: the pack as a list of blocks (headings, paragraphs, quotes, lists) both documents follow.
- :mod:`.render_markdown`, :mod:`.render_docx`: the pack as a Markdown or a Word (DOCX) document.
- :mod:`.files`: writing a pack to a file, the format chosen by the file's extension.

>>> from casegraph.graph.analytics.examples import toy_graph
>>> pack = build_pack(toy_graph(), codes=parse_theme("RF_HIDDEN_MEN"), max_reviews=1, date="2000-01-01")
>>> [r["title"] for r in pack["reviews"]]
['Fictional review a']
>>> to_markdown(pack).splitlines()[0]
'# Case\\\\-study pack\\\\: Unknown, hidden or unassessed men'
"""
from .files import write_pack
from .pack import DEFAULT_MAX_REVIEWS, build_pack, needed_reviews, pack_for
from .render_docx import to_docx
from .render_markdown import to_markdown
from .theme import parse_theme

__all__ = ["DEFAULT_MAX_REVIEWS", "build_pack", "needed_reviews", "pack_for", "parse_theme",
           "to_docx", "to_markdown", "write_pack"]
