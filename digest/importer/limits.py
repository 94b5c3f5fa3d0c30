"""Limits on fetching, shared by the command line and the fetcher."""

from __future__ import annotations

DEFAULT_TIMEOUT = 20.0  # seconds, for connecting and for the whole download
MAX_BYTES = 10 * 1024 * 1024  # a page or feed larger than this is refused
