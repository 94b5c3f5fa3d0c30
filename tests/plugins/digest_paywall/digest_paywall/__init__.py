"""A digest plugin: articles with ``paywalled: true`` get a badge in ``extra``, and the
``paywall_note`` filter writes a note after a title."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from digest.config import is_bool, is_str
from digest.model import Article, Extra
from digest.plugins import Plugin


class PaywallPlugin(Plugin):
    config_schema: ClassVar[dict[str, tuple[Any, Any]]] = {"label": (is_str, "Paywalled"), "fail": (is_bool, False)}

    def on_file_parsed(self, record: Any) -> Any:
        if self.config["fail"] and isinstance(record, Article) and record.extra.get("paywalled"):
            raise ValueError("cannot tell who pays for this one")
        if isinstance(record, Article) and record.extra.get("paywalled"):
            return replace(record, extra=Extra({**record.extra, "badge": self.config["label"]}))
        return record

    def filters(self) -> dict[str, Any]:
        return {"paywall_note": lambda title: f"{title} ({self.config['label'].lower()})"}
