"""Case-study packs: the pack assembled from hand-built fictional graphs, its Markdown and DOCX, and the
``casestudy`` command on a store holding the real corpus (quotes checked against the stored evidence)."""
from __future__ import annotations

import doctest
import importlib
import io
import pkgutil
import re

import docx
import networkx as nx
import pytest

import casegraph.graph.casestudy
from casegraph import ontology
from casegraph.cli import main
from casegraph.errors import CasegraphError
from casegraph.graph.escaping import md
from casegraph.graph.analytics.examples import review_graph, review_record, toy_graph
from casegraph.graph.analytics.similarity import build_index
from casegraph.graph.casestudy import build_pack, pack_for, parse_theme, to_docx, to_markdown, write_pack
from casegraph.graph.casestudy.pack import reviews_part
from casegraph.graph.mapping import record_to_graph
from casegraph.graph.stores import open_store

HIDDEN, NON_ENGAGEMENT, INFANT = "RF_HIDDEN_MEN", "RF_NON_ENGAGEMENT", "RF_INFANT"
DATE = "2001-02-03"
MODULES = ["casegraph.graph.casestudy", *(f"casegraph.graph.casestudy.{m.name}" for m in pkgutil.iter_modules(casegraph.graph.casestudy.__path__))]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failed, attempted = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failed == 0 and attempted > 0


# ---------------------------------------------------------------- theme

def test_theme_by_code_or_label_in_any_case():
    with_comma = next(c for c in ontology.all_concepts() if "," in c.label)
    other = next(c for c in ontology.all_concepts() if c.code != with_comma.code)
    text = f" {other.code.lower()} ,{with_comma.label.upper()},{other.label}"
    assert parse_theme(text) == [other.code, with_comma.code]
    assert parse_theme(f"  {other.label.lower()} ") == [other.code]


@pytest.mark.parametrize("text", ["RF_NO_SUCH_CODE", f"{HIDDEN},nothing like a label"])
def test_unknown_theme_is_named(text):
    unknown = text.split(",")[-1]
    with pytest.raises(CasegraphError, match=re.escape(repr(unknown))):
        parse_theme(text)


# ---------------------------------------------------------------- the pack as data

def fictional_graph() -> nx.MultiDiGraph:
    """Four fictional reviews carrying hidden men with 1, 3, 2 and 1 quotes; one without."""
    quotes = {"one": 1, "three": 3, "two": 2, "also-one": 1}
    graphs = [review_graph(rid, {HIDDEN: [f"fictional man {i} in {rid}" for i in range(n)],
                                 NON_ENGAGEMENT: [f"fictional missed visit in {rid}"]},
                           lessons=[f"Fictional lesson of {rid}: ask who lives in the home."])
              for rid, n in quotes.items()]
    graphs.append(review_graph("none", {INFANT: ["a fictional baby"]}, lessons=["Fictional: see the baby."]))
    return nx.compose_all(graphs)


def test_theme_reviews_ranked_by_quotes_and_capped():
    pack = build_pack(fictional_graph(), codes=[HIDDEN, NON_ENGAGEMENT], max_reviews=2, date=DATE)
    assert [r["review_id"] for r in pack["reviews"]] == ["three", "two"]
    assert [r["strength"] for r in pack["reviews"]] == [4, 3]
    selection = pack["selection"]
    assert selection["carrying"] == 4 and selection["max_reviews"] == 2
    assert "4 stored review(s) carry all" in selection["note"] and "the 2 with the most quotes" in selection["note"]
    assert "at most 2 by theme" in selection["note"]
    facts = pack["reviews"][0]["theme_facts"]
    assert [f["code"] for f in facts] == [HIDDEN, NON_ENGAGEMENT]
    assert [q["text"] for q in facts[0]["quotes"]] == [f"fictional man {i} in three" for i in range(3)]
    assert pack["date"] == DATE and pack["title"].endswith(ontology.label(HIDDEN) + "; " + ontology.label(NON_ENGAGEMENT))


