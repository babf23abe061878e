"""Text that lies: invisible, direction-changing and look-alike characters in any key or value.

A covenant is read by people and signed. A right-to-left override makes the page show
'UWV' for a file that says 'VWU' (or '€ 10.000' for '€ 000.01'); a zero-width space or a
Cyrillic 'У' makes 'UWV' and 'U\u200bWV' two different parties that print alike. This
pass looks at every string of the loaded data, keys included, before and independently of
the schema, and points at the offending character itself (see :mod:`convenantgen.positions`).

CG009 (error): control, format (Unicode category Cf: bidi controls and marks, zero-width
characters, soft hyphen, byte order mark, tag characters), other invisible characters
(variation selectors, fillers, blank braille), spaces other than the ordinary space and the
no-break space, private-use and unassigned code points, compatibility letters (fullwidth,
mathematical, ligatures; not the Dutch 'ĳ'), words that mix Latin with Greek or Cyrillic
letters, and Greek or Cyrillic words made only of letters that look Latin.
CG012 (warning): any other word written wholly in Greek, Cyrillic or a similar alphabet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from convenantgen.findings import Finding, Severity
from convenantgen.loader import JsonPath, Source
from convenantgen.positions import ScalarLocator
from convenantgen.validate import where

_DIRECTION = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Not category Cf, yet printed as nothing: grapheme joiner, variation selectors, Hangul and
# Mongolian fillers, Khmer inherent vowels, the blank braille pattern.
_INVISIBLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x2800, 0x3164, 0xFFA0]
) | frozenset([*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])
_SPACES_OK = frozenset(" \u00a0")  # the no-break space is what editors put between '€' and an amount
_DUTCH = frozenset("ĳĲ")  # compatibility ligatures, but the Dutch letter: always allowed
_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "COPTIC", "ARMENIAN", "CHEROKEE")

# Greek and Cyrillic letters that a reader takes for Latin ones (what they read as).
_LOOKS_LATIN = dict(
    zip(
        "АВЕЅІЈКМНОРСТУХҮԚԜӀЁЇаеіјорсухѕԁԛԝһӏүёїΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινασυκχό",
        "ABESIJKMHOPCTYXYQWIËÏaeijopcyxsdqwhlyëïABEZHIKMNOPTYXoivapukxó",
        strict=True,
    )
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and line feed are ordinary text
_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\U0010ffff]")
_WORD = re.compile(r"[^\W\d_]+")
_LOOKALIKE = "is a look-alike of"


@dataclass(frozen=True)
class Problem:
    """One lie in one string: where (index in the string), what, and how to fix it."""

    index: int
    code: str
    message: str
    hint: str


_NAMELESS = {"Cc": "a control character", "Co": "a private-use character", "Cn": "an unassigned code point"}


def describe(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'; control, private-use and unassigned ones have no name."""
    name = unicodedata.name(char, "") or f"({_NAMELESS.get(unicodedata.category(char), 'no name')})"
    return f"U+{ord(char):04X} {name}"


def shown(text: str) -> str:
    """``text`` with every character this module refuses written as <U+XXXX>, for messages."""
    return "".join(f"<U+{ord(c):04X}>" if _character(c) else c for c in text)


@cache
def _character(char: str) -> tuple[str, str] | None:
    """(what is wrong, hint) for a character that is refused wherever it stands, else None.

    A look-alike's 'what' starts with _LOOKALIKE: runs of them are reported as one word.
    """
    point = ord(char)
    category = unicodedata.category(char)
    remove = "delete it (it is invisible: move the cursor over it, or retype the word around it)"
    if category == "Cc" and char not in "\t\n":
        return "is a control character", "delete it; it has no place in a covenant's text"
    if point in _DIRECTION:
        return (
            "changes the direction of the text around it: the page would not read as the file does",
            remove + "; a Dutch covenant needs no direction controls",
        )
    if point == 0x00AD:
        return "is an invisible hyphen", "delete it; lines are hyphenated by the layout, not in the text"
    if point == 0xFEFF:
        return "(a byte order mark) is invisible inside text", remove
    if category == "Cf" or point in _INVISIBLE:
        return "is invisible: the text reads the same without it, but is not the same", remove
    if category in ("Zs", "Zl", "Zp") and char not in _SPACES_OK:
        return (
            "is a special space or line break: it reads like an ordinary one but is not",
            "type an ordinary space or line break (or a no-break space, U+00A0, where a line must not break)",
        )
    if category in ("Co", "Cn"):
        return "has no agreed meaning and may print as nothing", "delete it or type the intended character"
    if category[0] in "LN" and char not in _DUTCH and category != "No":
        plain = unicodedata.normalize("NFKC", char)
        if plain != char and plain.isascii() and plain.isalnum():
            return f"{_LOOKALIKE} '{plain}'", f"type '{plain}' with ordinary letters and digits"
    return None


def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    head = name.split(" ", 1)[0]
    return head if head in _SCRIPTS else None


