"""The daemon (`hainan-monitor run`): monitoring cycles on the configuration's cron schedule.

APScheduler's BlockingScheduler fires one job, the cycle, with `coalesce` (a backlog of missed
runs becomes one run), `max_instances=1` (a slow cycle is never overlapped by the next) and an
explicit misfire grace time (a run missed by a suspended laptop or a long cycle still happens if
it is late by less than that). Each cycle's crawl runs in a child process (monitor.service.crawl_runner),
so a crash or leak in Scrapy never reaches the daemon; an exception in a cycle is logged and the
daemon waits for the next one.

Stopping: SIGTERM (systemd, `kill`) and SIGINT (Ctrl-C) stop the scheduler, so no new cycle
starts. A running crawl is asked to stop: SIGTERM is passed on to the crawl child, whose Scrapy
closes its spiders gracefully (every store write is one transaction, so what it stored stays
consistent); SIGINT is not passed on the first time because a terminal's Ctrl-C already reached
the whole process group, child included, and Scrapy treats a second signal as "stop now". The
rest of the cycle then finishes (extraction of what was stored) and the daemon exits 0.

The schedule: a standard 5-field crontab line (minute hour day month weekday, weekdays numbered
as in cron: 0 or 7 = Sunday), or 6 fields with seconds first (`*/5 * * * * *`: every five seconds,
for tests and demos).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from datetime import datetime
from types import FrameType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import psutil
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from monitor.config import ConfigError, ScheduleConfig
from monitor.service.cycle import CycleResult
from monitor.service.cycle_lock import DAEMON, FileLock, LockHeldError, lock_path

log = logging.getLogger(__name__)

JOB_ID = "cycle"
_CRON_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def schedule_timezone(schedule: ScheduleConfig) -> ZoneInfo:
    try:
        return ZoneInfo(schedule.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"[schedule] timezone: unknown time zone {schedule.timezone!r} (e.g. Asia/Shanghai, UTC)") from exc


def cron_trigger(schedule: ScheduleConfig) -> CronTrigger:
    """The trigger of `[schedule] cron`: 5 crontab fields, or 6 with seconds first."""
    fields = schedule.cron.split()
    timezone = schedule_timezone(schedule)
    if len(fields) not in (5, 6):
        raise ConfigError(
            f"[schedule] cron: {schedule.cron!r} has {len(fields)} fields; write 5 (minute hour day month weekday, "
            "e.g. \"0 */4 * * *\") or 6 with seconds first"
        )
    second = fields[0] if len(fields) == 6 else "0"
    minute, hour, day, month, weekday = fields[-5:]
    try:
        return CronTrigger(
            second=second, minute=minute, hour=hour, day=day, month=month,
            day_of_week=cron_weekdays(weekday), timezone=timezone,
        )
    except ValueError as exc:
        raise ConfigError(f"[schedule] cron: {schedule.cron!r} is not a valid cron expression: {exc}") from exc


def cron_weekdays(field: str) -> str:
    """A crontab weekday field in APScheduler 3 terms.

    APScheduler 3 numbers weekdays from Monday = 0, crontab from Sunday = 0 (its `from_crontab`
    keeps the mismatch for compatibility), so "1-5" would silently mean Tuesday to Saturday.
    Numbers, numeric ranges and steps are rewritten as weekday names; names pass through.
    """
    if field == "*" or not any(ch.isdigit() for ch in field):
        return field
    names: list[str] = []
    for part in field.split(","):
        if not any(ch.isdigit() for ch in part):
            names.append(part)
            continue
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if span == "*":
            first, last = 0, 6
        elif "-" in span:
            first_text, last_text = span.split("-", 1)
            first, last = int(first_text), int(last_text)
        else:
            first = int(span)
            last = 6 if step_text else first
        if not (0 <= first <= 7 and 0 <= last <= 7) or step < 1:
            raise ConfigError(f"[schedule] cron: weekday {part!r} is out of range (0-7, 0 and 7 are Sunday)")
        names.extend(_CRON_WEEKDAYS[day % 7] for day in range(first, last + 1, step))
    return ",".join(dict.fromkeys(names))


def next_run_time(schedule: ScheduleConfig, now: datetime | None = None) -> datetime | None:
    """When the schedule next fires after `now` (for `status`)."""
    trigger = cron_trigger(schedule)
    now = now or datetime.now(schedule_timezone(schedule))
    return trigger.get_next_fire_time(None, now)


class Daemon:
    """Runs `cycle` on the schedule until SIGTERM/SIGINT; one daemon per database."""

    def __init__(
        self,
        cycle: Callable[[], CycleResult],
        schedule: ScheduleConfig,
        db_url: str,
        *,
        run_now: bool = False,
        describe: Callable[[CycleResult], str] = lambda result: result.cycle_id,
    ) -> None:
        self.cycle = cycle
        self.schedule = schedule
        self.trigger = cron_trigger(schedule)
        self.db_url = db_url
        self.run_now = run_now
        self.describe = describe
        self.cycles_run = 0
        self._stopping = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._signals: list[int] = []
        self._forwarded: set[int] = set()
        self._scheduler = BlockingScheduler(
            timezone=schedule_timezone(schedule),
            executors={"default": ThreadPoolExecutor(max_workers=1)},
        )

    def run(self) -> None:
        """Hold the daemon lock, schedule the cycles, block until a stop signal, then wind down."""
        with FileLock(lock_path(self.db_url, DAEMON), DAEMON):
            now = datetime.now(self._scheduler.timezone)
            first = now if self.run_now else self.trigger.get_next_fire_time(None, now)
            self._scheduler.add_job(
                self._run_cycle,
                self.trigger,
                id=JOB_ID,
                name="monitoring cycle",
                coalesce=True,
                max_instances=1,
                misfire_grace_time=self.schedule.misfire_grace_seconds,
                next_run_time=first,
            )
            previous = {signum: signal.signal(signum, self._on_signal) for signum in _STOP_SIGNALS}
            try:
                log.info(
                    "daemon started (pid %d): schedule %r (%s), first cycle at %s",
                    os.getpid(), self.schedule.cron, self.schedule.timezone, first.isoformat(timespec="seconds"),
                )
                if not self._stopping.is_set():
                    self._scheduler.start()
                self._wind_down()
            finally:
                for signum, handler in previous.items():
                    signal.signal(signum, handler)
        log.info("daemon stopped after %d cycles", self.cycles_run)

    # -- the job ------------------------------------------------------------------------

    def _run_cycle(self) -> None:
        if self._stopping.is_set():
            return
        self._idle.clear()
        started = time.monotonic()
        try:
            result = self.cycle()
            self.cycles_run += 1
            log.info("cycle %s done in %.1f s: %s", result.cycle_id, time.monotonic() - started, self.describe(result))
        except LockHeldError as exc:
            log.warning("cycle skipped: %s", exc)
        except Exception:
            log.exception("cycle failed; the daemon goes on with the next scheduled cycle")
        finally:
            self._idle.set()
        job = self._scheduler.get_job(JOB_ID) if not self._stopping.is_set() else None
        if job is not None and job.next_run_time is not None:
            log.info("next cycle at %s", job.next_run_time.isoformat(timespec="seconds"))

    # -- stopping -----------------------------------------------------------------------

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        """Only flags and signals here: logging from a signal handler can break the log stream."""
        self._signals.append(signum)
        repeated = self._stopping.is_set()
        self._stopping.set()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        if signum == signal.SIGTERM or repeated:
            self._stop_crawls(force=repeated)

    def _wind_down(self) -> None:
        """After the scheduler stopped: let the running cycle end, stopping a crawl that starts late."""
        if self._signals:
            log.info("received %s: stopping", signal.Signals(self._signals[0]).name)
        if not self._idle.is_set():
            log.info("waiting for the running cycle to finish (its crawl has been asked to stop)")
        while not self._idle.wait(0.2):
            if signal.SIGTERM in self._signals:
                self._stop_crawls(force=False)

    def _stop_crawls(self, force: bool) -> None:
        """SIGTERM to this process's crawl children (Scrapy: first = graceful, second = now)."""
        for child in _crawl_children():
            if force or child.pid not in self._forwarded:
                self._forwarded.add(child.pid)
                try:
                    child.send_signal(signal.SIGTERM)
                except psutil.Error:
                    pass


def _crawl_children() -> list[psutil.Process]:
    """The spawned crawl processes (not multiprocessing's resource tracker)."""
    found = []
    for child in psutil.Process().children():
        try:
            if any("spawn_main" in arg for arg in child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found
