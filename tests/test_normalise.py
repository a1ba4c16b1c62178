"""What normalisation removes (noise that changes on every load) and what it must keep."""

import pytest

from scraper.normalise import content_hash, normalise_text


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Park news.\nViews: 1024", "Park news.\nViews: 1388"),
        ("园区新闻。\n浏览次数：12", "园区新闻。\n浏览次数：345"),
        ("园区新闻。 阅读量: 88", "园区新闻。 阅读量: 91"),
        ("Park news.\nCurrent time: 2024-07-05 10:31:02", "Park news.\nCurrent time: 2024-07-06 08:00:59"),
        ("Park news.\nShare to: WeChat Weibo", "Park news."),
        ("Park   news.\n\n\n", "Park news."),
        ("园区\u3000新闻", "园区 新闻"),
        ("Park news.\nYou are leaving this site and will be connected to a third-party website.", "Park news."),
    ],
)
def test_noise_does_not_change_the_hash(first: str, second: str) -> None:
    assert content_hash(normalise_text(first)) == content_hash(normalise_text(second))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The park has landed 27 projects.", "The park has landed 49 projects."),
        ("落地项目27个", "落地项目49个"),
        ("Investment reached 5.2 billion yuan.", "Investment reached 5.69 billion yuan."),
        ("The zone received 1,024 visits from delegations.", "The zone received 1,388 visits from delegations."),
    ],
)
def test_real_edits_change_the_hash(first: str, second: str) -> None:
    assert content_hash(normalise_text(first)) != content_hash(normalise_text(second))
