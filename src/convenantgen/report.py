"""Reporters: findings and facts as text (coloured on a terminal), JSON or GitHub annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import click

from convenantgen.findings import Finding, Severity
from convenantgen.i18n import N_, _, ngettext
from convenantgen.pipeline import Fact

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text from a covenant made safe for a terminal: control and bidi characters escaped.

    Messages quote values from the file; an escape sequence there must not retitle or
    clear the user's terminal, and a line break must not split one finding over lines.
    """
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEVERITY = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning"), Severity.INFO: N_("info")}


def text_report(findings: Sequence[Finding], facts: Sequence[Fact], files: int, colour: bool) -> str:
    """'path:line:column: CODE message' per finding, a hint under each, and a summary line."""
    lines: list[str] = []
    for f in findings:
        where = f"{f.path}:{f.line}:{f.column}:"
        label = f"{f.code} {_(_SEVERITY[f.severity])}"
        label = click.style(label, fg=_COLOURS[f.severity], bold=True) if colour else label
        lines.append(f"{printable(where)} {label}: {printable(f.message)}")
        if f.place:
            lines.append(_("    place: {place}").format(place=printable(f.place)))
        if f.hint:
            lines.append(_("    hint: {hint}").format(hint=printable(f.hint)))
    for fact in facts:
        lines.append(f"{printable(fact.path)}: {fact.code} {printable(fact.message)}")
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    lines.append(
        ngettext(
            "{files} file checked: {errors} error(s), {warnings} warning(s)",
            "{files} files checked: {errors} error(s), {warnings} warning(s)",
            files,
        ).format(files=files, errors=errors, warnings=warnings)
    )
    return "\n".join(lines)


def json_report(findings: Sequence[Finding], facts: Sequence[Fact], files: int) -> str:
    """Findings and facts as one JSON document."""
    document = {
        "files": files,
        "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
        "findings": [f.as_dict() for f in findings],
        "facts": [f.as_dict() for f in facts],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    value = printable(value)
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github_report(findings: Sequence[Finding], facts: Sequence[Fact], files: int) -> str:
    """GitHub workflow commands (::error file=...,line=...::message)."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for f in findings:
        props = ",".join(
            f"{k}={_escape(str(v), True)}"
            for k, v in (("file", f.path), ("line", f.line), ("col", f.column), ("title", f.code))
        )
        text = (
            f.message
            + (f" ({f.place})" if f.place else "")
            + (_(" (hint: {hint})").format(hint=f.hint) if f.hint else "")
        )
        lines.append(f"::{kinds[f.severity]} {props}::{_escape(text)}")
    for fact in facts:
        lines.append(f"::notice file={_escape(fact.path, True)},title={fact.code}::{_escape(fact.message)}")
    return "\n".join(lines)
