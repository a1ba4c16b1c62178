"""The log and Apprise channels, each against something real: a file, and an HTTP endpoint on
loopback that Apprise's `json://` notifier posts to (the way a DingTalk or WeCom webhook is hit)."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from db.store import Store
from tests.helpers.figure_store import configured_before_the_changes
from monitor.alerts import ChannelError, build_channel, deliver_pending
from monitor.config import ConfigError
from monitor.diff import detect_changes
from tests.helpers.figure_store import Fig, Post, publish

URL = "https://en.hainan.gov.cn/englishsite/Updates/202409/d2c4.shtml"

pytestmark = pytest.mark.filterwarnings("ignore:.imghdr. is deprecated:DeprecationWarning")  # inside apprise


@pytest.fixture
def store(db_url: str) -> Store:
    store = Store.open(db_url)
    configured_before_the_changes(store)
    publish(store, Post(URL, date(2024, 9, 12), (Fig("projects_landed", 49, quote="已累计落地产业项目49个"),),
                        title="粤琼产业园落地项目增至49个"))
    detect_changes(store)
    return store


class Webhook(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self) -> None:  # noqa: N802 (http.server's hook name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Webhook.received.append(json.loads(body))
        self.send_response(Webhook.status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[str]:
    Webhook.received, Webhook.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"json://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def test_log_channel_writes_one_json_line_per_change(store: Store, tmp_path, caplog) -> None:
    path = tmp_path / "alerts.log"
    with caplog.at_level("INFO", logger="monitor.alerts"):
        [outcome] = deliver_pending(store, {"log": {"path": str(path)}})
    assert outcome.sent == 2
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["kind"] for line in lines] == ["new_article", "figure_new"]
    assert lines[1]["quote"] == "已累计落地产业项目49个" and lines[1]["new_value"] == 49
    assert "projects landed 49 (first report)" in caplog.text


def test_log_channel_that_cannot_write_fails_in_one_line(store: Store, tmp_path) -> None:
    [outcome] = deliver_pending(store, {"log": {"path": str(tmp_path / "missing" / "alerts.log")}})
    assert outcome.error == f"log: cannot write {tmp_path / 'missing' / 'alerts.log'}: No such file or directory"
    assert deliver_pending(store, {"log": {"path": str(tmp_path / "alerts.log")}})[0].sent == 2, "kept pending"


def test_apprise_posts_the_digest_with_urls_from_the_environment(store: Store, webhook: str, monkeypatch) -> None:
    monkeypatch.setenv("HPM_TEST_APPRISE", f"{webhook}, ")
    [outcome] = deliver_pending(store, {"apprise": {"urls_env": "HPM_TEST_APPRISE"}})
    assert outcome.error is None and outcome.sent == 2
    [message] = Webhook.received
    assert message["title"].startswith("[Hainan Park Monitor] 2 changes: 广东海南先进制造业合作产业园")
    assert "projects landed 49 (first report)" in message["message"] and "«已累计落地产业项目49个»" in message["message"]


def test_apprise_endpoint_refusing_keeps_the_changes_pending(store: Store, webhook: str) -> None:
    Webhook.status = 500
    [outcome] = deliver_pending(store, {"apprise": {"urls": [webhook]}})
    assert outcome.error and outcome.error.startswith("apprise: 1 URL(s), at least one did not accept the message")
    Webhook.status = 200
    assert deliver_pending(store, {"apprise": {"urls": [webhook]}})[0].sent == 2


def test_apprise_not_installed_says_how_to_install_it(store: Store, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "apprise", None)  # what `import apprise` sees when it is absent
    with pytest.raises(ChannelError, match=r"^apprise: the apprise package is not installed \(pip install apprise\)$"):
        build_channel("apprise", {"urls": ["json://127.0.0.1:9/"]}).send_test()


CONFIG_ERRORS = {
    "email without host": ("email", {"sender": "a@b", "recipients": ["c@d"]}, "[alerts.email] needs `host`"),
    "email, ssl and starttls": ("email", {"host": "h", "sender": "a@b", "recipients": ["c@d"], "ssl": True, "starttls": True},
                                "[alerts.email] choose `ssl = true` (port 465) or `starttls = true` (port 587), not both"),
    "email, no recipients": ("email", {"host": "h", "sender": "a@b", "recipients": []},
                             "[alerts.email] `recipients` must be a non-empty list of addresses"),
    "apprise without urls": ("apprise", {}, "[alerts.apprise] needs `urls_env` (a variable holding the URLs) or `urls`"),
}


@pytest.mark.parametrize(("kind", "settings", "message"), CONFIG_ERRORS.values(), ids=CONFIG_ERRORS.keys())
def test_bad_channel_settings_are_one_line_config_errors(kind: str, settings: dict, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        build_channel(kind, settings)
    assert str(error.value) == message
