"""``digest serve``: a live preview of the site that rebuilds on every save.

The site is built into a temporary folder (never into ``public/``) with the same options
as ``digest build``, and served at its base path: with ``base_url: https://x.github.io/repo/``
the site is at ``http://127.0.0.1:8000/repo/`` and ``/`` redirects there.  Served files are
the build's bytes; HTML pages also get, before their last ``</body>``, the live-reload
script and, while the last build has failed, the error overlay (``#digest-error-overlay``).

Live reload: ``GET /__digest__/events`` is a Server-Sent Events stream.  Every message has
an ``event:`` name and one ``data:`` line of JSON; after the first, each has an ``id:``.

``hello``      on connecting: ``{"server": "<id of this server run>", "version": N, "failed": bool,
               "base": "/repo/"}`` (``base``: the path the site is served at)
``reload``     a build changed more than stylesheets, or fixed a failed build:
               ``{"version": N, "base": "/repo/", "seconds": build time, "written": count, "removed": count}``
``css``        a build changed only stylesheets: the same plus ``"paths": ["/static/style.css", ...]``
``failed``     a build failed: ``{"version": N, "errors": ["path:line: message", ...]}``
``unchanged``  a build changed no output file, or failed with the same errors as before:
               ``{"version": N, ...}``
``search``     the search index, brought up to date after a build, is current: ``{}``

The script reloads the page on ``reload`` and ``failed`` (the reloaded page carries the
overlay; when ``base`` differs from the path the page was served at, ``data-base``, it goes
to the same page under the new path: base_url's path was changed), swaps the stylesheets on ``css``, and reloads a search page on ``search``.  Exactly one of the last four follows every build, so a benchmark can time the path from
writing a source file to its message.  ``version`` goes up with every message that changes
what the server sends; pages carry the version they were served at (``data-version`` on the
script tag), and the script reloads when ``hello`` shows another server or version, which
is how an open tab catches up after the server restarts.  Comments (``: keepalive``) arrive
every 10 s.  The script itself is ``GET /__digest__/livereload.js``.
"""

from __future__ import annotations

from digest.serve.server import PreviewServer, ServeError, serve

__all__ = ["PreviewServer", "ServeError", "serve"]
