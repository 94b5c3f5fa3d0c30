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

from digest.errors import ContentError, field_name
from digest.model import direction_control_name, open_directions

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"

MAX_DEPTH = 100  # levels of nested lists and mappings
MAX_VALUES = 100_000  # values a document may stand for, each alias counted as what it repeats
MAX_NUMBER_DIGITS = 100  # a longer number is almost certainly text that lost its quotes
# A file's front matter block, its YAML in group 1, for a quick look that parses nothing
# (``parse_document`` parses and checks it).
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# What XML 1.0 cannot carry, with the C0 and C1 controls and DEL: never valid in a field.
# Control characters, surrogates and noncharacters (U+FDD0-U+FDEF and the last two code
# points of every plane): HTML and XML have no place for them.
NONCHARACTERS = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
# Those beyond the first plane, as a pattern: one range, each match checked after (a class
# listing them is tested character by character, and made the whole look ten times slower).
ASTRAL_NONCHARACTERS = f"[\U0001fffe-\U0010ffff](?<=[{NONCHARACTERS[2:]}])"
FORBIDDEN_CHARACTERS = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]|{ASTRAL_NONCHARACTERS}"
)
# The lines git writes around the sides of a merge it could not make (diff3's base too), always
# at the start of a line: never YAML, and in Markdown text a page would publish as it is.
_CONFLICT_MARKER = re.compile(r"^(?:<{7}|\|{7}|>{7})(?:[ \t].*)?\r?$|^={7}[ \t\r]*$", re.MULTILINE)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


class _Loader(_BaseLoader):
    """Safe loader that keeps timestamps as plain strings and reports values it cannot build."""


def _reported(construct: Any) -> Any:
    """A constructor whose failure on a bad value (``!!timestamp nonsense``, ``!!int x``) is
    reported at the value's line instead of escaping as a traceback."""

    def guarded(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, OverflowError, AttributeError, KeyError):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(None, None, f"not a valid {tag} value", node.start_mark) from None

    return guarded


