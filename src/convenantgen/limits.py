"""Limits on the whole covenant that JSON Schema cannot express (its 'x-budgets').

The schema caps every list, mapping and text on its own; these budgets cap the sums (all
text, all list entries, all table cells, ...), so that the work of rendering any file that
check accepts stays bounded. Each is reported once, as CG010, at the element where the
running count first passes its limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from convenantgen.loader import JsonPath

# Characters that make markdown-it and WeasyPrint do work of their own: link and reference
# brackets, emphasis, code spans, autolinks and line breaks (see docs/performance.md).
MARKS = re.compile(r"[\[*_`<\n]")


@dataclass(frozen=True)
class Budget:
    """One whole-document limit, read from the schema's 'x-budgets'."""

    name: str
    limit: int
    what: str
    hint: str
    each: bool = False  # the limit holds for every amount on its own, not for their sum


@dataclass(frozen=True)
class Overrun:
    """The place where a budget is first exceeded, and the total the file reaches."""

    budget: Budget
    path: JsonPath
    total: int


def budgets(schema: dict[str, Any]) -> dict[str, Budget]:
    """The budgets a schema declares, by name."""
    raw = schema.get("x-budgets", {})
    return {
        name: Budget(
            name, int(spec["limit"]), str(spec["what"]), str(spec.get("x-hint", "")), bool(spec.get("each"))
        )
        for name, spec in raw.items()
        if isinstance(spec, dict)
    }


def _walk(node: Any, path: JsonPath) -> Iterator[tuple[JsonPath, Any]]:
    """Every node with its path, in document order (parents before children)."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


def _representatives(data: dict[str, Any]) -> dict[str, int]:
    """Number of representatives per party id (parties alone and inside groups)."""
    counts: dict[str, int] = {}
    for party in _parties(_list(data.get("partijen")), 3):
        if isinstance(party.get("id"), str):
            counts[party["id"]] = len(_list(party.get("vertegenwoordigers"), keep=True))
    return counts


def _parties(entries: list[dict[str, Any]], depth: int) -> Iterator[dict[str, Any]]:
    """The parties among the entries of a party list, inside groups and clusters (``depth`` levels)."""
    for entry in entries:
        if "partijen" in entry and depth > 1:
            yield from _parties(_list(entry.get("partijen")), depth - 1)
        elif "partijen" not in entry:
            yield entry


def _list(value: Any, keep: bool = False) -> list[Any]:
    """The dict entries of a list (all entries with ``keep``); nothing for a non-list."""
    if not isinstance(value, list):
        return []
    return value if keep else [v for v in value if isinstance(v, dict)]


def _amounts(data: dict[str, Any]) -> Iterator[tuple[str, JsonPath, int]]:
    """(budget name, path, amount) for everything a budget counts, in document order."""
    reps = _representatives(data)
    signing = data.get("ondertekening")
    paraaf = isinstance(signing, dict) and signing.get("paraaf") is True
    for path, node in _walk(data, ()):
        if isinstance(node, str):
            yield "text_characters", path, len(node)
            yield "markdown_marks", path, len(MARKS.findall(node))
        if path and isinstance(path[-1], int):
            yield "list_entries", path, 1
        if len(path) >= 3 and path[-3] == "tabel" and path[-2] == "rijen" and isinstance(node, dict):
            yield "table_cells", path, len(node)
        if isinstance(node, dict) and "vertegenwoordigers" in node and _is_party_path(path):
            yield "parties", path, 1
            for index, _ in enumerate(_list(node["vertegenwoordigers"], keep=True)):
                yield "representatives", (*path, "vertegenwoordigers", index), 1
            if paraaf:
                yield "paraaf_parties", path, 1
                label = "korte_naam" if isinstance(node.get("korte_naam"), str) else "naam"
                if isinstance(node.get(label), str):
                    yield "paraaf_label", (*path, label), len(node[label])
        if len(path) == 3 and path[:2] == ("ondertekening", "blokken") and isinstance(node, dict):
            chosen = node.get("ondertekenaars")
            count = len(chosen) if isinstance(chosen, list) else reps.get(str(node.get("partij")), 0)
            yield "signatures", path, count


def _is_party_path(path: JsonPath) -> bool:
    """partijen[i], partijen[i].partijen[j] or, in a cluster, one level deeper: where parties stand."""
    return len(path) in (2, 4, 6) and all(key == "partijen" for key in path[::2])


def overruns(data: Any, limits: dict[str, Budget]) -> tuple[Overrun, ...]:
    """Every budget the data exceeds, with the first place past the limit."""
    if not isinstance(data, dict):
        return ()
    totals = dict.fromkeys(limits, 0)
    first: dict[str, JsonPath] = {}
    found: list[Overrun] = []
    for name, path, amount in _amounts(data):
        budget = limits.get(name)
        if budget is None or amount == 0:
            continue
        if budget.each:
            if amount > budget.limit:
                found.append(Overrun(budget, path, amount))
            continue
        totals[name] += amount
        if totals[name] > budget.limit and name not in first:
            first[name] = path
    found.extend(Overrun(limits[name], path, totals[name]) for name, path in first.items())
    return tuple(found)
