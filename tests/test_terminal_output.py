"""What a person sees in an 80-column terminal (a real pty) and in a pipe.

Tables must not split ids, dates and numbers over lines, must fit the width, and a pipe gets
plain text without colour or trailing spaces. Log lines and the live status share one console:
each message once, never printed into the status line.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.crawled_stores import demo_run
from tests.helpers.terminal import run_in_pty, screen_lines, widest

DATE = re.compile(r"20\d\d-\d\d-\d\d")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    done, db = demo_run(tmp_path_factory)
    assert done.returncode == 0, done.stderr
    return f"sqlite:///{db}"


def table_lines(raw: str) -> list[str]:
    return [line for line in screen_lines(raw) if "│" in line]


def assert_tokens_whole(lines: list[str], *tokens: str) -> None:
    text = "\n".join(lines)
    for token in tokens:
        assert token in text, f"{token!r} is split or missing:\n{text}"


@pytest.mark.parametrize(
    ("args", "tokens"),
    [
        (["figures"], ["gd-hn-manufacturing", "2024-07-04", "hainan_gov_en", "2024-01..2024-06", "cumulative"]),
        (["changes"], ["gd-hn-manufacturing", "figure_changed", "yangpu"]),
        (["parks"], ["gd-hn-manufacturing", "haikou-bonded-zone", "wenchang-aerospace"]),
        (["articles"], ["hainan_gov_en", "hainan_daily", "2024-09-13"]),
    ],
)
def test_tables_fit_80_columns_without_splitting_ids(demo_db, args, tokens):
    code, raw = run_in_pty("--db", demo_db, *args)
    assert code == 0, raw
    lines = screen_lines(raw)
    assert widest(lines) <= 80, "\n".join(line for line in lines if len(line) > 80)
    assert_tokens_whole(lines, *tokens)
    for line in table_lines(raw):
        for cell in line.split("│"):
            cell = cell.strip()
            # a date cell is a whole date, never "2024-07-0" with "4" on the next line
            assert not re.fullmatch(r"20\d\d-\d\d-\d?", cell), line
            assert not cell.startswith("https://"), "a whole URL belongs to --wide, --json and pipes"


def test_status_shows_whole_cycle_ids_at_80_columns(demo_db):
    cycles = json.loads(run_cli("--db", demo_db, "status", "--json").stdout)["cycles"]
    code, raw = run_in_pty("--db", demo_db, "status")
    assert code == 0, raw
    lines = screen_lines(raw)
    assert widest(lines) <= 80
    assert_tokens_whole(lines, *(cycle["cycle_id"] for cycle in cycles), "hainan_gov_zh")


def test_wide_keeps_whole_urls(demo_db):
    code, raw = run_in_pty("--db", demo_db, "changes", "--wide", columns=300)
    assert code == 0
    assert "https://en.hainan.gov.cn/englishsite/Updates/202409/a93f0d6e2c8b47159d4e7a1f6b2c8e03.shtml" in "\n".join(screen_lines(raw))


def test_piped_tables_are_plain_without_trailing_spaces(demo_db):
    done = run_cli("--db", demo_db, "figures", "--park", "gd-hn-manufacturing")
    assert done.returncode == 0
    assert "\x1b[" not in done.stdout
    lines = done.stdout.splitlines()
    assert lines and all(line == line.rstrip() for line in lines)
    assert "https://en.hainan.gov.cn/englishsite/Updates/202407/7c1e4b9a2f3d48e6b5a0c9d8e7f61a23.shtml" in done.stdout


@pytest.mark.slow
def test_demo_in_an_80_column_terminal_logs_each_message_once_above_the_status_line(tmp_path):
    code, raw = run_in_pty("demo", cwd=tmp_path, timeout=240)
    assert code == 0, raw[-3000:]
    lines = screen_lines(raw)
    for message in ("extracted 15 figures from 6 article versions", "extracted 8 figures from 5 article versions",
                    "changes detected: 6 figure_new, 6 new_article"):
        assert sum(line.count(message) for line in lines) == 1, message
    status_text = "copy of the sites on"
    for line in lines:
        if "extracted" in line or "changes detected" in line or "INFO" in line:
            # a log line starts its own line: it is never written after the status text
            assert status_text not in line or line.lstrip().startswith(("[", "INFO")), line
    assert not any(re.search(r"127\.0\.0\.1:\d+20\d\d-", line) for line in lines), "a log line glued to the status"
    body = [line for line in lines if "│" in line or "┃" in line]
    assert body and widest(body) <= 80
    assert_tokens_whole(body, "hainan_gov_en", "hainan_daily", "gd-hn-manufacturing")
