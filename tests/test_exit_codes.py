"""Exit codes as documented (0 ok, 1 a failed source or an OS/database error, 2 a usage or
configuration error, 75 a held lock) and the one-line messages that go with them."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest

from tests.helpers.cli import REPO, run_cli
from tests.helpers.crawled_stores import demo_run
from monitor.demo import DEMO_SITES


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    done, db = demo_run(tmp_path_factory)
    assert done.returncode == 0, done.stderr
    return f"sqlite:///{db}"


def one_line(done: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["figures", "--park", "atlantis"], "unknown park 'atlantis'"),
        (["figures", "--metric", "landed"], "unknown metric 'landed'"),
        (["figures", "--source", "xinhua"], "unknown source 'xinhua'"),
        (["articles", "--park", "atlantis"], "unknown park 'atlantis'"),
        (["changes", "--park", "atlantis"], "unknown park 'atlantis'"),
        (["changes", "--kind", "moved"], "unknown kind 'moved'"),
        (["plot", "--park", "yangpu", "--metric", "landed"], "unknown metric 'landed'"),
        (["figures", "--period", "2024-7"], "'2024-7' is not a period"),
        (["figures", "--period", "2024-06..2024-01"], "ends before it starts"),
        (["figures", "--period", "2024-13..2024-14"], "months run from 01 to 12"),
    ],
)
def test_unknown_names_and_bad_periods_are_usage_errors(demo_db, args, fragment):
    one_line(run_cli("--db", demo_db, *args), 2, fragment)


def test_a_good_period_still_selects(demo_db):
    done = run_cli("--db", demo_db, "figures", "--period", "2024-01..2024-06", "--json")
    assert done.returncode == 0 and '"trade_value"' in done.stdout


def test_alerts_test_without_a_channel_says_how_to_add_one(tmp_path):
    one_line(run_cli("--db", f"sqlite:///{tmp_path / 'x.db'}", "alerts", "test"), 2,
             "no alert channel is configured", "[alerts.log]", "--config FILE")


def test_a_missing_log_file_folder_is_created(tmp_path):
    log = tmp_path / "logs" / "deeper" / "monitor.log"
    done = run_cli("--db", f"sqlite:///{tmp_path / 'x.db'}", "--log-file", str(log), "status")
    assert done.returncode == 0, done.stderr
    assert log.exists()


@pytest.mark.slow
def test_the_crontab_example_runs_as_written_on_a_fresh_install(tmp_path):
    """deploy/README.md's steps (a folder, a venv, monitor.toml, secrets.env), then the crontab
    line verbatim under /bin/sh with cron's bare environment, reading an offline copy."""
    line = next(line for line in (REPO / "deploy" / "crontab.example").read_text().splitlines()
                if line and not line.startswith(("#", "MAILTO")))
    command = line.split(None, 5)[5]  # the five schedule fields, then the command
    home = tmp_path / "srv"
    (home / "venv" / "bin").mkdir(parents=True)
    program = home / "venv" / "bin" / "hainan-monitor"
    program.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m monitor \"$@\"\n")
    program.chmod(0o755)
    config = (REPO / "deploy" / "monitor.example.toml").read_text().replace("/srv/hainan-monitor", str(home))
    (home / "monitor.toml").write_text(config)
    (home / "secrets.env").write_text("HAINAN_MONITOR_SMTP_PASSWORD=not-used\n")
    (home / "secrets.env").chmod(0o600)
    cron_env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SHELL": "/bin/sh", "LANG": "C.UTF-8",
                "HAINAN_MONITOR_MIRROR": str(DEMO_SITES / "before")}
    done = subprocess.run(["/bin/sh", "-c", command.replace("/srv/hainan-monitor", str(home))],
                          env=cron_env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == "", "cron mails whatever is printed"
    assert (home / "logs" / "monitor.log").exists() and (home / "hainan-monitor.db").exists()
    assert not (home / "logs" / "alerts.jsonl").exists() or (home / "logs" / "alerts.jsonl").read_text() == "", \
        "the first cycle is a baseline"
