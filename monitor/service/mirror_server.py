"""Serves a mirror folder (`HOST/PATH`, SITES.md) over HTTP on loopback.

Used by the tests, the demo and anyone checking the spiders offline. It behaves like the real
sites where the crawler cares: HTML content types without a charset (as many CMS pages are
served), `index.html` for paths ending in `/`, ETag and Last-Modified with 304 answers, and
per-file status overrides for anti-bot and error pages (`NAME.status` holding e.g. `412`).
The root can be switched between snapshots while the server runs.
"""

from __future__ import annotations

import hashlib
import threading
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".shtml": "text/html",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".xml": "application/xml",
    ".json": "application/json",
    ".css": "text/css",
    ".js": "application/javascript",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".pdf": "application/pdf",
}
STATUS_SUFFIX = ".status"
HEADERS_SUFFIX = ".headers"


class MirrorServer:
    """`with MirrorServer(root) as server:` … `server.origin` is e.g. http://127.0.0.1:40123."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root)
        self.requests: list[tuple[str, str, int]] = []  # (method, path, status)
        self._lock = threading.Lock()
        handler = _handler_for(self)
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="mirror", daemon=True)

    @property
    def origin(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def switch(self, root: Path) -> None:
        """Serve another snapshot from now on."""
        self.root = Path(root)

    def record(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((method, path, status))

    def start(self) -> MirrorServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _handler_for(server: MirrorServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "MirrorServer/1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
            return  # the recorded request list is the log

        def do_HEAD(self) -> None:
            self._serve(send_body=False)

        def do_GET(self) -> None:
            self._serve(send_body=True)

        def _serve(self, send_body: bool) -> None:
            file = _resolve(server.root, self.path)
            if file is None:
                self._answer(HTTPStatus.NOT_FOUND, b"not found", "text/plain", send_body)
                return
            body = file.read_bytes()
            status = _status_override(file)
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            last_modified = formatdate(file.stat().st_mtime, usegmt=True)
            if status == 200 and self._not_modified(etag, last_modified):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.end_headers()
                server.record(self.command, self.path, 304)
                return
            content_type = CONTENT_TYPES.get(file.suffix.lower(), "application/octet-stream")
            extra = {"ETag": etag, "Last-Modified": last_modified} if status == 200 else {}
            extra.update(_header_overrides(file))
            self._answer(status, body, content_type, send_body, extra)

        def _not_modified(self, etag: str, last_modified: str) -> bool:
            # If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2): file mtimes of a
            # checked-out snapshot say nothing about whether its content changed.
            match = self.headers.get("If-None-Match")
            if match is not None:
                return etag in [tag.strip() for tag in match.split(",")]
            since = self.headers.get("If-Modified-Since")
            return since is not None and since == last_modified

        def _answer(
            self,
            status: int,
            body: bytes,
            content_type: str,
            send_body: bool,
            extra: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            headers = {"Content-Type": content_type, "Content-Length": str(len(body)), **(extra or {})}
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if send_body:
                self.wfile.write(body)
            server.record(self.command, self.path, int(status))

    return Handler


def _resolve(root: Path, raw_path: str) -> Path | None:
    path = unquote(urlsplit(raw_path).path)
    if path.endswith("/"):
        path += "index.html"
    candidate = (root / path.lstrip("/")).resolve()
    root = root.resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    if candidate.name.endswith((STATUS_SUFFIX, HEADERS_SUFFIX)):
        return None
    return candidate


def _status_override(file: Path) -> int:
    marker = file.with_name(file.name + STATUS_SUFFIX)
    return int(marker.read_text().strip()) if marker.is_file() else 200


def _header_overrides(file: Path) -> dict[str, str]:
    """`NAME.headers`: `Header: value` lines, e.g. a Content-Type with a charset."""
    marker = file.with_name(file.name + HEADERS_SUFFIX)
    if not marker.is_file():
        return {}
    headers: dict[str, str] = {}
    for line in marker.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip()] = value.strip()
    return headers


def main() -> None:
    """`python -m monitor.service.mirror_server DIR [--port N]`: serve a mirror folder until Ctrl-C."""
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Serve a mirror folder (HOST/PATH) on loopback.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    if not args.root.is_dir():
        parser.error(f"not a folder: {args.root}")
    with MirrorServer(args.root, port=args.port) as server:
        print(f"serving {args.root} at {server.origin} (Ctrl-C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
