"""The email channel against a real SMTP server (aiosmtpd on loopback): the digest a person
reads, UTF-8 intact, and the failures a user causes (server down, bad password, missing
variable) as one log line with the changes kept pending."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import ChangeDelivery
from db.store import Store
from tests.helpers.figure_store import configured_before_the_changes
from monitor.alerts import deliver_pending
from monitor.diff import detect_changes
from tests.helpers.figure_store import Fig, Post, publish
from tests.helpers.smtp_capture import (
    PASSWORD,
    QUIET,
    USER,
    SmtpCapture,
    free_port,
    html_as_text,
    parts,
)

URL_27 = "https://www.hainan.gov.cn/hainan/5309/202407/a1.shtml"
URL_49 = "https://www.hainan.gov.cn/hainan/5309/202409/b2.shtml"
QUOTE_49 = "粤琼产业园已累计落地产业项目49个"

pytestmark = pytest.mark.filterwarnings(QUIET)


@pytest.fixture
def store(db_url: str) -> Store:
    """Two articles a week apart: the Guangdong-Hainan park's projects landed move 27 → 49."""
    store = Store.open(db_url)
    configured_before_the_changes(store)
    publish(store, Post(URL_27, date(2024, 7, 5), (Fig("projects_landed", 27, quote="已落地康佳集团等27个项目"),),
                        title="粤琼产业园上半年落地项目27个", publisher="海南日报"))
    publish(store, Post(URL_49, date(2024, 9, 12), (Fig("projects_landed", 49, quote=QUOTE_49),
                                                    Fig("investment_total", 8.3e9, quote="总投资83亿元")),
                        title="粤琼产业园落地项目增至49个", publisher="海南日报"))
    detect_changes(store)
    return store


@pytest.fixture
def smtp() -> Iterator[SmtpCapture]:
    server = SmtpCapture().start()
    yield server
    server.stop()


def email_config(port: int, **extra: object) -> dict[str, dict[str, object]]:
    return {"email": {"host": "127.0.0.1", "port": port, "starttls": False, "sender": "monitor@example.org",
                      "recipients": ["analyst@example.org", "desk@example.org"], "timeout": 5, **extra}}


def delivered(store: Store, channel: str) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(ChangeDelivery).where(ChangeDelivery.channel == channel))


def test_one_digest_grouped_by_park_with_everything_a_reader_needs(store: Store, smtp: SmtpCapture) -> None:
    [outcome] = deliver_pending(store, email_config(smtp.port))
    assert outcome.error is None and outcome.sent == 5
    [message] = smtp.messages
    assert "=?utf-8?" in message.as_string().split("\n\n", 1)[0], "non-ASCII headers are RFC 2047 UTF-8 words"
    assert message["Subject"] == "[Hainan Park Monitor] 5 changes, 1 figure moved: 广东海南先进制造业合作产业园"
    assert message["To"] == "analyst@example.org, desk@example.org"
    text, html = parts(message)
    assert message.get_body(("html",)).get_content_charset() == "utf-8"
    for body in (text, html_as_text(html)):
        assert "Guangdong-Hainan Advanced Manufacturing Cooperation Industrial Park (广东海南先进制造业合作产业园)" in body
        assert "projects landed 27 → 49 (+22, +81%)" in body
        assert "period cumulative · 海南日报 2024-09-12" in body
        assert f"«{QUOTE_49}»" in body
        assert "total investment 8.3 billion yuan (first report)" in body
        assert "new article: 粤琼产业园落地项目增至49个" in body
    assert URL_49 in text and f'href="{URL_49}"' in html
    assert text.index("projects landed 27 → 49") < text.index("new article"), "moved figures come first"


def test_delivered_changes_are_not_sent_again(store: Store, smtp: SmtpCapture) -> None:
    deliver_pending(store, email_config(smtp.port))
    assert deliver_pending(store, email_config(smtp.port))[0].sent == 0
    assert len(smtp.messages) == 1


def test_login_with_the_password_from_the_environment(store: Store, monkeypatch) -> None:
    server = SmtpCapture(require_login=True).start()
    try:
        monkeypatch.setenv("HPM_TEST_SMTP_USER", USER)
        monkeypatch.setenv("HPM_TEST_SMTP_PASSWORD", PASSWORD)
        config = email_config(server.port, username_env="HPM_TEST_SMTP_USER", password_env="HPM_TEST_SMTP_PASSWORD")
        assert deliver_pending(store, config)[0].error is None
        assert len(server.messages) == 1
    finally:
        server.stop()


def bad_password(port: int, monkeypatch) -> tuple[dict, SmtpCapture | None]:
    monkeypatch.setenv("HPM_TEST_SMTP_USER", USER)
    monkeypatch.setenv("HPM_TEST_SMTP_PASSWORD", "wrong")
    server = SmtpCapture(port, require_login=True).start()
    return email_config(port, username_env="HPM_TEST_SMTP_USER", password_env="HPM_TEST_SMTP_PASSWORD"), server


def missing_variable(port: int, monkeypatch) -> tuple[dict, SmtpCapture | None]:
    monkeypatch.delenv("HPM_TEST_SMTP_PASSWORD", raising=False)
    return email_config(port, password_env="HPM_TEST_SMTP_PASSWORD"), SmtpCapture(port).start()


def server_down(port: int, monkeypatch) -> tuple[dict, SmtpCapture | None]:
    return email_config(port), None


FAILURES = {
    "server down": (server_down, "email: cannot reach the SMTP server 127.0.0.1:{port}: Connection refused"),
    "bad password": (bad_password, "email: 127.0.0.1:{port} refused the login of 'monitor' (535"),
    "missing variable": (missing_variable, "email: environment variable HPM_TEST_SMTP_PASSWORD is not set"),
}


@pytest.mark.parametrize(("setup", "expected"), FAILURES.values(), ids=FAILURES.keys())
def test_a_failing_email_keeps_the_changes_pending_and_says_why_in_one_line(
    store: Store, setup, expected: str, monkeypatch, caplog, tmp_path
) -> None:
    port = free_port()
    config, server = setup(port, monkeypatch)
    config["log"] = {"path": str(tmp_path / "alerts.log")}
    try:
        with caplog.at_level(logging.ERROR):
            email, log_channel = deliver_pending(store, config)
    finally:
        if server:
            server.stop()
    assert email.error and email.error.startswith(expected.format(port=port))
    assert log_channel.sent == 5, "the log channel is not blocked by the failing email"
    assert delivered(store, "email") == 0 and delivered(store, "log") == 5
    [line] = [record.getMessage() for record in caplog.records if record.name.startswith("monitor.alerts")]
    assert "\n" not in line and "5 change(s) stay pending for the next cycle" in line


def test_an_unknown_channel_is_reported_and_the_others_still_deliver(store: Store, tmp_path) -> None:
    pager, log_channel = deliver_pending(store, {"pager": {}, "log": {"path": str(tmp_path / "alerts.log")}})
    assert pager.error == "unknown alert channel [alerts.pager] (known: apprise, email, feed, log)"
    assert log_channel.sent == 5
