"""The recommendation register (graph.analytics.register) on fictional graphs, and `casegraph recommendations`
on a real embedded store: fictional reviews, and the real corpus from ../shared."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from casegraph import ontology
from casegraph.errors import CasegraphError
from casegraph.graph.analytics.examples import review_record
from casegraph.graph.analytics.features import review_features
from casegraph.graph.analytics.recurring import repeated_recommendations
from casegraph.graph.analytics.register import (CSV_COLUMNS, asked, filter_register, groups, recommendation_register,
                                      register_csv, theme_codes)
from casegraph.graph.analytics.stored import light_graph
from casegraph.graph.mapping import record_to_graph
from casegraph.graph.stores import open_store
from test_analytics_cli import run

INFO, FATHERS, PRE_BIRTH = "PT_INFO_SHARING", "PT_FATHERS_AND_MEN", "PT_PRE_BIRTH"
AUDIT = ("The partnership should audit pre-birth assessments of vulnerable parents.",
         "Audit pre-birth assessments of vulnerable parents across the partnership.",
         "The board should audit how pre-birth assessments of vulnerable parents are made.")


def fictional(review_id: str, published: str | None, recs: list[tuple[str, str | None, list[str]]]) -> dict:
    """The record of a fictional review with recommendations ``(text, addressee, themes)``, numbered 1, 2, ..."""
    record = review_record(review_id, {}, recommendations=[text for text, _, _ in recs])
    record["published"] = published
    for n, (item, (_, addressee, themes)) in enumerate(zip(record["recommendations"], recs), 1):
        item.update(number=str(n), addressee=addressee, themes=themes)
    return record


FICTIONAL = [
    fictional("a", "2019-06", [(AUDIT[0], "Safeguarding Partnership", [PRE_BIRTH]),
                               ("Train midwives to ask about fathers at booking.", "Health trust", [FATHERS])]),
    fictional("b", "2015", [(AUDIT[1], "LSCB", [PRE_BIRTH, INFO])]),
    fictional("c", None, [(AUDIT[2], "The Board", [PRE_BIRTH]),
                          ("=HYPERLINK(\"http://example.org\") and share records with the café's GP", "@Police",
                           [INFO])]),
    # one review's run of recommendations opening the same way is not the same ask made again
    fictional("d", "2021-01", [("The board should share the key messages of this review, including: visits.", None,
                                []),
                               ("The board should share the key messages of this review, including: sleep.", None,
                                [])]),
]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return recommendation_register(nx.compose_all([record_to_graph(r) for r in FICTIONAL]), threshold=0.3)


def test_every_recommendation_once_with_its_review(rows):
    assert len(rows) == sum(len(r["recommendations"]) for r in FICTIONAL)
    first = next(r for r in rows if r["review_id"] == "b")
    assert (first["title"], first["published"], first["year"], first["number"], first["addressee"],
            first["text"], first["themes"]) == ("Fictional review b", "2015", 2015, "1", "LSCB", AUDIT[1],
                                                [INFO, PRE_BIRTH])


def test_links_are_read_by_their_rel_not_their_key(rows):
    renumbered = nx.MultiDiGraph()                          # edge keys 0, 1, ... as nx gives by default
    for record in FICTIONAL:
        g = record_to_graph(record)
        renumbered.add_nodes_from(g.nodes(data=True))
        renumbered.add_edges_from(g.edges(data=True))
    assert recommendation_register(renumbered, threshold=0.3) == rows


def test_the_same_ask_in_three_reviews_is_one_group_since_the_earliest_year(rows):
    top = groups(rows)[0]
    assert top["group"] == 1 and top["asked"] == 3 and top["since"] == 2015 and top["group_size"] == 3
    assert [r["review_id"] for r in top["members"]] == ["b", "a", "c"]     # oldest first, undated last
    assert asked(top["asked"], top["since"]) == "Asked 3 times since 2015"
    assert sorted(r["text"] for r in top["members"]) == sorted(AUDIT)
    assert all(g["asked"] == 1 for g in groups(rows)[1:])


def test_a_review_repeating_its_own_opening_words_is_not_asked_twice(rows):
    own = [r for r in rows if r["review_id"] == "d"]
    assert len({r["group"] for r in own}) == 2 and all(r["asked"] == r["group_size"] == 1 for r in own)


def test_year_unknown_said_plainly(rows):
    alone = next(r for r in rows if r["review_id"] == "c" and r["number"] == "2")
    assert alone["since"] is None and asked(alone["asked"], alone["since"]) == "Asked once, year unknown"


def test_groups_asked_twice_or_more_are_the_patterns_repeated_recommendations(rows):
    g = nx.compose_all([record_to_graph(r) for r in FICTIONAL])
    clusters = repeated_recommendations(review_features(g), threshold=0.3)
    repeated = [g for g in groups(rows) if g["asked"] >= 2]
    assert sorted(sorted(r["text"] for r in grp["members"]) for grp in repeated) == \
        sorted(sorted(m["text"] for m in c["members"]) for c in clusters)


@pytest.mark.parametrize("theme", [INFO, INFO.lower(), ontology.label(INFO), ontology.label(INFO).upper()])
def test_filter_by_theme_code_or_label(rows, theme):
    kept = filter_register(rows, themes=[theme])
    assert {(r["review_id"], r["number"]) for r in kept} == {("b", "1"), ("c", "2")}


def test_theme_by_words_of_a_label_and_unknown_theme():
    assert FATHERS in theme_codes(["fathers"])
    with pytest.raises(CasegraphError, match="no practice theme is called 'hats'"):
        theme_codes(["hats"])


def test_filters_narrow_and_keep_the_group_counts(rows):
    board = filter_register(rows, addressee="BOARD")
    assert [r["review_id"] for r in board] == ["c"]                  # "The Board", not "Safeguarding Partnership"
    assert board[0]["asked"] == 3 and board[0]["since"] == 2015        # its group is still asked three times
    assert {r["review_id"] for r in filter_register(rows, reviews=["a", "d"])} == {"a", "d"}
    assert {r["review_id"] for r in filter_register(rows, since=2016)} == {"a", "d"}    # undated "c" left out
    assert {r["review_id"] for r in filter_register(rows, since=2015, until=2019)} == {"a", "b"}
    assert {r["text"] for r in filter_register(rows, repeated=True)} == set(AUDIT)
    assert filter_register(rows, themes=[FATHERS], repeated=True) == []
    assert filter_register(rows) == rows


def _csv_rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")                            # UTF-8 with a byte-order mark
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_one_row_per_recommendation_formulas_neutralised(rows):
    data = register_csv(rows)
    assert data.decode("utf-8-sig").splitlines()[0] == ",".join(CSV_COLUMNS)
    out = _csv_rows(data)
    assert len(out) == len(rows)
    assert [(o["review_id"], o["number"], int(o["group"]), int(o["group_size"])) for o in out] == \
        [(r["review_id"], r["number"], r["group"], r["group_size"]) for r in rows]
    formula = next(o for o in out if o["review_id"] == "c" and o["number"] == "2")
    assert formula["text"] == "'=HYPERLINK(\"http://example.org\") and share records with the café's GP"
    assert formula["addressee"] == "'@Police" and formula["asked_since"] == ""
    assert formula["themes"] == ontology.label(INFO) and formula["theme_codes"] == INFO
    assert not any(v.startswith(("=", "+", "-", "@")) for o in out for v in o.values())
    assert _csv_rows(register_csv([])) == []


# ------------------------------------------------------------------ the command on real embedded stores


@pytest.fixture(scope="module")
def fictional_dir(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("register-store")
    with open_store("embedded", data_dir=path) as store:
        for record in FICTIONAL:
            store.write_review(record)
    return str(path)


def test_command_groups_in_plain_words(capsys, fictional_dir):
    code, out, _ = run(capsys, "recommendations", "--data-dir", fictional_dir, "--repeated")
    assert code == 0
    assert "Asked 3 times since 2015 (group 1):" in out
    assert out.count("  - Fictional review") == 3 and "recommendation 1, to LSCB" in out
    assert "Train midwives" not in out


def test_command_filters_json(capsys, fictional_dir):
    code, out, _ = run(capsys, "recommendations", "--data-dir", fictional_dir, "--theme", "fathers",
                       "--format", "json")
    assert code == 0
    [group] = json.loads(out)
    assert [(m["review_id"], m["addressee"]) for m in group["members"]] == [("a", "Health trust")]
    code, out, _ = run(capsys, "recommendations", "--data-dir", fictional_dir, "--addressee", "nobody at all")
    assert code == 0 and "No recommendation matches" in out


def test_command_writes_csv(capsys, fictional_dir, tmp_path):
    target = tmp_path / "register.csv"
    code, out, _ = run(capsys, "recommendations", "--data-dir", fictional_dir, "--since", "2016", "--csv", str(target))
    assert code == 0 and f"Wrote 4 of {sum(len(r['recommendations']) for r in FICTIONAL)} recommendation(s)" in out
    assert {r["review_id"] for r in _csv_rows(target.read_bytes())} == {"a", "d"}


@pytest.mark.parametrize("args, message", [
    (["--theme", "hats"], "no practice theme is called 'hats'"),
    (["--csv", "/nonexistent-folder/register.csv"], "could not write the CSV file"),
])
def test_command_errors_in_one_line(capsys, fictional_dir, args, message):
    code, out, err = run(capsys, "recommendations", "--data-dir", fictional_dir, *args)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1 and not out


def test_command_on_the_corpus_lists_every_recommendation(capsys, corpus_data_dir, corpus_store):
    stored = [d for _, d in light_graph(corpus_store).nodes(data=True) if d.get("kind") == "Recommendation"]
    assert stored, "the extractor found no recommendations in the corpus"
    code, out, _ = run(capsys, "recommendations", "--data-dir", str(corpus_data_dir), "--format", "json")
    assert code == 0
    found = [m for g in json.loads(out) for m in g["members"]]
    assert sorted(m["text"] for m in found) == sorted(d["text"] for d in stored)
    code, out, _ = run(capsys, "recommendations", "--data-dir", str(corpus_data_dir))
    assert code == 0 and out.startswith(f"{len(stored)} of {len(stored)} recommendation(s)")
    assert "Asked once" in out or "times since" in out
    addressee = next(d["addressee"] for d in stored if d.get("addressee"))
    code, out, _ = run(capsys, "recommendations", "--data-dir", str(corpus_data_dir),
                       "--addressee", addressee.lower(), "--format", "json")
    kept = [m for g in json.loads(out) for m in g["members"]]
    assert kept and all(addressee.lower() in m["addressee"].lower() for m in kept)
