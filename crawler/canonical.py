"""Canonical URLs: one address per article, whatever tracking, AMP or mobile variant linked to it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, never the page.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl",
    "spm", "scm", "from", "ref", "ref_src", "ref_url", "referrer", "source", "share", "share_token",
    "cmpid", "cmp", "ito", "ns_mchannel", "ns_source", "ns_campaign", "ocid", "sr_share", "wt.mc_id",
    "amp", "outputtype", "utm", "s_cid", "xtor", "vd_source", "tt_from", "share_from", "isappinstalled",
})
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci")
_MOBILE_PREFIXES = ("m.", "mobile.", "amp.", "wap.")
_AMP_TAIL = re.compile(r"/amp(/?)$", re.IGNORECASE)  # WordPress: /2025/05/slug/amp/
_AMP_HEAD = re.compile(r"^/amp(?=/)", re.IGNORECASE)  # /amp/section/story
_AMP_EXT = re.compile(r"\.amp(?=(\.html?)?$)", re.IGNORECASE)  # BBC: story.amp, story.amp.html


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(_TRACKING_PREFIXES)


def canonical_host(host: str, known: Iterable[str] = ()) -> str:
    """Map m./mobile./amp./wap. hosts to the desktop host when that host is known for the outlet."""
    host = host.lower().rstrip(".")
    known = set(known)
    for prefix in _MOBILE_PREFIXES:
        if host.startswith(prefix):
            bare = host[len(prefix):]
            for candidate in ("www." + bare, bare):
                if candidate in known:
                    return candidate
    return host


def canonical_url(url: str, hosts: Iterable[str] = ()) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters, sorted
    query, AMP path variants folded into the article, mobile hosts onto the outlet's known host."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = canonical_host(parts.hostname or "", hosts)
    port = parts.port
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    path = parts.path or "/"
    path = re.sub(r"/{2,}", "/", path)
    path = _AMP_EXT.sub("", _AMP_HEAD.sub("", _AMP_TAIL.sub(r"\1", path))) or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))
