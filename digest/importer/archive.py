"""A web page saved as one file, MHTML (a browser's "Webpage, Single File", ``.mhtml``) ->
the page's HTML and the address it was saved from, for the HTML adapter (``html``).

MHTML is a MIME message: the page's HTML in one part (quoted-printable, as browsers write
it), its images and style sheets in others.  Only the HTML is read.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import Message

from digest.importer.detect import decode_bytes
from digest.importer.record import SourceFailed


@dataclass(frozen=True)
class SavedPage:
    html: str
    url: str | None  # where the page was saved from (its Content-Location)


def saved_page(text: str) -> SavedPage:
    """The HTML of an MHTML file's page; SourceFailed when it holds none."""
    try:
        message = email.message_from_string(text, policy=email.policy.compat32)
        parts = list(message.walk())
    except RecursionError:  # parts within parts, thousands deep: no browser saves that
        raise SourceFailed("not an article: a saved page (MHTML) of parts nested too deep to read") from None
    for part in parts:
        if part.get_content_type() == "text/html":
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and data.strip():
                url = _location(part) or _location(message)
                return SavedPage(decode_bytes(data, part.get_content_charset()), url)
    raise SourceFailed("not an article: a saved page (MHTML) that holds no HTML page")


def _location(part: Message) -> str | None:
    for header in ("Content-Location", "Snapshot-Content-Location"):
        value = str(part.get(header) or "").strip()
        if value.startswith(("http://", "https://")):
            return value
    return None
