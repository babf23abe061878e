"""Where a finding stands in the document's own terms ("artikel 2, derde lid", "partij b").

A secretary knows the covenant by its articles, leden, parties and recitals, not by YAML
paths; every located finding says both. The numbers and labels come from
:mod:`convenantgen.numbering`, the one authority for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from convenantgen import numbering
from convenantgen.findings import Finding
from convenantgen.i18n import _
from convenantgen.loader import JsonPath
from convenantgen.numbering import Numbered, Numbering


def where(path: JsonPath) -> str:
    """A readable name for a data path, e.g. ``artikelen[3].leden[1].tekst`` (1-based)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or _("the file")


_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def path_of(where: str) -> JsonPath:
    """The data path a readable name such as ``artikelen[3].leden[1].tekst`` stands for."""
    if where in ("", _("the file")):
        return ()
    out: list[str | int] = []
    for index, key in _STEP.findall(where):
        out.append(int(index) - 1 if index else key)
    return tuple(out)


def _words(part: Numbered, numbers: Numbering) -> str:
    if part.kind == numbering.PARTY:
        return f"partij {part.number} ({part.label})"
    if part.kind == numbering.GROUP:
        return f"groep {part.number} ({part.label})"
    if part.kind == numbering.REPRESENTATIVE:
        party = numbers.by_path(part.path[:-2])
        owner = f" van {party.label}" if party and party.kind == numbering.PARTY else ""
        return f"vertegenwoordiger {part.number}{owner}"
    if part.kind == numbering.BLOCK:
        party = numbers.get(numbering.PARTY, part.id or "")
        return f"ondertekening door {party.label if party else part.id}"
    if part.kind in (numbering.BUDGET, numbering.LINE):
        return f"budget '{part.label}'"
    if part.kind == numbering.NOTE:
        return part.label
    return numbering.phrase(part)


def describe(numbers: Numbering, path: JsonPath) -> str:
    """The document's name for the part a data path lies in, or '' when it has none."""
    for length in range(len(path), 0, -1):
        part = numbers.by_path(tuple(path[:length]))
        if part is not None and part.kind != numbering.NOTE_ITEM:
            return _words(part, numbers)
        if part is not None:
            return part.label
    return ""


def placed(
    findings: Iterable[Finding], numbers: Numbering, invalid: frozenset[str] = frozenset()
) -> tuple[Finding, ...]:
    """The findings with ``place`` filled in from their YAML path (``element`` of CG010)."""
    out = []
    for f in findings:
        path = path_of(f.element) if f.code == "CG010" and not f.place else ()
        if path and str(path[0]) not in invalid:
            words = describe(numbers, path)
            if words:
                f = replace(f, place=words)
        out.append(f)
    return tuple(out)
