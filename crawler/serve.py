"""Serve a folder of pages on loopback: the demo corpus, test fixtures, benchmarks.

`serve_directory(folder)` runs a quiet ThreadingHTTPServer on 127.0.0.1 (ephemeral port) and
yields its base URL. In `.xml` files (feeds, sitemaps) the literal "{base}" is replaced by that
URL as they are served, so a corpus can be written once and served on any port. Responses carry
ETag and Last-Modified and answer conditional requests with 304, like a real web server.
"""

from __future__ import annotations

import email.utils
import hashlib
import mimetypes
import posixpath
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".json": "application/json",
    ".gz": "application/gzip",
}


class DirectoryHandler(BaseHTTPRequestHandler):
    """Static files from `self.server.root`; subclass and override `route` for special paths."""

    server_version = "claimtrack-serve/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    # -- hooks ---------------------------------------------------------------------------------
    def route(self, path: str) -> bool:
        """Handle `path` specially and return True, or return False to serve a file."""
        return False

    # -- plumbing ------------------------------------------------------------------------------
    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        self.server.hits.append(path)  # type: ignore[attr-defined]
        if self.route(path):
            return
        root: Path = self.server.root  # type: ignore[attr-defined]
        rel = posixpath.normpath(path).lstrip("/")
        target = (root / rel).resolve()
        if root not in target.parents and target != root:
            self.send_text(403, "forbidden")
            return
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            self.send_text(404, "not found")
            return
        data = target.read_bytes()
        if target.suffix == ".xml":
            data = data.replace(b"{base}", self.server.base_url.encode())  # type: ignore[attr-defined]
        mtime = int(target.stat().st_mtime)
        ctype = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.send_bytes(200, data, ctype, mtime=mtime, head=head)

    def send_text(self, status: int, text: str, ctype: str = "text/plain; charset=utf-8") -> None:
        self.send_bytes(status, text.encode("utf-8"), ctype)

    def send_bytes(self, status: int, data: bytes, ctype: str, *, mtime: int | None = None,
                   head: bool = False, extra: dict[str, str] | None = None) -> None:
        etag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
        last_modified = email.utils.formatdate(mtime, usegmt=True) if mtime is not None else None
        if status == 200 and self._not_modified(etag, mtime):
            self.send_response(304)
            self.send_header("ETag", etag)
            if last_modified:
                self.send_header("Last-Modified", last_modified)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if status == 200:
            self.send_header("ETag", etag)
            if last_modified:
                self.send_header("Last-Modified", last_modified)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def _not_modified(self, etag: str, mtime: int | None) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [tag.strip() for tag in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims and mtime is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return mtime <= since
        return False


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up (timeouts, cut-off downloads) is not the server's problem


@contextmanager
def serve_directory(folder: str | Path, *, handler: type[DirectoryHandler] = DirectoryHandler,
                    port: int = 0, prefer_port: int | None = None) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (ephemeral port unless `port`); yield "http://127.0.0.1:PORT".

    prefer_port: try this port first and fall back to an ephemeral one when it is taken; a stable
    base URL keeps document URLs (and so ids and crawl state) the same from one demo run to the next.
    """
    with serve_directory_server(folder, handler=handler, port=port, prefer_port=prefer_port) as server:
        yield server.base_url  # type: ignore[attr-defined]


@contextmanager
def serve_directory_server(folder: str | Path, *, handler: type[DirectoryHandler] = DirectoryHandler,
                           port: int = 0, prefer_port: int | None = None) -> Iterator[ThreadingHTTPServer]:
    """Like `serve_directory` but yields the server (its `.base_url`, `.hits`), for tests."""
    server = None
    if prefer_port and not port:
        try:
            server = QuietServer(("127.0.0.1", prefer_port), handler)
        except OSError:
            server = None
    if server is None:
        server = QuietServer(("127.0.0.1", port), handler)
    server.root = Path(folder).resolve()  # type: ignore[attr-defined]
    server.base_url = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    server.hits = []  # type: ignore[attr-defined]  # paths requested, in order
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