def _word_problem(word: str, start: int) -> Problem | None:
    scripts: dict[str, list[int]] = {}
    for i, char in enumerate(word):
        script = _script(char)
        if script is not None:
            scripts.setdefault(script, []).append(i)
    if len(scripts) > 1:
        # point at the first letter of the smaller script (the one pasted in)
        script = min(scripts, key=lambda s: (len(scripts[s]), s == "LATIN", scripts[s][0]))
        i = scripts[script][0]
        others = " and ".join(s.capitalize() for s in sorted(scripts))
        rest = "/".join(s.capitalize() for s in sorted(scripts) if s != script)
        return Problem(
            start + i,
            "CG009",
            f"the word '{word}' mixes {others} letters ({describe(word[i])} is not {rest})",
            "retype the word on a keyboard with Latin letters (a Greek or Cyrillic letter pasted in"
            " looks the same but makes another name)",
        )
    if not scripts or "LATIN" in scripts or len(scripts[next(iter(scripts))]) != len(word):
        return None
    if all(char in _LOOKS_LATIN for char in word):
        reads = "".join(_LOOKS_LATIN[c] for c in word)
        return Problem(
            start,
            "CG009",
            f"the word '{word}' is written in {next(iter(scripts)).capitalize()} letters that read as"
            f" '{reads}' ({describe(word[0])} ...)",
            f"type '{reads}' with Latin letters",
        )
    return Problem(
        start,
        "CG012",
        f"the word '{word}' is written in {next(iter(scripts)).capitalize()} letters",
        "a Dutch covenant is written in Latin letters; keep the word only if it really is written"
        " this way (a name in its own alphabet), not pasted in by accident",
    )


def problems(text: str) -> list[Problem]:
    """Every lie in ``text``: one problem per refused character (at its first place), per run
    of look-alike letters and per word that mixes alphabets."""
    found: list[Problem] = []
    candidates = [m.start() for m in (_CONTROL if text.isascii() else _SUSPECT).finditer(text)]
    seen: dict[str, int] = {}
    run_end = -1
    for index in candidates:
        char = text[index]
        verdict = _character(char)
        if verdict is None or index < run_end:
            continue
        what, hint = verdict
        if what.startswith(_LOOKALIKE):
            run_end = index + 1
            while run_end < len(text) and _is_lookalike(text[run_end]):
                run_end += 1
            lone = run_end - index == 1
            found.append(_single(text, index, what, hint) if lone else _lookalikes(text, index, run_end))
            continue
        if char in seen:
            seen[char] += 1
            continue
        seen[char] = 1
        found.append(_single(text, index, what, hint))
    found = [_counted(p, seen.get(text[p.index], 1)) for p in found]
    if not text.isascii():
        for match in _WORD.finditer(text):
            word = match.group(0)
            if not word.isascii() and not any(_character(c) for c in word):
                problem = _word_problem(word, match.start())
                if problem is not None:
                    found.append(problem)
    return found


def _is_lookalike(char: str) -> bool:
    verdict = _character(char)
    return verdict is not None and verdict[0].startswith(_LOOKALIKE)


def _single(text: str, index: int, what: str, hint: str) -> Problem:
    return Problem(index, "CG009", f"{describe(text[index])} in '{shown(_around(text, index))}' {what}", hint)


def _lookalikes(text: str, start: int, end: int) -> Problem:
    run = text[start:end]
    plain = unicodedata.normalize("NFKC", run)
    return Problem(
        start,
        "CG009",
        f"'{run}' is written in look-alike characters ({describe(run[0])} ...) that read as '{plain}'",
        f"type '{plain}' with ordinary letters and digits",
    )


def _counted(problem: Problem, times: int) -> Problem:
    if times == 1:
        return problem
    more = f" (and {times - 1} more time{'s' if times > 2 else ''} in this text)"
    return Problem(problem.index, problem.code, problem.message + more, problem.hint)


def _strings(data: Any, path: JsonPath) -> Iterator[tuple[JsonPath, bool, str]]:
    """(path, is a key, text) for every key and every string value, in file order."""
    if isinstance(data, str):
        yield path, False, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key), True, key
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _strings(item, (*path, i))


def deceptive_text(source: Source) -> tuple[Finding, ...]:
    """CG009 / CG012 findings for every key and string value of the source, at the character."""
    locator: ScalarLocator | None = None
    found: list[Finding] = []
    for path, is_key, text in _strings(source.data, ()):
        for problem in problems(text):
            locator = locator or ScalarLocator(source)
            line, column = locator.locate(path, is_key, text, problem.index)
            severity = Severity.ERROR if problem.code == "CG009" else Severity.WARNING
            place = where(path) + (" (key)" if is_key else "")
            message, hint = problem.message, problem.hint
            found.append(Finding(source.path, line, column, problem.code, severity, message, hint, place))
    return tuple(sorted(found))


def _around(text: str, index: int, width: int = 20) -> str:
    """The part of the line of ``text`` around ``index``, so the message shows where."""
    start = max(text.rfind("\n", 0, index) + 1, index - width)
    end = text.find("\n", index + 1)
    end = min(len(text) if end < 0 else end, index + width + 1)
    return (
        ("..." if start > 0 and text[start - 1] != "\n" else "")
        + text[start:end]
        + ("..." if end < len(text) and text[end] != "\n" else "")
    )
