"""What serve adds to HTML responses: the live-reload script and the build-error overlay.

Both go just before the last ``</body>``; every error text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

SCRIPT_PATH = "/__digest__/livereload.js"
EVENTS_PATH = "/__digest__/events"
OVERLAY_ID = "digest-error-overlay"

# In English, left to right, whatever the page's language and direction (which ``all:initial``
# does not reset).
_OVERLAY = """<div id="{id}" role="alert" lang="en" dir="ltr" style="all:initial;position:fixed;inset:0;z-index:2147483647;\
background:rgba(24,24,27,.82);overflow:auto;font:15px/1.5 system-ui,sans-serif;color:#fff">\
<div style="max-width:56rem;margin:4rem auto;padding:1.5rem 2rem;background:#450a0a;border:2px solid #f87171;\
border-radius:8px;box-shadow:0 8px 32px rgba(0,0,0,.5)">\
<button type="button" onclick="this.parentNode.parentNode.remove()" style="float:right;font:inherit;\
background:none;color:#fecaca;border:1px solid #fecaca;border-radius:4px;cursor:pointer">Hide</button>\
<h2 style="margin:0 0 .5rem;font:700 1.25rem/1.3 system-ui,sans-serif;letter-spacing:normal;\
text-transform:none;color:#fff">{title}</h2>\
<ul style="margin:0 0 1rem;padding:0;list-style:none;font:14px/1.5 ui-monospace,monospace">{items}</ul>\
<p style="margin:0;font:15px/1.5 system-ui,sans-serif;color:#fecaca">{after}</p></div></div>"""
_ITEM = '<li style="margin:.5rem 0;font:14px/1.5 ui-monospace,monospace;color:#fff;white-space:pre-wrap;overflow-wrap:anywhere">{}</li>'
_NOT_FOUND = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Not found</title></head>"
    "<body><h1>Not found</h1><p>There is no page at this address in the built site.</p></body></html>"
)


def render_overlay(errors: Sequence[str], built: bool = True, live_reload: bool = True) -> str:
    """The fixed-position panel listing each build error as ``path:line: message``; below it
    the last good build, if there is one (``built``)."""
    title = "Build failed" if len(errors) == 1 else f"Build failed: {len(errors)} errors"
    items = "".join(_ITEM.format(escape(error)) for error in errors)
    below = "Below is the last good build. " if built else "No build has succeeded yet. "
    after = below + ("Fix the problem and save: this page updates by itself." if live_reload else
                     "Fix the problem, save and reload this page.")  # fmt: skip
    return _OVERLAY.format(id=OVERLAY_ID, title=title, items=items, after=after)


def render_script_tag(server_id: str, version: int, base_path: str = "/") -> str:
    """The live-reload script, told which server and which build the page comes from, and
    the path the site was served at (a tab follows the site when base_url's path changes)."""
    return (
        f'<script src="{SCRIPT_PATH}" data-server="{escape(server_id)}" data-version="{version}"'
        f' data-base="{escape(base_path)}"></script>'
    )


def inject(html: bytes, snippet: str) -> bytes:
    """``html`` with ``snippet`` before its last ``</body>`` (at the end when there is none)."""
    if not snippet:
        return html
    data = snippet.encode("ascii", "xmlcharrefreplace")  # right in any ASCII-compatible page encoding
    at = html.lower().rfind(b"</body>")
    return html + data if at < 0 else html[:at] + data + html[at:]


def fallback_not_found() -> bytes:
    """A 404 page for sites (or failed first builds) without a ``404.html``."""
    return _NOT_FOUND.encode()
