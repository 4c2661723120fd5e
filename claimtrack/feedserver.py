"""The digest feed over HTTP beside the app: `claimtrack ui` serves `/digest.atom` (Atom) and
`/digest.md` (Markdown), the files the nightly run writes beside the store, on the next port."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TYPES = {"/digest.atom": "application/atom+xml; charset=utf-8", "/digest.md": "text/markdown; charset=utf-8"}


def _handler(files: dict[str, Path]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet: the app logs enough
            pass

        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            path = self.path.split("?", 1)[0]
            target = files.get(path)
            if target is None or not target.is_file():
                body = (b"no digest yet: `claimtrack run` writes one\n" if target is not None
                        else b"not found: /digest.atom or /digest.md\n")
                self.send_response(404)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            data = target.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", TYPES[path])
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(data)

    return Handler


def serve_feed(host: str, port: int, md: Path, atom: Path) -> ThreadingHTTPServer:
    """Start serving in a daemon thread (OSError when the port is taken); `.shutdown()` stops it."""
    server = ThreadingHTTPServer((host, port), _handler({"/digest.atom": atom, "/digest.md": md}))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    return server
