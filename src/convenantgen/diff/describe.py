"""How a change is said in one line, shared by the terminal, Markdown and HTML views."""

from __future__ import annotations

import re
from collections.abc import Sequence

from convenantgen.diff.model import ADDED, CHANGED, MOVED, REMOVED, Change, Diff

# Subjects named by what they are ("partij CNV"); the others are named by their place
# ("artikel 3, tweede lid", "looptijd, einde"), which says what they are already.
_NAMED = {"partij", "groep", "vertegenwoordiger", "gemeente", "titel", "regio", "publicatie", "id"}
_QUIET_FIELDS = {"tekst", "persoon", "naam", "getekend", "titel"}
VERBS = {ADDED: "added", REMOVED: "removed", MOVED: "moved", CHANGED: "changed"}
_ARTICLE = re.compile(r"^artikel (\d+)$")


def verb(change: Change) -> str:
    """'added', 'removed', 'moved', 'changed', or 'reworded' for a text changed word by word."""
    if change.kind == CHANGED and change.words:
        return "reworded"
    if change.subject == "ondertekening" and change.note == "signature recorded":
        return "signed"
    return VERBS[change.kind]


def what(change: Change) -> str:
    """The part, as the document names it: 'partij CNV (werknemersorganisaties)', 'artikel 2, eerste lid'."""
    label = change.label
    if change.subject in _NAMED and not label.startswith(change.subject):
        label = f"{change.subject} {label}"
    field = (change.field or "").replace("_", " ")
    plain_value = change.kind == CHANGED and not change.words
    quiet = change.field in _QUIET_FIELDS or change.subject == "cel"
    if field and not quiet and plain_value and not label.endswith(field):
        label = f"{label}, {field}"
    if change.kind == CHANGED and change.words and change.field in ("titel", "kop", "slot", "nulmeting"):
        label = f"{label}, {change.field}"
    return label


def value(text: str | None) -> str:
    """A value as shown: '—' for none."""
    return text if text else "—"


def headline(change: Change) -> str:
    """One line: 'changed artikel 1, eerste lid, tabel, 2018, Markt: 388 → 400 (totaal 2018: 494 → 506)'."""
    line = f"{verb(change)} {what(change)}" + (f" ({change.title})" if change.title else "")
    if verb(change) == "signed":
        line += f": {value(change.new)}"
    elif change.kind == CHANGED and not change.words and change.subject != "overig":
        line += f": {value(change.old)} → {value(change.new)}"
    if change.kind == MOVED and change.old_label == change.new_label:
        line += " (order changed)"
    if change.note and verb(change) != "signed":
        line += f" ({change.note})"
    return line


def body(change: Change) -> str | None:
    """The text of a part added or removed, shown under its headline."""
    if change.kind == ADDED:
        return change.new
    if change.kind == REMOVED:
        return change.old
    return None


def renumbering(pairs: Sequence[tuple[str, str]]) -> str | None:
    """The renumbering said once: 'artikel 2–8 became artikel 3–9'."""
    if not pairs:
        return None
    numbers = [(_ARTICLE.match(a), _ARTICLE.match(b)) for a, b in pairs]
    runs: list[list[tuple[int, int]]] = []
    for a, b in numbers:
        if a is None or b is None:
            return "renumbered: " + ", ".join(f"{x} became {y}" for x, y in pairs)
        old, new = int(a.group(1)), int(b.group(1))
        last = runs[-1][-1] if runs else None
        if last and old == last[0] + 1 and new == last[1] + 1:
            runs[-1].append((old, new))
        else:
            runs.append([(old, new)])
    parts = []
    for run in runs:
        (o1, n1), (o2, n2) = run[0], run[-1]
        parts.append(
            f"artikel {o1} became {n1}" if o1 == o2 else f"artikel {o1}–{o2} became artikel {n1}–{n2}"
        )
    return "renumbered: " + "; ".join(parts)


def counts(diff: Diff) -> dict[str, int]:
    """How many parts were added, removed, changed and moved."""
    out = dict.fromkeys(VERBS, 0)
    for change in diff.changes:
        out[change.kind] += 1
    return out


def summary(diff: Diff) -> str:
    """'3 changes in substance (1 added, 1 removed, 1 changed)', or 'no change in substance'."""
    if diff.same:
        return "no change in substance"
    n = len(diff.changes)
    found = ", ".join(f"{k} {VERBS[v]}" for v, k in counts(diff).items() if k)
    text = f"{n} change{'s' if n != 1 else ''} in substance" + (f" ({found})" if found else "")
    if diff.renumbered and not diff.changes:
        text = "articles renumbered only"
    return text
