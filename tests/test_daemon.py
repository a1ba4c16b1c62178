"""`hainan-monitor run`: the daemon as a real process on a schedule of seconds against the mirror."""

from __future__ import annotations

import json
import signal
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from monitor.config import ConfigError, ScheduleConfig
from monitor.service.cycle_lock import EXIT_LOCKED
from monitor.service.scheduler import cron_trigger, cron_weekdays, next_run_time
from tests.helpers.processes import (
    assert_store_consistent,
    finished_cycles,
    query,
    start_cli,
    wait_for,
)

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow

SHANGHAI = ZoneInfo("Asia/Shanghai")


def write_config(tmp_path: Path, cron: str, *, download_delay: float = 0.0, run_at_start: bool = True) -> Path:
    config = tmp_path / "monitor.toml"
    config.write_text(
        "[schedule]\n"
        f'cron = "{cron}"\n'
        f"run_at_start = {'true' if run_at_start else 'false'}\n"
        "misfire_grace_seconds = 5\n"
        "[crawl]\n"
        f"download_delay = {download_delay}\n"
        "[alerts.log]\n"
        f'path = "{tmp_path / "alerts.log"}"\n',
        encoding="utf-8",
    )
    return config


def test_daemon_runs_cycles_then_stops_cleanly_on_sigterm_mid_crawl(cli, mirror, db_url, tmp_path):
    mirror.use(en=2)
    # Every second (so cycles follow each other); a small delay keeps a crawl long enough to catch.
    config = write_config(tmp_path, "* * * * * *", download_delay=0.1)
    daemon = start_cli("--config", str(config), "--db", db_url, "run", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
    try:
        wait_for("two finished cycles", lambda: len(finished_cycles(db_url)) >= 2, timeout=40, process=daemon)

        second = cli("--config", str(config), "--db", db_url, "run", "--mirror", mirror.origin)
        assert second.returncode == EXIT_LOCKED
        assert "a daemon (`hainan-monitor run`) is already running on this database" in second.stderr
        assert f"pid {daemon.pid}" in second.stderr and "Traceback" not in second.stderr

        status = json.loads(cli("--config", str(config), "--db", db_url, "status", "--json").stdout)
        assert status["daemon"]["pid"] == daemon.pid

        # Stop it while a crawl is running, when one can be caught (cycles follow each other closely).
        try:
            wait_for("a crawl in progress", lambda: query(db_url, "select 1 from crawl_runs where outcome = 'running'"), timeout=10, process=daemon)
        except AssertionError:
            pass
        daemon.send_signal(signal.SIGTERM)
        _, stderr = daemon.communicate(timeout=30)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    assert daemon.returncode == 0, stderr
    assert "received SIGTERM: stopping" in stderr and "daemon stopped after" in stderr
    assert "Traceback" not in stderr
    assert len(finished_cycles(db_url)) >= 2
    assert_store_consistent(db_url)
    assert query(db_url, "select count(*) from crawl_runs where finished_at is null or outcome = 'running'") == [(0,)]
    # The first cycle stored the snapshot's articles once; later cycles found nothing new.
    assert query(db_url, "select count(*) from article_versions") == query(db_url, "select count(*) from articles")
    # The daemon's first cycle is the store's baseline ([alerts] first_cycle): recorded, one log
    # line, nothing alerted; the later cycles found nothing new to alert.
    assert stderr.count("baseline: ") == 1 and "none alerted (first cycle)" in stderr
    alerts = tmp_path / "alerts.log"
    assert not alerts.exists() or "new_article" not in alerts.read_text(encoding="utf-8")


def test_sigint_stops_an_idle_daemon(mirror, db_url, tmp_path):
    mirror.use(en=1)
    config = write_config(tmp_path, "0 3 * * *", run_at_start=False)  # next cycle hours away
    daemon = start_cli("--config", str(config), "--db", db_url, "run", "--mirror", mirror.origin)
    try:
        wait_for("the daemon lock", lambda: (Path(db_url.removeprefix("sqlite:///") + ".daemon.lock").read_text() if Path(db_url.removeprefix("sqlite:///") + ".daemon.lock").exists() else ""), timeout=20, process=daemon)
        daemon.send_signal(signal.SIGINT)
        _, stderr = daemon.communicate(timeout=15)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    assert daemon.returncode == 0, stderr
    assert "first cycle at" in stderr and "03:00:00+08:00" in stderr
    assert "daemon stopped after 0 cycles" in stderr


@pytest.mark.parametrize(
    ("cron", "after", "expected"),
    [
        # 5 fields, Asia/Shanghai: every 4 hours on the hour.
        ("0 */4 * * *", datetime(2024, 7, 5, 9, 30, tzinfo=SHANGHAI), datetime(2024, 7, 5, 12, 0, tzinfo=SHANGHAI)),
        # cron weekdays: 1-5 is Monday to Friday (APScheduler 3 alone would read Tuesday to Saturday).
        ("0 8 * * 1-5", datetime(2024, 7, 5, 9, 0, tzinfo=SHANGHAI), datetime(2024, 7, 8, 8, 0, tzinfo=SHANGHAI)),  # Fri → Mon
        ("30 6 * * 0", datetime(2024, 7, 5, 9, 0, tzinfo=SHANGHAI), datetime(2024, 7, 7, 6, 30, tzinfo=SHANGHAI)),  # Sunday
        ("30 6 * * 7", datetime(2024, 7, 5, 9, 0, tzinfo=SHANGHAI), datetime(2024, 7, 7, 6, 30, tzinfo=SHANGHAI)),  # Sunday too
        ("0 12 * * sat", datetime(2024, 7, 5, 9, 0, tzinfo=SHANGHAI), datetime(2024, 7, 6, 12, 0, tzinfo=SHANGHAI)),
        # 6 fields: seconds first.
        ("*/5 * * * * *", datetime(2024, 7, 5, 9, 0, 1, tzinfo=SHANGHAI), datetime(2024, 7, 5, 9, 0, 5, tzinfo=SHANGHAI)),
    ],
)
def test_schedule_follows_crontab_semantics(cron, after, expected):
    assert next_run_time(ScheduleConfig(cron=cron), after) == expected


def test_schedule_timezone_can_be_set():
    trigger = cron_trigger(ScheduleConfig(cron="0 9 * * *", timezone="UTC"))
    assert trigger.get_next_fire_time(None, datetime(2024, 7, 5, 12, 0, tzinfo=SHANGHAI)).isoformat() == "2024-07-05T09:00:00+00:00"


@pytest.mark.parametrize(
    ("field", "names"),
    [("*", "*"), ("mon-fri", "mon-fri"), ("1-5", "mon,tue,wed,thu,fri"), ("0,6", "sun,sat"), ("*/3", "sun,wed,sat"), ("5-7", "fri,sat,sun")],
)
def test_cron_weekdays_are_translated_to_names(field, names):
    assert cron_weekdays(field) == names


@pytest.mark.parametrize(
    ("cron", "message"),
    [("0 */4 * *", "has 4 fields"), ("61 * * * *", "not a valid cron expression"), ("0 8 * * 9", "out of range")],
)
def test_bad_schedule_is_a_one_line_config_error(cron, message):
    with pytest.raises(ConfigError, match=message):
        cron_trigger(ScheduleConfig(cron=cron))


def test_bad_schedule_stops_run_with_one_line(cli, db_url, tmp_path):
    config = write_config(tmp_path, "every four hours")
    result = cli("--config", str(config), "--db", db_url, "run")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: [schedule] cron: 'every four hours' has 3 fields; write 5 (minute hour day month weekday, e.g. \"0 */4 * * *\") or 6 with seconds first"
    ]
