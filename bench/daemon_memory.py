"""The daemon's memory over many cycles: RSS after N short cycles against the mirror.

    python bench/daemon_memory.py [--early 5] [--late 50] [--max-growth 0.20]

Starts the mirror (tests/mirrors/en) and `hainan-monitor run` on a schedule of every second,
reads the daemon's resident memory (the daemon process alone: each crawl runs in its own child,
which exits) after the `--early`-th and the `--late`-th finished cycle, stops the daemon with
SIGTERM and prints both figures and the growth. Exits 1 when the growth exceeds --max-growth
(the issue's bound: 20 %). Not part of the test run: 50 cycles take a few minutes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from monitor.service.mirror_server import MirrorServer


def snapshot(dest: Path) -> Path:
    """The en site's fixture snapshots 1..n overlaid, as the tests' mirror builds them."""
    site = REPO / "tests" / "mirrors" / "en"
    for layer in sorted(site.iterdir(), key=lambda path: int(path.name)):
        shutil.copytree(layer, dest, dirs_exist_ok=True)
    return dest


def finished_cycles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as connection:
            return connection.execute(
                "select count(*) from (select cycle_id from crawl_runs group by cycle_id having count(*) = count(finished_at))"
            ).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def rss_after(daemon: subprocess.Popen[bytes], db: Path, cycles: int) -> int:
    while finished_cycles(db) < cycles:
        if daemon.poll() is not None:
            raise SystemExit(f"the daemon ended (exit {daemon.returncode}) after {finished_cycles(db)} cycles")
        time.sleep(0.2)
    return psutil.Process(daemon.pid).memory_info().rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--early", type=int, default=5)
    parser.add_argument("--late", type=int, default=50)
    parser.add_argument("--max-growth", type=float, default=0.20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        db = base / "monitor.db"
        config = base / "monitor.toml"
        config.write_text('[schedule]\ncron = "* * * * * *"\nrun_at_start = true\nmisfire_grace_seconds = 5\n', encoding="utf-8")
        with MirrorServer(snapshot(base / "mirror")) as mirror:
            env = {**os.environ}
            env.pop("HAINAN_MONITOR_DB", None)
            started = time.monotonic()
            daemon = subprocess.Popen(
                [sys.executable, "-m", "monitor", "--config", str(config), "--db", f"sqlite:///{db}",
                 "--log-level", "WARNING", "--log-file", str(base / "daemon.log"),
                 "run", "--mirror", mirror.origin, "--spider", "hainan_gov_en"],
                cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            try:
                early = rss_after(daemon, db, args.early)
                late = rss_after(daemon, db, args.late)
            finally:
                daemon.send_signal(signal.SIGTERM)
                code = daemon.wait(timeout=60)
    growth = late / early - 1
    print(f"daemon RSS after {args.early} cycles: {early / 2**20:.1f} MiB")
    print(f"daemon RSS after {args.late} cycles: {late / 2**20:.1f} MiB")
    print(f"growth: {growth:+.1%} (limit {args.max_growth:.0%}); {args.late} cycles in {time.monotonic() - started:.0f} s; daemon exit {code}")
    return 0 if growth <= args.max_growth and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
