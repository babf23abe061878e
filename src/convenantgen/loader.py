"""Load stage: read a covenant file into plain data plus the line and column of every node.

PyYAML's defaults are unsafe for hand-edited files (duplicate keys win silently, aliases
can explode, ``no`` becomes False and ``012`` an octal number), so this module composes the
node tree itself and resolves plain scalars by the small YAML 1.2 core schema, keeping
dates as strings until the schema validates them.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from convenantgen.findings import Finding, Severity
from convenantgen.i18n import _
from convenantgen.sources import read_bytes

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
    cut_off: tuple[Position, ...] = ()  # plain text followed by ' #word': a comment ate the rest

    def position(self, path: JsonPath, key: bool = False) -> Position:
        """Line and column (1-based) of the value at ``path``, or of its key."""
        probe = tuple(path)
        while probe:
            if key and probe in self.keys:
                return self.keys[probe]
            # a list item has no key: its own position is the best place to point at
            if probe in self.values and (not key or isinstance(probe[-1], int)):
                return self.values[probe]
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


def _finding(path: str, pos: Position, code: str, message: str, hint: str) -> Finding:
    return Finding(path, pos[0], pos[1], code, Severity.ERROR, message, hint)


def _line_col(text: str, offset: int) -> Position:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


# libyaml's parser (C) is ten times faster than PyYAML's pure-Python one; the composition
# below is ours either way, because it must refuse what PyYAML would quietly accept.
_Parser: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_EMPTY = object()
# '#' right after a space starts a YAML comment; '#3' or '#hashtag' was meant as text.
_CUT_OFF = re.compile(r"[ \t]+#[^\s#]")


class _Lines:
    """Line and column from a character offset, counting only '\\n' as a line break.

    YAML also breaks lines at U+0085, U+2028 and U+2029 (text pasted from Word has them),
    but editors do not: positions computed from the offset match what the user sees.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, mark: Any) -> Position:
        index = getattr(mark, "index", None)
        if index is None:
            return mark.line + 1, mark.column + 1
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


