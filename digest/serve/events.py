"""Server-Sent Events: fan every build's outcome out to the open browser tabs."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterator
from typing import Any

KEEPALIVE = b": keepalive\n\n"
KEEPALIVE_SECONDS = 10.0  # also how long a closed tab's stream may hold its place (the next write fails)


def format_event(name: str, data: dict[str, Any], event_id: int | None = None) -> bytes:
    """One SSE message; the JSON is a single line, so one ``data:`` field carries it."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


class EventHub:
    """Keeps the latest events; each listener streams those newer than where it started."""

    def __init__(self, history: int = 64):
        self._cond = threading.Condition()
        self._events: deque[tuple[int, bytes]] = deque(maxlen=history)
        self._last_id = 0
        self._closed = False

    def publish(self, name: str, data: dict[str, Any]) -> None:
        with self._cond:
            self._last_id += 1
            self._events.append((self._last_id, format_event(name, data, self._last_id)))
            self._cond.notify_all()

    def cursor(self) -> int:
        """Where a new listener starts: it will see every event published after this call."""
        with self._cond:
            return self._last_id

    def listen(self, cursor: int, keepalive: float | None = None) -> Iterator[bytes]:
        """Messages after ``cursor``, or a keep-alive comment after ``keepalive`` quiet seconds
        (``KEEPALIVE_SECONDS`` by default); ends on close."""
        keepalive = KEEPALIVE_SECONDS if keepalive is None else keepalive
        while True:
            with self._cond:
                if not self._closed and self._last_id <= cursor:
                    self._cond.wait(keepalive)  # woken by publish or close, or times out
                if self._closed:
                    return
                fresh = [message for event_id, message in self._events if event_id > cursor]
                cursor = self._last_id
            yield b"".join(fresh) if fresh else KEEPALIVE

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