def test_stored_reviews_ranked_a_few_at_a_time(monkeypatch):
    g = fictional_graph()
    reads = []

    def read(ids):
        reads.append(sorted(ids))
        return reviews_part(g, ids)

    monkeypatch.setattr(casegraph.graph.casestudy.pack, "READ_CHUNK", 3)
    index = build_index(g)
    pack = pack_for(index, read, [HIDDEN], ["none"], max_reviews=2, date=DATE)
    assert pack == build_pack(g, [HIDDEN], ["none"], max_reviews=2, index=index, date=DATE)
    assert reads == [["also-one", "one", "three"], ["two"], ["none", "three", "two"]]
    assert "4 stored review(s) carry all" in pack["selection"]["note"]


def test_named_reviews_come_first_and_always():
    pack = build_pack(fictional_graph(), codes=[HIDDEN], review_ids=["none"], max_reviews=1, date=DATE)
    assert [r["review_id"] for r in pack["reviews"]] == ["none", "three"]
    none = pack["reviews"][0]
    assert none["theme_facts"] == [] and [f["code"] for f in none["other_facts"]] == [INFANT]
    assert "chosen by name" in pack["selection"]["note"]
    only_named = build_pack(fictional_graph(), review_ids=["two", "one"], date=DATE)
    assert [r["review_id"] for r in only_named["reviews"]] == ["two", "one"] and only_named["theme"] == []


@pytest.mark.parametrize("codes, review_ids, message", [
    ((), (), "nothing was chosen"),
    ((), ("missing",), "no review 'missing' is stored"),
    ((HIDDEN, INFANT), (), "no stored review carries all of the theme's codes"),
])
def test_choice_mistakes_are_plain_words(codes, review_ids, message):
    with pytest.raises(CasegraphError, match=re.escape(message)):
        build_pack(fictional_graph(), codes=list(codes), review_ids=list(review_ids))


def test_review_section_holds_what_a_trainer_needs(make_record):
    record = make_record("fictional-review-a")
    pack = build_pack(record_to_graph(record), review_ids=[record["id"]], date=DATE)
    [r] = pack["reviews"]
    assert (r["title"], r["partnership"], r["published"]) == (record["title"], record["partnership"],
                                                               record["published"])
    assert r["kind"] == ontology.label(record["review_type"])
    [child] = r["children"]
    assert child == {"name": "Baby Z", "age_months": 5, "outcome": ontology.label(record["children"][0]["outcome"])}
    assert [lesson["text"] for lesson in r["lessons"]] == [lesson["text"] for lesson in record["lessons"]]
    [rec] = r["recommendations"]
    assert (rec["number"], rec["addressee"], rec["text"]) == ("1", "Partnership", record["recommendations"][0]["text"])
    assert r["source"] == {"file": "fictional-review-a.txt", "sha256": record["sha256"][:12],
                           "review_id": "fictional-review-a"}
    # the other facts: findings of the case before agencies, each with its quote
    schemes = [ontology.concept(f["code"]).scheme for f in r["other_facts"]]
    assert schemes.index("agency_type") > schemes.index("risk_factor")
    quoted = {f["code"]: f["quotes"][0]["text"] for f in r["other_facts"]}
    assert quoted[record["risk_factors"][0]["code"]] == record["risk_factors"][0]["evidence"][0]["text"]


def test_across_the_reviews_shared_parallels_recurring():
    pack = build_pack(toy_graph(), review_ids=["a", "b", "c"], date=DATE)
    shared = {s["code"]: s["reviews"] for s in pack["shared"]}
    assert shared["AG_CHILDRENS_SOCIAL_CARE"] == 3 and shared[HIDDEN] == 2 and shared[INFANT] == 2
    assert "RF_SUBSTANCE_MISUSE" not in shared
    # the toy's a and b share two findings: too few for a parallel by the default measure
    assert pack["parallels"] == []
    [recurring] = pack["recurring_lessons"]
    assert recurring["reviews"] == ["a", "b"] and recurring["titles"] == ["Fictional review a", "Fictional review b"]


def test_parallels_among_chosen_reviews():
    three = {HIDDEN: ["a fictional man"], NON_ENGAGEMENT: ["fictional missed visits"],
             "RF_DOMESTIC_ABUSE": ["fictional shouting"]}
    g = nx.compose_all([review_graph("p", three), review_graph("q", three),
                        review_graph("r", {INFANT: ["a fictional baby"]})])
    pack = build_pack(g, review_ids=["p", "q", "r"], date=DATE)
    [p] = pack["parallels"]
    assert (p["a"], p["b"], sorted(p["shared"])) == ("p", "q", sorted(three))
    assert p["a_title"] == "Fictional review p"


