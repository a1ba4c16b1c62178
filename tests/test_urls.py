import pytest

from scraper.urls import canonical_url, date_from_url, page_number

H = "4f2a9c1e7b3d4e8fa1c26d5b9e0f7a31"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (f"https://en.hainan.gov.cn/englishsite/Updates/202407/{H}.shtml?ddtab=true", f"https://en.hainan.gov.cn/englishsite/Updates/202407/{H}.shtml"),
        (f"http://en.hainan.gov.cn/englishsite/Updates/202407/{H}.shtml?ddtab=true&ddtab=true#top", f"https://en.hainan.gov.cn/englishsite/Updates/202407/{H}.shtml"),
        (f"https://EN.hainan.gov.cn/hainan/sxian/202407/{H}.shtml", f"https://www.hainan.gov.cn/hainan/sxian/202407/{H}.shtml"),
        ("http://news.hndaily.cn/html/2024-07/04/content_58466_17583395.htm", "http://news.hndaily.cn/html/2024-07/04/content_58466_17583395.htm"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://en.hainan.gov.cn/englishsite/Updates/202407/{H}.shtml", (2024, 7, None)),
        ("http://news.hndaily.cn/html/2024-07/04/content_58466_17583395.htm", (2024, 7, 4)),
        ("http://www.hnftp.gov.cn/xwzx/ywsd/202602/t20260226_4032481.html", (2026, 2, 26)),
        ("https://www.hicn.cn/system/2022/05/20/032760003.shtml", (2022, 5, 20)),
        ("https://en.hainan.gov.cn/englishsite/Updates/listPic.shtml", None),
    ],
)
def test_date_from_url(url: str, expected: tuple | None) -> None:
    assert date_from_url(url) == expected


def test_page_number() -> None:
    assert page_number("https://www.hainan.gov.cn/hainan/sxian/list3_2.shtml") == ("/hainan/sxian/list3", 2)
    assert page_number("https://en.hainan.gov.cn/englishsite/Updates/listPic.shtml") == ("/englishsite/Updates/listPic", 1)
