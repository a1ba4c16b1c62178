"""`hainan-monitor status`: the last cycles, the next run, pending alerts per channel, source health."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from conftest import run_cli
from crawl_helpers import module_mirror
from process_helpers import query


@pytest.fixture(scope="module")
def monitored(tmp_path_factory):
    """A store after one good cycle and one where the site was down, with a log alert channel."""
    base = tmp_path_factory.mktemp("status")
    db_url = f"sqlite:///{base / 'monitor.db'}"
    crawl_config = base / "crawl.toml"
    crawl_config.write_text(f'[alerts.log]\npath = "{base / "alerts.log"}"\n', encoding="utf-8")
    with module_mirror(base) as mirror:
        mirror.use(en=1)
        good = run_cli("--config", str(crawl_config), "--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
        assert good.returncode == 0, good.stderr
        mirror.use()  # the site is gone: every request 404s
        down = run_cli("--config", str(crawl_config), "--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
        assert down.returncode == 1
    # Status reads a config with a second channel that has never delivered anything.
    status_config = base / "status.toml"
    status_config.write_text(
        '[schedule]\ncron = "0 */4 * * *"\n'
        f'[alerts.log]\npath = "{base / "alerts.log"}"\n'
        '[alerts.email]\nhost = "smtp.example.org"\nsender = "monitor@example.org"\nrecipients = ["analyst@example.org"]\n',
        encoding="utf-8",
    )
    return db_url, status_config


def test_status_json_reports_cycles_schedule_alerts_and_health(cli, monitored):
    db_url, config = monitored
    result = cli("--config", str(config), "--db", db_url, "status", "--json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)

    assert status["daemon"] is None and status["cycle_running"] is None
    next_run = datetime.fromisoformat(status["schedule"]["next_run"])
    assert next_run.utcoffset() == timedelta(hours=8) and next_run.minute == 0 and next_run.hour % 4 == 0
    assert status["schedule"]["timezone"] == "Asia/Shanghai"

    newest, oldest = status["cycles"]
    assert (newest["outcome"], oldest["outcome"]) == ("failed", "ok")
    assert oldest["spiders"] == {"hainan_gov_en": "ok"} and oldest["new_articles"] == 5 and oldest["new_versions"] == 5
    assert newest["new_articles"] == 0 and newest["errors"] >= 1

    changes = query(db_url, "select count(*) from changes")[0][0]
    assert changes > 0 and status["changes_total"] == changes
    # The first cycle was the baseline: its changes are pending nowhere, not even on a channel
    # added later. The log channel took the rest (delivery is each cycle's last stage); email never ran.
    baselined = query(db_url, "select count(*) from change_deliveries where channel = 'baseline'")[0][0]
    assert 0 < baselined < changes
    assert status["pending_alerts"] == {"log": 0, "email": changes - baselined}

    health = {source["source"]: source for source in status["sources"]}
    en = health["hainan_gov_en"]
    assert (en["health"], en["last_outcome"], en["consecutive_failures"]) == ("failing", "failed", 1)
    assert en["last_success"] == oldest["started_at"] and en["failing_since"] is not None
    assert {"hainan_gov_zh", "hainan_daily"} <= set(health)
    assert health["hainan_gov_zh"]["health"] == "never run"


def test_status_table_says_the_same_in_words(cli, monitored):
    db_url, config = monitored
    result = cli("--config", str(config), "--db", db_url, "status")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "daemon: not running" in out
    assert "next scheduled run: " in out and "(cron '0 */4 * * *', Asia/Shanghai)" in out
    changes = query(db_url, "select count(*) from changes")[0][0]
    baselined = query(db_url, "select count(*) from change_deliveries where channel = 'baseline'")[0][0]
    assert f"pending alerts: log 0, email {changes - baselined} (of {changes} changes)" in out
    en_row = next(line for line in out.splitlines() if line.lstrip().startswith("hainan_gov_en"))
    assert "failing" in en_row and "1" in en_row

