"""Source URLs: without tracking parameters, and normalised so the same story compares equal.

Shared by the importer (duplicates are skipped) and ``digest check`` (duplicates reported);
and which host names are this machine's (deploy refuses them, the preview answers only them).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMETER = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|ocid|cmpid|at_\w+"
    r"|_ga|_gl|ref|ref_src|ref_url|src)$",
    re.I,
)


def _kept_query(query: str) -> list[tuple[str, str]]:
    return [
        (key, value) for key, value in parse_qsl(query, keep_blank_values=True) if not TRACKING_PARAMETER.match(key)
    ]


def clean_url(url: str) -> str:
    """The URL without tracking parameters and fragment, as it is written to ``source.url``."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(_kept_query(parts.query)), ""))


def normalise_url(url: str) -> str:
    """``https://www.x.org/a/?utm_source=y&b=1#top`` -> ``x.org/a?b=1``: equal for the same page,
    whatever the scheme, ``www.``, trailing slash, tracking parameters or their order, and
    however the path is percent-encoded (``/قمة`` and ``/%D9%82%D9%85%D8%A9`` alike)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = sorted(_kept_query(parts.query))
    path = "/".join(map(_one_encoding, parts.path.split("/"))).rstrip("/")
    return f"{host}{path}" + (f"?{urlencode(query)}" if query else "")


def _one_encoding(segment: str) -> str:
    """A path segment percent-encoded one way: decoded, then encoded again (``%2F`` stays one
    segment; bytes that are not UTF-8 come back as they were)."""
    decoded = unquote(segment, errors="surrogateescape")
    return quote(decoded, safe="!$&'()*+,;=:@~", errors="surrogateescape")


_NOT_IN_URL = r"\s\"'<>`\\^{|}\x00-\x1f\x7f-\x9f"  # as RFC 3986 has it: never in a URL as they are
_URL_RULE = re.compile(rf"https?://[^/?#{_NOT_IN_URL}]+(?:[/?#][^{_NOT_IN_URL}]*)?", re.I)
_UNSAFE_CHARACTER = re.compile(r"[\s\"'<>`\\^{|}]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def acceptable_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host and without spaces, quotes, ``<>``,
    backticks, backslashes, ``^{|}`` or control characters: the URLs the build accepts as a
    source or image."""
    if not _URL_RULE.fullmatch(url):
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:
        return False


def safe_url(url: str) -> str | None:
    """``url`` as an acceptable URL: spaces, quotes, ``<>`` and the like percent-encoded (as a
    browser sends them); None for anything else (another scheme, no host, control characters)."""
    text = url.strip()
    if _CONTROL.search(text):
        return None
    text = _UNSAFE_CHARACTER.sub(lambda match: "".join(f"%{byte:02X}" for byte in match[0].encode()), text)
    return text if acceptable_url(text) else None


_ABSOLUTE_LINK = re.compile(r"https?://|mailto:", re.IGNORECASE)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def link_from(target: str, base: str | None) -> str | None:
    """An imported link's target as it works from anywhere: an http(s) or ``mailto:`` one as
    it is, a relative one joined to ``base`` (the page's address); None for a ``#`` within the
    page, another scheme (``javascript:``), or a relative one when no address is known."""
    target = target.strip()
    if _ABSOLUTE_LINK.match(target):
        return target
    if not base or not target or target.startswith("#") or _SCHEME.match(target):
        return None
    return urljoin(base, target)


def names_this_machine(host: str) -> bool:
    """Whether a host name or address (``localhost``, ``127.0.0.1``, ``::1``) is this machine's
    own: a published site linking there links to each reader's machine."""
    host = host.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:  # an address, not a name that starts like one (127.attacker.example)
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1
    return address.is_loopback or address.is_unspecified
