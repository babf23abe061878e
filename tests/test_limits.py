"""Limits that keep the work for every accepted file bounded (issue 9, point 3).

The schema caps every list, mapping and text; its 'x-budgets' cap the sums over the whole
covenant. Every limit is listed below: a limit removed from or changed in the schema fails
``test_the_schema_states_exactly_these_limits``, and every limit has a test that a file one
past it is refused with CG010 at the first element past the limit, naming the limit.
``bench/largest.py`` builds the largest covenant check accepts (every limit reached): the real
covenants, the valid examples and that document must all pass, so the limits are not too
tight. Speed and memory of that document are measured by ``bench/bench.py``, not here.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from convenantgen.findings import Finding, Severity
from convenantgen.limits import budgets, overruns
from convenantgen.loader import JsonPath, Source, load_text
from convenantgen.pipeline import check_file
from convenantgen.validate import load_schema, validate, where
from helpers import MINIMAL, REPO_ROOT, SCHEMA, covenant_files, line_of, mutate

sys.path.insert(0, str(REPO_ROOT / "bench"))
import largest

# --- every limit, as docs/format.md lists it -------------------------------------------------

ITEMS = {
    "/properties/partijen": 60,
    "/properties/artikelen": 100,
    "/properties/budgetten": 50,
    "/$defs/regio/properties/gemeenten": 100,
    "/$defs/partij/properties/vertegenwoordigers": 10,
    "/$defs/groep/properties/partijen": 60,
    "/$defs/cluster/properties/partijen": 60,
    "/$defs/considerans/properties/overwegingen": 50,
    "/$defs/considerans/properties/inleiding/then": 20,
    "/$defs/overweging/else/properties/onderdelen": 40,
    "/$defs/fasen": 20,
    "/$defs/onderdeel/else/properties/onderdelen": 40,
    "/$defs/onderdelen": 40,
    "/$defs/artikel/properties/leden": 40,
    "/$defs/lid/properties/verplichtingen": 20,
    "/$defs/lid/properties/termijnen": 20,
    "/$defs/verplichting/properties/wie": 20,
    "/$defs/tabel/properties/kolommen": 10,
    "/$defs/tabel/properties/rijen": 60,
    "/$defs/herzieningen/properties/momenten": 50,
    "/$defs/budget/properties/posten": 50,
    "/$defs/noot/else/properties/onderdelen": 20,
    "/$defs/ondertekening/properties/blokken": 60,
    "/$defs/ondertekening/properties/blokken/items/properties/ondertekenaars": 10,
}
PROPERTIES = {
    "/properties/noten": 100,
    "/$defs/tabel/properties/rijen/items": 12,
}
LENGTHS = {
    "/$defs/id": 64,
    "/$defs/regel": 300,
    "/$defs/tekst": 6000,
    "/$defs/onderdeeltekst": 3000,
    "/$defs/noottekst": 2000,
    "/$defs/persoon_velden/titel": 50,
    "/$defs/persoon_velden/naam": 100,
    "/$defs/persoon_velden/functie": 150,
    "/$defs/partij/properties/naam": 150,
    "/$defs/partij/properties/korte_naam": 40,
    "/$defs/groep/properties/naam": 100,
    "/$defs/verplichting/properties/kop": 150,
    "/$defs/tabel/properties/eenheid": 60,
    "/$defs/tabel/properties/jaar_kop": 60,
    "/$defs/tabel/properties/kolommen/items/properties/kop": 60,
    "/$defs/tabel/properties/totaal/properties/kop": 60,
    "/$defs/ondertekening/properties/blokken/items/properties/naam": 150,
    "/$defs/ondertekening/properties/blokken/items/properties/plaats": 100,
    "/$defs/ondertekening/properties/slotformule/properties/plaats": 100,
    "/$defs/publicatie/properties/website": 300,
    "/$defs/versie/else/properties/titel": 300,
    "/$defs/versie/else/properties/vindplaats": 300,
    "/$defs/considerans/properties/kop": 100,
    "/$defs/considerans/properties/aanhef": 100,
    "/$defs/fasen/items/properties/naam": 100,
}
MARKS_PER_TEXT = 200
BUDGETS = {
    "text_characters": 150_000,
    "markdown_marks": 2_000,
    "list_entries": 2_000,
    "table_cells": 2_000,
    "parties": 60,
    "representatives": 100,
    "signatures": 100,
    "paraaf_parties": 21,
    "paraaf_label": 40,
}


def _schema_limits(node: Any, pointer: str = "") -> Iterator[tuple[str, str, int, bool]]:
    """(pointer, keyword, limit, has x-hint) of every max* keyword in the raw schema."""
    if isinstance(node, dict):
        for keyword in ("maxItems", "maxProperties", "maxLength"):
            if keyword in node:
                yield pointer, keyword, node[keyword], bool(node.get("x-hint"))
        for key, value in node.items():
            yield from _schema_limits(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schema_limits(value, f"{pointer}/{index}")


def test_the_schema_states_exactly_these_limits() -> None:
    raw = json.loads(SCHEMA.read_text(encoding="utf-8"))
    found = list(_schema_limits(raw))
    expected = {
        **{(p, "maxItems"): n for p, n in ITEMS.items()},
        **{(p, "maxProperties"): n for p, n in PROPERTIES.items()},
        **{(p, "maxLength"): n for p, n in LENGTHS.items()},
    }
    assert {(p, k): n for p, k, n, _ in found} == expected
    assert [p for p, _, _, hint in found if not hint] == [], "every limit explains itself in an x-hint"
    marks = raw["$defs"]["markdown"]["not"]
    assert marks["pattern"] == "^(?:[^\\[*_`<\\n]*[\\[*_`<\\n]){" + str(MARKS_PER_TEXT + 1) + "}"
    assert f"(limit {MARKS_PER_TEXT})" in marks["x-message"] and marks["x-hint"]
    assert {name: b.limit for name, b in budgets(raw).items()} == BUDGETS
    assert all(b.hint for b in budgets(raw).values())


def test_every_list_text_and_open_mapping_has_a_limit() -> None:
    """A new list, free text or open mapping in the schema needs a limit too."""
    raw = json.loads(SCHEMA.read_text(encoding="utf-8"))
    fixed_length = {"/$defs/datum", "/$defs/maand"}  # their patterns fix the length
    unbounded = []

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict) and not pointer.endswith("/if"):  # 'if' only tests the type
            if node.get("type") == "array" and "maxItems" not in node:
                unbounded.append(pointer)
            if node.get("type") == "string" and "maxLength" not in node and pointer not in fixed_length:
                unbounded.append(pointer)
            if isinstance(node.get("additionalProperties"), dict) and "maxProperties" not in node:
                unbounded.append(pointer)
            if node.get("$ref") == "#/$defs/markdown" and "maxLength" not in node:
                unbounded.append(pointer)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{pointer}/{key}")

    walk(raw, "")
    assert unbounded == ["/$defs/markdown"]  # the base of the text kinds, each with its own limit


# --- the largest accepted document ----------------------------------------------------------


def _limits(**budget_limits: int) -> largest.Limits:
    """The schema's limits, with some budgets replaced (to generate smaller documents)."""
    schema = copy.deepcopy(load_schema())
    for name, limit in budget_limits.items():
        schema["x-budgets"][name]["limit"] = limit
    return largest.Limits(schema)


