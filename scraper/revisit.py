"""When to re-check a known article: often while it is young, rarely once it is old.

Articles are revised in their first days (corrections, added photos), almost never after a
month, so re-checking every article every cycle would cost the sites requests for nothing.

Two clocks are involved. An article's *age* runs from its published date to the crawl's date
(`REVISIT_NOW` can freeze that date, so fixtures dated 2024 stay "young" in tests); the time
*since the last check* is always measured on the real clock, which `last_checked` is written on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, false, select, union

from db.models import Article
from scraper.items import KnownArticle

#: (age in days up to which the rule applies, hours between re-checks). Older than the last
#: rule: every `OLD_INTERVAL_HOURS`. An empty policy means "never due" (immutable pages).
DEFAULT_POLICY: tuple[tuple[int, float], ...] = ((7, 0), (30, 24), (180, 168))
OLD_INTERVAL_HOURS = 720.0
MODES = ("due", "all", "none")


def interval_for(age_days: int, policy: Sequence[Sequence[float]]) -> timedelta:
    for max_age, hours in policy:
        if age_days <= max_age:
            return timedelta(hours=float(hours))
    return timedelta(hours=OLD_INTERVAL_HOURS)


def is_due(article: KnownArticle, today: date, clock: datetime, policy: Sequence[Sequence[float]]) -> bool:
    """Age runs from the article's published date (its first check when it has none) to `today`."""
    if not policy:
        return False
    born = article.published or article.last_checked.date()
    age_days = max(0, (today - born).days)
    interval = interval_for(age_days, policy)
    return interval <= timedelta(0) or clock - article.last_checked >= interval


def select_revisits(
    articles: Sequence[KnownArticle],
    mode: str,
    today: date,
    clock: datetime,
    policy: Sequence[Sequence[float]],
) -> list[KnownArticle]:
    if mode == "none":
        return []
    if mode == "all":
        return list(articles)
    return [article for article in articles if is_due(article, today, clock, policy)]


def due_clause(today: date, clock: datetime, policy: Sequence[Sequence[float]]) -> ColumnElement[bool]:
    """`is_due` as a condition on `Article`'s columns, so the store returns only the due articles,
    found by index ranges (ix_articles_published, ix_articles_last_checked: migration 0010)
    rather than by reading every article of the source.

    Each rule covers an age band, (previous rule's age, its age]; an article is in a band when its
    birth (published, else the date of its last check) lies in the matching date range, and it is
    due when its interval is zero or its last check is older than the interval. An article not
    checked for the longest interval of the policy is due whatever its band, so the bands with
    that interval (the old articles', by default) are one range of last checks, and the others
    are ranges of published dates (of last checks, for the undated): the condition is `Article.id`
    in the union of those ranges, each of which an index serves, so the start costs what the due
    articles cost, not what the store holds. Ranges are compared with bound dates, never with
    date arithmetic in SQL, so SQLite and PostgreSQL agree. Nothing is stored from the policy:
    a changed policy holds from the next crawl on.
    """
    if not policy:
        return false()
    bands: list[tuple[int | None, int | None, float]] = []  # (younger bound, older bound, hours)
    previous: int | None = None
    for max_age, hours in policy:
        limit = math.floor(float(max_age))  # age in whole days <= max_age
        bands.append((previous, limit, float(hours)))
        previous = limit if previous is None else max(previous, limit)
    bands.append((previous, None, OLD_INTERVAL_HOURS))
    longest = max(hours for _, _, hours in bands)  # >= OLD_INTERVAL_HOURS > 0
    checked_date_start = lambda day: datetime.combine(day, time.min)  # noqa: E731 - a date as the first instant of it
    ranges: list[Select[tuple[int]]] = [select(Article.id).where(Article.last_checked <= clock - timedelta(hours=longest))]
    for younger, older, hours in bands:
        if hours >= longest:
            continue  # due exactly when not checked for the longest interval: the range above
        # age > younger  <=>  born < today - younger;  age <= older  <=>  born >= today - older
        dated = [Article.published.is_not(None)]
        undated = [Article.published.is_(None)]
        if younger is not None:
            dated.append(Article.published < today - timedelta(days=younger))
            undated.append(Article.last_checked < checked_date_start(today - timedelta(days=younger)))
        if older is not None:
            dated.append(Article.published >= today - timedelta(days=older))
            undated.append(Article.last_checked >= checked_date_start(today - timedelta(days=older)))
        due = [] if hours <= 0 else [Article.last_checked <= clock - timedelta(hours=hours)]
        ranges.append(select(Article.id).where(*dated, *due))
        ranges.append(select(Article.id).where(*undated, *due))
    return Article.id.in_(union(*ranges))
