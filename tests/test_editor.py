"""What an editor gets from the schema: snippets that fit it, and descriptions in Dutch."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from helpers import SCHEMA

_PLACEHOLDER = re.compile(r"\$\{\d+:([^}]*)\}|\$\{\d+\|([^,|]*)[^}]*\|\}")


def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return loaded


def _filled(body: Any) -> Any:
    """A snippet's body as the editor inserts it when every placeholder keeps its default."""
    if isinstance(body, dict):
        return {key: _filled(value) for key, value in body.items()}
    if isinstance(body, list):
        return [_filled(value) for value in body]
    if isinstance(body, str):
        return _PLACEHOLDER.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), body)
    return body


def _snippets() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, definition in _schema()["$defs"].items():
        for snippet in definition.get("defaultSnippets", []):
            yield name, snippet


@pytest.mark.parametrize(("name", "snippet"), list(_snippets()), ids=[s["label"] for _, s in _snippets()])
def test_every_snippet_inserts_what_the_schema_accepts(name: str, snippet: dict[str, Any]) -> None:
    schema = _schema()
    validator = Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"})
    body = _filled(snippet["body"])
    assert "$" not in json.dumps(body), body  # every placeholder was one the editor fills in
    errors = [e.message for e in validator.iter_errors(body)]
    assert errors == [], (name, errors)
    assert snippet["label"] and snippet["description"]


def test_there_are_snippets_for_an_article_a_lid_and_a_party() -> None:
    assert {name for name, _ in _snippets()} >= {"artikel", "lid", "partij"}


# Words that every English sentence has and Dutch text does not ('is', 'in' and 'of' are Dutch too).
_ENGLISH = re.compile(r"\b(the|and|when|with|which|this|from|for|every|e\.g\.|default|only|its|one)\b")


def _texts(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every description and title an editor shows, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if (
                key in ("description", "title")
                and isinstance(value, str)
                and not path.endswith("/properties")
            ):
                yield f"{path}/{key}", value
            yield from _texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _texts(value, f"{path}/{n}")


@pytest.mark.parametrize("name", ["convenant", "voortgang"])
def test_descriptions_shown_on_hover_are_dutch(name: str) -> None:
    schema = json.loads((SCHEMA.parent / f"{name}.schema.json").read_text(encoding="utf-8"))
    texts = list(_texts(schema))
    assert len(texts) > 20
    english = [(where, text) for where, text in texts if _ENGLISH.search(text)]
    assert english == []
