"""Email delivery against odd SMTP servers (aiosmtpd, or a small socket server on loopback):
a 421 on QUIT after the message was accepted, a tarpit, a size limit smaller than the backlog,
a batch refused half-way, a crash between acceptance and record (same Message-ID), a channel
added to an old store, and a login without TLS."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from aiosmtpd.controller import Controller
from tests.helpers.figure_store import Fig, Post, configured_before_the_changes, publish
from tests.helpers.smtp_capture import PASSWORD, QUIET, USER, SmtpCapture, free_port
from sqlalchemy import func, select

from db.models import ChangeDelivery
from db.store import Store
from monitor.alerts import build_channel, deliver_pending
from monitor.alerts.delivery import pending_changes
from monitor.alerts.email_channel import wire_size
from monitor.diff import detect_changes

pytestmark = pytest.mark.filterwarnings(QUIET)


def email_config(port: int, **extra: object) -> dict[str, dict[str, object]]:
    return {"email": {"host": "127.0.0.1", "port": port, "starttls": False, "sender": "monitor@example.org",
                      "recipients": ["analyst@example.org"], "timeout": 5, **extra}}


def backlog(store: Store, articles: int, first: date = date(2024, 1, 1)) -> None:
    """`articles` articles, each a new article with one new figure: two changes apiece."""
    for number in range(articles):
        publish(store, Post(f"https://en.hainan.gov.cn/englishsite/Updates/{number:04d}.shtml", first + timedelta(days=number),
                            (Fig("projects_landed", 10 + number, park=f"park-{number:03d}", quote=f"已落地项目{10 + number}个，" * 8),),
                            title=f"Park {number} lands projects"))
    detect_changes(store)


@pytest.fixture
def store(db_url: str) -> Store:
    store = Store.open(db_url)
    configured_before_the_changes(store)
    backlog(store, 3)
    return store


def delivered(store: Store, channel: str = "email") -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(ChangeDelivery).where(ChangeDelivery.channel == channel))


class Handler(SmtpCapture):
    """aiosmtpd with a configurable goodbye and a count of DATA commands it refuses."""

    def __init__(self, quit_reply: str | None = None, refuse_after: int | None = None, **kwargs: object) -> None:
        super().__init__()
        self.quit_reply = quit_reply
        self.refuse_after = refuse_after
        self.kwargs = kwargs

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        if self.refuse_after is not None and len(self.messages) >= self.refuse_after:
            return "451 4.3.0 try again later"
        return await super().handle_DATA(server, session, envelope)

    async def handle_QUIT(self, server, session, envelope) -> str:  # noqa: N802
        return self.quit_reply or "221 Bye"

    def start(self) -> Handler:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **self.kwargs)
        self._controller.start()
        return self


@pytest.fixture
def server_factory() -> Iterator:
    servers: list[Handler] = []

    def start(**kwargs: object) -> Handler:
        servers.append(Handler(**kwargs).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def test_a_421_on_quit_after_the_message_was_accepted_counts_as_delivered(store, server_factory, caplog):
    server = server_factory(quit_reply="421 4.3.2 closing, sorry")
    with caplog.at_level(logging.WARNING):
        outcomes = [deliver_pending(store, email_config(server.port))[0] for _ in range(3)]
    assert [(o.sent, o.error) for o in outcomes] == [(6, None), (0, None), (0, None)]
    assert len(server.messages) == 1, "sent once, not once per cycle"
    assert delivered(store) == 6
    [warning] = [r.getMessage() for r in caplog.records if "QUIT" in r.getMessage()]
    assert "421" in warning and "count as delivered" in warning


class Tarpit:
    """Accepts connections and sends one greeting continuation line every 0.3 s, for ever."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection: socket.socket) -> None:
        with connection:
            while not self.stopped.is_set():
                try:
                    connection.sendall(b"220-slowly\r\n")
                except OSError:
                    return
                time.sleep(0.3)

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


@pytest.mark.timeout(60)
def test_a_tarpit_is_given_up_at_the_deadline_and_the_changes_stay_pending(store, caplog):
    tarpit = Tarpit()
    try:
        started = time.monotonic()
        with caplog.at_level(logging.ERROR):
            [outcome] = deliver_pending(store, email_config(tarpit.port, deadline_seconds=1.5, timeout=5))
        took = time.monotonic() - started
    finally:
        tarpit.close()
    assert took < 5, "the per-read timeout never fires against a tarpit; the deadline does"
    assert outcome.sent == 0 and outcome.error == f"email: 127.0.0.1:{tarpit.port} did not finish within 1.5 s (deadline_seconds in [alerts.email]); gave up"
    assert delivered(store) == 0
    assert any("6 change(s) stay pending" in r.getMessage() for r in caplog.records)


