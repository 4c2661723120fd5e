"""Log lines of one line each: a dropped page logs its URL and reason, never its bytes."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import logformatter


class ShortLogFormatter(logformatter.LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None) -> dict[str, Any]:
        url = getattr(item, "url", None) or getattr(response, "url", "?")
        return {"level": logging.INFO, "msg": "Dropped %(url)s: %(reason)s",
                "args": {"url": url, "reason": str(exception)}}

    def scraped(self, item: Any, response: Any, spider: Any = None) -> dict[str, Any]:
        url = getattr(item, "url", None) or getattr(response, "url", "?")
        return {"level": logging.DEBUG, "msg": "Stored %(url)s", "args": {"url": url}}

    def item_error(self, item: Any, exception: BaseException, response: Any, spider: Any = None
                   ) -> dict[str, Any]:
        url = getattr(item, "url", None) or getattr(response, "url", "?")
        return {"level": logging.ERROR, "msg": "Error processing %(url)s: %(error)s",
                "args": {"url": url, "error": f"{type(exception).__name__}: {exception}"}}
