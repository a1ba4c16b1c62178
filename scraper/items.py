"""The article item spiders yield; the pipelines turn it into a stored version."""

from __future__ import annotations

import scrapy


class ArticleItem(scrapy.Item):
    url = scrapy.Field()  # canonical
    source = scrapy.Field()  # spider name
    host = scrapy.Field()
    language = scrapy.Field()
    title = scrapy.Field()
    published = scrapy.Field()  # datetime.date | None
    publisher = scrapy.Field()  # the article's own "Source:" line
    column_name = scrapy.Field()
    text = scrapy.Field()
    html = scrapy.Field()
    etag = scrapy.Field()
    last_modified = scrapy.Field()
    layers = scrapy.Field()  # field -> parsing layer that produced it (meta, selectors, generic, url)
    relevance = scrapy.Field()
