"""The project's spider loader: the coded spiders of `scraper.spiders`, plus one spider per
declared source (the bundled scraper/sources.toml and the DECLARED_SOURCES setting, which the
monitor fills from the configuration's `[sources.<id>]` tables).

Scrapy asks this loader (SPIDER_LOADER_CLASS) for spiders by name, in `scrapy crawl` and in
the monitor's crawl child alike, so a declared source is a spider like any other there.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from scraper.source_declaration import BUNDLED_ORIGIN, DeclarationError, declared_sources
from scraper.spiders.declared_spider import DeclaredSpider


class DeclaredSpiderLoader(SpiderLoader):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.declared: list[str] = []
        #: Declared by the project alone (no configuration table amends them).
        self.bundled: frozenset[str] = frozenset()
        declarations = declared_sources(settings.getdict("DECLARED_SOURCES"))
        for source_id, declaration in declarations.items():
            if source_id in self._spiders:
                raise DeclarationError(
                    f"{declaration.origin}: [sources.{source_id}]: {source_id!r} is the name of a spider "
                    "written in code; give the declared source another id"
                )
            self._spiders[source_id] = DeclaredSpider.for_declaration(declaration)
            self.declared.append(source_id)
        self.bundled = frozenset(name for name, declaration in declarations.items() if declaration.origin == BUNDLED_ORIGIN)
