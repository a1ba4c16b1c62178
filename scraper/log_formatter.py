"""Scrapy's log lines, minus whole items: a dropped (not a park) article is one short line."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import logformatter


class QuietLogFormatter(logformatter.LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> dict[str, Any]:
        return {"level": logging.DEBUG, "msg": "dropped: %(exception)s", "args": {"exception": exception}}

    def scraped(self, item: Any, response: Any, spider: Any) -> dict[str, Any]:
        return {"level": logging.DEBUG, "msg": "stored: %(url)s", "args": {"url": ItemAdapter(item).get("url")}}
