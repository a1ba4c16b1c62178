"""`[alerts.apprise]` (optional extra): the digest to chat tools through Apprise URLs.

DingTalk (`dingtalk://`), WeCom (`wecombot://`), Feishu/Lark (`lark://`), Telegram, Slack, …
Their URLs hold access tokens, so they belong in the environment: `urls_env` names a variable
holding one or more URLs (separated by spaces or commas); `urls = [...]` is for tokenless ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from monitor.alerts.channel import AlertChannel, ChannelError
from monitor.alerts.digest import PRODUCT, subject, text_digest
from monitor.config import ConfigError
from monitor.diff.change_view import ChangeView


class AppriseChannel(AlertChannel):
    kind = "apprise"

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.urls: list[str] = self.setting("urls", list, [])
        if not all(isinstance(url, str) for url in self.urls):
            raise ConfigError("[alerts.apprise] `urls` must be a list of Apprise URLs")
        if not self.urls and self.setting("urls_env", str) is None:
            raise ConfigError("[alerts.apprise] needs `urls_env` (a variable holding the URLs) or `urls`")

    def send(self, changes: Sequence[ChangeView]) -> None:
        self._notify(subject(changes), text_digest(changes))

    def send_test(self) -> None:
        self._notify(f"[{PRODUCT}] test message · 测试", f"{PRODUCT}: the apprise channel works. 提醒已配置成功。")

    def _notify(self, title: str, body: str) -> None:
        try:
            import apprise
        except ImportError as exc:
            raise ChannelError("apprise: the apprise package is not installed (pip install apprise)") from exc
        urls = [*self.urls, *re.split(r"[\s,]+", self.secret("urls_env") or "")]
        notifier = apprise.Apprise()
        for url in filter(None, urls):
            if not notifier.add(url):
                raise ChannelError(f"apprise: not a valid Apprise URL: {url.split('://')[0]}://…")
        if not notifier.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT):
            raise ChannelError(f"apprise: {len(notifier)} URL(s), at least one did not accept the message (see the apprise log above)")
