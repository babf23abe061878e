"""Validate stage: check loaded data against the JSON Schema and locate every error."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from convenantgen import hints
from convenantgen.findings import Finding, Severity
from convenantgen.i18n import N_, _, schema_text
from convenantgen.limits import budgets, overruns
from convenantgen.loader import JsonPath, Source
from convenantgen.places import where as where
from convenantgen.resources import schema_path

_TYPE_WORDS = {
    "string": N_("text"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
    "object": N_("a mapping of keys"),
    "array": N_("a list"),
    "null": N_("nothing"),
}
_TYPE_HINTS = {
    "string": N_('put the text between double quotes, e.g. "2027.10", so YAML keeps it as text'),
    "integer": N_("write a whole number without quotes, dots or spaces, e.g. 1065"),
    "number": N_("write a plain number without quotes, e.g. 1000000"),
    "boolean": N_("write true or false (not yes, no, on or off)"),
    "object": N_("indent 'key: value' lines under this key"),
    "array": N_("write a list with one '- ' item per line"),
}


@cache
def load_schema(name: str = "convenant") -> dict[str, Any]:
    """A JSON Schema by name (``convenant``, ``voortgang``), read once."""
    with schema_path(name).open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def _inline_refs(node: Any, root: dict[str, Any]) -> Any:
    """Replace local '$ref's by the schemas they point to (our schema has no recursion).

    jsonschema resolves every '$ref' on every instance through the referencing registry,
    which was a third of check's time; inlining once makes validation markedly faster.
    """
    if isinstance(node, list):
        return [_inline_refs(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: Any = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        merged = {**_inline_refs(target, root), **{k: v for k, v in node.items() if k != "$ref"}}
        return merged
    return {key: _inline_refs(value, root) for key, value in node.items()}


def _whole_number(checker: Any, value: Any) -> bool:
    # JSON Schema counts 2025.0 as an integer; in a covenant '1.000' is a Dutch thousand and
    # '2025.0' a typing slip: a whole number is one written without a decimal point.
    return isinstance(value, int) and not isinstance(value, bool)


_Strict = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _whole_number),
)


def _has_float_whole_number(data: Any) -> bool:
    """True when some number in ``data`` is a float with a whole value (fastjsonschema accepts it)."""
    if isinstance(data, float):
        return data.is_integer()
    if isinstance(data, dict):
        return any(_has_float_whole_number(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_float_whole_number(v) for v in data)
    return False


@cache
def _validator(name: str = "convenant") -> Draft202012Validator:
    schema = load_schema(name)
    strict: Draft202012Validator = _Strict(
        _inline_refs(schema, schema), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return strict


def id_problem(covenant_id: str) -> str | None:
    """Why ``covenant_id`` cannot be a covenant's id (by the schema), or None when it can."""
    schema = load_schema()
    checker = Draft202012Validator(_inline_refs(schema["properties"]["id"], schema))
    for error in checker.iter_errors(covenant_id):
        if error.validator == "not":
            return schema_text(str(error.validator_value.get("x-hint", ""))) or _("not allowed as an id")
        return _("use lower-case letters, digits and single hyphens, at most 64 characters")
    return None


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return _("the text '{shown}'").format(shown=shown)
    if isinstance(value, list):
        return _("a list")
    return _("a mapping")


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """The most specific errors under an anyOf/oneOf, or the error itself."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        deepest = max(len(e.absolute_path) for e in error.context)
        if deepest > len(error.absolute_path):
            for sub in error.context:
                if len(sub.absolute_path) == deepest:
                    yield from _leaves(sub)
            return
    yield error


def _hint(error: ValidationError, default: str = "") -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    return schema_text(str(schema.get("x-hint", ""))) or default


def _required(schema: Any) -> list[str]:
    """The keys an object schema requires, also those its 'then' or 'else' requires."""
    keys = list(schema.get("required", []))
    for branch in ("then", "else"):
        if isinstance(schema.get(branch), dict):
            keys += schema[branch].get("required", [])
    return keys


def _messages(error: ValidationError, source: Source) -> Iterator[tuple[JsonPath, bool, str, str]]:
    """Yield (path, at_key, message, hint) for one schema error."""
    path: JsonPath = tuple(error.absolute_path)
    name = where(path)
    kind: Any = error.validator
    value: Any = error.instance
    schema: Any = error.schema
    expected: Any = error.validator_value
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(value) - set(allowed)):
            meant = hints.misspelt(key, allowed)
            if meant is not None and meant not in value and meant in _required(schema):
                # the key that is then "missing" is this one: one problem, not two
                message = _("unknown key '{key}' in {name}: a misspelling of '{meant}'")
                hint = _("write '{meant}:' instead of '{key}:'")
                yield (
                    (*path, key),
                    True,
                    message.format(key=key, name=name, meant=meant),
                    hint.format(key=key, meant=meant),
                )
                continue
            if hints.is_text_as_key(key):
                yield ((*path, key), True, *hints.colon_words(name, key, value[key]))
                continue
            hint = _("did you mean '{meant}'?").format(meant=meant) if meant else ""
            hint += (" " if hint else "") + _("Allowed here: ") + ", ".join(allowed)
            yield (*path, key), True, _("unknown key '{key}' in {name}").format(key=key, name=name), hint
    elif kind == "required":
        allowed_here = sorted(schema.get("properties", {})) if isinstance(schema, dict) else []
        for key in expected:
            if isinstance(value, dict) and hints.meant_for(key, value, allowed_here):
                continue
            if (
                not allowed_here
                and isinstance(value, dict)
                and any(hints.misspelt(k, [key]) == key for k in value if k != key)
            ):  # required by an if/then/else, which knows no properties: the misspelt key says it
                continue
            if isinstance(value, dict) and key not in value:
                description = _property_description(schema, key)
                yield (
                    path,
                    bool(path),
                    _("{name} is missing the key '{key}'").format(name=name, key=key),
                    description,
                )
    elif kind == "type":
        wanted = expected
        words = _(" or ").join(
            _(_TYPE_WORDS[t]) if t in _TYPE_WORDS else t
            for t in ([wanted] if isinstance(wanted, str) else wanted)
        )
        first = wanted if isinstance(wanted, str) else wanted[0]
        default = _(_TYPE_HINTS[first]) if first in _TYPE_HINTS else ""
        # A number or true/false where text belongs: YAML read it so; quoting is the fix. A
        # list's or mapping's own x-hint explains its size limit, not how to write one.
        hint = default if first in ("string", "array", "object") else _hint(error, default)
        if first == "integer" and isinstance(value, str) and hints.plain_number(value):
            hint = _("write {value} without quotes, so that it is read as a number").format(
                value=value.strip()
            )
        yield (
            path,
            False,
            _("{name} must be {words}, not {describe}").format(
                name=name, words=words, describe=_describe(value)
            ),
            hint,
        )
    elif kind == "format" and expected == "date":
        default = _hint(error, _("write a real date as YYYY-MM-DD, e.g. 2019-01-01"))
        yield (path, False, *hints.date_words(name, value, default))
    elif kind in ("enum", "const"):
        options = expected if kind == "enum" else [expected]
        shown = ", ".join(repr(o) for o in options)
        close = [
            o
            for o in options
            if isinstance(o, str)
            and isinstance(value, str)
            and difflib.get_close_matches(value, [o], n=1, cutoff=0.6)
        ]
        hint = (
            _("did you mean '{close}'?").format(close=close[0])
            if close
            else _hint(error, _("write one of: {shown}").format(shown=shown))
        )
        yield (
            path,
            False,
            _("{name} must be one of {shown}, not {describe}").format(
                name=name, shown=shown, describe=_describe(value)
            ),
            hint,
        )
    elif kind == "pattern" and expected == "\\S":
        yield path, False, _("{name} must not be empty").format(name=name), _("fill it in or remove the key")
    elif kind == "pattern":
        yield (
            path,
            False,
            _("{name}: {describe} is not in the expected form").format(name=name, describe=_describe(value)),
            _hint(error),
        )
    elif kind == "propertyNames":
        names_schema = expected if isinstance(expected, dict) else {}
        yield (
            (*path, str(value)),
            True,
            _("{name}: the key '{value}' is not a valid id").format(name=name, value=value),
            schema_text(str(names_schema.get("x-hint", "")))
            or _("use lower-case letters, digits and single hyphens"),
        )
    elif kind in ("minItems", "minLength", "minProperties"):
        # the schema's x-hint, if any, explains its upper limit
        yield path, False, _("{name} must not be empty").format(name=name), _("fill it in or remove the key")
    elif kind in ("maxLength", "maxItems", "maxProperties"):
        yield from _over_limit(error, path, name)
    elif kind in ("minimum", "maximum"):
        side = _("at least") if kind == "minimum" else _("at most")
        yield (
            path,
            False,
            _("{name} must be {side} {expected}, not {value}").format(
                name=name, side=side, expected=expected, value=value
            ),
            _hint(error),
        )
    elif kind == "anyOf" and all(set(s) == {"required"} for s in expected):
        keys = _(" or ").join(f"'{s['required'][0]}'" for s in expected)
        yield path, bool(path), _("{name} needs {keys}").format(name=name, keys=keys), _hint(error)
    elif kind == "not" and "x-message" in expected:
        yield (
            path,
            False,
            "{name} {message}".format(name=name, message=schema_text(expected["x-message"])),
            schema_text(str(expected.get("x-hint", ""))),
        )
    elif kind == "not" and "pattern" in expected:
        yield (
            path,
            False,
            _("{name}: {describe} is a name that is not allowed here").format(
                name=name, describe=_describe(value)
            ),
            schema_text(expected.get("x-hint", "")),
        )
    elif kind == "not" and len(expected.get("required", [])) > 1:
        keys = expected["required"]
        yield (
            (*path, keys[-1]),
            True,
            _("{name}: give {value}, not both").format(name=name, value=" or ".join(repr(k) for k in keys)),
            schema_text(expected.get("x-hint", ""))
            or _("keep the one the source gives and remove the other"),
        )
    elif kind == "not":
        keys = expected.get("required", [])
        yield (
            (*path, *keys[:1]),
            True,
            _("{name}: '{keys}' does not belong here").format(name=name, keys=", ".join(keys)),
            (_("remove it; it is only used together with the option that needs it")),
        )
    else:
        yield path, False, f"{name}: {error.message}", _hint(error)


_Message = tuple[JsonPath, bool, str, str]  # path, at the key, message, hint


def _over_limit(error: ValidationError, path: JsonPath, name: str) -> Iterator[_Message]:
    """A text, list or mapping past its maxLength, maxItems or maxProperties.

    A list is reported at its first entry past the limit, a mapping at its first key past
    it: that is where the file stops fitting.
    """
    raw: Any = error.validator_value
    limit = int(raw)
    value: Any = error.instance
    hint = _hint(error)
    if error.validator == "maxLength":
        yield (
            path,
            False,
            _("{name} is too long (limit {limit:,}): {n_value:,} characters").format(
                name=name, limit=limit, n_value=len(value)
            ),
            hint,
        )
    elif error.validator == "maxItems":
        yield (
            (*path, limit),
            False,
            _("{name} has too many entries (limit {limit:,}): {n_value:,}").format(
                name=name, limit=limit, n_value=len(value)
            ),
            hint,
        )
    else:
        key = list(value)[limit]
        yield (
            (*path, key),
            True,
            _("{name} has too many entries (limit {limit:,}): {n_value:,}").format(
                name=name, limit=limit, n_value=len(value)
            ),
            hint,
        )


def _property_description(schema: Any, key: str) -> str:
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    prop = props.get(key, {})
    return _("add '{key}:'").format(key=key) + (
        f" ({prop['description']})" if isinstance(prop, dict) and "description" in prop else ""
    )


def _real_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@cache
def _fast_validator() -> Callable[[Any], Any]:
    """fastjsonschema's compiled validator, for batches: valid or not, no error list."""
    import fastjsonschema

    schema = load_schema()
    inlined = {k: v for k, v in _inline_refs(schema, schema).items() if k not in ("$schema", "$defs")}
    compiled: Callable[[Any], Any] = fastjsonschema.compile(inlined, formats={"date": _real_date})
    return compiled


