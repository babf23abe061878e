"""Where each character of a YAML text value stands in the file.

The loader records where a value starts; a finding about something inside a text (a tag,
a heading, a word) should point at that thing. YAML changes text on the way in: quotes
and escapes disappear, block indentation is removed, folded lines are joined. This module
walks the scalar's source once and pairs every character of the value with the source
character it came from. The walk is strict about everything but whitespace: when the
source does not spell the value (an escape it does not know, a position that is not the
scalar's), it gives up and the caller falls back to the value's own position.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from convenantgen.loader import JsonPath, Position, Source

_SPACE = " \t\r\n"
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX = {"x": 2, "u": 4, "U": 8}
_HEX_DIGITS = re.compile(r"[0-9A-Fa-f]+")


def _escape(text: str, i: int) -> tuple[str, int] | None:
    """The character a double-quoted escape at ``text[i] == '\\\\'`` stands for, and its length."""
    code = text[i + 1 : i + 2]
    if code in _ESCAPES:
        return _ESCAPES[code], 2
    width = _HEX.get(code)
    digits = text[i + 2 : i + 2 + width] if width else ""
    if width and len(digits) == width and _HEX_DIGITS.fullmatch(digits):
        try:
            return chr(int(digits, 16)), 2 + width
        except (ValueError, OverflowError):
            return None
    return None


def _block(text: str, start: int, value: str) -> list[int] | None:
    """A '|' or '>' block: the text is there as typed, less indentation and folded breaks."""
    i = text.find("\n", start)  # the header line (indicators, maybe a comment) holds no text
    if i < 0:
        return None if value else []
    out: list[int] = []
    for ch in value:
        while True:
            if i >= len(text):
                return None
            c = text[i]
            if c == ch:
                out.append(i)
                i += 1
                break
            if ch in _SPACE and c not in _SPACE:
                out.append(i)  # a line break folded into this space: point at what follows
                break
            if c not in _SPACE:
                return None
            i += 1  # indentation, or a line break that folding or chomping removed
    return out


def _flow(text: str, start: int, value: str) -> list[int] | None:
    """A plain, 'single' or "double" quoted scalar, scanned the way YAML folds and unescapes it."""
    style = text[start]
    quoted = style in ("'", '"')
    i = start + 1 if quoted else start
    chars: list[tuple[str, int, bool]] = []  # character, where it stands, written as an escape
    while len(chars) < len(value) and i < len(text):
        c = text[i]
        if style == "'" and c == "'":
            if text[i + 1 : i + 2] != "'":
                break
            chars.append(("'", i, True))
            i += 2
        elif style == '"' and c == '"':
            break
        elif style == '"' and c == "\\" and text[i + 1 : i + 2] in ("\n", "\r"):
            i += 3 if text[i + 1 : i + 3] == "\r\n" else 2  # an escaped line break joins the lines
            while i < len(text) and text[i] in " \t":
                i += 1
        elif style == '"' and c == "\\":
            decoded = _escape(text, i)
            if decoded is None:
                return None
            chars.append((decoded[0], i, True))
            i += decoded[1]
        elif c in "\r\n":
            while chars and chars[-1][0] in " \t" and not chars[-1][2]:
                chars.pop()  # blanks before a line break are not part of the text
            breaks = 0
            while i < len(text) and text[i] in _SPACE:
                breaks += text[i] == "\n" or (text[i] == "\r" and text[i + 1 : i + 2] != "\n")
                i += 1
            chars.extend((" " if breaks == 1 else "\n", i, False) for _ in range(max(breaks - 1, 1)))
        else:
            chars.append((c, i, False))
            i += 1
    if "".join(ch for ch, _, _ in chars) != value:
        return None
    return [at for _, at, _ in chars]


@lru_cache(maxsize=64)
def char_offsets(text: str, start: int, value: str) -> tuple[int, ...] | None:
    """The offset in ``text`` of each character of ``value``, the scalar that starts at ``start``."""
    if not 0 <= start < len(text):
        return None
    found = _block(text, start, value) if text[start] in ("|", ">") else _flow(text, start, value)
    return None if found is None else tuple(found)


@lru_cache(maxsize=16)
def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in re.finditer("\n", text)))


def value_at(data: object, path: JsonPath) -> object:
    """The value at ``path`` in plain data, or None."""
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def offset_of(source: Source, position: Position) -> int:
    """The offset in the file's text of a (line, column) position."""
    starts = _line_starts(source.text)
    line = min(max(position[0], 1), len(starts))
    return starts[line - 1] + position[1] - 1


def position_in_text(source: Source, path: JsonPath, index: int) -> Position | None:
    """Line and column of character ``index`` of the text at ``path``, when YAML lets us follow it."""
    value = value_at(source.data, path)
    if not isinstance(value, str) or not 0 <= index < len(value) or path not in source.values:
        return None
    offsets = char_offsets(source.text, offset_of(source, source.values[path]), value)
    if offsets is None:
        return None
    starts = _line_starts(source.text)
    found = offsets[index]
    line = bisect.bisect_right(starts, found)
    return line, found - starts[line - 1] + 1
