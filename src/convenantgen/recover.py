"""Past a YAML syntax error: say what is wrong in plain words, mend the line, read on.

A tab or a line indented one level too far or too little stops the YAML parser, which
would hide every other problem of the file. When the line can be mended with confidence
(re-indented like a line above it so that the file parses past it, or a text with ': '
put between quotes), the syntax error is reported in plain words and the mended text is
checked further, so that one run reports the rest too. Nothing is ever built from a
mended text: the file stays in error until the author fixes it.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import replace
from pathlib import Path

from convenantgen.findings import Finding, Severity
from convenantgen.i18n import _
from convenantgen.loader import Source, load_text, read_source

MAX_MENDS = 20
_INDENTATION = (
    "mapping values are not allowed",
    "did not find expected '-' indicator",
    "did not find expected key",
    "expected <block end>",
    "could not find expected ':'",
)


def text_of(path: Path, root: Path | None) -> str | None:
    """The text of a source file as the loader reads it, or None when it cannot be read."""
    raw = read_source(path, root)
    if isinstance(raw, Finding):
        return None
    body = raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        return body.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _candidates(lines: list[str], index: int) -> list[tuple[int, int, bool]]:
    """(indentation, line number, deeper) a line may have, from the lines above it, nearest first.

    ``deeper``: two spaces more than that line (the first key under it), else the same.
    """
    out: list[tuple[int, int, bool]] = []
    for number in range(index, 0, -1):
        above = lines[number - 1]
        stripped = above.strip()
        if not stripped or stripped.startswith("#") or "\t" in above[: _indent(above)]:
            continue
        own = _indent(above)
        opens = stripped.endswith(":") or stripped.startswith("- ")
        widths: tuple[int, ...] = (own + 2, own) if opens and number == index else (own,)
        if stripped.startswith("- ") and lines[index].lstrip(" \t").startswith("- "):
            # an item under an item is its sibling first: deeper, YAML reads it as more of the text
            widths = tuple(reversed(widths))
        for width in widths:
            if width not in (w for w, _n, _d in out):
                out.append((width, number, width > own))
        if own == 0:
            break
    return out


def _score(text: str, path: str, line: int) -> tuple[int, int] | None:
    """How well a mended text reads: (0, schema errors) when it parses, (1, -line) when it gets further."""
    from convenantgen.validate import validate

    source, problems = load_text(text, path)
    if source is not None:
        return 0, len(validate(source))
    if problems and problems[0].code == "CG002" and problems[0].line > line:
        return 1, -problems[0].line
    return None


def _reindent(text: str, path: str, finding: Finding) -> tuple[str, Finding] | None:
    """The text with the finding's line re-indented like a line above, and the plain-words finding."""
    lines = text.split("\n")
    index = finding.line - 1
    if not 0 < finding.line <= len(lines):
        return None
    line = lines[index]
    tab = "\t" in line[: _indent(line)] or _("a tab character is used for indentation") in finding.message
    if not tab and not any(p in finding.message for p in _INDENTATION):
        return None
    best: tuple[tuple[int, int], int, int, bool, str] | None = None
    for width, like, deeper in _candidates(lines, index):
        if width == _indent(line) and not tab:
            continue
        mended = "\n".join([*lines[:index], " " * width + line.lstrip(" \t"), *lines[index + 1 :]])
        score = _score(mended, path, finding.line)
        if score is not None and (best is None or score < best[0]):
            best = (score, width, like, deeper, mended)
    if best is None:
        return None
    width, like, deeper, mended = best[1:]
    have = _indent(line)
    if tab:
        words = _("a tab character is used for indentation")
        hint = (
            _("indent with spaces, not tabs: here {width} spaces, two more than line {like}")
            if deeper
            else _("indent with spaces, not tabs: here {width} spaces, like line {like}")
        )
    else:
        words = _(
            "this line is indented wrongly ({have} spaces where {width} are needed): YAML "
            "cannot tell what it belongs to"
        ).format(have=have, width=width)
        hint = (
            _("indent it by {width} spaces, two more than line {like}")
            if deeper
            else _("indent it by {width} spaces, like line {like}")
        )
    column = finding.column if tab else have + 1  # the first character of the line's text
    worded = hint.format(width=width, like=like)
    located = Finding(finding.path, finding.line, column, "CG002", Severity.ERROR, words, worded)
    return mended, located


def _quote(text: str, finding: Finding) -> tuple[str, Finding] | None:
    """The text with a 'key: text: more' line's text between double quotes."""
    if "mapping values are not allowed" not in finding.message:
        return None
    lines = text.split("\n")
    line = lines[finding.line - 1]
    head, sep, rest = line.partition(": ")
    body = rest.strip()
    if not sep or ": " not in body or body[0] in "\"'|>[{" or " #" in body:
        return None
    mended = head + sep + json.dumps(body, ensure_ascii=False)
    return "\n".join([*lines[: finding.line - 1], mended, *lines[finding.line :]]), finding


def relocate(findings: tuple[Finding, ...], typed: str, mended: str) -> tuple[Finding, ...]:
    """Findings on mended lines moved back onto the line as typed (mending shifts its columns)."""
    before, after = typed.split("\n"), mended.split("\n")
    out = []
    for f in findings:
        if 0 < f.line <= min(len(before), len(after)) and before[f.line - 1] != after[f.line - 1]:
            line = before[f.line - 1]
            shift = _indent(after[f.line - 1]) - _indent(line)
            f = replace(f, column=max(1, min(f.column - shift, len(line) + 1)))
        out.append(f)
    return tuple(out)


def recover(text: str, path: str, first: Finding) -> tuple[Source | None, tuple[Finding, ...]]:
    """Mend syntax errors one by one; the mended source (to check further) and the syntax findings.

    The source is None when some error cannot be mended with confidence: then the findings
    are the syntax errors found so far, the last one as the parser put it.
    """
    found: list[Finding] = []
    finding = first
    for _round in range(MAX_MENDS):
        step = _quote(text, finding) or _reindent(text, path, finding)
        if step is None:
            return None, (*found, finding)
        text, worded = step
        found.append(worded)
        source, problems = load_text(text, path)
        if source is not None:
            return source, tuple(found)
        if not problems or problems[0].code != "CG002":
            return None, (*found, *problems)
        finding = problems[0]
    return None, (*found, finding)