def test_questions_come_from_the_lessons_and_theme():
    pack = build_pack(fictional_graph(), codes=[HIDDEN], max_reviews=2, date=DATE)
    questions = pack["questions"]
    assert questions[0].startswith(f"{ontology.label(HIDDEN)} was found in 2 of these 2 review(s).")
    for r in pack["reviews"]:
        lesson = r["lessons"][0]["text"]
        assert f"Lesson from {r['title']}: '{lesson}' Where in your own practice could this happen" \
            in " ".join(questions)
    assert any("learned the same lesson" in q for q in questions)
    assert build_pack(fictional_graph(), codes=[HIDDEN], max_reviews=2, date=DATE)["questions"] == questions


# ---------------------------------------------------------------- documents

HOSTILE_TITLE = "Fictional <script>alert(1)</script> *Child* [X](https://example.org/x.png)\x0b\x01"


def hostile_pack() -> dict:
    record = review_record("hostile", {HIDDEN: ["an <img src=x onerror=alert(1)> man\x0c"]},
                           lessons=["Fictional lesson with a \x00control and `code` | pipes"],
                           recommendations=["Fictional recommendation\x1f."])
    record["title"] = HOSTILE_TITLE
    return build_pack(record_to_graph(record), codes=[HIDDEN], date=DATE)


def docx_paragraphs(data: bytes) -> list:
    return docx.Document(io.BytesIO(data)).paragraphs


def test_markdown_escapes_document_text():
    text = to_markdown(hostile_pack())
    assert "<script>" not in text and "<img" not in text and "](https" not in text
    assert f"## {md(HOSTILE_TITLE).strip()}" in text
    assert md("an <img src=x onerror=alert(1)> man").strip() in text


