"""Helpers for crawler tests and benchmarks: a loopback server with the web's bad habits."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

from crawler.serve import DirectoryHandler


class MisbehavingHandler(DirectoryHandler):
    """The fixture files plus the web's bad habits: 500s, a redirect loop, a slow and a huge page;
    and compression: a gzip sitemap, and pages under /gamma/ sent with Content-Encoding: gzip."""

    times: dict[str, list[float]] = {}  # path -> monotonic times it was asked for (retry backoff)

    def route(self, path: str) -> bool:
        self.times.setdefault(path, []).append(time.monotonic())
        if path == "/gamma/sitemap-extra.xml.gz":
            base = self.server.base_url  # type: ignore[attr-defined]
            xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
                   f'sitemap/0.9"><url><loc>{base}/gamma/2025/lantern.html</loc></url></urlset>\n')
            self.send_bytes(200, gzip.compress(xml.encode()), "application/gzip")
            return True
        if path.startswith("/gamma/2025/") and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            target = self.server.root / path.lstrip("/")  # type: ignore[attr-defined]
            if target.is_file():
                self.send_bytes(200, gzip.compress(target.read_bytes()), "text/html",
                                extra={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
                return True
        if path == "/moved/kites.html":  # an article that moved: a permanent redirect
            self.send_response(301)
            self.send_header("Location", "/alpha/2025/kites.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
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


# -- synthetic sites (kill -9 test, benchmarks) ---------------------------------------------------
_EN_WORDS = ("harbour lantern orchard ferry census tide signal meadow copper ledger quarry violin "
             "glacier pepper compass saddle thimble walnut beacon cellar marble pigeon canal forge "
             "ribbon stencil barley kettle lattice mortar nickel oyster pulley quilt rudder sorrel "
             "tinder umber valve wicker yarrow zephyr anvil bramble cobalt dune ember fennel gravel").split()
_ZH_CHARS = ("山水河湖海风雨雪云雷田林木花草鸟鱼虫马牛羊车船桥路城村市街楼窗门灯书笔纸墨茶米面"
             "盐糖油酒歌舞画棋琴钟表镜刀剑弓箭布衣帽鞋光影声色香味冷热早晚春夏秋冬东南西北")


def make_site(folder: str | Path, pages: int, *, seed: int = 7, name: str = "synth") -> list[str]:
    """Write `pages` distinct article pages (English and Chinese, random words: no two alike) under
    folder/name/ with a sitemap at folder/name/sitemap.xml ("{base}" URLs); return their paths."""
    import random

    rng = random.Random(seed)
    root = Path(folder) / name
    (root / "a").mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(pages):
        zh = i % 3 == 0
        if zh:
            paras = ["".join(rng.choice(_ZH_CHARS) for _ in range(rng.randint(60, 90))) + "。" for _ in range(4)]
            title = "".join(rng.choice(_ZH_CHARS) for _ in range(8))
        else:
            paras = [" ".join(rng.choice(_EN_WORDS) for _ in range(rng.randint(40, 60))).capitalize() + "."
                     for _ in range(4)]
            title = " ".join(rng.choice(_EN_WORDS) for _ in range(5)).capitalize()
        body = "\n".join(f"<p>{p}</p>" for p in paras)
        html = (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">'
                f"<title>{title}</title>\n<meta property=\"article:published_time\" content=\"2025-06-"
                f'{1 + i % 28:02d}"></head>\n<body><nav><a href="/">Home</a></nav>\n<article><h1>{title}</h1>\n'
                f"{body}\n<p>Source: <a href=\"https://example.org/ref/{i}\">reference {i}</a></p>\n"
                f"</article></body></html>\n")
        path = f"/{name}/a/{i:05d}.html"
        (root / "a" / f"{i:05d}.html").write_text(html, "utf-8")
        paths.append(path)
    urls = "\n".join(f"  <url><loc>{{base}}{p}</loc><lastmod>2025-06-{1 + n % 28:02d}</lastmod></url>"
                     for n, p in enumerate(paths))
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n', "utf-8")
    return paths


class SlowPagesHandler(DirectoryHandler):
    """Static files, each article page answered after `delay` seconds (to kill runs mid-way)."""

    delay = 0.03

    def route(self, path: str) -> bool:
        if path.endswith(".html"):
            time.sleep(self.delay)
        return False
