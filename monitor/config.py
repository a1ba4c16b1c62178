"""The configuration file (one TOML file, DESIGN.md) and its validation.

Every secret comes from the environment: the file names the variables (`password_env = …`),
never the values, so it can be committed or shared without leaking credentials.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CRON = "0 */4 * * *"
DEFAULT_TIMEZONE = "Asia/Shanghai"
KNOWN_TABLES = {"database", "schedule", "alerts", "crawl", "spiders", "logging"}


class ConfigError(ValueError):
    """The configuration cannot be used; the message names the file, the key and the fix."""


@dataclass(frozen=True)
class ScheduleConfig:
    cron: str = DEFAULT_CRON
    timezone: str = DEFAULT_TIMEZONE
    run_at_start: bool = False
    misfire_grace_seconds: int = 900


@dataclass(frozen=True)
class CrawlConfig:
    user_agent: str | None = None
    download_delay: float | None = None
    max_list_pages: int | None = None
    revisit_policy: list[list[float]] | None = None
    start_urls: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    database_url: str | None = None
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    alerts: dict[str, dict[str, Any]] = field(default_factory=dict)
    log_file: str | None = None
    #: `[alerts] first_cycle`: "baseline" (default) records a store's first cycle without
    #: alerting it; "alert" sends everything the first cycle finds.
    first_cycle: str = "baseline"


def load_config(path: Path | None) -> Config:
    """The file's configuration; with no file, the defaults (a SQLite file, no alert channels)."""
    if path is None:
        return Config()
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file not found: {path} (create it, or leave --config out for defaults)")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text") from exc
    return parse_config(raw, path)


def parse_config(raw: dict[str, Any], path: Path | None = None) -> Config:
    where = str(path or "config")
    unknown = set(raw) - KNOWN_TABLES
    if unknown:
        raise ConfigError(f"{where}: unknown table [{sorted(unknown)[0]}] (known: {', '.join(sorted(KNOWN_TABLES))})")
    database = _table(raw, "database", where)
    schedule = _table(raw, "schedule", where)
    crawl = _table(raw, "crawl", where)
    spiders = _table(raw, "spiders", where)
    alerts = dict(_table(raw, "alerts", where))
    first_cycle = alerts.pop("first_cycle", "baseline")
    if first_cycle not in ("baseline", "alert"):
        raise ConfigError(f'{where}: [alerts] first_cycle must be "baseline" or "alert", not {first_cycle!r}')
    logging_table = _table(raw, "logging", where)
    for name, table in alerts.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: [alerts.{name}] must be a table")
    start_urls: dict[str, list[str]] = {}
    for spider, table in spiders.items():
        urls = table.get("start_urls") if isinstance(table, dict) else None
        if urls is not None:
            if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
                raise ConfigError(f"{where}: [spiders.{spider}] start_urls must be a list of URLs")
            start_urls[spider] = urls
    return Config(
        path=path,
        database_url=_opt_str(database, "url", where, "database"),
        schedule=ScheduleConfig(
            cron=_opt_str(schedule, "cron", where, "schedule") or DEFAULT_CRON,
            timezone=_opt_str(schedule, "timezone", where, "schedule") or DEFAULT_TIMEZONE,
            run_at_start=bool(schedule.get("run_at_start", False)),
            misfire_grace_seconds=int(schedule.get("misfire_grace_seconds", 900)),
        ),
        crawl=CrawlConfig(
            user_agent=_opt_str(crawl, "user_agent", where, "crawl"),
            download_delay=_opt_number(crawl, "download_delay", where),
            max_list_pages=_opt_int(crawl, "max_list_pages", where),
            revisit_policy=crawl.get("revisit_policy"),
            start_urls=start_urls,
        ),
        alerts={name: dict(table) for name, table in alerts.items()},
        log_file=_opt_str(logging_table, "file", where, "logging"),
        first_cycle=first_cycle,
    )


def _table(raw: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: [{name}] must be a table")
    return value


def _opt_str(table: dict[str, Any], key: str, where: str, name: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{where}: [{name}] {key} must be a string")
    return value


def _opt_number(table: dict[str, Any], key: str, where: str) -> float | None:
    value = table.get(key)
    if value is not None and not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: [crawl] {key} must be a number")
    return float(value) if value is not None else None


def _opt_int(table: dict[str, Any], key: str, where: str) -> int | None:
    value = table.get(key)
    if value is not None and not isinstance(value, int):
        raise ConfigError(f"{where}: [crawl] {key} must be a whole number")
    return value