# the shapes that build slowest, with and without initials boxes ('marks' and 'brackets'
# only change the texts, whose mark limits are tested below)
LARGEST = [("names", True), ("names", False), ("prose", True), ("notes", True), ("items", False)]


@pytest.mark.parametrize(
    ("shape", "paraaf"), LARGEST, ids=[f"{s}-{'paraaf' if p else 'no'}" for s, p in LARGEST]
)
def test_the_largest_document_is_accepted_at_every_budget(shape: str, paraaf: bool, tmp_path: Path) -> None:
    path = largest.write(tmp_path / "grootste.yaml", shape, paraaf)
    checked = check_file(path)
    assert [f for f in checked.findings if f.severity is not Severity.INFO] == []
    # at every budget exactly: one less, and each of them is exceeded
    assert checked.source is not None
    real = budgets(load_schema())
    tighter = {name: replace(b, limit=b.limit - 1) for name, b in real.items()}
    over = {o.budget.name for o in overruns(checked.source.data, tighter)}
    wanted = set(real) - ({"paraaf_parties"} if not paraaf else {"parties"})  # 21 of the 60
    if not paraaf or shape not in ("names", "marks"):
        wanted -= {"paraaf_label"}  # short names unless the names are what grows
    assert over == wanted


@pytest.mark.parametrize("path", covenant_files(), ids=lambda p: p.stem)
def test_real_covenants_use_at_most_a_quarter_of_every_budget(path: Path) -> None:
    source = _source(path.read_text(encoding="utf-8"))
    quarter = {name: replace(b, limit=b.limit // 4) for name, b in budgets(load_schema()).items()}
    # Except the parties: a region whose municipalities all sign has a party per municipality
    # (Rijnmond: 16 municipalities and 6 other parties, 22 of the 60), so the real covenants
    # use up to half of that budget.
    quarter["parties"] = replace(quarter["parties"], limit=budgets(load_schema())["parties"].limit // 2)
    assert overruns(source.data, quarter) == ()


# --- one past each limit ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compact() -> dict[str, Any]:
    """Every list at its limit, the texts short: a small base to push one limit past."""
    limits = _limits(text_characters=0, markdown_marks=0, list_entries=0, table_cells=720)
    doc = largest.covenant(limits, "prose", paraaf=False)  # no initials boxes: 60 parties
    assert validate(_source(largest.dump(doc))) == ()
    return doc


def _source(text: str) -> Source:
    source, problems = load_text(text, "grens.yaml")
    assert problems == () and source is not None
    return source


def _nodes(node: Any) -> Iterator[Any]:
    if isinstance(node, (dict, list)):
        yield node
        for value in node.values() if isinstance(node, dict) else node:
            yield from _nodes(value)


def _get(doc: Any, path: JsonPath) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _findings_at(
    doc: dict[str, Any], path: JsonPath, at_key: bool = False, fragment: str = ""
) -> tuple[list[Finding], Finding]:
    """All findings of the document, and the one at ``path`` (with ``fragment``), which must exist."""
    source = _source(largest.dump(doc))
    found = list(validate(source))
    line, column = source.position(path, key=at_key)
    here = [
        f
        for f in found
        if f.element == where(path) and (f.line, f.column) == (line, column) and fragment in f.message
    ]
    assert here, (where(path), [(f.element, f.message) for f in found])
    assert all(f.code == "CG010" and f.severity is Severity.ERROR for f in found)
    return found, here[0]


# Where the compact document has each list at its limit
LIST_AT = {
    "/properties/partijen": ("partijen",),
    "/properties/artikelen": ("artikelen",),
    "/properties/budgetten": ("budgetten",),
    "/$defs/regio/properties/gemeenten": ("regio", "gemeenten"),
    "/$defs/partij/properties/vertegenwoordigers": ("partijen", 0, "partijen", 0, "vertegenwoordigers"),
    "/$defs/groep/properties/partijen": ("partijen", 0, "partijen"),
    "/$defs/cluster/properties/partijen": ("partijen", 0, "partijen", 0, "partijen"),
    "/$defs/considerans/properties/overwegingen": ("considerans", "overwegingen"),
    "/$defs/considerans/properties/inleiding/then": ("considerans", "inleiding"),
    "/$defs/overweging/else/properties/onderdelen": ("considerans", "overwegingen", 0, "onderdelen"),
    "/$defs/fasen": ("artikelen", 0, "leden", 5, "fasen"),
    "/$defs/onderdeel/else/properties/onderdelen": (
        "artikelen",
        0,
        "leden",
        0,
        "onderdelen",
        0,
        "onderdelen",
    ),
    "/$defs/onderdelen": ("artikelen", 0, "leden", 0, "onderdelen"),
    "/$defs/artikel/properties/leden": ("artikelen", 0, "leden"),
    "/$defs/lid/properties/verplichtingen": ("artikelen", 0, "leden", 1, "verplichtingen"),
    "/$defs/lid/properties/termijnen": ("artikelen", 0, "leden", 4, "termijnen"),
    "/$defs/verplichting/properties/wie": ("artikelen", 0, "leden", 1, "verplichtingen", 0, "wie"),
    "/$defs/tabel/properties/kolommen": ("artikelen", 0, "leden", 2, "tabel", "kolommen"),
    "/$defs/tabel/properties/rijen": ("artikelen", 0, "leden", 2, "tabel", "rijen"),
    "/$defs/herzieningen/properties/momenten": ("artikelen", 0, "leden", 3, "herzieningen", "momenten"),
    "/$defs/budget/properties/posten": ("budgetten", 0, "posten"),
    "/$defs/noot/else/properties/onderdelen": ("noten", "noot-0", "onderdelen"),
    "/$defs/ondertekening/properties/blokken": ("ondertekening", "blokken"),
    "/$defs/ondertekening/properties/blokken/items/properties/ondertekenaars": (
        "ondertekening",
        "blokken",
        0,
        "ondertekenaars",
    ),
}


@pytest.mark.parametrize("pointer", list(ITEMS))
def test_one_entry_past_a_list_limit_is_refused_at_that_entry(pointer: str, compact: dict[str, Any]) -> None:
    limit = ITEMS[pointer]
    doc = copy.deepcopy(compact)
    path = LIST_AT[pointer]
    if pointer == "/$defs/cluster/properties/partijen":  # the group's 60 parties form one cluster
        group = doc["partijen"][0]
        group["partijen"] = [{"id": "cluster-a", "naam": "cluster A", "partijen": group["partijen"]}]
    entries = _get(doc, path)
    if pointer == "/properties/partijen":  # one group holds the 60 parties: list them alone
        entries[:] = entries[0]["partijen"]
    assert len(entries) == limit, "the compact document reaches every list limit"
    entries.append(copy.deepcopy(entries[-1]))
    _, finding = _findings_at(doc, (*path, limit), fragment="too many entries")
    assert finding.message == f"{where(path)} has too many entries (limit {limit}): {limit + 1}"
    assert finding.hint == _hint(pointer)


def _hint(pointer: str) -> str:
    node: Any = load_schema()
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return str(node["x-hint"])


def test_one_footnote_past_the_limit_is_refused_at_its_key(compact: dict[str, Any]) -> None:
    doc = copy.deepcopy(compact)
    assert len(doc["noten"]) == PROPERTIES["/properties/noten"]
    doc["noten"]["nog-een"] = "Een noot te veel."
    _, finding = _findings_at(doc, ("noten", "nog-een"), at_key=True, fragment="too many entries")
    assert finding.message == "noten has too many entries (limit 100): 101"
    assert "at most 100 footnotes" in finding.hint


def test_a_row_with_more_values_than_a_table_can_have_is_refused_at_the_first_key_past(
    compact: dict[str, Any],
) -> None:
    doc = copy.deepcopy(compact)
    row = doc["artikelen"][0]["leden"][2]["tabel"]["rijen"][0]
    assert len(row) == PROPERTIES["/$defs/tabel/properties/rijen/items"]
    row["k99"] = 1
    path = ("artikelen", 0, "leden", 2, "tabel", "rijen", 0)
    _, finding = _findings_at(doc, (*path, "k99"), at_key=True)
    assert finding.message == f"{where(path)} has too many entries (limit 12): 13"


# Where the compact document has a text of each kind (a key it lacks is added)
TEXT_AT = {
    "/$defs/id": ("id",),
    "/$defs/regel": ("regio", "naam"),
    "/$defs/tekst": ("artikelen", 0, "leden", 0, "tekst"),
    "/$defs/onderdeeltekst": ("artikelen", 0, "leden", 0, "onderdelen", 1),
    "/$defs/noottekst": ("noten", "noot-1"),
    "/$defs/persoon_velden/titel": ("partijen", 0, "partijen", 0, "vertegenwoordigers", 0, "titel"),
    "/$defs/persoon_velden/naam": ("partijen", 0, "partijen", 0, "vertegenwoordigers", 0, "naam"),
    "/$defs/persoon_velden/functie": ("partijen", 0, "partijen", 0, "vertegenwoordigers", 0, "functie"),
    "/$defs/partij/properties/naam": ("partijen", 0, "partijen", 0, "naam"),
    "/$defs/partij/properties/korte_naam": ("partijen", 0, "partijen", 0, "korte_naam"),
    "/$defs/groep/properties/naam": ("partijen", 0, "naam"),
    "/$defs/verplichting/properties/kop": ("artikelen", 0, "leden", 1, "verplichtingen", 0, "kop"),
    "/$defs/tabel/properties/eenheid": ("artikelen", 0, "leden", 2, "tabel", "eenheid"),
    "/$defs/tabel/properties/jaar_kop": ("artikelen", 0, "leden", 2, "tabel", "jaar_kop"),
    "/$defs/tabel/properties/kolommen/items/properties/kop": (
        "artikelen",
        0,
        "leden",
        2,
        "tabel",
        "kolommen",
        0,
        "kop",
    ),
    "/$defs/tabel/properties/totaal/properties/kop": ("artikelen", 0, "leden", 2, "tabel", "totaal", "kop"),
    "/$defs/ondertekening/properties/blokken/items/properties/naam": ("ondertekening", "blokken", 0, "naam"),
    "/$defs/ondertekening/properties/blokken/items/properties/plaats": (
        "ondertekening",
        "blokken",
        0,
        "plaats",
    ),
    "/$defs/ondertekening/properties/slotformule/properties/plaats": (
        "ondertekening",
        "slotformule",
        "plaats",
    ),
    "/$defs/publicatie/properties/website": ("publicatie", "website"),
    "/$defs/versie/else/properties/titel": ("vorige_versie", "titel"),
    "/$defs/versie/else/properties/vindplaats": ("vorige_versie", "vindplaats"),
    "/$defs/considerans/properties/kop": ("considerans", "kop"),
    "/$defs/considerans/properties/aanhef": ("considerans", "aanhef"),
    "/$defs/fasen/items/properties/naam": ("artikelen", 0, "leden", 5, "fasen", 0, "naam"),
}


@pytest.mark.parametrize("pointer", list(LENGTHS))
def test_one_character_past_a_text_limit_is_refused_at_the_text(
    pointer: str, compact: dict[str, Any]
) -> None:
    limit = LENGTHS[pointer]
    doc = copy.deepcopy(compact)
    path = TEXT_AT[pointer]
    doc.setdefault("publicatie", {})
    doc["ondertekening"].setdefault("slotformule", {})
    start = {"/$defs/id": "x", "/$defs/publicatie/properties/website": "https://example.org/"}.get(
        pointer, "Tekst "
    )
    filler = "a" if pointer in ("/$defs/id", "/$defs/publicatie/properties/website") else "woord "
    at_limit = (start + filler * limit)[:limit].rstrip() or "x"
    at_limit += "a" * (limit - len(at_limit))
    _get(doc, path[:-1])[path[-1]] = at_limit
    assert validate(_source(largest.dump(doc))) == (), "exactly at the limit is accepted"
    _get(doc, path[:-1])[path[-1]] = at_limit + "a"
    _, finding = _findings_at(doc, path)
    assert finding.message == f"{where(path)} is too long (limit {limit:,}): {limit + 1:,} characters"
    assert finding.hint == _hint(pointer)


@pytest.mark.parametrize("mark", ["[", "*", "_", "`", "<", "\n"])
def test_a_text_with_one_mark_too_many_is_refused(mark: str, compact: dict[str, Any]) -> None:
    doc = copy.deepcopy(compact)
    path = ("artikelen", 0, "leden", 0, "tekst")
    run = mark * MARKS_PER_TEXT if mark != "\n" else "a\n" * MARKS_PER_TEXT
    _get(doc, path[:-1])[path[-1]] = "Tekst " + run + " eind"
    assert validate(_source(largest.dump(doc))) == (), "exactly at the limit is accepted"
    _get(doc, path[:-1])[path[-1]] = "Tekst " + mark + run + " eind"
    _, finding = _findings_at(doc, path)
    assert finding.message.startswith(f"{where(path)} has more than 200 Markdown marks")
    assert "(limit 200)" in finding.message
    assert "at most 200" in finding.hint


def test_a_long_run_of_brackets_is_refused_at_its_text() -> None:
    """The long runs of '[' of issue 9, which took markdown-it tens of seconds."""
    old = "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt."
    text = mutate(MINIMAL, old, '    tekst: "Zie ' + "[" * 1000 + '"')
    (finding,) = validate(_source(text))
    line = line_of(text, "[[[[")
    assert (finding.code, finding.line, finding.column) == ("CG010", line, len("    tekst: ") + 1)
    assert finding.message.startswith("artikelen[1].tekst has more than 200 Markdown marks")


# --- one past each whole-document budget -------------------------------------------------------


@pytest.fixture(scope="module")
def at_budgets() -> dict[bool, dict[str, Any]]:
    """The largest document, with and without initials boxes: exactly at every budget."""
    return {paraaf: largest.covenant(largest.load_limits(), "prose", paraaf) for paraaf in (True, False)}


def _budget_finding(doc: dict[str, Any], path: JsonPath, name: str) -> Finding:
    budget = budgets(load_schema())[name]
    _, finding = _findings_at(doc, path, fragment=budget.what)
    assert f"limit of {budget.limit:,} {budget.what}" in finding.message
    assert finding.hint == budget.hint
    return finding


def test_one_character_past_the_text_budget(at_budgets: dict[bool, dict[str, Any]]) -> None:
    doc = copy.deepcopy(at_budgets[False])
    block = doc["ondertekening"]["blokken"][-1]
    block["plaats"] = block["plaats"][:-1] + "xy"  # the last text of the file grows by one
    path = ("ondertekening", "blokken", len(doc["ondertekening"]["blokken"]) - 1, "plaats")
    finding = _budget_finding(doc, path, "text_characters")
    assert finding.message == (
        f"{where(path)}: here the covenant passes its limit of 150,000 characters of text in all "
        "(the file has 150,001)"
    )


def test_one_mark_past_the_marks_budget(at_budgets: dict[bool, dict[str, Any]]) -> None:
    doc = copy.deepcopy(at_budgets[False])
    block = doc["ondertekening"]["blokken"][-1]
    block["plaats"] = block["plaats"][:-1] + "_"  # the last text of the file: a mark, no longer
    path = ("ondertekening", "blokken", len(doc["ondertekening"]["blokken"]) - 1, "plaats")
    found, _ = _findings_at(doc, path)
    assert len(found) == 1
    _budget_finding(doc, path, "markdown_marks")


def test_one_list_entry_past_the_budget(at_budgets: dict[bool, dict[str, Any]]) -> None:
    doc = copy.deepcopy(at_budgets[False])
    blocks = doc["ondertekening"]["blokken"]
    last = blocks[-1]["ondertekenaars"] = [blocks[-1]["partij"].replace("partij", "persoon") + "-0"]
    assert last  # one signer named: the same signature, one more list entry, at the end
    path = ("ondertekening", "blokken", len(blocks) - 1, "ondertekenaars", 0)
    found, _ = _findings_at(doc, path)
    assert {f.element for f in found} == {where(path)}
    _budget_finding(doc, path, "list_entries")


def test_one_table_cell_past_the_budget(at_budgets: dict[bool, dict[str, Any]]) -> None:
    doc = copy.deepcopy(at_budgets[False])
    leden = doc["artikelen"][0]["leden"]
    t, lid = next((i, lid) for i, lid in reversed(list(enumerate(leden))) if "tabel" in lid)
    rows = lid["tabel"]["rijen"]
    r, row = next((i, row) for i, row in reversed(list(enumerate(rows))) if len(row) < 12)
    row["extra"] = 1
    path = ("artikelen", 0, "leden", t, "tabel", "rijen", r)
    _budget_finding(doc, path, "table_cells")


def _add_party(doc: dict[str, Any], party_id: str) -> JsonPath:
    group = doc["partijen"][0]["partijen"]
    party = copy.deepcopy(group[0])
    party["id"] = party_id
    party["vertegenwoordigers"] = [{"persoon": party["vertegenwoordigers"][0]["id"]}]
    doc["partijen"].append(party)
    return ("partijen", len(doc["partijen"]) - 1)


def test_one_party_past_the_budget(at_budgets: dict[bool, dict[str, Any]]) -> None:
    doc = copy.deepcopy(at_budgets[False])
    path = _add_party(doc, "nog-een")
    _budget_finding(doc, path, "parties")


def test_one_party_past_the_initials_boxes_that_fit(at_budgets: dict[bool, dict[str, Any]]) -> None:
    doc = copy.deepcopy(at_budgets[True])
    path = _add_party(doc, "nog-een")
    finding = _budget_finding(doc, path, "paraaf_parties")
    assert "21 parties with an initials box" in finding.message


def test_a_budget_is_reported_once_where_the_count_first_passes_it(
    at_budgets: dict[bool, dict[str, Any]],
) -> None:
    doc = copy.deepcopy(at_budgets[True])
    first = _add_party(doc, "nog-een")
    for extra in ("nog-twee", "nog-drie"):
        _add_party(doc, extra)
    found = [f for f in validate(_source(largest.dump(doc))) if "initials box in all" in f.message]
    assert [f.element for f in found] == [where(first)]
    assert found[0].message.endswith("(the file has 24)")


def test_one_representative_past_the_budget(at_budgets: dict[bool, dict[str, Any]]) -> None:
    doc = copy.deepcopy(at_budgets[False])
    party = doc["partijen"][0]["partijen"][-1]
    party["vertegenwoordigers"].append({"persoon": party["vertegenwoordigers"][0]["id"]})
    path = ("partijen", 0, "partijen", 59, "vertegenwoordigers", len(party["vertegenwoordigers"]) - 1)
    _budget_finding(doc, path, "representatives")


def test_one_signature_past_the_budget(at_budgets: dict[bool, dict[str, Any]]) -> None:
    doc = copy.deepcopy(at_budgets[False])
    blocks = doc["ondertekening"]["blokken"]
    del blocks[0]["ondertekenaars"]  # all ten sign anyway, ten list entries fewer
    party = doc["partijen"][0]["partijen"][-1]
    assert len(party["vertegenwoordigers"]) == 1
    who = party["vertegenwoordigers"][0]["id"]
    blocks[-1]["ondertekenaars"] = [who, who]  # one signature more, at the end
    path = ("ondertekening", "blokken", len(blocks) - 1)
    _budget_finding(doc, path, "signatures")


def test_a_name_too_long_for_an_initials_box(at_budgets: dict[bool, dict[str, Any]]) -> None:
    doc = copy.deepcopy(at_budgets[True])
    party = doc["partijen"][0]["partijen"][3]
    del party["korte_naam"]  # the box then shows the (long) name
    path = ("partijen", 0, "partijen", 3, "naam")
    _, finding = _findings_at(doc, path)
    size = len(party["naam"])
    assert (
        finding.message == f"{where(path)} has {size} characters, more than an initials box holds (limit 40)"
    )
    assert "korte_naam" in finding.hint
    del doc["ondertekening"]["paraaf"]
    assert validate(_source(largest.dump(doc))) == (), "without paraaf a long name is fine"


# --- real files ----------------------------------------------------------------------------------


def test_the_limits_leave_room_for_the_real_covenants() -> None:
    """The reference covenant uses a small part of every limit (and passes check)."""
    for path in covenant_files():
        assert [f for f in check_file(path).findings if f.severity is Severity.ERROR] == []


def test_format_md_lists_every_limit() -> None:
    """docs/format.md section 20 has a row per limit, with the schema's numbers."""
    text = (REPO_ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = text.split("## 20. Limits", 1)[1]
    tables = {}
    for title, body in re.findall(r"^\*\*(.+?)\*\*.*?\n(.*?)(?=^\*\*|\Z)", section, re.M | re.S):
        rows = [r for r in body.splitlines() if r.startswith("| ") and not r.startswith("|---")][1:]
        tables[title] = [r.rstrip(" |").rsplit("| ", 1)[1] for r in rows]
    lists = sorted(int(n.replace(",", "")) for n in tables["Lists"])
    assert lists == sorted([*ITEMS.values(), *PROPERTIES.values()])
    texts = {int(n.replace(",", "")) for cell in tables["Texts"] for n in cell.split(" / ")}
    assert texts == {*LENGTHS.values(), MARKS_PER_TEXT}  # a row may name several fields
    whole = [int(n.replace(",", "")) for n in tables["The whole covenant"]]
    assert whole == list(BUDGETS.values())
