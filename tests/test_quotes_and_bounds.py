"""Quotes cut at sentence or word boundaries; `changes` and its export carry the figure's bound."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.crawled_stores import demo_run, query_in_process
from monitor.extract import extract_figures
from monitor.query.quotes import shorten


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Yangpu recorded 62.15 billion yuan. Trade grew 18.6 percent year on year.", 50, "Yangpu recorded 62.15 billion yuan."),
        ("The Guangdong-Hainan park has landed 49 projects with total investment", 40, "The Guangdong-Hainan park has landed …"),
        ("洋浦经济开发区实现货物贸易进出口总额621.5亿元，同比增长18.6%。", 30, "洋浦经济开发区实现货物贸易进出口总额621.5亿元， …"),
        ("short", 40, "short"),
    ],
)
def test_shorten_never_cuts_a_word(text, limit, expected):
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit + 1


def test_an_extracted_quote_starts_on_a_whole_word():
    sentence = ("Key parks such as Yangpu Economic Development Zone and Haikou National High-tech Industrial "
                "Development Zone generated 1.4 trillion yuan in operating revenue.")
    [figure] = extract_figures(sentence, lang="en", published=dt.date(2024, 7, 1))
    assert figure.quote in sentence and figure.quote.endswith("1.4 trillion yuan")
    assert figure.quote.split()[0] in sentence.split()  # "Zone …", not "opment Zone …"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    done, db = demo_run(tmp_path_factory)
    assert done.returncode == 0, done.stderr
    return f"sqlite:///{db}"


def test_changes_show_the_bound_as_parks_does(demo_db):
    parks = run_cli("--db", demo_db, "parks").stdout
    assert "enterprises: ≥1,200" in parks
    # the seed industry's 1,200 enterprises are the yazhou-bay figure only by the article's
    # context (a possible change): `changes --all` lists it
    table = run_cli("--db", demo_db, "changes", "--park", "yazhou-bay", "--all").stdout
    assert "first report: ≥1,200" in table
    records = query_in_process(demo_db, "changes", "--park", "yazhou-bay", "--all")
    assert {r["bound"] for r in records if r["kind"] == "figure_new"} == {"at_least"}
    assert {r["bound"] for r in records if r["kind"] == "new_article"} == {None}


def test_the_changes_export_has_a_bound_column(demo_db):
    done = run_cli("--db", demo_db, "export", "--what", "changes")
    rows = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    assert "bound" in rows[0]
    assert {row["bound"] for row in rows if row["park"] == "yazhou-bay" and row["kind"] == "figure_new"} == {"at_least"}
    assert run_cli("--db", demo_db, "export", "--what", "changes", "--json").stdout.lstrip().startswith("[")


def test_demo_output_explains_itself(tmp_path_factory):
    done, db = demo_run(tmp_path_factory)
    out = done.stdout
    assert "changes detected: 12 changes (6 new articles, 6 first figures)" in out
    assert "changes detected: 8 changes (3 new articles, 2 revised articles, 1 first figure, 2 moved figures)" in out
    assert "∅" not in out and "added «" in out
    assert "21 current figures (23 extracted in all: 2 belong to the superseded first version" in out
    moved = out.split("Figures that moved")[1].split("Alert digest")[0]
    digest = out.split("Alert digest")[1]
    # the moved figure names the change's article and source, as the digest and `changes` do
    url = digest.split("projects landed 27 → 49")[1].split("\n")[2].strip()
    assert url.startswith("http") and url.rsplit("/", 1)[-1] in moved
    [change] = [c for c in query_in_process(f"sqlite:///{db}", "changes", "--kind", "figure_changed", "--metric", "projects_landed")]
    assert change["article_url"] == url and f"{change['source']} 2024-09-12" in moved


def test_figure_quotes_are_widened_to_whole_words(demo_db):
    from monitor.query.quotes import whole_words

    text = "The Guangdong-Hainan Advanced Park in Haikou has landed 49 projects so far."
    assert whole_words("-Hainan Advanced Park in Haikou has landed 49 proj", text) == \
        "Guangdong-Hainan Advanced Park in Haikou has landed 49 projects"
    assert whole_words("园区已落地", "广东海南先进制造业合作产业园区已落地产业项目") == "园区已落地"
    quotes = [r["quote"] for r in query_in_process(demo_db, "figures", "--park", "gd-hn-manufacturing")]
    assert quotes and not any(quote[0] in "-'’" for quote in quotes), quotes