def is_valid_fast(data: Any) -> bool:
    """True when the data is valid (compiled validator; compiling costs ~0.1 s once per process)."""
    import fastjsonschema

    try:
        _fast_validator()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def validate(source: Source, fast: bool = False, schema: str = "convenant") -> tuple[Finding, ...]:
    """Return one finding per schema problem, each at the line and column it concerns.

    With ``fast``, valid data is recognised by a compiled validator (15× quicker per file,
    worth it for batches); only invalid data goes through jsonschema for located errors.
    ``schema`` names the schema to validate against (``fast`` is for covenants only).
    """
    fast = fast and schema == "convenant" and not _has_float_whole_number(source.data)
    over = _budget_findings(source) if schema == "convenant" else ()
    if fast and is_valid_fast(source.data):
        return tuple(sorted(over))
    found: dict[tuple[JsonPath, bool], Finding] = {}
    leaves = [leaf for error in _validator(schema).iter_errors(source.data) for leaf in _leaves(error)]
    # One finding per place: an empty text breaks minLength and pattern alike, say it once.
    leaves.sort(key=lambda e: _PRIORITY.get(str(e.validator), len(_PRIORITY)))
    for leaf in leaves:
        for path, at_key, message, hint in _messages(leaf, source):
            if (path, at_key) in found:
                continue
            line, column = source.position(path, key=at_key)
            found[(path, at_key)] = Finding(
                source.path, line, column, "CG010", Severity.ERROR, message, hint, where(path)
            )
    return tuple(sorted({*found.values(), *over}))


def _budget_findings(source: Source) -> tuple[Finding, ...]:
    """One finding per whole-document limit (the schema's 'x-budgets') the file exceeds."""
    found = []
    for over in overruns(source.data, budgets(load_schema())):
        line, column = source.position(over.path)
        budget = over.budget
        if budget.each:
            message = _("{where} has {total:,} {what} (limit {limit:,})").format(
                where=where(over.path), total=over.total, what=schema_text(budget.what), limit=budget.limit
            )
        else:
            message = _(
                "{where}: here the covenant passes its limit of {limit:,} {what} in all (the "
                "file has {total:,})"
            ).format(
                where=where(over.path), limit=budget.limit, what=schema_text(budget.what), total=over.total
            )
        found.append(
            Finding(
                source.path,
                line,
                column,
                "CG010",
                Severity.ERROR,
                message,
                schema_text(budget.hint),
                where(over.path),
            )
        )
    return tuple(found)


_PRIORITY = {
    name: rank
    for rank, name in enumerate(
        [
            "additionalProperties",
            "required",
            "type",
            "const",
            "enum",
            "format",
            "minLength",
            "minItems",
            "pattern",
        ]
    )
}
