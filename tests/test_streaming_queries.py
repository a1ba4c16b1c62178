"""`parks` and `export` read only the columns they print, streamed, and print what they printed before.

The references are the plain ways of computing the same records: the latest figure of each key
picked in Python from every figure record (`latest_records(figure_records(...))`), an article's
record from its ORM object, the JSON of the whole list at once. Generated stores with revised,
undated and re-reported articles, on SQLite and PostgreSQL (which place undated articles
differently when sorting: the streamed queries must follow each backend as before).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Article, ArticleVersion
from db.store import Store
from monitor.cli.commands.export_command import write_csv, write_json
from monitor.diff import detect_changes
from monitor.query import store_queries
from monitor.query.store_queries import (
    article_record, figure_records, iter_article_records, latest_figure_records, latest_records,
)
from tests.helpers.backends import fresh_database
from tests.helpers.figure_store import publish
from tests.test_standing_figures import generated_cycles


def _key(record: dict) -> tuple:
    return (record["park"], record["metric"], record["period"] or "", record["qualifier"])


@pytest.mark.parametrize("first_dates", [1, store_queries.FIRST_DATES])
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_parks_latest_figures_are_the_last_of_each_key_in_figure_order(
    tmp_path: Path, backend: str, first_dates: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`parks` reads dates newest first in growing steps: from one date on, many steps are read."""
    monkeypatch.setattr(store_queries, "FIRST_DATES", first_dates)
    with fresh_database(backend, tmp_path) as url:
        store = Store.open(url)
        try:
            for cycle in generated_cycles(seed=5):
                for post in cycle:
                    publish(store, post)
                detect_changes(store)
            with store.session() as session:
                streamed = latest_figure_records(session)
                reference = latest_records(figure_records(session))
                articles = list(iter_article_records(session))
                versions = {a: n for a, n in session.execute(select(ArticleVersion.article_id, func.count()).group_by(ArticleVersion.article_id))}
                by_url = {a.url: article_record(a, versions[a.id]) for a in session.scalars(select(Article))}
        finally:
            store.close()
    assert len(reference) >= 6  # few keys, each reported by many articles: the winner is what is tested
    assert sorted(streamed, key=_key) == sorted(reference, key=_key)
    assert any(article["published"] is None for article in articles), "undated articles, so NULL ordering is exercised"
    assert articles == [by_url[record["url"]] for record in articles] and len(articles) == len(by_url)


@pytest.mark.parametrize("records", [[], [{"a": 1, "b": "x\ny", "c": [1, 2], "d": {"e": None}}], [{"a": 1}, {"a": "中文"}]])
def test_streamed_json_is_the_json_of_the_whole_list(records: list[dict]) -> None:
    out = io.BytesIO()
    assert write_json(iter(records), [], out) == len(records)
    assert out.getvalue() == (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def test_streamed_csv_has_the_bom_once_and_a_row_per_record() -> None:
    out = io.BytesIO()
    assert write_csv(iter([{"a": "中", "b": [1, 2]}, {"a": None, "b": []}]), ["a", "b"], out) == 2
    assert out.getvalue() == "\ufeffa,b\r\n中,1;2\r\n,\r\n".encode("utf-8")


def test_an_export_that_fails_midway_leaves_the_old_file_and_no_half_file(tmp_path: Path, monkeypatch) -> None:
    """The records are streamed into `.NAME.partial` and renamed when complete: a store that
    fails after the first record (here: a generator that raises, as a dropped connection would)
    leaves the previous export untouched."""
    from click.testing import CliRunner

    from monitor.cli import cli
    from monitor.cli.commands import export_command

    def failing(session, what, all_versions):  # type: ignore[no-untyped-def]
        yield {"url": "https://en.example/1"}
        raise OSError("the database went away")

    out = tmp_path / "articles.csv"
    out.write_text("the previous export\n", encoding="utf-8")
    monkeypatch.setattr(export_command, "_records", failing)
    done = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'm.db'}", "export", "--what", "articles", "-o", str(out)])
    assert done.exit_code != 0 and isinstance(done.exception, OSError)
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(path.name for path in tmp_path.iterdir() if "articles" in path.name) == ["articles.csv"]
    monkeypatch.undo()
    done = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'm.db'}", "export", "--what", "articles", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_bytes() == b"\xef\xbb\xbf" + ",".join(export_command.COLUMNS["articles"]).encode() + b"\r\n"
