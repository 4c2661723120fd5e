"""Before a crawl: can this machine resolve any source's host at all?

With no network (a laptop on a train, a job host whose DNS is down) every request of the spider
fails after its retries, and a run would take most of a minute to report what one look at the
resolver says at once. `unresolved_hosts` asks the resolver for each entry point's host, all at
the same time and each at most `timeout` seconds; the caller skips the crawl only when *none*
resolves. Behind an HTTP(S) proxy the proxy resolves names, so there is nothing to ask here.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit

from crawler.sources import Source

TIMEOUT = 3.0


def entry_hosts(sources: Iterable[Source]) -> set[tuple[str, int]]:
    found = set()
    for source in sources:
        for url in source.entry_points:
            parts = urlsplit(url)
            if parts.hostname:
                found.add((parts.hostname.lower(), parts.port or (443 if parts.scheme == "https" else 80)))
    return found


def _resolves(host: str, port: int) -> bool:
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    return True


def nothing_resolves(sources: Iterable[Source], timeout: float = TIMEOUT) -> bool:
    """True when there are hosts to crawl, no proxy is set, and within `timeout` seconds the
    resolver knew none of them while refusing most outright (a lookup still running counts as
    neither: a slow resolver is not an absent network, and then the crawl runs as usual)."""
    hosts = sorted(entry_hosts(sources))
    if not hosts or any(k in urllib.request.getproxies() for k in ("http", "https", "all")):
        return False
    answers: dict[tuple[str, int], bool] = {}
    lock = threading.Lock()

    def ask(host: str, port: int) -> None:
        ok = _resolves(host, port)
        with lock:
            answers[(host, port)] = ok

    # Daemon threads: a lookup stuck past the timeout never holds up the process's exit.
    threads = [threading.Thread(target=ask, args=hp, daemon=True, name="resolve") for hp in hosts]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    with lock:
        refused = sum(1 for ok in answers.values() if not ok)
        resolved = len(answers) - refused
    return resolved == 0 and refused * 2 > len(hosts)


def refused_hosts(urls: Iterable[str], timeout: float = TIMEOUT) -> set[str]:
    """Hosts of `urls` the resolver refuses outright within `timeout` seconds (all asked at once);
    a lookup still running, or a proxy that resolves for us, refuses nothing. The run leaves their
    addresses for a later run instead of spending each request's retries on them."""
    hosts = sorted({(p.hostname.lower(), p.port or (443 if p.scheme == "https" else 80))
                    for p in map(urlsplit, urls) if p.hostname})
    if not hosts or any(k in urllib.request.getproxies() for k in ("http", "https", "all")):
        return set()
    answers: dict[tuple[str, int], bool] = {}
    lock = threading.Lock()

    def ask(host: str, port: int) -> None:
        ok = _resolves(host, port)
        with lock:
            answers[(host, port)] = ok

    threads = [threading.Thread(target=ask, args=hp, daemon=True, name="resolve") for hp in hosts]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    with lock:
        return {host for (host, _port), ok in answers.items() if not ok}