for _tag in ("timestamp", "int", "float", "bool", "binary"):
    _Loader.add_constructor(
        f"tag:yaml.org,2002:{_tag}", _reported(_BaseLoader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"])
    )


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


Lines = dict[tuple[Any, ...], int]
# In ``Lines``, after a key's path: the line its text begins on, where that is not the key's
# own (a block scalar, ``note: |``, begins on the line below).
TEXT_START = "\0text"


def _check_nodes(root: yaml.Node, first_line: int) -> Lines:
    """Refuse what front matter and digest.yaml do not accept, before any value is built;
    return the line of every key path (and list item).

    The composed nodes form a graph in which an alias is the very node it names, so a few
    hundred bytes of nested aliases stand for billions of values: each collection is
    measured once (the values it stands for, its depth) and its measure reused wherever
    an alias repeats it.  Also refused: an alias inside the value it names, duplicate
    keys, control characters, overlong numbers.  Recursion stops at MAX_DEPTH.
    """
    walk = _Walk(first_line)
    walk.measure(root, (), 1)
    return walk.lines


class _Walk:
    def __init__(self, first_line: int):
        self.first_line = first_line
        self.lines: Lines = {}
        self.measured: dict[int, tuple[int, int]] = {}  # id of a collection -> (values, depth)
        self.open: set[int] = set()  # collections being measured
        self.aliased = False  # whether a collection was met again (through an alias)

    def measure(self, node: yaml.Node, path: tuple[Any, ...], depth: int) -> tuple[int, int]:
        """The values ``node`` stands for once aliases are expanded, and its depth."""
        if isinstance(node, yaml.ScalarNode):  # (the root only: children are checked by the caller)
            _check_scalar(node, path)
            return 1, 1
        key = id(node)
        found = self.measured.get(key)
        if found is None:
            if key in self.open:
                _refuse(path, "recursive alias: a value that contains itself", node)
            if depth > MAX_DEPTH:
                _refuse(path, f"nested more than {MAX_DEPTH} levels deep", node)
            self.open.add(key)
            found = self.measured[key] = self._measure_children(node, path, depth)
            self.open.discard(key)
            if found[0] > MAX_VALUES:
                why = "aliases make this stand for more than" if self.aliased else "more than"
                _refuse(path, f"too many values: {why} {MAX_VALUES:,}", node)
        else:
            self.aliased = True
        if depth - 1 + found[1] > MAX_DEPTH:  # an alias to a deep value, itself placed deep
            _refuse(path, f"nested more than {MAX_DEPTH} levels deep", node)
        return found

    def _measure_children(self, node: yaml.Node, path: tuple[Any, ...], depth: int) -> tuple[int, int]:
        values, height = 1, 1  # (scalars are checked here: most nodes are scalars)
        if isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                self.lines[child] = self.first_line + item.start_mark.line
                item_values, item_height = self._measure_child(item, child, depth)
                values, height = values + item_values, max(height, item_height)
            return values, height + 1
        seen: dict[tuple[str, str], yaml.Node] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = (*path, key.value)
                _check_scalar(key, child)
                if key.tag != _MERGE:
                    first = seen.setdefault((key.tag, key.value), key)
                    if first is not key:
                        raise _Refused(f"{_name(child)}: duplicate key", key.start_mark.line, first.start_mark.line)
                    self.lines.setdefault(child, self.first_line + key.start_mark.line)
                values += 1
            else:
                child = (*path, "?")
                key_values, key_height = self.measure(key, child, depth + 1)
                values, height = values + key_values, max(height, key_height)
            if isinstance(value, yaml.ScalarNode) and value.style in ("|", ">"):
                self.lines[(*child, TEXT_START)] = self.first_line + value.start_mark.line + 1
            value_values, value_height = self._measure_child(value, child, depth)
            values, height = values + value_values, max(height, value_height)
        return values, height + 1

    def _measure_child(self, node: yaml.Node, path: tuple[Any, ...], depth: int) -> tuple[int, int]:
        """A child's values and height; a scalar (most children) is checked here, adding no height."""
        if isinstance(node, yaml.ScalarNode):
            _check_scalar(node, path)
            return 1, 0
        return self.measure(node, path, depth + 1)


def _check_scalar(node: yaml.ScalarNode, path: tuple[Any, ...]) -> None:
    if FORBIDDEN_CHARACTERS.search(node.value) is not None:
        _refuse_scalar(node, path)
    if opened := open_directions(node.value):
        problem = f"{direction_control_name(opened[0])} is not closed: the text after it on a page would be "
        closer = "U+2069" if opened[0] in "\u2066\u2067\u2068" else "U+202C"
        _refuse(path, problem + f"laid out in its direction; close it with {closer} or take it out", node)
    if node.tag == _INT and len(node.value) > MAX_NUMBER_DIGITS:
        _refuse_scalar(node, path)


def _refuse_scalar(node: yaml.ScalarNode, path: tuple[Any, ...]) -> NoReturn:
    found = FORBIDDEN_CHARACTERS.search(node.value)
    if found is not None:
        _refuse(path, f"{describe_character(found.group())} is not allowed", node)
    _refuse(path, f"a number {len(node.value)} characters long; put it in quotes if it is text", node)


def _name(path: tuple[Any, ...]) -> str:
    name = field_name(path)
    return name if len(name) <= 60 else name[:60] + "..."


def _refuse(path: tuple[Any, ...], problem: str, node: yaml.Node) -> NoReturn:
    name = _name(path)
    raise _Refused(f"{name}: {problem}" if name else problem, node.start_mark.line)


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
    if "\r" in text:  # Windows' CRLF and old Mac OS's CR line endings, as Markdown reads them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if "<<<<<<<" in text and (line := merge_conflict(lines)) is not None:
        raise ContentError(conflict_message(lines[line - 1]), path, line)
    if lines[0].rstrip() == "+++":  # Hugo's TOML front matter: its fields would be read as the body
        message = "TOML front matter ('+++') is not read: write it as YAML between '---' lines (title: \"…\")"
        raise ContentError(message, path, 1)
    if re.match(r'\{\s*(?:"|$)', lines[0]):  # Hugo's JSON front matter, an object before the body
        message = "JSON front matter ('{') is not read: write it as YAML between '---' lines (title: \"…\")"
        raise ContentError(message, path, 1)
    if not lines or lines[0].rstrip() != "---":
        return Document({}, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            meta, key_lines = parse_yaml_mapping(yaml_text, path, first_line=2)
            return Document(meta, body, index + 2, key_lines)
    raise ContentError("front matter is not terminated: no closing '---' line", path, 1)


def parse_yaml_mapping(
    text: str, path: str | Path, first_line: int = 1, what: str = "front matter"
) -> tuple[dict[str, Any], Lines]:
    """Load a YAML mapping safely, returning it with the line of every key path (``what``
    names the document in the message when it is no mapping).

    Within the limits of ``_BoundedComposer``: whatever the text, this returns or raises
    ContentError quickly, with the line of the problem.
    """
    if marker := _CONFLICT_MARKER.search(text):
        raise ContentError(conflict_message(marker[0]), path, first_line + text.count("\n", 0, marker.start()))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines = _check_nodes(node, first_line) if node is not None else {}
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
        elif mark is not None and _tab_at(text, mark.index):
            problem = "a tab where YAML needs spaces (indent with spaces)"
        elif _NEEDS_QUOTES.match(problem) and mark is not None and (quoted := _quoted_value(text, mark.index)):
            if problem.startswith("mapping values"):  # (PyYAML: "… here", libyaml: "… in this context")
                problem = f"mapping values are not allowed (a value holding ': ' is written in quotes: {quoted})"
            else:  # @ and ` are reserved: a handle, a code span
                problem = f"a value starting with {text[mark.index]!r} is written in quotes: {quoted}"
        elif error.context in _OPENED and error.context_mark and mark and error.context_mark.line < mark.line:
            opened = first_line + error.context_mark.line
            problem = f"{problem} (the {_OPENED[error.context]} opened at line {opened} is not closed)"
        raise ContentError(f"invalid YAML: {problem}", path, line) from None
    except RecursionError:  # only PyYAML's own composer recurses, where libyaml is missing
        raise ContentError(f"invalid YAML: nested more than {MAX_DEPTH} levels deep", path, first_line) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not take, before any parsing
        line = first_line + text.count("\n", 0, error.position)
        character = chr(error.character) if isinstance(error.character, int) else str(error.character)
        raise ContentError(f"invalid YAML: {describe_character(character)} is not allowed", path, line) from None
    except (yaml.YAMLError, UnicodeError) as error:
        raise ContentError(f"invalid YAML: {error}", path, first_line) from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        line = first_line + node.start_mark.line
        kind = {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}.get(type(data))
        raise ContentError(f"{what} must be a mapping of keys to values, not {kind or type(data).__name__}", path, line)
    return data, lines


# Problems of a plain value that quotes would mend: ': ' inside it, or a reserved first character.
_NEEDS_QUOTES = re.compile(r"mapping values are not allowed|found character .*cannot start any token")
# What PyYAML was reading when a document ended too soon, as a curator would name it.
_OPENED = {
    "while parsing a flow sequence": "'['",
    "while parsing a flow mapping": "'{'",
    "while scanning a quoted scalar": "quote",
}


def merge_conflict(lines: list[str]) -> int | None:
    """The line (1-based) of the first ``<<<<<<<`` that git's ``=======`` and ``>>>>>>>`` lines
    follow, outside fenced code (where an article about git may show one); else None."""
    fence = ""
    opened = None
    separated = False
    for number, line in enumerate(lines, 1):
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        if found := _FENCE.match(line):
            fence = found[1]
        elif not _CONFLICT_MARKER.match(line):
            continue
        elif line.startswith("<"):
            opened, separated = number, False
        elif line.startswith("=") and opened is not None:
            separated = True
        elif line.startswith(">") and separated:
            return opened
    return None


def conflict_message(marker: str) -> str:
    shown = marker if len(marker) <= 40 else marker[:40] + "…"
    return (
        f"unresolved merge conflict: git's marker {shown.strip()!r} is still here; "
        "keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines"
    )


def _quoted_value(text: str, index: int) -> str | None:
    """The line of ``text`` at ``index`` with its value in quotes (``title: "Breaking: news"``)
    when it is a plain ``key: value`` line, for a message; else None."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line = text[start : end if end >= 0 else len(text)]
    match = re.fullmatch(r"[ \t]*(?:-[ \t]+)?([\w-]+):[ \t]+([^\"'\s].*?)[ \t]*", line)
    if match is None or index < start + match.start(2):  # (not within the value: indentation, say)
        return None
    value = match[2].replace("\\", "\\\\").replace('"', '\\"')
    return f'{match[1]}: "{value}"'


def _tab_at(text: str, index: int) -> bool:
    """Whether YAML stopped at a tab, or in a line's indentation that holds one."""
    line_start = text.rfind("\n", 0, index) + 1
    indentation = text[line_start : index + 1]
    return text[index : index + 1] == "\t" or (indentation.strip(" \t-") == "" and "\t" in indentation)


def render_document(meta: dict[str, Any], body: str) -> str:
    """Join front matter and body into the text of a content file."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return f"---\n{front}---\n{body.strip()}\n"


def as_list(value: Any) -> list[Any]:
    """A list field (``topics``, ``tags``) as a list: a list as it is, text as the names it
    separates with commas (``topics: Turkey, Politics``; a name with a comma in it is written
    in a list: ``["Crime, Law and Justice"]``), anything else as one item."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [part for part in value.split(",") if part.strip()] or [value]
    return [value]
