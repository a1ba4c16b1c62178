"""Figure extraction: the numbers an article reports about Hainan's parks (METRICS.md).

Pure: text or HTML in, figures out; no database, no crawler.  The extractor itself is imported on
first use: its hundreds of patterns take a third of a second to compile, which a query command
that only needs the `Figure` record or the version should not pay.
"""

from typing import Any

from monitor.extract.figure import Figure
from monitor.extract.version import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION", "Figure", "detect_language", "extract_figures"]


def __getattr__(name: str) -> Any:
    if name in ("extract_figures", "detect_language"):
        from monitor.extract import extractor

        return getattr(extractor, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
