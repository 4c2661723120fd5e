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
MAX_LOOKUPS = 64  # resolver lookups at a time (a run may cite hundreds of hosts)


def entry_hosts(sources: Iterable[Source]) -> set[tuple[str, int]]:
    return {hp for source in sources for hp in map(_host_port, source.entry_points) if hp is not None}


def _resolves(host: str, port: int) -> bool:
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    return True


def _behind_proxy() -> bool:
    """Behind an HTTP(S) proxy the proxy resolves names: nothing to ask here."""
    return any(k in urllib.request.getproxies() for k in ("http", "https", "all"))


def _host_port(url: str) -> tuple[str, int] | None:
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    return parts.hostname.lower(), parts.port or (443 if parts.scheme == "https" else 80)


def _lookups(hosts: list[tuple[str, int]], timeout: float) -> dict[tuple[str, int], bool]:
    """(host, port) -> whether the resolver knew it, for the lookups that answered within `timeout`
    seconds (at most MAX_LOOKUPS at a time; daemon threads: a lookup stuck past the timeout never
    holds up the process's exit)."""
    answers: dict[tuple[str, int], bool] = {}
    lock = threading.Lock()
    todo = list(reversed(hosts))
    deadline = time.monotonic() + timeout

    def work() -> None:
        while time.monotonic() < deadline:
            with lock:
                if not todo:
                    return
                hp = todo.pop()
            ok = _resolves(*hp)
            with lock:
                answers[hp] = ok

    threads = [threading.Thread(target=work, daemon=True, name="resolve") for _ in range(min(MAX_LOOKUPS, len(hosts)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    with lock:
        return dict(answers)


def nothing_resolves(sources: Iterable[Source], timeout: float = TIMEOUT) -> bool:
    """True when there are hosts to crawl, no proxy is set, and within `timeout` seconds the
    resolver knew none of them while refusing most outright (a lookup still running counts as
    neither: a slow resolver is not an absent network, and then the crawl runs as usual)."""
    hosts = sorted(entry_hosts(sources))
    if not hosts or _behind_proxy():
        return False
    answers = _lookups(hosts, timeout)
    refused = sum(1 for ok in answers.values() if not ok)
    resolved = len(answers) - refused
    return resolved == 0 and refused * 2 > len(hosts)


def refused_hosts(urls: Iterable[str], timeout: float = TIMEOUT) -> set[str]:
    """Hosts of `urls` the resolver refuses outright within `timeout` seconds; a lookup still
    running, or a proxy that resolves for us, refuses nothing. The run leaves their addresses for
    a later run instead of spending each request's retries on them."""
    hosts = sorted({hp for hp in map(_host_port, urls) if hp is not None})
    if not hosts or _behind_proxy():
        return set()
    return {host for (host, _port), ok in _lookups(hosts, timeout).items() if not ok}