def test_docx_strips_control_characters_and_keeps_the_text():
    paragraphs = docx_paragraphs(to_docx(hostile_pack()))
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Fictional <script>alert(1)</script> *Child* [X](https://example.org/x.png)"
    body = "\n".join(p.text for p in paragraphs)
    assert "an <img src=x onerror=alert(1)> man" in body and "Fictional lesson with a control" in body
    assert [p.text for p in paragraphs if p.style.name == "Title"] == [hostile_pack()["title"]]
    assert "About the sources" in [p.text for p in paragraphs if p.style.name == "Heading 1"]


def test_write_pack_refuses_to_overwrite_unless_forced(tmp_path):
    pack = build_pack(toy_graph(), codes=[HIDDEN], date=DATE)
    out = tmp_path / "pack.md"
    write_pack(pack, out)
    with pytest.raises(CasegraphError, match="exists already"):
        write_pack(pack, out)
    out.write_text("old", encoding="utf-8")
    write_pack(pack, out, force=True)
    assert out.read_text(encoding="utf-8") == to_markdown(pack)
    with pytest.raises(CasegraphError, match=r"\.docx or \.md"):
        write_pack(pack, tmp_path / "pack.pdf")


# ---------------------------------------------------------------- the command on the real corpus

SOURCE_ID = "Review id in casegraph: "


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def corpus_reviews(corpus_data_dir) -> dict[str, dict]:
    """Every stored review's record (evidence included), by id."""
    with open_store("embedded", data_dir=corpus_data_dir) as store:
        return {r["review_id"]: store.review(r["review_id"]) for r in store.list_reviews()}


def quotes_of(record: dict, code: str) -> list[dict]:
    """The stored evidence of ``code`` in a review's record."""
    field = ontology.scheme(ontology.concept(code).scheme).field
    return [e for entry in record.get(field) or [] if entry["code"] == code for e in entry["evidence"]]


def common_theme(reviews: dict[str, dict]) -> tuple[str, list[str]]:
    """A risk factor that at least three stored reviews carry (read from the store), and those reviews."""
    for code in (c.code for c in ontology.concepts("risk_factor")):
        carrying = [rid for rid, r in reviews.items() if quotes_of(r, code)]
        if len(carrying) >= 3:
            return code, carrying
    pytest.fail("no risk factor is carried by three reviews of the corpus")


def test_casestudy_docx_on_the_corpus(capsys, corpus_data_dir, corpus_reviews, tmp_path):
    code, carrying = common_theme(corpus_reviews)
    out = tmp_path / "pack.docx"
    status, said, err = run(capsys, "casestudy", "--codes", code, "--max-reviews", "2", "--out", str(out),
                            "--data-dir", str(corpus_data_dir))
    assert status == 0, err
    assert f"{len(carrying)} stored review(s) carry all" in said
    paragraphs = docx_paragraphs(out.read_bytes())
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    chosen = [p.text.removeprefix(SOURCE_ID) for p in paragraphs if p.text.startswith(SOURCE_ID)]
    assert len(chosen) == 2 and set(chosen) <= set(carrying)
    assert headings[:2] == [corpus_reviews[rid]["title"] for rid in chosen]
    strength = {rid: len(quotes_of(corpus_reviews[rid], code)) for rid in carrying}
    assert min(strength[r] for r in chosen) >= max(strength[r] for r in carrying if r not in chosen)
    quotes = "\n".join(p.text for p in paragraphs if p.style.name == "Quote")
    for rid in chosen:
        first = quotes_of(corpus_reviews[rid], code)[0]["text"]
        assert " ".join(first.split()) in quotes, rid
    assert {"Across the reviews", "Discussion questions", "About the sources"} <= set(headings)
    assert "the 2 with the most quotes" in "\n".join(p.text for p in paragraphs)


def test_casestudy_markdown_on_the_corpus(capsys, corpus_data_dir, corpus_reviews, tmp_path):
    code, carrying = common_theme(corpus_reviews)
    named = next(rid for rid in sorted(corpus_reviews) if rid not in carrying)
    out = tmp_path / "pack.md"
    status, _, err = run(capsys, "casestudy", "--codes", ontology.label(code), "--reviews", named,
                         "--out", str(out), "--data-dir", str(corpus_data_dir))
    assert status == 0, err
    text = out.read_text(encoding="utf-8")
    chosen = [rid for rid in corpus_reviews if f"**{md(SOURCE_ID).strip()}** {md(rid)}\n" in text]
    assert named in chosen and len(chosen) == 1 + min(6, len(carrying))
    for rid in chosen:
        assert f"\n## {md(corpus_reviews[rid]['title']).strip()}\n" in text, rid
        if rid != named:
            assert md(quotes_of(corpus_reviews[rid], code)[0]["text"]).strip() in text, rid


@pytest.mark.parametrize("args, message", [
    (("--codes", "RF_NOT_A_CODE"), "'RF_NOT_A_CODE' is not a code or label"),
    ((), "nothing was chosen"),
    (("--reviews", "no-such-review"), "no review 'no-such-review' is stored"),
])
def test_casestudy_mistakes_are_one_line(capsys, corpus_data_dir, tmp_path, args, message):
    out = tmp_path / "pack.md"
    status, _, err = run(capsys, "casestudy", *args, "--out", str(out), "--data-dir", str(corpus_data_dir))
    assert status == 1 and message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_casestudy_file_checks(capsys, corpus_data_dir, corpus_reviews, tmp_path):
    rid = sorted(corpus_reviews)[0]
    common = ("--reviews", rid, "--data-dir", str(corpus_data_dir))
    status, _, err = run(capsys, "casestudy", *common, "--out", str(tmp_path / "pack.pdf"))
    assert status == 1 and "ending in .docx or .md" in err
    out = tmp_path / "pack.md"
    out.write_text("a trainer's own notes", encoding="utf-8")
    status, _, err = run(capsys, "casestudy", *common, "--out", str(out))
    assert status == 1 and "exists already" in err and out.read_text(encoding="utf-8") == "a trainer's own notes"
    status, _, err = run(capsys, "casestudy", *common, "--out", str(out), "--force")
    assert status == 0, err
    assert f"## {md(corpus_reviews[rid]['title']).strip()}" in out.read_text(encoding="utf-8")