def test_a_backlog_bigger_than_the_servers_size_limit_goes_in_messages_that_fit(db_url, server_factory):
    store = Store.open(db_url)
    configured_before_the_changes(store)
    backlog(store, 40)  # 80 changes, about 60 KB as one digest
    limit = 16_000
    server = server_factory(data_size_limit=limit)
    config = email_config(server.port)
    [single] = build_channel("email", config["email"]).batches(pending_changes(store, "email", since=_epoch()), 10**9)
    assert wire_size(build_channel("email", config["email"]).digest(single)) > limit, "one digest would be refused (552)"

    [outcome] = deliver_pending(store, config)
    assert outcome.error is None and outcome.sent == 80
    assert len(server.messages) >= 4
    assert all(len(message.as_bytes()) <= limit for message in server.messages)
    headlines = [line for message in server.messages for line in message.get_body(("plain",)).get_content().splitlines() if line.startswith("* ")]
    assert len(headlines) == 80, "every change in exactly one message"
    assert delivered(store) == 80


def test_changes_per_message_are_bounded_and_each_accepted_batch_is_marked_at_once(db_url, server_factory):
    store = Store.open(db_url)
    configured_before_the_changes(store)
    backlog(store, 5)  # 10 changes
    server = server_factory(refuse_after=2)
    config = email_config(server.port, max_changes_per_message=3)
    [outcome] = deliver_pending(store, config)
    assert (outcome.sent, outcome.pending) == (6, 4) and "451" in (outcome.error or "")
    assert delivered(store) == 6 and len(server.messages) == 2
    server.refuse_after = None
    [again] = deliver_pending(store, config)
    assert (again.sent, again.error) == (4, None) and delivered(store) == 10
    assert len(server.messages) == 4


def test_a_digest_sent_again_after_a_crash_has_the_same_message_id(store, server_factory):
    server = server_factory()
    channel = build_channel("email", email_config(server.port)["email"])
    changes = pending_changes(store, "email", since=_epoch())

    def crash(_batch):
        raise KeyboardInterrupt  # the process dies after the server accepted, before the record

    with pytest.raises(KeyboardInterrupt):
        channel.deliver(changes, crash)
    assert delivered(store) == 0
    [outcome] = deliver_pending(store, email_config(server.port))
    assert outcome.sent == 6
    first, second = server.messages
    assert first["Message-ID"] == second["Message-ID"] and first["Message-ID"].startswith("<digest-")
    other = channel.digest(changes[:2])["Message-ID"]
    assert other != first["Message-ID"], "another set of changes, another id"


def test_a_channel_added_to_an_old_store_starts_from_when_it_is_first_seen(db_url, tmp_path, cli, caplog):
    store = Store.open(db_url)
    backlog(store, 4)  # history: 8 changes before any channel existed
    alerts_log = tmp_path / "alerts.log"
    config = tmp_path / "monitor.toml"
    config.write_text(f'[alerts.log]\npath = "{alerts_log}"\n', encoding="utf-8")

    with caplog.at_level(logging.WARNING):
        [first] = deliver_pending(store, {"log": {"path": str(alerts_log)}})
    assert first.sent == 0 and not alerts_log.exists(), "no flood of the store's history"
    assert any("its 8 older change(s) are not sent" in r.getMessage() and "alerts backfill log" in r.getMessage() for r in caplog.records)
    publish(store, Post("https://en.hainan.gov.cn/englishsite/Updates/new.shtml", date(2024, 8, 1),
                        (Fig("projects_landed", 99, park="park-new"),), title="A new one"))
    detect_changes(store)
    [second] = deliver_pending(store, {"log": {"path": str(alerts_log)}})
    assert second.sent == 2

    done = cli("--config", str(config), "--db", db_url, "alerts", "backfill", "log", "--since", "2000-01-01")
    assert done.returncode == 0, done.stderr
    assert "log: 8 older change(s) delivered" in done.stdout
    assert len(alerts_log.read_text(encoding="utf-8").splitlines()) == 10
    unknown = cli("--config", str(config), "--db", db_url, "alerts", "backfill", "email", "--since", "2000-01-01")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1 and "[alerts.email]" in unknown.stderr


def test_a_login_without_tls_is_warned_about_once(store, monkeypatch, caplog):
    server = SmtpCapture(require_login=True).start()
    try:
        monkeypatch.setenv("HPM_TEST_SMTP_USER", USER)
        monkeypatch.setenv("HPM_TEST_SMTP_PASSWORD", PASSWORD)
        config = email_config(server.port, username_env="HPM_TEST_SMTP_USER", password_env="HPM_TEST_SMTP_PASSWORD")
        with caplog.at_level(logging.WARNING):
            for _ in range(2):
                assert deliver_pending(store, config)[0].error is None
                build_channel("email", config["email"]).send_test()
    finally:
        server.stop()
    warnings = [r.getMessage() for r in caplog.records if "without TLS" in r.getMessage()]
    assert len(warnings) == 1 and PASSWORD not in warnings[0]


def _epoch():
    from datetime import datetime

    return datetime(2000, 1, 1)
