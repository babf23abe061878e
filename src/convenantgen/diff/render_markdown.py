"""The diff as Markdown for a pull-request comment and a job summary.

A short summary of the changes in substance comes first; the word-level details follow in
<details>. Everything from the covenant is escaped (no Markdown or HTML of its own reaches
the comment), and the whole stays under GitHub's comment limit, with a note when it is cut.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from convenantgen.diff import describe
from convenantgen.diff.model import ADDED, DELETED, INSERTED, REMOVED, Change, FileDiff
from convenantgen.diff.words import context, shorten, spaced

LIMIT = 65_536  # GitHub's limit for a comment body, in characters
MARKER = "<!-- convenantgen-diff -->"  # lets a workflow find and update its own comment
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_CUT = (
    "\n\n> **Cut here:** {n} more change(s) are not shown, to stay under GitHub's limit of 65,536 "
    "characters. Run `convenantgen diff` locally or read the job summary for all of them.\n"
)


def escape(text: str) -> str:
    """Covenant text as literal Markdown: no emphasis, links, HTML or line breaks of its own."""
    text = " ".join(text.split())
    return _SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def words(change: Change) -> str:
    """Reworded text with <del> and <ins> (struck and underlined on GitHub)."""
    out = ""
    for gap, op, text in context(spaced(change.words)):
        if op == DELETED:
            out += f"{gap}<del>{escape(text)}</del>"
        elif op == INSERTED:
            out += f"{gap}<ins>{escape(text)}</ins>"
        else:
            out += gap + escape(text)
    return out


def _bullet(change: Change) -> str:
    verb = describe.verb(change)
    rest = describe.headline(change)[len(verb) :]
    return f"- **{verb.capitalize()}** {escape(rest.strip())}"


def _detail(change: Change) -> str:
    head = f"**{escape(describe.verb(change).capitalize())} {escape(describe.what(change))}**"
    if change.words:
        return f"{head}\n\n{words(change)}\n"
    text = describe.body(change)
    if text:
        return f"{head}\n\n{escape(shorten(text, 40))}\n"
    return ""


def _name(result: FileDiff) -> str:
    return result.new_name or result.old_name or ""


def _file_head(result: FileDiff) -> str:
    name = f"`{_name(result).replace('`', '')}`"
    checked = result.checked if result.diff is None else result.diff.new
    title = f" — {escape(checked.covenant.titel)}" if checked and checked.covenant else ""
    if result.status == "error":
        return f"#### {name}: cannot compare\n\nA side does not pass `convenantgen check`:\n"
    if result.status in (ADDED, REMOVED):
        return f"#### {name}{title}: covenant {result.status}\n"
    assert result.diff is not None
    return f"#### {name}{title}\n\n{escape(describe.summary(result.diff).capitalize())}\n"


def _summary(result: FileDiff) -> list[str]:
    if result.status == "error":
        return [f"- {escape(f'{f.path}:{f.line}:{f.column}: {f.code} {f.message}')}" for f in result.findings]
    if result.diff is None:
        return []
    lines = [_bullet(c) for c in result.diff.changes]
    note = describe.renumbering(result.diff.renumbered)
    if note:
        lines.append(f"- {escape(note.capitalize())}")
    return lines


def _headline(results: Sequence[FileDiff]) -> str:
    counts = {s: sum(1 for r in results if r.status == s) for s in ("changed", ADDED, REMOVED, "error")}
    same = sum(1 for r in results if r.diff is not None and r.diff.same)
    counts["changed"] -= same
    parts = [f"{n} {s}" for s, n in counts.items() if n]
    if same:
        parts.append(f"{same} without change in substance")
    return "### Covenant changes: " + (", ".join(parts) if parts else "none") + "\n"


def render(results: Sequence[FileDiff], limit: int = LIMIT) -> str:
    """Summary first, details in <details>, at most ``limit`` characters."""
    head = [MARKER, _headline(results)]
    for result in results:
        head.append(_file_head(result))
        head.extend(_summary(result))
        head.append("")
    details = [
        (result, change, _detail(change))
        for result in results
        if result.diff is not None
        for change in result.diff.changes
    ]
    details = [d for d in details if d[2]]
    text = "\n".join(head)
    if len(text) > limit - 2000:  # the summary alone is too long: keep what fits of it
        text = text[: limit - 2000].rsplit("\n", 1)[0]
        return text + _CUT.format(n=len(details) or "some")
    if not details:
        return text
    text += "\n<details><summary>Details: the changed words</summary>\n\n"
    closing = "\n</details>\n"
    current = None
    for shown, (result, _change, block) in enumerate(details):
        part = ""
        if result is not current:
            part += f"\n##### `{_name(result).replace('`', '')}`\n\n"
            current = result
        part += block + "\n"
        if len(text) + len(part) + len(closing) + len(_CUT) + 20 > limit:
            return text + closing + _CUT.format(n=len(details) - shown)
        text += part
    return text + closing
