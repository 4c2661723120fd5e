"""Redirect loops end with one clear error ("redirect loop: a -> b -> a"), not a silent drop.

Scrapy's RedirectMiddleware stops after REDIRECT_MAX_TIMES hops, but a loop back to a URL already
requested is silently swallowed by the duplicate filter; this catches the loop first.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest


class RedirectLoopMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Any) -> RedirectLoopMiddleware:
        return cls()

    def process_response(self, request: Any, response: Any) -> Any:
        if response.status not in (301, 302, 303, 307, 308) or b"Location" not in response.headers:
            return response
        target = urljoin(request.url, response.headers[b"Location"].decode("latin-1").strip())
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            hops = " -> ".join([*chain[chain.index(target):], target])
            raise IgnoreRequest(f"redirect loop: {hops}")
        return response
