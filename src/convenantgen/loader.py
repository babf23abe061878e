"""Load stage: read a covenant file into plain data plus the line and column of every node.

PyYAML's defaults are unsafe for hand-edited files (duplicate keys win silently, aliases
can explode, ``no`` becomes False and ``012`` an octal number), so this module composes the
node tree itself and resolves plain scalars by the small YAML 1.2 core schema, keeping
dates as strings until the schema validates them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from convenantgen.findings import Finding, Severity

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

JsonPath = tuple[str | int, ...]
Position = tuple[int, int]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


@dataclass(frozen=True)
class Source:
    """A loaded file: its text, its data and where each value and key stands."""

    path: str
    text: str
    data: Any
    values: Mapping[JsonPath, Position]
    keys: Mapping[JsonPath, Position]

    def position(self, path: JsonPath, key: bool = False) -> Position:
        """Line and column (1-based) of the value at ``path``, or of its key."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class _Rejected(Exception):
    """A construct this format refuses, with where it stands."""

    def __init__(self, code: str, message: str, hint: str, mark: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.mark = mark


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses anchors, aliases and deep nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise _Rejected(
                "CG004",
                f"alias '*{event.anchor}' is not allowed",
                "write the text out in full; anchors and aliases are not supported",
                event.start_mark,
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Rejected(
                "CG004",
                f"anchor '&{anchor}' is not allowed",
                "remove the '&' anchor and write repeated text out in full",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Rejected(
                    "CG005",
                    f"nesting deeper than {MAX_DEPTH} levels",
                    "a covenant never nests this deep; check the indentation",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _finding(path: str, pos: Position, code: str, message: str, hint: str) -> Finding:
    return Finding(path, pos[0], pos[1], code, Severity.ERROR, message, hint)


def _line_col(text: str, offset: int) -> Position:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


class _Builder:
    """Turns a composed node tree into plain data and position tables."""

    def __init__(self, loader: _StrictLoader) -> None:
        self.loader = loader
        self.values: dict[JsonPath, Position] = {}
        self.keys: dict[JsonPath, Position] = {}

    @staticmethod
    def _pos(node: yaml.Node) -> Position:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: JsonPath) -> Any:
        self.values[path] = self._pos(node)
        if node.tag not in _STANDARD_TAGS:
            raise _Rejected(
                "CG004",
                f"tag '{node.tag}' is not allowed",
                "remove the '!' tag; plain values are enough",
                node.start_mark,
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: JsonPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Rejected(
                    "CG002",
                    "a key must be plain text",
                    "write keys as 'name: value'",
                    key_node.start_mark,
                )
            key = str(key_node.value)
            child = (*path, key)
            if key in result:
                first = self.keys[child]
                raise _Rejected(
                    "CG003",
                    f"duplicate key '{key}' (first at line {first[0]})",
                    "remove one of the two; a key may appear only once in a mapping",
                    key_node.start_mark,
                )
            self.keys[child] = self._pos(key_node)
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value = str(node.value)
        if node.style is not None:
            return value
        implicit = self.loader.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if node.tag != implicit:  # an explicit tag such as !!str was written
            return value
        if value in _NULLS:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        return value


def load_text(text: str, path: str) -> tuple[Source | None, tuple[Finding, ...]]:
    """Parse YAML text; return the source, or the findings that stopped it."""
    loader = _StrictLoader(text)
    try:
        try:
            node = loader.get_single_node()
            if node is None:
                return None, (
                    _finding(
                        path,
                        (1, 1),
                        "CG006",
                        "the file is empty",
                        "start from 'convenantgen new' or copy a covenant from convenants/",
                    ),
                )
            builder = _Builder(loader)
            data = builder.build(node, ())
        finally:
            loader.dispose()
    except _Rejected as exc:
        pos = (exc.mark.line + 1, exc.mark.column + 1)
        return None, (_finding(path, pos, exc.code, exc.message, exc.hint),)
    except yaml.reader.ReaderError as exc:
        pos = _line_col(text, exc.position)
        return None, (
            _finding(
                path,
                pos,
                "CG001",
                f"character U+{exc.character:04X} is not allowed in YAML",
                "remove the control character; save the file as plain UTF-8 text",
            ),
        )
    except yaml.MarkedYAMLError as exc:
        return None, (_syntax_finding(path, text, exc),)
    except RecursionError:
        return None, (_finding(path, (1, 1), "CG005", "the file nests too deeply", "check the indentation"),)
    return Source(path, text, data, builder.values, builder.keys), ()


def _syntax_finding(path: str, text: str, exc: yaml.MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    pos = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    lines = text.splitlines()
    here = lines[pos[0] - 1] if 0 < pos[0] <= len(lines) else ""
    hint = "check the indentation and the ':' after each key on and just above this line"
    if "\t" in here or "'\\t'" in problem:
        problem, hint = "a tab character is used for indentation", "indent with spaces, not tabs"
    elif "found unexpected end of stream" in problem or "while scanning a quoted" in context:
        hint = "a quoted text is not closed: add the closing quote"
    elif "mapping values are not allowed" in problem:
        hint = "put text that contains ': ' between quotes, or check the indentation"
    elif "could not find expected ':'" in problem:
        hint = "add ':' after the key, or put the text between quotes"
    elif "expected a single document" in problem:
        problem, hint = "the file holds more than one YAML document", "remove the '---' line"
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return _finding(path, pos, "CG002", message, hint)


def load_file(path: Path) -> tuple[Source | None, tuple[Finding, ...]]:
    """Read and parse one covenant file, never raising for bad input."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, (
                _finding(
                    shown,
                    (1, 1),
                    "CG001",
                    f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                    "a covenant is a few dozen kilobytes; check that this is the right file",
                ),
            )
        raw = path.read_bytes()
    except OSError as exc:
        return None, (
            _finding(shown, (1, 1), "CG001", f"cannot read the file: {exc.strerror}", "check the path"),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        pos = _line_col(prefix, len(prefix))
        return None, (
            _finding(
                shown,
                pos,
                "CG001",
                "the file is not valid UTF-8 text",
                "save the file as UTF-8 in your editor",
            ),
        )
    return load_text(text, shown)
