"""Discussion questions for a case-study pack, from fixed templates over its lessons and theme.

No language model: each question quotes what the pack holds (a lesson, a recurring lesson, a
finding of the theme) in a template written for trainers of social workers, nurses and police.
The same pack always gives the same questions, in this order: one per finding of the theme, one per
lesson that several of the reviews learned, then up to :data:`LESSONS_PER_REVIEW` lessons of each
review (a review without lessons gets a question on its facts instead).

>>> pack = {"theme": [{"code": "RF_X", "label": "Fictional worry"}],
...         "reviews": [{"review_id": "r", "title": "Fictional review R", "theme_facts": [{"code": "RF_X"}],
...                      "lessons": [{"text": "Ask  who else lives in the home."}]}],
...         "recurring_lessons": []}
>>> for q in discussion_questions(pack): print(q)
Fictional worry was found in 1 of these 1 review(s). How would you recognise it in a family you work with, and who would you tell?
Lesson from Fictional review R: 'Ask who else lives in the home.' Where in your own practice could this happen, and what would help you notice it?
"""
from __future__ import annotations

LESSONS_PER_REVIEW = 2
QUOTED_CHARS = 280

THEME = ("{label} was found in {found} of these {total} review(s). How would you recognise it in a family "
         "you work with, and who would you tell?")
RECURRING = ("{n} of these reviews learned the same lesson, for example: '{lesson}' Why might it have to be "
             "learned again, and what would make it stick in your team?")
LESSON = ("Lesson from {title}: '{lesson}' Where in your own practice could this happen, and what would help "
          "you notice it?")
NO_LESSON = ("{title} states no lessons that casegraph could find. From the facts above, what would you have "
             "wanted to know sooner, and from which agency?")


def shorten(text: str, limit: int = QUOTED_CHARS) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis.

    >>> shorten("Fictional: share   what you know with the school nurse.", 30)
    'Fictional: share what you…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def discussion_questions(pack: dict) -> list[str]:
    """The questions of a pack (``theme``, ``reviews`` and ``recurring_lessons`` of
    :func:`graph.casestudy.pack.build_pack`); see the module doc."""
    reviews = pack["reviews"]
    out = []
    for t in pack["theme"]:
        found = sum(any(f["code"] == t["code"] for f in r["theme_facts"]) for r in reviews)
        out.append(THEME.format(label=t["label"], found=found, total=len(reviews)))
    for c in pack["recurring_lessons"]:
        out.append(RECURRING.format(n=len(c["reviews"]), lesson=shorten(c["example"])))
    for r in reviews:
        lessons = r["lessons"][:LESSONS_PER_REVIEW]
        out += [LESSON.format(title=r["title"], lesson=shorten(item["text"])) for item in lessons]
        if not lessons:
            out.append(NO_LESSON.format(title=r["title"]))
    return out
