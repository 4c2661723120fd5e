"""Helpers for crawler tests and benchmarks: a loopback server with the web's bad habits."""

from __future__ import annotations

import time
from crawler.serve import DirectoryHandler

class MisbehavingHandler(DirectoryHandler):
    """The fixture files plus the web's bad habits: 500s, a redirect loop, a slow and a huge page."""

    def route(self, path: str) -> bool:
        if path == "/error/500.html":
            self.send_text(500, "internal error")
            return True
        if path in ("/loop/a.html", "/loop/b.html"):
            target = "/loop/b.html" if path.endswith("a.html") else "/loop/a.html"
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        if path == "/slow.html":
            time.sleep(4)
            self.send_text(200, "<html><body><p>too late</p></body></html>", "text/html")
            return True
        if path == "/huge.html":  # 50 MB, announced by Content-Length
            size = 50 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            self._stream(size)
            return True
        if path == "/huge-stream.html":  # 50 MB, no Content-Length: cut off while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            self._stream(50 * 1024 * 1024)
            return True
        return False

    def _stream(self, size: int) -> None:
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        sent = 0
        try:
            self.wfile.write(b"<html><body>")
            while sent < size:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
