"""The sources file: which outlets to crawl, and how to find their articles.

Format: ../shared/spec/CLI.md ("Sources file"). Unknown keys and bad values raise
`SourcesError` naming the key and the source, so a typo never silently disables a source.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from claimtrack.errors import SourcesError

LANGS = ("zh", "en", "auto")
_URL_LISTS = ("feeds", "sitemaps", "start_urls", "articles")


@dataclass(frozen=True)
class Source:
    """One outlet: where its articles are listed, in which language, and whether it is primary."""

    name: str
    lang: str = "auto"
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    follow: tuple[str, ...] = ()  # regexes: which links on listing pages are articles
    primary: bool = False
    hosts: tuple[str, ...] = ()  # extra hosts of this outlet (besides those of its entry points)
    max_pages: int | None = None  # at most this many article requests per run
    topics: tuple[str, ...] = ()  # keep only articles mentioning one of these words (empty: keep all)
    region: str | None = None  # where the outlet publishes from, e.g. CN, TW, HK, US, GB (for people)
    articles: tuple[str, ...] = ()  # pages read directly, without a listing (the cited primary sources)

    @property
    def entry_points(self) -> tuple[str, ...]:
        return self.feeds + self.sitemaps + self.start_urls

    @property
    def own_hosts(self) -> frozenset[str]:
        """The hosts whose links are followed: those of the entry points plus `hosts`, www-insensitive."""
        found: set[str] = set()
        for url in self.entry_points + self.articles:
            host = urlsplit(url).hostname
            if host:
                found.add(host)
        found.update(h.lower() for h in self.hosts)
        return frozenset(_www_variants(found))

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return _build(data, where=f"source {data.get('name', '?')!r}")


def _www_variants(hosts: set[str]) -> set[str]:
    out = set()
    for host in hosts:
        bare = host[4:] if host.startswith("www.") else host
        out.update({bare, "www." + bare})
    return out


_FIELDS = {
    "name": str,
    "lang": str,
    "feeds": list,
    "sitemaps": list,
    "start_urls": list,
    "follow": list,
    "primary": bool,
    "hosts": list,
    "max_pages": int,
    "topics": list,
    "region": str,
    "articles": list,
}
# Keys a top-level [defaults] table may give every source that does not set them itself.
_DEFAULTABLE = ("lang", "topics", "max_pages", "primary")


def _build(raw: dict[str, Any], *, where: str, base: str | None = None) -> Source:
    hint = "see the 'Sources file' section of spec/CLI.md"
    for key in raw:
        if key not in _FIELDS:
            raise SourcesError(f"{where}: unknown key {key!r}",
                               hint=f"allowed keys: {', '.join(_FIELDS)}")
    values: dict[str, Any] = {}
    for key, kind in _FIELDS.items():
        if key not in raw:
            continue
        value = raw[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise SourcesError(f"{where}: {key!r} must be a positive integer, not {value!r}", hint=hint)
        if kind is not int and not isinstance(value, kind):
            raise SourcesError(f"{where}: {key!r} must be a {kind.__name__}, not {type(value).__name__}",
                               hint=hint)
        if kind is list:
            for item in value:
                if not isinstance(item, str) or not item.strip():
                    raise SourcesError(f"{where}: {key!r} must hold non-empty strings, not {item!r}", hint=hint)
            value = tuple(item.strip() for item in value)
        values[key] = value
    name = values.get("name")
    if not name or not str(name).strip():
        raise SourcesError(f"{where}: missing 'name'", hint="every [[source]] needs a unique name")
    values["name"] = name.strip()
    where = f"source {values['name']!r}"
    if values.get("lang", "auto") not in LANGS:
        raise SourcesError(f"{where}: 'lang' must be one of {', '.join(LANGS)}, not {values['lang']!r}",
                           hint=hint)
    for key in _URL_LISTS:
        urls = []
        for url in values.get(key, ()):
            if base is not None:
                url = url.replace("{base}", base.rstrip("/"))
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                extra = " (pass base= to fill in '{base}')" if "{base}" in url else ""
                raise SourcesError(f"{where}: {key!r} holds {url!r}, which is not an http(s) URL{extra}",
                                   hint=hint)
            urls.append(url)
        values[key] = tuple(urls)
    for pattern in values.get("follow", ()):
        try:
            re.compile(pattern)
        except re.error as err:
            raise SourcesError(f"{where}: 'follow' pattern {pattern!r} is not a valid regex: {err}",
                               hint=hint) from None
    return Source(**values)


def load_sources(path: str | Path, base: str | None = None) -> list[Source]:
    """Read a sources TOML file. `base` replaces the literal "{base}" in URLs (demo corpus)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"sources file {str(path)!r} does not exist",
                           hint="pass --sources FILE or create seeds/sources.toml") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SourcesError(f"cannot read sources file {str(path)!r}: {err}",
                           hint="check the path and that it is UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise SourcesError(f"sources file {str(path)!r} is not valid TOML: {err}",
                           hint="fix the syntax; see spec/CLI.md") from None
    for key in data:
        if key not in ("source", "defaults"):
            raise SourcesError(f"sources file {str(path)!r}: unknown top-level key {key!r}",
                               hint="each outlet is a [[source]] table; shared values go in [defaults]")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SourcesError(f"sources file {str(path)!r}: 'defaults' must be a table", hint="write [defaults]")
    for key in defaults:
        if key not in _DEFAULTABLE:
            raise SourcesError(f"sources file {str(path)!r}: unknown key {key!r} in [defaults]",
                               hint=f"[defaults] may set {', '.join(_DEFAULTABLE)}")
    tables = data.get("source", [])
    if not isinstance(tables, list):
        raise SourcesError(f"sources file {str(path)!r}: 'source' must be an array of tables",
                           hint="write each outlet as [[source]]")
    sources: list[Source] = []
    seen: set[str] = set()
    for number, raw in enumerate(tables, start=1):
        if not isinstance(raw, dict):
            raise SourcesError(f"sources file {str(path)!r}: source #{number} is not a table",
                               hint="write each outlet as [[source]]")
        where = f"source #{number} ({raw.get('name', 'no name')!r})"
        source = _build({**defaults, **raw}, where=where, base=base)
        if source.name in seen:
            raise SourcesError(f"source {source.name!r} is defined twice in {str(path)!r}",
                               hint="source names must be unique")
        seen.add(source.name)
        sources.append(source)
    return sources


__all__ = ["Source", "load_sources", "LANGS"]
