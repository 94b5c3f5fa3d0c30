"""Split and join YAML front matter, keeping line numbers for error messages.

Front matter is read with YAML's safe loader only.  Timestamps are left as strings so
that dates are parsed (and reported) by the content model, not half-parsed by YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from digest.errors import ContentError

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(_BaseLoader):
    """Safe loader that keeps timestamps as plain strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

Lines = dict[tuple[Any, ...], int]


@dataclass(frozen=True)
class Document:
    """A content file split into its metadata and its Markdown body."""

    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the body's first line
    lines: Lines = field(default_factory=dict)  # key path -> 1-based line in the file

    def line_of(self, *key_path: Any) -> int:
        """The line of a front matter key (or of its nearest enclosing key)."""
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return 1


def parse_document(text: str, path: str | Path) -> Document:
    """Split ``text`` into front matter and body; raise ContentError on bad front matter."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Document({}, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            meta, key_lines = parse_yaml_mapping(yaml_text, path, first_line=2)
            return Document(meta, body, index + 2, key_lines)
    raise ContentError("front matter is not terminated: no closing '---' line", path, 1)


def parse_yaml_mapping(text: str, path: str | Path, first_line: int = 1) -> tuple[dict[str, Any], Lines]:
    """Load a YAML mapping safely, returning it with the line of every key path."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        problem = error.problem or str(error)
        raise ContentError(f"invalid YAML: {problem}", path, line) from None
    except yaml.YAMLError as error:
        raise ContentError(f"invalid YAML: {error}", path, first_line) from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        line = first_line + node.start_mark.line
        kind = type(data).__name__
        raise ContentError(f"front matter must be a mapping of keys to values, not a {kind}", path, line)
    return data, _key_lines(node, (), first_line)


def _key_lines(node: yaml.Node, prefix: tuple[Any, ...], first_line: int) -> Lines:
    found: Lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*prefix, key_node.value)
            found[key] = first_line + key_node.start_mark.line
            found.update(_key_lines(value_node, key, first_line))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*prefix, index)
            found[key] = first_line + item.start_mark.line
            found.update(_key_lines(item, key, first_line))
    return found


def render_document(meta: dict[str, Any], body: str) -> str:
    """Join front matter and body into the text of a content file."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return f"---\n{front}---\n{body.strip()}\n"
