"""The rule registry and the engine that turns rule hits into located findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from convenantgen.findings import Finding, Severity
from convenantgen.i18n import _
from convenantgen.layout import Layout
from convenantgen.loader import JsonPath, Source
from convenantgen.model import Covenant
from convenantgen.partial import skipped
from convenantgen.places import describe, where
from convenantgen.scalar import position_in_text


@dataclass(frozen=True)
class Hit:
    """A rule firing: where (data path, optionally a word or an index inside that text) and what."""

    path: JsonPath
    message: str
    element: str = ""
    needle: str | None = None
    at_key: bool = False
    hint: str | None = None
    offset: int | None = None  # index into the text at path; exact, where YAML lets us follow it


@dataclass(frozen=True)
class Context:
    """What every rule may look at."""

    source: Source
    covenant: Covenant
    layout: Layout
    entry_into_force: date | None
    invalid: frozenset[str] = frozenset()  # top-level parts that failed the schema (stand-ins)


CheckFn = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    """A consistency rule of the catalogue."""

    code: str
    severity: Severity
    family: str
    title: str
    hint: str
    check: CheckFn


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, family: str, title: str, hint: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under a stable code."""

    def register(fn: CheckFn) -> CheckFn:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, severity, family, title, hint, fn)
        return fn

    return register


def locate(
    source: Source, path: JsonPath, needle: str | None, at_key: bool = False, offset: int | None = None
) -> tuple[int, int]:
    """Line and column of character ``offset`` or else ``needle`` in the text at ``path`` (or of the node)."""
    if offset is not None and not at_key:
        exact = position_in_text(source, path, offset)
        if exact is not None:
            return exact
    line, column = source.position(path, key=at_key)
    if not needle:
        return line, column
    lines = source.text.splitlines(keepends=True)
    start = sum(len(x) for x in lines[: line - 1]) + column - 1
    found = source.text.find(needle, start)
    if found < 0:
        return line, column
    before = source.text[:found]
    return before.count("\n") + 1, found - (before.rfind("\n") + 1) + 1


def run_checks(context: Context) -> tuple[Finding, ...]:
    """Run every rule whose input is valid and return its findings, sorted by place."""
    found: set[Finding] = set()
    for code, registered in sorted(RULES.items()):
        if skipped(registered.check.__module__, context.invalid):
            continue  # its input is invalid: a finding from a stand-in would be made up
        for hit in registered.check(context):
            line, column = locate(context.source, hit.path, hit.needle, hit.at_key, hit.offset)
            words = describe(context.layout.numbering, hit.path)
            place = f"{words} — {where(hit.path)}" if words else ""
            found.add(
                Finding(
                    context.source.path,
                    line,
                    column,
                    code,
                    registered.severity,
                    hit.message,
                    hit.hint or _(registered.hint),
                    hit.element,
                    place,
                )
            )
    return tuple(sorted(found))
