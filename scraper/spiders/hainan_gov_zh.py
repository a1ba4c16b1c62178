"""www.hainan.gov.cn, the provincial government's Chinese portal (海南省人民政府网).

Park news is filed under the news columns of SITES.md §2 (要闻 `ywdt/xw`, 市县 `sxian`, 厅局
`tingju`, `5309`, the FTP column `zmgyshj`); the list is configuration (START_URLS /
`[spiders.hainan_gov_zh] start_urls`), these are only the defaults. Articles are UCAP pages,
`/hainan/<column>/<YYYYMM>/<32 hex>.shtml`, plus older TRS documents `t<YYYYMMDD>_<id>.html`;
the shared parser reads their `ArticleTitle`/`PubDate`/`ContentSource` meta and UCAP body.
"""

from __future__ import annotations

from scraper.spiders.article_spider import ArticleSpider


class HainanGovZhSpider(ArticleSpider):
    name = "hainan_gov_zh"
    site_title = "海南省人民政府网 (Hainan Provincial Government, Chinese)"
    article_patterns = (
        r"^/hainan/[^/]+/\d{6}/[0-9a-f]{32}\.shtml$",
        r"^/hainan/[^/]+/\d{6}/t\d{8}_\d+\.html$",
    )
    default_start_urls = (
        "https://www.hainan.gov.cn/hainan/ywdt/xw.shtml",
        "https://www.hainan.gov.cn/hainan/sxian/list3.shtml",
        "https://www.hainan.gov.cn/hainan/5309/list3.shtml",
        "https://www.hainan.gov.cn/hainan/tingju/list3.shtml",
        "https://www.hainan.gov.cn/hainan/zmgyshj/list_hnzymyg.shtml",
    )