class _Builder:
    """Builds plain data and position tables straight from parser events."""

    def __init__(self, parser: Any, lines: _Lines) -> None:
        self.parser = parser
        self.lines = lines
        self.values: dict[JsonPath, Position] = {}
        self.keys: dict[JsonPath, Position] = {}
        self.cut_off: list[Position] = []

    def document(self) -> Any:
        """The one document of the stream, or _EMPTY."""
        parser = self.parser
        parser.get_event()  # stream start
        if parser.check_event(yaml.StreamEndEvent):
            return _EMPTY
        parser.get_event()  # document start
        data = self.node((), 1)
        parser.get_event()  # document end
        if not parser.check_event(yaml.StreamEndEvent):
            raise _Rejected(
                "CG002",
                _("the file holds more than one YAML document"),
                _("remove the '---' line and everything after it that does not belong here"),
                parser.peek_event().start_mark,
            )
        return _EMPTY if data is None else data

    def node(self, path: JsonPath, depth: int) -> Any:
        event = self.parser.get_event()
        self._refuse(event, depth)
        self.values[path] = self.lines.at(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            if event.style in (None, "") and isinstance(_scalar(event), str):
                end = getattr(event.end_mark, "index", None)
                if end is not None and _CUT_OFF.match(self.lines.text, end):
                    self.cut_off.append(self.lines.at(event.end_mark))
            return _scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not self.parser.check_event(yaml.SequenceEndEvent):
                items.append(self.node((*path, len(items)), depth + 1))
            self.parser.get_event()
            return items
        return self._mapping(path, depth)

    def _mapping(self, path: JsonPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not self.parser.check_event(yaml.MappingEndEvent):
            event = self.parser.get_event()
            self._refuse(event, depth + 1)
            if not isinstance(event, yaml.ScalarEvent):
                raise _Rejected(
                    "CG002", _("a key must be plain text"), _("write keys as 'name: value'"), event.start_mark
                )
            key = str(event.value)
            child = (*path, key)
            if key in result:
                raise _Rejected(
                    "CG003",
                    _("duplicate key '{key}' (first at line {keys})").format(
                        key=key, keys=self.keys[child][0]
                    ),
                    _("remove one of the two; a key may appear only once in a mapping"),
                    event.start_mark,
                )
            self.keys[child] = self.lines.at(event.start_mark)
            result[key] = self.node(child, depth + 1)
        self.parser.get_event()
        return result

    @staticmethod
    def _refuse(event: Any, depth: int) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise _Rejected(
                "CG004",
                _("alias '*{anchor}' is not allowed").format(anchor=event.anchor),
                _("write the text out in full; anchors and aliases are not supported"),
                event.start_mark,
            )
        if getattr(event, "anchor", None) is not None:
            raise _Rejected(
                "CG004",
                _("anchor '&{anchor}' is not allowed").format(anchor=event.anchor),
                _("remove the '&' anchor and write repeated text out in full"),
                event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _STANDARD_TAGS:
            raise _Rejected(
                "CG004",
                _("tag '{tag}' is not allowed").format(tag=tag),
                _("remove the '!' tag; plain values are enough"),
                event.start_mark,
            )
        if depth > MAX_DEPTH:
            raise _Rejected(
                "CG005",
                _("nesting deeper than {MAX_DEPTH} levels").format(MAX_DEPTH=MAX_DEPTH),
                _("a covenant never nests this deep; check the indentation"),
                event.start_mark,
            )


def _scalar(event: Any) -> Any:
    """YAML 1.2 core resolution for plain scalars; everything quoted or tagged !!str is text."""
    value = str(event.value)
    # Plain scalars have style None (PyYAML) or "" (libyaml); any other style is quoted or a block.
    if event.style not in (None, "") or event.tag == "tag:yaml.org,2002:str":
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # past Python's 4300-digit limit: let the schema call it text
            return value
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _too_deep_for_libyaml(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml (PyYAML >= 6.0.4) has its own nesting limit, which its scanner trips ahead of us."""
    return "maximum nesting depth" in (exc.problem or "")


def load_text(text: str, path: str) -> tuple[Source | None, tuple[Finding, ...]]:
    """Parse YAML text; return the source, or the findings that stopped it."""
    try:
        return _load_text(text, path, _Parser)
    except _LibyamlTooDeep:
        # The pure-Python parser streams events without a depth limit of its own, so our
        # MAX_DEPTH rule decides, at the first node too deep, whatever libyaml's build does.
        return _load_text(text, path, yaml.SafeLoader)


class _LibyamlTooDeep(Exception):
    """libyaml refused the nesting before our own depth rule could see the node."""


def _load_text(text: str, path: str, parser_class: Any) -> tuple[Source | None, tuple[Finding, ...]]:
    try:
        parser = parser_class(text)  # the reader checks for forbidden characters right here
        lines = _Lines(text)
        builder = _Builder(parser, lines)
        try:
            data = builder.document()
        finally:
            parser.dispose()
    except _Rejected as exc:
        pos = _Lines(text).at(exc.mark)
        return None, (_finding(path, pos, exc.code, exc.message, exc.hint),)
    except yaml.reader.ReaderError as exc:
        offset = exc.position
        if parser_class is not yaml.SafeLoader:  # libyaml counts UTF-8 bytes, not characters
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        pos = _line_col(text, offset)
        return None, (
            _finding(
                path,
                pos,
                "CG001",
                _("character U+{character:04X} is not allowed in YAML").format(character=exc.character)
                if isinstance(exc.character, int)
                else _("a character is not allowed in YAML"),
                _("remove the control character; save the file as plain UTF-8 text"),
            ),
        )
    except yaml.MarkedYAMLError as exc:
        if _too_deep_for_libyaml(exc) and parser_class is not yaml.SafeLoader:
            raise _LibyamlTooDeep from None
        return None, (_syntax_finding(path, text, exc),)
    except yaml.YAMLError as exc:  # libyaml reports some errors without a mark
        return None, (
            _finding(
                path,
                (1, 1),
                "CG002",
                _("YAML syntax error: {exc}").format(exc=exc),
                _("check the file's syntax"),
            ),
        )
    if data is _EMPTY:
        return None, (
            _finding(
                path,
                (1, 1),
                "CG006",
                _("the file is empty"),
                _("start from 'convenantgen new' or copy a covenant from convenants/"),
            ),
        )
    return Source(path, text, data, builder.values, builder.keys, tuple(builder.cut_off)), ()


def _special_start(line: str) -> str:
    """The character a value starts with when YAML gives it a special meaning there."""
    _key, sep, value = line.partition(": ")
    value = value.strip() if sep else line.strip().removeprefix("- ").strip()
    return value[:1] if value[:1] in ("*", "&", "!", "%", "@", "`") or value.startswith("[[") else ""


def _syntax_finding(path: str, text: str, exc: yaml.MarkedYAMLError) -> Finding:
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    # libyaml notices an unclosed quote or bracket, or a key without ':', only further on
    # (often on the next line, or at the end of the file); the place to fix is where the
    # quote, bracket or key starts, which it keeps as the context mark.
    quoted = "quoted scalar" in context and exc.context_mark is not None
    opened = exc.context_mark is not None and (
        quoted or "simple key" in context or ("flow" in context and "did not find expected" in problem)
    )
    mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
    pos = _Lines(text).at(mark) if mark is not None else (1, 1)
    lines = text.splitlines()
    here = lines[pos[0] - 1] if 0 < pos[0] <= len(lines) else ""
    hint = _("check the indentation and the ':' after each key on and just above this line")
    if "\t" in here or "'\\t'" in problem:
        problem, hint = _("a tab character is used for indentation"), _("indent with spaces, not tabs")
    elif quoted or "found unexpected end of stream" in problem:
        hint = _("a quoted text is not closed: add the closing quote")
    elif "cannot start any token" in problem and 0 < pos[1] <= len(here):
        problem = _("found character '{here}' that cannot start any token").format(here=here[pos[1] - 1])
        hint = _("put text that starts with ` @ % or a tab between quotes")
    elif _special_start(here):
        hint = _("text that starts with '{special_start}' must be between double quotes").format(
            special_start=_special_start(here)
        )
    elif "mapping values are not allowed" in problem:
        hint = _("put text that contains ': ' between quotes, or check the indentation")
    elif "could not find expected ':'" in problem:
        hint = _("add ':' after the key, or put the text between quotes")
    elif opened and "flow sequence" in context:
        hint = _("this '[' list is not closed: add the ']' (and a ',' between items) on the same line")
    elif opened and "flow mapping" in context:
        hint = _("this '{' is not closed: add the '}' (and a ',' between items) on the same line")
    elif "expected a single document" in problem:
        problem, hint = _("the file holds more than one YAML document"), _("remove the '---' line")
    message = _("YAML syntax error: {problem}").format(problem=problem) + (f" ({context})" if context else "")
    return _finding(path, pos, "CG002", message, hint)


def read_source(path: Path, root: Path | None = None) -> bytes | Finding:
    """The bytes of a source file, or why it is refused (see :func:`sources.read_bytes`)."""
    return read_bytes(path, root, MAX_BYTES)


def load_file(path: Path, root: Path | None = None) -> tuple[Source | None, tuple[Finding, ...]]:
    """Read and parse one covenant file, never raising for bad input.

    ``root``: the folder a symbolic link at ``path`` may point into (default: its own folder).
    """
    raw = read_source(path, root)
    if isinstance(raw, Finding):
        return None, (raw,)
    return load_bytes(raw, str(path))


def load_bytes(raw: bytes, shown: str) -> tuple[Source | None, tuple[Finding, ...]]:
    """Parse the bytes of a covenant (from a file or from git), named ``shown`` in findings."""
    if len(raw) > MAX_BYTES:
        return None, (
            _finding(
                shown,
                (1, 1),
                "CG001",
                _("the file is {n_raw:,} bytes; the limit is {MAX_BYTES:,}").format(
                    n_raw=len(raw), MAX_BYTES=MAX_BYTES
                ),
                _("a covenant is a few dozen kilobytes; check that this is the right file"),
            ),
        )
    body = raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        # Editors hide byte order marks: drop them (a doubled one too) so columns match.
        text = body.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        prefix = body[: exc.start].decode("utf-8", "replace").lstrip("\ufeff")
        pos = _line_col(prefix, len(prefix))
        return None, (
            _finding(
                shown,
                pos,
                "CG001",
                _("the file is not valid UTF-8 text"),
                _("save the file as UTF-8 in your editor"),
            ),
        )
    return load_text(text, shown)
