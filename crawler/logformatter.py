"""Log lines of one line each: a dropped page logs its URL and reason, never its bytes."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, logformatter
from scrapy.http import Response
from scrapy.logformatter import LogFormatterResult
from twisted.python.failure import Failure


def _url(item: Any, response: Response | Failure | None) -> str:
    return getattr(item, "url", None) or getattr(response, "url", None) or "?"


class ShortLogFormatter(logformatter.LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Response | Failure | None,
                spider: Spider) -> LogFormatterResult:
        return {"level": logging.INFO, "msg": "Dropped %(url)s: %(reason)s",
                "args": {"url": _url(item, response), "reason": str(exception)}}

    def scraped(self, item: Any, response: Response | Failure | None, spider: Spider) -> LogFormatterResult:
        return {"level": logging.DEBUG, "msg": "Stored %(url)s", "args": {"url": _url(item, response)}}

    def item_error(self, item: Any, exception: BaseException, response: Response | Failure | None,
                   spider: Spider) -> LogFormatterResult:
        return {"level": logging.ERROR, "msg": "Error processing %(url)s: %(error)s",
                "args": {"url": _url(item, response), "error": f"{type(exception).__name__}: {exception}"}}
