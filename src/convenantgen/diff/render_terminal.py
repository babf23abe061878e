"""The diff on a terminal: coloured on a TTY, plain (git's [-deleted-]{+inserted+}) otherwise."""

from __future__ import annotations

from collections.abc import Sequence

import click

from convenantgen.diff import describe
from convenantgen.diff.model import ADDED, DELETED, INSERTED, MOVED, REMOVED, Change, Diff, FileDiff
from convenantgen.diff.words import context, shorten, spaced
from convenantgen.report import printable, text_report

_MARK = {ADDED: "+", REMOVED: "-", MOVED: ">"}
_COLOUR = {ADDED: "green", REMOVED: "red", MOVED: "cyan"}
_WIDTH = 100


def _style(text: str, colour: bool, **how: object) -> str:
    return click.style(text, **how) if colour else text  # type: ignore[arg-type]


def words(change: Change, colour: bool) -> str:
    """The word ops of a reworded text: long unchanged stretches shortened."""
    out = ""
    for gap, op, text in context(spaced(change.words)):
        text = printable(text)
        if op == DELETED:
            out += gap + (_style(text, colour, fg="red", strikethrough=True) if colour else f"[-{text}-]")
        elif op == INSERTED:
            out += gap + (_style(text, colour, fg="green", underline=True) if colour else f"{{+{text}+}}")
        else:
            out += gap + text
    return out


def _wrap(text: str, indent: str) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(click.unstyle(word)) > _WIDTH - len(indent):
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(indent + x for x in lines)


def change_lines(change: Change, colour: bool) -> list[str]:
    """A change: its headline, and the words or the text under it."""
    mark = _MARK.get(change.kind, "~")
    head = printable(describe.headline(change))
    lines = [f"  {_style(mark, colour, fg=_COLOUR.get(change.kind, 'yellow'), bold=True)} {head}"]
    if change.words:
        lines.append(_wrap(words(change, colour), "      "))
    elif describe.body(change):
        lines.append(_wrap(printable(shorten(describe.body(change) or "", 20)), "      "))
    return lines


def diff_lines(diff: Diff, colour: bool) -> list[str]:
    """All changes of one diff, the renumbering said once at the end."""
    lines: list[str] = []
    for change in diff.changes:
        lines.extend(change_lines(change, colour))
    note = describe.renumbering(diff.renumbered)
    if note:
        lines.append(f"  {_style('#', colour, fg='cyan', bold=True)} {note}")
    return lines


def _name(result: FileDiff) -> str:
    if result.old_name and result.new_name:
        return f"{result.old_name} → {result.new_name}"
    return result.new_name or result.old_name or ""


def _title(result: FileDiff) -> str:
    checked = result.checked
    if checked is not None and checked.covenant is not None:
        c = checked.covenant
        parties, articles = len(c.parties), len(c.artikelen)
        return (
            f"{c.titel} ({c.id}): {parties} part{'ies' if parties != 1 else 'y'}, "
            f"{articles} article{'s' if articles != 1 else ''}"
        )
    return "does not pass check" if result.status == "added" else "covenant file"


def file_lines(result: FileDiff, colour: bool) -> list[str]:
    """One file's section of the report."""
    name = _style(printable(_name(result)), colour, bold=True)
    if result.status == "error":
        return [
            f"{name}: cannot compare: a side does not pass check",
            text_report(result.findings, (), 2, colour),
        ]
    if result.status in (ADDED, REMOVED):
        return [f"{name}: covenant {result.status}: {printable(_title(result))}"]
    assert result.diff is not None
    return [f"{name}: {describe.summary(result.diff)}", *diff_lines(result.diff, colour)]


def render(results: Sequence[FileDiff], colour: bool) -> str:
    """The whole report for the terminal."""
    if not results:
        return "no covenant added, removed or changed"
    blocks = ["\n".join(file_lines(r, colour)) for r in results]
    return "\n\n".join(blocks)
