"""The configuration file (one TOML file, DESIGN.md) and its validation.

Every secret comes from the environment: the file names the variables (`password_env = …`),
never the values, so it can be committed or shared without leaking credentials.

The whole file is checked at start-up of every command against a typed schema (pydantic,
strict: `port = "587"` is a string, not a port), so a typo fails now with one line per problem
rather than silently (an unknown key) or at 3 a.m. (a missing `sender`, found when sending).
`hainan-monitor config check` runs the same check alone.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

DEFAULT_CRON = "0 */4 * * *"
DEFAULT_TIMEZONE = "Asia/Shanghai"
KNOWN_TABLES = {"database", "schedule", "alerts", "crawl", "spiders", "logging", "sources"}


class ConfigError(ValueError):
    """The configuration cannot be used; the message names the key and the fix, one line per problem."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


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
    #: The `[sources.<id>]` tables as written, checked by scraper/source_declaration.py.
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


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


# -- the schema ------------------------------------------------------------------------------

PositiveInt = Annotated[int, Field(gt=0)]
NonNegativeInt = Annotated[int, Field(ge=0)]
PositiveNumber = Annotated[float, Field(gt=0)]
NonNegativeNumber = Annotated[float, Field(ge=0)]
EnvName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


class _Table(BaseModel):
    """Unknown keys are errors (a typo must not pass silently); types are strict."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class DatabaseTable(_Table):
    url: str | None = None


class ScheduleTable(_Table):
    cron: str = DEFAULT_CRON
    timezone: str = DEFAULT_TIMEZONE
    run_at_start: bool = False
    misfire_grace_seconds: NonNegativeInt = 900


class CrawlTable(_Table):
    user_agent: Annotated[str, Field(min_length=1)] | None = None
    download_delay: NonNegativeNumber | None = None
    max_list_pages: PositiveInt | None = None
    revisit_policy: list[Annotated[list[NonNegativeNumber], Field(min_length=2, max_length=2)]] | None = None

    @field_validator("revisit_policy")
    @classmethod
    def _youngest_first(cls, policy: list[list[float]] | None) -> list[list[float]] | None:
        ages = [age for age, _ in policy or []]
        if any(later <= earlier for earlier, later in zip(ages, ages[1:])):
            raise PydanticCustomError(
                "revisit_order", "the [max age in days, hours between re-checks] pairs must go youngest first, ages increasing (got ages {ages})",
                {"ages": ages},
            )
        return policy


class SpiderTable(_Table):
    start_urls: Annotated[list[Annotated[str, Field(pattern=r"^https?://\S+$")]], Field(min_length=1)] | None = None


class LoggingTable(_Table):
    file: str | None = None


class LogAlertTable(_Table):
    path: str = "alerts.log"


_SECRET_KEYS = {"password": "password_env", "username": "username_env", "urls": None}


class EmailAlertTable(_Table):
    host: Annotated[str, Field(min_length=1)]
    port: Annotated[int, Field(gt=0, lt=65536)] | None = None
    ssl: bool = False
    starttls: bool | None = None
    sender: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]
    recipients: Annotated[list[Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]], Field(min_length=1)]
    username_env: EnvName | None = None
    password_env: EnvName | None = None
    timeout: PositiveNumber = 30
    deadline_seconds: PositiveNumber = 120
    max_changes_per_message: PositiveInt = 200
    max_message_bytes: Annotated[int, Field(ge=10_000)] = 2_000_000

    @model_validator(mode="before")
    @classmethod
    def _no_secrets_in_the_file(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("password", "username"):
                if key in data:
                    raise PydanticCustomError(
                        "secret_in_file",
                        "`{key}` does not belong in the file (it would be ignored): set {key}_env = \"VARIABLE\" "
                        "and put the value in that environment variable",
                        {"key": key},
                    )
        return data

    @model_validator(mode="after")
    def _one_kind_of_tls(self) -> Self:
        if self.ssl and self.starttls:
            raise PydanticCustomError("tls_choice", "choose ssl = true (port 465) or starttls = true (port 587), not both")
        return self


class AppriseAlertTable(_Table):
    urls: list[str] = []
    urls_env: EnvName | None = None

    @model_validator(mode="after")
    def _some_urls(self) -> Self:
        if not self.urls and self.urls_env is None:
            raise PydanticCustomError("apprise_urls", "needs urls_env (a variable holding the Apprise URLs) or urls")
        return self


class FeedAlertTable(_Table):
    path: Annotated[str, Field(min_length=1)] = "changes.xml"
    entries: PositiveInt = 100  # monitor.publish.atom_feed.DEFAULT_ENTRIES
    url: str | None = None


class AlertsTable(_Table):
    #: "baseline": a store that never delivered a change records its first cycle without alerting
    first_cycle: Literal["baseline", "alert"] = "baseline"
    log: LogAlertTable | None = None
    email: EmailAlertTable | None = None
    apprise: AppriseAlertTable | None = None
    feed: FeedAlertTable | None = None


class ConfigFile(_Table):
    database: DatabaseTable = DatabaseTable()
    schedule: ScheduleTable = ScheduleTable()
    crawl: CrawlTable = CrawlTable()
    spiders: dict[str, SpiderTable] = {}
    alerts: AlertsTable = AlertsTable()
    logging: LoggingTable = LoggingTable()
    #: declared sources: checked by their own schema (scraper/source_declaration.py), see _sources
    sources: dict[str, dict[str, Any]] = {}


# -- loading ---------------------------------------------------------------------------------


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
    """Validate the whole file; ConfigError lists every problem, one line each."""
    try:
        checked = ConfigFile.model_validate(raw)
    except ValidationError as exc:
        spiders = raw.get("spiders")
        problems = [_problem(error) for error in exc.errors()] + _spider_problems(spiders if isinstance(spiders, dict) else {})
        raise ConfigError("\n".join(problems), problems) from None
    problems = _schedule_problems(checked.schedule) + _spider_problems(checked.spiders)
    if problems:
        raise ConfigError("\n".join(problems), problems)
    alerts_raw = raw.get("alerts", {})
    return Config(
        path=path,
        database_url=checked.database.url,
        schedule=ScheduleConfig(**checked.schedule.model_dump()),
        crawl=CrawlConfig(
            user_agent=checked.crawl.user_agent,
            download_delay=checked.crawl.download_delay,
            max_list_pages=checked.crawl.max_list_pages,
            revisit_policy=[list(pair) for pair in checked.crawl.revisit_policy] if checked.crawl.revisit_policy else None,
            start_urls={name: table.start_urls for name, table in checked.spiders.items() if table.start_urls},
            sources=_sources(raw, str(path or "config")),
        ),
        # the channels read their own tables (with their own defaults): hand over what the file says
        alerts={name: dict(alerts_raw[name]) for name in ("log", "email", "apprise", "feed") if getattr(checked.alerts, name) is not None},
        log_file=checked.logging.file,
        first_cycle=checked.alerts.first_cycle,
    )


def _problem(error: Any) -> str:
    """One pydantic error as "[table] key: what is wrong (got …)"."""
    location = [str(part) for part in error["loc"]]
    kind = error["type"]
    if kind == "extra_forbidden":
        *table, key = location
        if not table:
            return f"[{key}]: unknown table (known: {', '.join(ConfigFile.model_fields)})"
        if table == ["alerts"]:
            channels = [name for name in AlertsTable.model_fields if name != "first_cycle"]
            return f"[alerts.{key}]: unknown alert channel (known: {', '.join(channels)})"
        model = _model_at(table)
        known = f" (known: {', '.join(model.model_fields)})" if model is not None else ""
        return f"[{'.'.join(table)}] {key}: unknown key{known}"
    tables = [part for part in location if not part.isdigit()]
    if location and location[0] in ("alerts", "spiders") and len(tables) >= 2:
        table, rest = ".".join(tables[:2]), location[2:]
    else:
        table, rest = tables[0] if tables else "config", location[1:]
    key = ".".join(rest) if rest else ""
    message = error["msg"].removeprefix("Value error, ")
    own = ("missing", "secret_in_file", "revisit_order", "tls_choice", "apprise_urls")
    shown = "" if kind in own or isinstance(error.get("input"), dict) else f" (got {error.get('input')!r})"
    return f"[{table}]{' ' + key if key else ''}: {message}{shown}"
def _sources(raw: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    """The declared sources' tables, once every declaration (with the bundled ones) is valid."""
    from scraper.source_declaration import DeclarationError, declared_sources

    tables = _table(raw, "sources", where)
    try:
        declared_sources(tables)
    except DeclarationError as exc:
        raise ConfigError(str(exc).replace("config:", f"{where}:", 1)) from None
    return {name: dict(table) for name, table in tables.items()}


def _table(raw: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: [{name}] must be a table")
    return value


def _model_at(table: list[str]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = ConfigFile
    for part in table:
        if model is None or part not in model.model_fields:
            return SpiderTable if table[0] == "spiders" else None
        annotation = model.model_fields[part].annotation
        model = next((arg for arg in getattr(annotation, "__args__", (annotation,)) if isinstance(arg, type) and issubclass(arg, BaseModel)), None)
    return model


def _schedule_problems(schedule: ScheduleTable) -> list[str]:
    """The cron expression and time zone, checked by the scheduler's own parser."""
    from monitor.service.scheduler import cron_trigger, schedule_timezone

    problems = []
    settings = ScheduleConfig(**schedule.model_dump())
    for check in (schedule_timezone, cron_trigger):
        try:
            check(settings)
        except ConfigError as exc:
            problems.append(str(exc))
    return problems


def _spider_problems(spiders: dict[str, Any]) -> list[str]:
    if not spiders:
        return []
    from monitor.service.crawl_runner import available_spiders  # imports Scrapy: only when needed

    known = available_spiders()
    return [f"[spiders.{name}]: unknown spider (known: {', '.join(known)})" for name in spiders if name not in known]
