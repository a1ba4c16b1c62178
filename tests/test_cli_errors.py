"""Errors a user can cause: one line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    for fragment in fragments:
        assert fragment in last, result.stderr


@pytest.mark.parametrize(
    ("db", "fragment"),
    [
        ("not a url", "not a database URL"),
        ("sqlite:////no/such/folder/x.db", "folder of the database does not exist"),
        ("nosuchdb://user@host/db", "no driver"),
    ],
)
def test_bad_database_url(cli, db: str, fragment: str) -> None:
    assert_one_line_error(cli("--db", db, "articles"), "error:", fragment)


def test_missing_config_file(cli, tmp_path: Path) -> None:
    assert_one_line_error(cli("--config", str(tmp_path / "nope.toml"), "articles"), "config file not found")


def test_invalid_config_file(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[schedule\ncron = 1\n")
    assert_one_line_error(cli("--config", str(bad), "articles"), "not valid TOML")


def test_unreachable_mirror(cli, db_url: str) -> None:
    result = cli("--db", db_url, "crawl", "--mirror", f"http://127.0.0.1:{free_port()}", "--spider", "hainan_gov_en")
    assert_one_line_error(result, "hainan_gov_en failed")


def test_unknown_spider(cli, db_url: str) -> None:
    assert_one_line_error(cli("--db", db_url, "crawl", "--spider", "nope"), "unknown spider 'nope'")


def test_history_of_unknown_url(cli, db_url: str) -> None:
    assert_one_line_error(cli("--db", db_url, "history", "https://en.hainan.gov.cn/x.shtml"), "no stored article")
