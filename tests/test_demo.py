"""`hainan-monitor demo`: offline, no configuration, two cycles over the bundled sites; the
database it leaves behind answers every query command."""

from __future__ import annotations

import sqlite3

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.crawled_stores import demo_run, query_in_process

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow

REVISED_EN = "https://en.hainan.gov.cn/englishsite/Updates/202407/b4d92e17c0a64f5890e3a1c7d6f28b45.shtml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    done, db = demo_run(tmp_path_factory)
    assert done.returncode == 0, done.stderr
    return done, f"sqlite:///{db}"


def test_demo_output_shows_new_and_revised_articles_and_the_moved_figure(demo):
    out = demo[0].stdout
    second = out.split("Cycle 2")[1]
    assert "New articles (" in second
    assert "Guangdong-Hainan park's landed projects rise to 49" in second
    assert "Revised articles (" in second and "Yangpu's foreign trade grows in first half of 2024" in second
    assert "61.25 → 62.15" in second, "what the revision changed"
    assert "Figures that moved (" in second and "27 → 49" in second
    assert "Alert digest" in second
    assert "hainan-monitor --db sqlite:///" in out and " serve\n" in out and " feed -o changes.xml" in out


def test_demo_database_answers_every_query_command(demo, tmp_path):
    _, db = demo
    for args in (["articles"], ["figures"], ["parks"], ["changes"], ["history", REVISED_EN]):
        assert query_in_process(db, *args), args
    landed = query_in_process(db, "figures", "--park", "gd-hn-manufacturing", "--metric", "projects_landed")
    assert {r["value"] for r in landed} == {27, 49}
    assert {r["source"] for r in landed} >= {"hainan_gov_en"}
    out = tmp_path / "figures.csv"
    assert run_cli("--db", db, "export", "--what", "changes", "-o", str(out)).returncode == 0
    assert run_cli("--db", db, "plot", "--park", "gd-hn-manufacturing", "--metric", "projects_landed",
                   "-o", str(tmp_path / "p.png")).returncode == 0
    views = sqlite3.connect(db.removeprefix("sqlite:///")).execute(
        "SELECT value FROM latest_figures WHERE park = 'gd-hn-manufacturing' AND metric = 'projects_landed'"
        " AND period IS NULL"
    ).fetchall()
    assert views == [(49.0,)]


def test_demo_refuses_to_overwrite_a_database_that_is_not_its_own(tmp_path):
    precious = tmp_path / "hainan-monitor-demo.db"
    connection = sqlite3.connect(precious)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.execute("INSERT INTO notes VALUES ('keep me')")
    connection.commit()
    connection.close()
    done = run_cli("demo", cwd=tmp_path)
    assert done.returncode != 0
    assert "is not a demo database; refusing to overwrite it" in done.stderr
    assert sqlite3.connect(precious).execute("SELECT text FROM notes").fetchall() == [("keep me",)]


def test_demo_ignores_the_configured_database(tmp_path):
    """$HAINAN_MONITOR_DB names the user's real store: the demo must never write there."""
    real = tmp_path / "real.db"
    done = run_cli("--db", "postgresql://nowhere/db", "demo", cwd=tmp_path, env={"HAINAN_MONITOR_DB": f"sqlite:///{real}"})
    assert done.returncode != 0 and "the demo writes a SQLite file" in done.stderr
    assert not real.exists()
