"""Every problem at once: the consistency rules run on the parts of a file that are valid.

A schema error in one part must not hide the findings of the rest. The data is first
mended where the intent is plain (a misspelt key renamed, an unknown key left out, a year
written as text read as the year, a date in words read as that date, a text split at ': '
joined again); a top-level part that is still invalid is replaced by a neutral stand-in,
and every rule that reads such a part is skipped. Nothing is ever built from mended data:
it only feeds the rules, and the file stays in error because of its schema findings.
"""

from __future__ import annotations

import copy
from typing import Any

from convenantgen import hints
from convenantgen.loader import JsonPath, Source
from convenantgen.scalar import value_at

# Stand-ins for top-level parts that stay invalid: valid, and read by no rule that runs.
_STAND_INS: dict[str, Any] = {
    "formaat": 1,
    "id": "ongeldig",
    "titel": "-",
    "regio": {"naam": "-", "gemeenten": ["-"]},
    "partijen": [{"id": "ongeldig", "naam": "-", "vertegenwoordigers": [{"id": "ongeldig", "functie": "-"}]}],
    "artikelen": [{"id": "ongeldig", "titel": "-", "tekst": "-"}],
    "looptijd": {"ingang": {"regel": "ondertekening"}, "einde": "onbepaald"},
    "ondertekening": {"blokken": [{"partij": "ongeldig"}]},
}

# The top-level parts each family of rules reads (numbering and text slots read the text
# of nearly every part; a family not named here reads everything).
_TEXT = frozenset({"titel", "ondertitel", "partijen", "considerans", "artikelen", "budgetten", "noten"})
READS: dict[str, frozenset[str]] = {
    "convenantgen.checks.budget": frozenset({"budgetten"}),
    "convenantgen.checks.markup": _TEXT,
    "convenantgen.checks.references": _TEXT,
    "convenantgen.checks.parties": _TEXT | {"regio", "ondertekening"},
    "convenantgen.checks.tables": _TEXT | {"looptijd"},
    "convenantgen.checks.schedule": _TEXT | {"looptijd"},
    "convenantgen.checks.term": frozenset({"looptijd", "ondertekening"}),
}


def _set(data: Any, path: JsonPath, value: Any) -> None:
    parent: Any = value_at(data, path[:-1])
    parent[path[-1]] = value


def _mend(error: Any, data: Any) -> bool:
    """Mend the data at one schema error when the intent is plain; False when it cannot."""
    path: JsonPath = tuple(error.absolute_path)
    value = error.instance
    kind = error.validator
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(error.schema.get("properties", {}))
        mended = False
        for key in [k for k in value if k not in allowed]:
            close = hints.misspelt(key, allowed)
            target: Any = value_at(data, path)
            if hints.is_text_as_key(key) and len(value) == 1 and path:
                _set(data, path, f"{key}: {target[key]}")
                return True
            if close is not None and close not in value and close in error.schema.get("required", []):
                target[close] = target.pop(key)
            else:
                del target[key]
            mended = True
        return mended
    integer = "integer" in str(error.validator_value)
    if kind == "type" and isinstance(value, str) and integer and hints.plain_number(value):
        _set(data, path, int(value.strip()))
        return True
    if kind == "type" and "string" in str(error.validator_value) and isinstance(value, (int, float)):
        _set(data, path, str(value))
        return True
    if kind == "format" and error.validator_value == "date":
        iso = hints.date_notation(value)
        if iso is not None and not iso.startswith("JJJJ"):
            _set(data, path, iso)
            return True
    return False


def _errors(data: Any) -> list[Any]:
    from convenantgen.validate import _leaves, _validator

    return [leaf for error in _validator().iter_errors(data) for leaf in _leaves(error)]


def value_at_or_none(data: Any, path: JsonPath) -> Any:
    """The value at a path, or None when the path does not exist."""
    return value_at(data, path)


def checkable(source: Source) -> tuple[Source, frozenset[str]] | None:
    """Mended source for the rules and the top-level parts left out, or None when none is possible."""
    data = copy.deepcopy(source.data)
    if not isinstance(data, dict):
        return None
    moved: dict[JsonPath, JsonPath] = {}
    for _round in range(10):
        errors = _errors(data)
        if not errors:
            break
        before = copy.deepcopy(data)
        changed = False
        for error in errors:
            if _still_there(data, error):
                changed = _mend(error, data) or changed
                _note_renames(before, data, moved)
        if not changed:
            break
    invalid: set[str] = set()
    for error in _errors(data):
        path = tuple(error.absolute_path)
        if path:
            invalid.add(str(path[0]))
        elif error.validator == "required":
            invalid.update(k for k in error.validator_value if k not in data)
        else:
            return None
    for part in invalid:
        if part in _STAND_INS:
            data[part] = copy.deepcopy(_STAND_INS[part])
        else:
            data.pop(part, None)
    if _errors(data):
        return None
    return _with_positions(source, data, moved), frozenset(invalid)


def _still_there(data: Any, error: Any) -> bool:
    return value_at_or_none(data, tuple(error.absolute_path)) is error.instance or not error.absolute_path


def _note_renames(before: Any, after: Any, moved: dict[JsonPath, JsonPath]) -> None:
    """Record keys renamed between two versions of the data (new path -> typed path)."""
    _walk_renames(before, after, (), moved)


def _walk_renames(before: Any, after: Any, path: JsonPath, moved: dict[JsonPath, JsonPath]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        gone = [k for k in before if k not in after]
        new = [k for k in after if k not in before]
        for key in new:
            old = next((g for g in gone if before[g] == after[key]), None)
            if old is not None:
                moved[(*path, key)] = (*path, old)
        for key in after:
            if key in before:
                _walk_renames(before[key], after[key], (*path, key), moved)
    elif isinstance(before, list) and isinstance(after, list):
        for i, (b, a) in enumerate(zip(before, after, strict=False)):
            _walk_renames(b, a, (*path, i), moved)


def _with_positions(source: Source, data: Any, moved: dict[JsonPath, JsonPath]) -> Source:
    """The source with the mended data; paths under a renamed key point where it was typed."""
    values = dict(source.values)
    keys = dict(source.keys)
    for new, old in moved.items():
        for table in (values, keys):
            for path, position in list(table.items()):
                if path[: len(old)] == old:
                    table.setdefault((*new, *path[len(old) :]), position)
    return Source(source.path, source.text, data, values, keys, source.cut_off)


def skipped(module: str, invalid: frozenset[str]) -> bool:
    """True when a rule of this module reads a part that is invalid."""
    reads = READS.get(module)
    return bool(invalid) and (reads is None or bool(reads & invalid))
