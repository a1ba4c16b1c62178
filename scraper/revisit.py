"""When to re-check a known article: often while it is young, rarely once it is old.

Articles are revised in their first days (corrections, added photos), almost never after a
month, so re-checking every article every cycle would cost the sites requests for nothing.

Two clocks are involved. An article's *age* runs from its published date to the crawl's date
(`REVISIT_NOW` can freeze that date, so fixtures dated 2024 stay "young" in tests); the time
*since the last check* is always measured on the real clock, which `last_checked` is written on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

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
