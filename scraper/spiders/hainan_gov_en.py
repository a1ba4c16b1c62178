"""en.hainan.gov.cn, the English portal ("Hainan Free Trade Port International Services").

Both site generations share one article-URL shape, /<site>/<Column>/<YYYYMM>/<32 hex>.shtml
(SITES.md §1); `/hainan/` pages on this host are the Chinese portal's and are folded into
www.hainan.gov.cn URLs by `canonical_url`.
"""

from __future__ import annotations

from scraper.spiders.article_spider import ArticleSpider


class HainanGovEnSpider(ArticleSpider):
    name = "hainan_gov_en"
    site_title = "Hainan Provincial Government (English)"
    article_patterns = (r"/(?:englishsite|englishsitem|englishgov|hainan)/[^/]+/\d{6}/[0-9a-f]{32}\.shtml$",)
    default_start_urls = (
        "https://en.hainan.gov.cn/englishsite/Updates/listPic.shtml",
        "https://en.hainan.gov.cn/englishsite/oinf/listPic.shtml",
        "https://en.hainan.gov.cn/englishsite/NewsE/news.shtml",
    )
