"""Word-level comparison of author text: stdlib difflib on word tokens.

A token is compared by its *key* and shown by its *text*: a reference [[id]] has the key
'[[id]]' on both sides and is shown in each side's own numbering ("artikel 3"), so a text
whose references were only renumbered by an insertion elsewhere is unchanged. Whitespace
and line breaks are not tokens: re-wrapping a YAML block changes nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from convenantgen.diff.model import DELETED, INSERTED, SAME

_TOKEN = re.compile(r"\[\[[^\]\n]*\]\]|\[\^[^\]\s]+\]|\w+(?:[’'\-]\w+)*|[^\w\s]", re.UNICODE)
_NO_SPACE_BEFORE = tuple(".,;:!?)]}»”’%")
_NO_SPACE_AFTER = tuple("([{«“‘")
Shown = Callable[[str], str]  # a reference or note call token → the words it renders as


@dataclass(frozen=True)
class Token:
    """One word, punctuation mark, reference or footnote call."""

    key: str
    text: str
    space: bool  # a space stood before it in the source


def tokens(text: str | None, shown: Shown | None = None) -> tuple[Token, ...]:
    """The tokens of an author text; ``shown`` renders [[ref]] and [^note] tokens."""
    if not text:
        return ()
    out = []
    end = 0
    for match in _TOKEN.finditer(text):
        raw = match.group(0)
        display = shown(raw) if shown and raw.startswith("[") and len(raw) > 2 and raw[1] in "[^" else raw
        out.append(Token(raw, display, match.start() > end))
        end = match.end()
    return tuple(out)


def join(parts: Sequence[Token]) -> str:
    """The tokens as text, single spaces where the source had any."""
    out = ""
    for i, token in enumerate(parts):
        out += (" " if token.space and i else "") + token.text
    return out


def same(old: Sequence[Token], new: Sequence[Token]) -> bool:
    """True when the two texts have the same words (references compared by id)."""
    return [t.key for t in old] == [t.key for t in new]


def compare(old: Sequence[Token], new: Sequence[Token]) -> tuple[tuple[str, str], ...]:
    """Word ops: ('=', 'same words'), ('-', 'deleted words'), ('+', 'inserted words')."""
    matcher = difflib.SequenceMatcher(None, [t.key for t in old], [t.key for t in new], autojunk=False)
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append((SAME, join(new[j1:j2])))
            continue
        if i2 > i1:
            ops.append((DELETED, join(old[i1:i2])))
        if j2 > j1:
            ops.append((INSERTED, join(new[j1:j2])))
    return tuple(ops)


def similarity(old: str, new: str) -> float:
    """Share of words two texts have in common (0..1), for pairing parts that have no id."""
    a = [t.key.lower() for t in tokens(old)]
    b = [t.key.lower() for t in tokens(new)]
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def spaced(ops: Sequence[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(space before, op, text) for each op: how renderers put word ops side by side."""
    out: list[tuple[str, str, str]] = []
    previous = ""
    for op, text in ops:
        if not text:
            continue
        gap = (
            "" if not out or text.startswith(_NO_SPACE_BEFORE) or previous.endswith(_NO_SPACE_AFTER) else " "
        )
        out.append((gap, op, text))
        if op != DELETED:
            previous = text
    return out


def shorten(text: str, words: int = 6, keep: str = "both") -> str:
    """A long unchanged stretch cut to its ends: 'both' keeps first and last words, 'head' the
    first (the text after the last change), 'tail' the last (the text before the first change)."""
    parts = text.split(" ")
    if len(parts) <= 2 * words + 1:
        return text
    if keep == "head":
        return " ".join(parts[:words]) + " …"
    if keep == "tail":
        return "… " + " ".join(parts[-words:])
    return " ".join(parts[:words]) + " … " + " ".join(parts[-words:])


def context(ops: Sequence[tuple[str, str, str]], words: int = 6) -> list[tuple[str, str, str]]:
    """Spaced word ops with the unchanged stretches shortened for a summary view."""
    out = []
    for i, (gap, op, text) in enumerate(ops):
        if op == SAME:
            keep = "tail" if i == 0 else "head" if i == len(ops) - 1 else "both"
            text = shorten(text, words, keep)
        out.append((gap, op, text))
    return out
