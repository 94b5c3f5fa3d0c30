"""Split and join YAML front matter, keeping line numbers for error messages.

Front matter (and ``digest.yaml``) is read with YAML's safe loader only.  Timestamps are
left as strings so that dates are parsed (and reported) by the content model, not
half-parsed by YAML.  The composed document is checked before any value is built:
bounded expansion of aliases and depth, no duplicate keys, no control characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from digest.errors import ContentError

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"

MAX_DEPTH = 100  # levels of nested lists and mappings
MAX_VALUES = 100_000  # values a document may stand for, each alias counted as what it repeats
MAX_NUMBER_DIGITS = 100  # a longer number is almost certainly text that lost its quotes
# What XML 1.0 cannot carry, with the C0 and C1 controls and DEL: never valid in a field.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class _Loader(_BaseLoader):
    """Safe loader that keeps timestamps as plain strings and reports values it cannot build."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError, AttributeError, KeyError):  # a bad !!timestamp, !!binary
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(None, None, f"not a valid {tag} value", node.start_mark) from None


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _check_nodes(root: yaml.Node) -> None:
    """Refuse what front matter and digest.yaml do not accept, before any value is built.

    The composed nodes form a graph in which an alias is the very node it names, so a few
    hundred bytes of nested aliases stand for billions of values: each node is looked at
    once, its expanded size and depth computed from its children's.  Also refused: an alias
    inside the value it names, duplicate keys, control characters, overlong numbers.
    """
    measured: dict[int, tuple[int, int]] = {}  # id of a node -> (values it stands for, depth)
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[Any, ...], list[tuple[yaml.Node, tuple[Any, ...]]]]] = []

    def enter(node: yaml.Node, path: tuple[Any, ...]) -> None:
        if id(node) in on_path:
            _refuse(path, "an alias here names a value that contains it", node)
        _check_node(node, path)
        on_path.add(id(node))
        stack.append((node, path, _children(node, path)))

    enter(root, ())
    while stack:
        node, path, children = stack[-1]
        while children and id(children[-1][0]) in measured:
            children.pop()
        if children:
            enter(*children.pop())
            continue
        stack.pop()
        on_path.discard(id(node))
        parts = [measured[id(child)] for child in _child_nodes(node)]
        values = 1 + sum(size for size, _ in parts)
        depth = 1 + max((depth for _, depth in parts), default=0)
        if values > MAX_VALUES:
            _refuse(path, f"too many values: aliases make this stand for more than {MAX_VALUES:,}", node)
        if depth > MAX_DEPTH:
            _refuse(path, f"nested more than {MAX_DEPTH} levels deep", node)
        measured[id(node)] = (values, depth)


def _children(node: yaml.Node, path: tuple[Any, ...]) -> list[tuple[yaml.Node, tuple[Any, ...]]]:
    if isinstance(node, yaml.SequenceNode):
        return [(item, (*path, index)) for index, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        pairs = []
        for key, value in node.value:
            name = (*path, key.value if isinstance(key, yaml.ScalarNode) else "?")
            pairs += [(key, name), (value, name)]
        return pairs
    return []


def _child_nodes(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_node(node: yaml.Node, path: tuple[Any, ...]) -> None:
    if isinstance(node, yaml.ScalarNode):
        if (found := FORBIDDEN_CHARACTERS.search(node.value)) is not None:
            _refuse(path, f"{describe_character(found.group())} is not allowed", node)
        if node.tag == _INT and len(node.value) > MAX_NUMBER_DIGITS:
            _refuse(path, f"a number {len(node.value)} characters long; put it in quotes if it is text", node)
    elif isinstance(node, yaml.MappingNode):
        seen: dict[tuple[str, str], yaml.Node] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE:
                first = seen.setdefault((key.tag, key.value), key)
                if first is not key:
                    _refuse((*path, key.value), "duplicate key", key, first.start_mark.line)


def _refuse(path: tuple[Any, ...], problem: str, node: yaml.Node, first_line: int | None = None) -> NoReturn:
    name = ".".join(str(part) for part in path)
    if len(name) > 60:
        name = name[:60] + "..."
    raise _Refused(f"{name}: {problem}" if name else problem, node.start_mark.line, first_line)


class _Refused(yaml.YAMLError):
    """Valid YAML that front matter and digest.yaml do not accept; ``first_line``: where a
    duplicate key was first given (lines count from 0 in the YAML text)."""

    def __init__(self, problem: str, line: int, first_line: int | None = None):
        super().__init__(problem)
        self.problem, self.line, self.first_line = problem, line, first_line


def describe_character(character: str) -> str:
    """``control character U+0001`` or ``character U+FFFE``, for messages."""
    code = ord(character)
    kind = "control character" if code < 0x20 or 0x7F <= code <= 0x9F else "character"
    return f"{kind} U+{code:04X}"


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
    """Load a YAML mapping safely, returning it with the line of every key path.

    Within the limits of ``_BoundedComposer``: whatever the text, this returns or raises
    ContentError quickly, with the line of the problem.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_nodes(node)
        data = loader.construct_document(node) if node is not None else None
    except _Refused as error:
        problem = error.problem
        if error.first_line is not None:
            problem += f" (first at line {first_line + error.first_line})"
        raise ContentError(problem, path, first_line + error.line) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        problem = error.problem or str(error)
        if problem == "second occurrence" and error.context and error.context_mark:  # of an anchor
            problem = f"{error.context.split(';')[0]} (first at line {first_line + error.context_mark.line})"
        raise ContentError(f"invalid YAML: {problem}", path, line) from None
    except RecursionError:  # only PyYAML's own composer recurses, where libyaml is missing
        raise ContentError(f"invalid YAML: nested more than {MAX_DEPTH} levels deep", path, first_line) from None
    except (yaml.YAMLError, UnicodeError) as error:
        raise ContentError(f"invalid YAML: {error}", path, first_line) from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        line = first_line + node.start_mark.line
        kind = type(data).__name__
        raise ContentError(f"front matter must be a mapping of keys to values, not a {kind}", path, line)
    return data, _key_lines(node, first_line)


def _key_lines(root: yaml.Node, first_line: int) -> Lines:
    """The line of every key path (and list item); iterative, and bounded by MAX_VALUES."""
    found: Lines = {}
    pending: list[tuple[yaml.Node, tuple[Any, ...]]] = [(root, ())]
    while pending:
        node, prefix = pending.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = (*prefix, key_node.value)
                    found.setdefault(key, first_line + key_node.start_mark.line)
                    pending.append((value_node, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                key = (*prefix, index)
                found[key] = first_line + item.start_mark.line
                pending.append((item, key))
    return found


def render_document(meta: dict[str, Any], body: str) -> str:
    """Join front matter and body into the text of a content file."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return f"---\n{front}---\n{body.strip()}\n"
