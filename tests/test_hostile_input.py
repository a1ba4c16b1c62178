"""Hostile or odd input from the sites and the user: an ESC sequence in a scraped title never
reaches the terminal or the log raw, `--search` takes `%` and `_` literally, and a huge
`--search` is a clear usage error."""

from __future__ import annotations

import json
from datetime import date

from tests.helpers.figure_store import Fig, Post, publish

from db.store import Store
from monitor.diff import detect_changes
from monitor.printable import one_line, printable

ESC_TITLE = "Park news \x1b[2J\x1b]0;owned\x07 \u202eevil"
PLAIN = "https://en.hainan.gov.cn/englishsite/Updates/202407/plain.shtml"
HOSTILE = "https://en.hainan.gov.cn/englishsite/Updates/202407/hostile.shtml"
PERCENT = "https://en.hainan.gov.cn/englishsite/Updates/202407/percent.shtml"


def build(db_url: str) -> None:
    store = Store.open(db_url)
    publish(store, Post(HOSTILE, date(2024, 7, 1), (Fig("projects_landed", 12),), title=ESC_TITLE))
    publish(store, Post(PERCENT, date(2024, 7, 2), (Fig("projects_landed", 13, park="yangpu"),), title="Output up 12% in Yangpu",
                        text="Output grew 12% year on year."))
    publish(store, Post(PLAIN, date(2024, 7, 3), (Fig("projects_landed", 14, park="jiangdong"),), title="Plain title",
                        text="Nothing special here at all."))
    detect_changes(store)
    store.close()


def test_control_characters_are_escaped_not_printed():
    assert printable("a\x1b[31mb\tc\nd") == "a\\x1b[31mb\tc\nd"
    assert one_line("a\x1b]0;t\x07\nb") == "a\\x1b]0;t\\x07 b"
    assert one_line("x\u202ey") == "x\\u202ey"


def test_a_title_with_an_escape_sequence_reaches_neither_terminal_nor_log(cli, db_url, tmp_path):
    build(db_url)
    table = cli("--db", db_url, "articles")
    history = cli("--db", db_url, "history", HOSTILE)
    records = cli("--db", db_url, "articles", "--json")
    config = tmp_path / "monitor.toml"
    config.write_text(f'[alerts.log]\npath = "{tmp_path / "alerts.log"}"\n', encoding="utf-8")
    log_file = tmp_path / "monitor.log"
    alerts = cli("--config", str(config), "--db", db_url, "--log-file", str(log_file), "alerts", "backfill", "log", "--since", "2000-01-01")
    for done in (table, history, records, alerts):
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout + done.stderr
    assert "\u202e" not in table.stdout + history.stdout + alerts.stderr
    assert "\\x1b[2J" in table.stdout and "\\x1b[2J" in history.stdout
    assert "new article: Park news \\x1b[2J" in alerts.stderr
    assert "\x1b" not in log_file.read_text(encoding="utf-8")
    assert ESC_TITLE in [record["title"] for record in json.loads(records.stdout)], "JSON keeps the data (escaped by JSON itself)"


def test_search_takes_percent_and_underscore_literally_and_is_bounded(cli, db_url):
    build(db_url)
    percent = json.loads(cli("--db", db_url, "articles", "--search", "%", "--json").stdout)
    assert [record["url"] for record in percent] == [PERCENT]
    underscore = json.loads(cli("--db", db_url, "articles", "--search", "Output_up", "--json").stdout)
    assert underscore == [], "as a LIKE wildcard, _ would match the space of 'Output up'"
    huge = cli("--db", db_url, "articles", "--search", "x" * 100_000)
    assert huge.returncode == 2
    assert "--search" in huge.stderr and "at most 200" in huge.stderr and "disk" not in huge.stderr
