"""Figure extraction: the numbers an article reports about Hainan's parks (METRICS.md).

Pure: text or HTML in, figures out; no database, no crawler.
"""

from monitor.extract.extractor import (
    EXTRACTOR_VERSION,
    detect_language,
    extract_figures,
)
from monitor.extract.figure import Figure

__all__ = ["EXTRACTOR_VERSION", "Figure", "detect_language", "extract_figures"]
