"""Retries with exponential backoff: Scrapy's RetryMiddleware re-schedules at once; this waits
RETRY_BACKOFF_BASE * 2**(n-1) seconds (at most RETRY_BACKOFF_MAX) before the n-th retry goes out."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater


class BackoffMiddleware:
    def __init__(self, base: float, maximum: float) -> None:
        self.base = base
        self.maximum = maximum

    @classmethod
    def from_crawler(cls, crawler: Any) -> BackoffMiddleware:
        base = crawler.settings.getfloat("RETRY_BACKOFF_BASE", 0.0)
        if base <= 0 or not crawler.settings.getbool("RETRY_ENABLED"):
            raise NotConfigured("RETRY_BACKOFF_BASE is 0: retries go out at once")
        return cls(base, crawler.settings.getfloat("RETRY_BACKOFF_MAX", 60.0))

    def delay(self, retry_times: int) -> float:
        return min(self.base * 2 ** (retry_times - 1), self.maximum)

    async def process_request(self, request: Any) -> None:
        retries = int(request.meta.get("retry_times", 0))
        if retries > 0 and not request.meta.get("backoff_waited") == retries:
            request.meta["backoff_waited"] = retries
            await maybe_deferred_to_future(deferLater(reactor, self.delay(retries), lambda: None))
        return None
