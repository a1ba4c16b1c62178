"""`source_failing`: a source that yields nothing, errors, or whose pages stop parsing.

Judged from the cycle's `crawl_runs` (the crawl's own counts), and alerted once: the source is
marked `failing_since` and stays quiet until a healthy run clears the mark, which is logged as a
recovery. A single page that fails to parse among pages that do is not a failing source.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from db.models import Change, CrawlRun, Source
from db.store import Store
from monitor.diff.kinds import SOURCE_FAILING

log = logging.getLogger(__name__)

#: A run is failing when at least this many requests failed and they are this share of all.
MIN_ERRORS = 2
ERROR_SHARE = 0.5
#: …or when at least this many pages were anti-bot challenges, empty or unparsable, and they
#: are at least as many as the pages that worked.
MIN_PROBLEM_PAGES = 2

PROBLEM_NAMES = {"anti_bot": "anti-bot challenges", "unparsed": "unparsable", "empty_body": "empty"}


def run_failures(run: CrawlRun) -> list[str]:
    """Why this run says its source is broken; empty when it is healthy."""
    if run.outcome == "interrupted":
        return []
    detail = json.loads(run.detail or "{}")
    reasons = []
    if run.outcome == "failed":
        reasons.append(f"nothing could be fetched or parsed (finish reason: {detail.get('finish_reason', '?')})")
    list_pages, empty_lists = detail.get("list_pages", 0), detail.get("empty_lists", 0)
    if list_pages and empty_lists >= list_pages:
        reasons.append(f"no article links on its list pages ({empty_lists} of {list_pages}): has the template changed?")
    if run.errors >= MIN_ERRORS and run.errors >= ERROR_SHARE * max(run.requests, 1):
        reasons.append(f"{run.errors} of {run.requests} requests failed")
    worked = run.articles_seen + run.not_modified + run.irrelevant
    if run.problems >= MIN_PROBLEM_PAGES and run.problems >= worked:
        kinds = ", ".join(
            f"{count} {PROBLEM_NAMES.get(name.removeprefix('problems/'), name.removeprefix('problems/'))}"
            for name, count in sorted(detail.items())
            if name.startswith("problems/")
        )
        reasons.append(f"{run.problems} pages were not articles ({kinds}), {worked} worked")
    return reasons


def check_sources(store: Store, cycle_id: str, now: datetime) -> int:
    """Record `source_failing` for sources that broke in this cycle; returns how many."""
    with store.session() as session:
        runs: Sequence[CrawlRun] = session.scalars(
            select(CrawlRun).where(CrawlRun.cycle_id == cycle_id, CrawlRun.finished_at.is_not(None))
        ).all()
        alerted = 0
        for run in runs:
            source = session.scalar(select(Source).where(Source.name == run.spider))
            if source is None:
                continue
            reasons = run_failures(run)
            if reasons and source.failing_since is None:
                source.failing_since = now
                session.add(
                    Change(kind=SOURCE_FAILING, summary="; ".join(reasons), source_id=source.id, detected_at=now)
                )
                log.warning("source %s is failing: %s", source.name, "; ".join(reasons))
                alerted += 1
            elif reasons:
                log.warning("source %s still failing (since %s UTC): %s", source.name, source.failing_since, "; ".join(reasons))
            elif source.failing_since is not None:
                log.warning("source %s recovered (failing since %s UTC)", source.name, source.failing_since)
                source.failing_since = None
    return alerted
