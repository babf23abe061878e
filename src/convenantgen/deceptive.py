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

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from convenantgen import i18n
from convenantgen.findings import Finding, Severity
from convenantgen.i18n import N_, _, ngettext
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
_SCRIPT_NAMES = {
    "LATIN": N_("Latin"),
    "GREEK": N_("Greek"),
    "CYRILLIC": N_("Cyrillic"),
    "COPTIC": N_("Coptic"),
    "ARMENIAN": N_("Armenian"),
    "CHEROKEE": N_("Cherokee"),
}

# Greek and Cyrillic letters that a reader takes for Latin ones (what they read as).
_LOOKS_LATIN = dict(
    zip(
        "АВЕЅІЈКМНОРСТУХҮԚԜӀЁЇаеіјорсухѕԁԛԝһӏүёїΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινασυκχό",
        "ABESIJKMHOPCTYXYQWIËÏaeijopcyxsdqwhlyëïABEZHIKMNOPTYXoivapukxó",
        strict=True,
    )
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and line feed are ordinary text
_WORD = re.compile(r"[^\W\d_]+")
_LOOKALIKE = N_("is a look-alike of")


@dataclass(frozen=True)
class Problem:
    """One lie in one string: where (index in the string), what, and how to fix it."""

    index: int
    code: str
    message: str
    hint: str
    kind: str = ""  # problems of one kind in one text are reported once, with a count


_NAMELESS = {
    "Cc": N_("a control character"),
    "Co": N_("a private-use character"),
    "Cn": N_("an unassigned code point"),
}


def _script_name(script: str) -> str:
    return _(_SCRIPT_NAMES[script]) if script in _SCRIPT_NAMES else script.capitalize()


def describe(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'; control, private-use and unassigned ones have no name."""
    nameless = _NAMELESS.get(unicodedata.category(char), N_("no name"))
    name = unicodedata.name(char, "") or f"({_(nameless)})"
    return f"U+{ord(char):04X} {name}"


def shown(text: str) -> str:
    """``text`` with every character this module refuses written as <U+XXXX>, for messages."""
    return "".join(f"<U+{ord(c):04X}>" if _character(c) else c for c in text)


def _character(char: str) -> tuple[str, str] | None:
    """(what is wrong, hint) for a character that is refused wherever it stands, else None."""
    return _character_in(char, i18n.language())


@cache  # per language: the verdict is said in words
def _character_in(char: str, language: str) -> tuple[str, str] | None:
    """(what is wrong, hint) for ``char``, in ``language``.

    A look-alike's 'what' starts with _LOOKALIKE: runs of them are reported as one word.
    """
    point = ord(char)
    category = unicodedata.category(char)
    remove = _("delete it (it is invisible: move the cursor over it, or retype the word around it)")
    if category == "Cc" and char not in "\t\n":
        return _("is a control character"), _("delete it; it has no place in a covenant's text")
    if point in _DIRECTION:
        return (
            _("changes the direction of the text around it: the page would not read as the file does"),
            remove + _("; a Dutch covenant needs no direction controls"),
        )
    if point == 0x00AD:
        return _("is an invisible hyphen"), _(
            "delete it; lines are hyphenated by the layout, not in the text"
        )
    if point == 0xFEFF:
        return _("(a byte order mark) is invisible inside text"), remove
    if category == "Cf" or point in _INVISIBLE:
        return _("is invisible: the text reads the same without it, but is not the same"), remove
    if category in ("Zs", "Zl", "Zp") and char not in _SPACES_OK:
        return (
            _("is a special space or line break: it reads like an ordinary one but is not"),
            _(
                "type an ordinary space or line break (or a no-break space, U+00A0, where a line "
                "must not break)"
            ),
        )
    if category in ("Co", "Cn"):
        return _("has no agreed meaning and may print as nothing"), _(
            "delete it or type the intended character"
        )
    if category[0] in "LN" and char not in _DUTCH and category != "No":
        plain = unicodedata.normalize("NFKC", char)
        if plain != char and plain.isascii() and plain.isalnum():
            return (
                f"{_(_LOOKALIKE)} '{plain}'",
                _("type '{plain}' with ordinary letters and digits").format(plain=plain),
            )
    return None


@cache
def _script(char: str) -> str | None:
    head = unicodedata.name(char, "").split(" ", 1)[0]
    return head if head in _SCRIPTS else None


@lru_cache(maxsize=4096)
def _word_problem(word: str) -> Problem | None:
    """What is wrong with one word (index relative to the word), cached: texts repeat words."""
    scripts: dict[str, list[int]] = {}
    for i, char in enumerate(word):
        script = _script(char)
        if script is not None:
            scripts.setdefault(script, []).append(i)
    if len(scripts) > 1:
        # point at the first letter of the smaller script (the one pasted in)
        script = min(scripts, key=lambda s: (len(scripts[s]), s == "LATIN", scripts[s][0]))
        i = scripts[script][0]
        others = _(" and ").join(_script_name(s) for s in sorted(scripts))
        rest = "/".join(_script_name(s) for s in sorted(scripts) if s != script)
        return Problem(
            i,
            "CG009",
            _("the word '{word}' mixes {others} letters ({describe} is not {rest})").format(
                word=word, others=others, describe=describe(word[i]), rest=rest
            ),
            _(
                "retype the word on a keyboard with Latin letters (a Greek or Cyrillic letter "
                "pasted in looks the same but makes another name)"
            ),
            "mixed",
        )
    if not scripts or "LATIN" in scripts or len(scripts[next(iter(scripts))]) != len(word):
        return None
    alphabet = _script_name(next(iter(scripts)))
    if all(char in _LOOKS_LATIN for char in word):
        reads = "".join(_LOOKS_LATIN[c] for c in word)
        return Problem(
            0,
            "CG009",
            _(
                "the word '{word}' is written in {alphabet} letters that read as '{reads}' ({describe} ...)"
            ).format(word=word, alphabet=alphabet, reads=reads, describe=describe(word[0])),
            _("type '{reads}' with Latin letters").format(reads=reads),
            "reads-latin",
        )
    return Problem(
        0,
        "CG012",
        _("the word '{word}' is written in {alphabet} letters").format(word=word, alphabet=alphabet),
        _(
            "a Dutch covenant is written in Latin letters; keep the word only if it really "
            "is written this way (a name in its own alphabet), not pasted in by accident"
        ),
        "alphabet",
    )


def problems(text: str) -> list[Problem]:
    """Every lie in ``text``, the first of each kind with a count of the others.

    A kind is one refused character, a run of look-alike letters, or one way a word lies, so
    a pasted page of Cyrillic gives one finding, not one per word. The work is done per
    distinct character and word (and by ``str``/``re`` in C), never per character in Python.
    """
    found: list[tuple[Problem, int]] = _entity_problems(text) if "&" in text else []
    if text.isascii() and not _CONTROL.search(text):
        return [_counted(problem, times) for problem, times in found]  # the common case
    distinct = set(text)
    lookalikes = [c for c in distinct if _is_lookalike(c)]
    for char in sorted(c for c in distinct if _character(c) and c not in lookalikes):
        what, hint = _character(char) or ("", "")
        found.append((_single(text, text.index(char), what, hint), text.count(char)))
    if lookalikes:
        found.append(_lookalike_runs(text, lookalikes))
    if any(_script(c) not in (None, "LATIN") for c in distinct):
        found += _word_problems(text)
    return [_counted(problem, times) for problem, times in found]


_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")


def _refused(char: str) -> bool:
    return _character(char) is not None or _script(char) not in (None, "LATIN")


def _entity_problems(text: str) -> list[tuple[Problem, int]]:
    """HTML entities that Markdown turns into a refused character ('&#x202E;' is a real override)."""
    first: dict[str, Problem] = {}
    times: Counter[str] = Counter()
    for match in _ENTITY.finditer(text):
        entity = match.group(0)
        bad = next((c for c in html.unescape(entity) if _refused(c)), None)
        if bad is None:
            continue
        times[entity] += 1
        first.setdefault(
            entity,
            Problem(
                match.start(),
                "CG009",
                _("the entity '{entity}' in '{shown}' prints as {describe}").format(
                    entity=entity, shown=shown(_around(text, match.start())), describe=describe(bad)
                ),
                _("remove the entity; type the text itself, with ordinary letters and spaces"),
                entity,
            ),
        )
    return [(problem, times[entity]) for entity, problem in first.items()]


def _word_problems(text: str) -> list[tuple[Problem, int]]:
    words = Counter(_WORD.findall(text))
    bad: dict[str, Problem] = {}
    for word in words:
        problem = None if word.isascii() or any(map(_character, word)) else _word_problem(word)
        if problem is not None:
            bad[word] = problem
    times: Counter[str] = Counter()
    for word, problem in bad.items():
        times[problem.kind] += words[word]
    first: dict[str, Problem] = {}
    for match in _WORD.finditer(text) if bad else ():
        problem = bad.get(match.group(0))
        if problem is not None and problem.kind not in first:
            first[problem.kind] = replace(problem, index=match.start() + problem.index)
            if len(first) == len(times):
                break
    return [(problem, times[kind]) for kind, problem in first.items()]


def _is_lookalike(char: str) -> bool:
    verdict = _character(char)
    return verdict is not None and verdict[0].startswith(_(_LOOKALIKE))


def _single(text: str, index: int, what: str, hint: str) -> Problem:
    message = _("{char} in '{text}' {what}").format(
        char=describe(text[index]), text=shown(_around(text, index)), what=what
    )
    return Problem(index, "CG009", message, hint, text[index])


def _lookalike_runs(text: str, chars: list[str]) -> tuple[Problem, int]:
    """The first run of look-alike characters, and how many runs there are."""
    runs = re.compile("[" + "".join(map(re.escape, chars)) + "]+")
    first = runs.search(text)
    start, end = first.span() if first else (0, 0)
    run = text[start:end]
    plain = unicodedata.normalize("NFKC", run)
    what = (
        _("'{run}' is written in look-alike characters ({describe} ...) that read as '{plain}'").format(
            run=run, describe=describe(run[0]), plain=plain
        )
        if len(run) > 1
        else _("{char} in '{text}' {lookalike} '{plain}'").format(
            char=describe(run), text=shown(_around(text, start)), lookalike=_(_LOOKALIKE), plain=plain
        )
    )
    hint = _("type '{plain}' with ordinary letters and digits").format(plain=plain)
    return Problem(start, "CG009", what, hint, "look-alike"), sum(1 for _unused in runs.finditer(text))


def _counted(problem: Problem, times: int) -> Problem:
    if times == 1:
        return problem
    if len(problem.kind) == 1:
        more = ngettext(
            " (and {n} more time in this text)", " (and {n} more times in this text)", times - 1
        ).format(n=times - 1)
    else:
        more = ngettext(
            " (and {n} more such place in this text)", " (and {n} more such places in this text)", times - 1
        ).format(n=times - 1)
    return replace(problem, message=problem.message + more)


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
    start = max(text.rfind("\n", max(0, index - width), index) + 1, index - width, 0)
    end = text.find("\n", index + 1, index + width + 1)
    end = min(len(text) if end < 0 else end, index + width + 1)
    return (
        ("..." if start > 0 and text[start - 1] != "\n" else "")
        + text[start:end]
        + ("..." if end < len(text) and text[end] != "\n" else "")
    )
