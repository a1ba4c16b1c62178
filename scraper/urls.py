"""URL rules shared by every spider: canonical form, article patterns, list pagination.

A canonical URL is what the store keys articles on, so `?ddtab=true` links, http/https variants
and the en host's copies of Chinese-portal pages (`en.hainan.gov.cn/hainan/...`) all collapse
to one article.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

#: Hosts on the hainan.gov.cn CMS, which serves everything over https.
_HTTPS_HOSTS = re.compile(r"(^|\.)hainan\.gov\.cn$")
_DATE_IN_PATH = (
    re.compile(r"/(?P<y>20\d{2})-(?P<m>\d{2})/(?P<d>\d{2})/"),
    re.compile(r"/(?P<y>20\d{2})/(?P<m>\d{2})/(?P<d>\d{2})/"),
    re.compile(r"/t(?P<y>20\d{2})(?P<m>\d{2})(?P<d>\d{2})_"),
    re.compile(r"/(?P<y>20\d{2})(?P<m>\d{2})/"),
)
_PAGE_SUFFIX = re.compile(r"^(?P<stem>.*?)(?:_(?P<n>\d+))?\.(?P<ext>s?html?)$")


def canonical_url(url: str) -> str:
    """Drop query and fragment, force https on hainan.gov.cn, fold the en host's /hainan/ pages."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    scheme = "https" if _HTTPS_HOSTS.search(host) else (parts.scheme or "http").lower()
    path = parts.path or "/"
    if host == "en.hainan.gov.cn" and path.startswith("/hainan/"):
        host = "www.hainan.gov.cn"
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    return urlunsplit((scheme, host, path, "", ""))


def date_from_url(url: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) from the dated folders the sites put in article URLs."""
    path = urlsplit(url).path
    for pattern in _DATE_IN_PATH:
        match = pattern.search(path)
        if match:
            day = match.groupdict().get("d")
            return int(match["y"]), int(match["m"]), int(day) if day else None
    return None


def page_number(url: str) -> tuple[str, int] | None:
    """('…/listPic', 2) for '…/listPic_2.shtml': the stem shared by a list's pages, and the page."""
    match = _PAGE_SUFFIX.match(urlsplit(url).path)
    if not match:
        return None
    return match["stem"], int(match["n"] or 1)
