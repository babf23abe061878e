"""Where a character of a loaded string stands in the file, not only where its scalar starts.

The loader records the start of every key and value. For a character inside one, this
module walks the scalar's source: exactly for a plain, single-quoted or double-quoted
scalar on one line (escapes such as ``\\u200b`` and ``''`` included); for a block (``|``,
``>``) or a scalar over several lines, the k-th occurrence of the character in the source
is the k-th in the value whenever every occurrence of it is typed as itself. Otherwise the
scalar's start is the best place to point at.
"""

from __future__ import annotations

import bisect
import re

from convenantgen.loader import JsonPath, Position, Source

_BREAKS = "\n\r\x85\u2028\u2029"  # YAML line breaks: a scalar with one spans lines
_HEX = {"x": 2, "u": 4, "U": 8}


class ScalarLocator:
    """Line and column of a character inside a key or string value of one source."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.text
        self.lines = [0] + [m.end() for m in re.finditer("\n", self.text)]
        starts = {self._offset(pos) for pos in (*source.values.values(), *source.keys.values())}
        self.starts = sorted(starts)

    def locate(self, path: JsonPath, is_key: bool, value: str, index: int) -> Position:
        """Where ``value[index]`` stands; ``value`` is the key or string value at ``path``."""
        table = self.source.keys if is_key else self.source.values
        start = table.get(path) or self.source.position(path, key=is_key)
        offset = self._offset(start)
        following = bisect.bisect_right(self.starts, offset)
        end = self.starts[following] if following < len(self.starts) else len(self.text)
        found = _in_scalar(self.text, offset, value, index)
        if found is None:
            found = _typed_occurrence(self.text, offset, end, value, index)
        return start if found is None else self._position(found)

    def _offset(self, pos: Position) -> int:
        line, column = pos
        return self.lines[min(line, len(self.lines)) - 1] + column - 1

    def _position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.lines, offset)
        return line, offset - self.lines[line - 1] + 1


def _in_scalar(text: str, offset: int, value: str, index: int) -> int | None:
    """The offset of ``value[index]`` when the scalar at ``offset`` is on one line, else None."""
    first = text[offset : offset + 1]
    if first == '"':
        return _double_quoted(text, offset + 1, value, index)
    if first == "'":
        return _single_quoted(text, offset + 1, value, index)
    if first not in ("|", ">") and text.startswith(value, offset):
        return offset + index  # plain on one line: a folded plain scalar never matches its source
    return None


def _double_quoted(text: str, i: int, value: str, index: int) -> int | None:
    j = 0  # index in the value of the character that starts at text[i]
    while i < len(text):
        char = text[i]
        if char == '"' or char in _BREAKS:
            return None  # the scalar ended, or goes on over lines: folding makes counting unsafe
        if char == "\\":
            escape = text[i + 1 : i + 2]
            if escape == "" or escape in _BREAKS:
                return None
            if j == index:
                return i
            j, i = j + 1, i + 2 + _HEX.get(escape, 0)
            continue
        if j == index:
            return i if char == value[index] else None
        j, i = j + 1, i + 1
    return None


def _single_quoted(text: str, i: int, value: str, index: int) -> int | None:
    j = 0
    while i < len(text):
        char = text[i]
        if char in _BREAKS:
            return None
        if char == "'":
            if text[i + 1 : i + 2] != "'":
                return None
            if j == index:
                return i
            j, i = j + 1, i + 2
            continue
        if j == index:
            return i if char == value[index] else None
        j, i = j + 1, i + 1
    return None


def _typed_occurrence(text: str, offset: int, end: int, value: str, index: int) -> int | None:
    """The k-th ``value[index]`` typed between the scalar's start and the next node, if safe.

    Content comes before any comment in that stretch, so when the stretch holds at least as
    many of the character as the value, the k-th typed one is the k-th of the value.
    """
    char = value[index]
    if text.count(char, offset, end) < value.count(char):
        return None  # some were written as escapes: cannot tell which is which
    found = offset - 1
    for _ in range(value.count(char, 0, index) + 1):
        found = text.find(char, found + 1, end)
    return found if found >= 0 else None
