"""The whole configuration is validated at start-up of every command, one line per problem,
and `hainan-monitor config check` does only that."""

from __future__ import annotations

from pathlib import Path

import pytest

BAD = """
[schedule]
run_at_start = "yes"

[crawl]
max_list_pages = -1
revisit_policy = [[30, 24], [7, 0]]
max_pages = 3

[spiders.hainan_gov_xx]
start_urls = ["https://www.hainan.gov.cn/hainan/ywdt/xw.shtml"]

[alerts.email]
host = "smtp.example.org"
port = "587"
recipients = ["analyst@example.org"]
"""

EXPECTED = [
    "error: [schedule] run_at_start: Input should be a valid boolean (got 'yes')",
    "error: [crawl] max_list_pages: Input should be greater than 0 (got -1)",
    "error: [crawl] revisit_policy: the [max age in days, hours between re-checks] pairs must go youngest first, ages increasing (got ages [30.0, 7.0])",
    "error: [crawl] max_pages: unknown key (known: user_agent, download_delay, max_list_pages, revisit_policy)",
    "error: [alerts.email] port: Input should be a valid integer (got '587')",
    "error: [alerts.email] sender: Field required",
    "error: [spiders.hainan_gov_xx]: unknown spider (known: hainan_daily, hainan_gov_en, hainan_gov_zh, hnftp)",
]

GOOD = """
[schedule]
cron = "0 */4 * * *"
run_at_start = true

[crawl]
max_list_pages = 3
revisit_policy = [[7, 0], [30, 24]]

[spiders.hainan_gov_zh]
start_urls = ["https://www.hainan.gov.cn/hainan/ywdt/xw.shtml"]

[alerts.log]
path = "alerts.log"

[alerts.email]
host = "smtp.example.org"
port = 587
starttls = true
sender = "monitor@example.org"
recipients = ["analyst@example.org"]
password_env = "HAINAN_MONITOR_SMTP_PASSWORD"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [("config", "check"), ("articles",), ("status",)])
def test_every_problem_of_the_file_is_one_line_at_start_up(cli, tmp_path, db_url, command):
    done = cli("--config", str(write(tmp_path, BAD)), "--db", db_url, *command)
    assert done.returncode == 2
    assert done.stderr.splitlines() == EXPECTED
    assert done.stdout == ""


def test_a_password_in_the_file_is_refused_naming_password_env(cli, tmp_path):
    text = GOOD.replace('password_env = "HAINAN_MONITOR_SMTP_PASSWORD"', 'password = "hunter2"')
    done = cli("config", "check", str(write(tmp_path, text)))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        'error: [alerts.email]: `password` does not belong in the file (it would be ignored): '
        'set password_env = "VARIABLE" and put the value in that environment variable'
    ]
    assert "hunter2" not in done.stderr


def test_a_valid_file_is_summarised(cli, tmp_path):
    path = write(tmp_path, GOOD + '\n[database]\nurl = "postgresql+psycopg://monitor:s3cret@db.example.org/monitor"\n')
    done = cli("--config", str(path), "config", "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{path}: ok",
        "  schedule: cron '0 */4 * * *' (Asia/Shanghai), also at start-up",
        "  alert channels: log, email",
        "  database: postgresql+psycopg://monitor:***@db.example.org/monitor",
        "  start URLs for: hainan_gov_zh",
    ]


def test_config_check_needs_a_file(cli):
    done = cli("config", "check")
    assert done.returncode == 2 and "config check FILE" in done.stderr
