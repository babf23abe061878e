"""Text that lies (CG009, CG012): invisible, direction-changing and look-alike characters.

The corpus files ``tests/bad/unicode-*.yaml`` pin one class each at its line and column.
Here: the character classes one by one (what is refused, what real Dutch text keeps), the
position of a character inside every kind of scalar, every key and every string value of a
real covenant at once, and a Hypothesis test that a character inserted anywhere in a real
covenant is reported exactly where it was put (or the file does not load at all).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from convenantgen.deceptive import deceptive_text, problems
from convenantgen.findings import Severity
from convenantgen.loader import load_text
from convenantgen.pipeline import check_file, check_source
from helpers import EXAMPLES, GOOI, MINIMAL, check_text, mutate
from test_fuzz import budget

GOOI_TEXT = GOOI.read_text(encoding="utf-8")


def codes(text: str) -> list[tuple[int, str]]:
    return [(p.index, p.code) for p in problems(text)]


def where(text: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based, lines split at '\\n') of ``text[offset]``: the oracle."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def cg009_places(text: str) -> set[tuple[int, int]]:
    source, findings = load_text(text, "x.yaml")
    assert source is not None, findings
    return {(f.line, f.column) for f in deceptive_text(source) if f.code == "CG009"}


# --- which characters ------------------------------------------------------------------------------

DUTCH = (
    "Één coöperatie, café en reïntegratie in Ĳsselstein en Welzĳn; België, Curaçao, Súdwest-Fryslân;"
    " ’s-Hertogenbosch, zo’n ‘samen’ en “samen”; € 10.000 – € 20.000 — ± 5 % van § 3; 1½ jaar, 20 m²,"
    " 3 °C, 2 × 3, «bijlage», arbeidsmarktregio´s, 10 µg; e\u0301 (decomposed); tab\there"
)


def test_real_dutch_text_is_not_refused() -> None:
    assert problems(DUTCH) == []
    assert problems(DUTCH.replace(" ", "\u00a0")) == []  # the no-break space, wherever it stands
    assert problems("regel één\nregel twee\n") == []


@pytest.mark.parametrize(
    "char",
    [*"\u202a\u202b\u202c\u202d\u202e", *"\u2066\u2067\u2068\u2069", *"\u200e\u200f\u061c"],
)
def test_direction_controls_and_marks_are_refused(char: str) -> None:
    (problem,) = problems(f"Gemeente {char}Voorbeeldstad")
    assert (problem.index, problem.code) == (9, "CG009")
    assert f"U+{ord(char):04X} " in problem.message and "direction" in problem.message


@pytest.mark.parametrize(
    "char",
    list("\u200b\u200c\u200d\u2060\u2061\u2063\ufeff\u00ad\u180e\u0600\U000e0001\U000e0041\U000e007f")
    + list("\ufe00\ufe0f\U000e0100\u034f\u3164\u115f\u2800"),
)
def test_invisible_characters_are_refused(char: str) -> None:
    (problem,) = problems(f"UW{char}V")
    assert (problem.index, problem.code) == (2, "CG009")
    assert problem.message.startswith(f"U+{ord(char):04X} ")


@pytest.mark.parametrize("char", [*map(chr, range(0x2000, 0x200B)), *"\u202f\u205f\u3000\u1680\u2028\u2029"])
def test_unusual_spaces_are_refused(char: str) -> None:
    """Only the space and the no-break space: a hair or thin space makes 'U WV' read 'UWV'."""
    assert codes(f"U{char}WV") == [(1, "CG009")]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9b"])
def test_control_characters_are_refused(char: str) -> None:
    """YAML refuses them typed, but a double-quoted escape ('\\e', '\\x85') still makes them."""
    (problem,) = problems(f"ab{char}c")
    assert (problem.index, problem.code) == (2, "CG009")
    assert "control character" in problem.message


def test_private_use_and_unassigned_code_points_are_refused() -> None:
    assert codes("UWV\ue000") == [(3, "CG009")]
    assert codes("UWV\U000f0000") == [(3, "CG009")]
    assert codes("UWV\u0378") == [(3, "CG009")]  # unassigned


def test_look_alike_letters_are_refused_as_one_run() -> None:
    (fullwidth,) = problems("de ＵＷＶ hier")
    assert (fullwidth.index, fullwidth.code) == (3, "CG009") and "read as 'UWV'" in fullwidth.message
    (bold,) = problems("𝐔𝐖𝐕")
    assert "read as 'UWV'" in bold.message
    assert codes("pro\ufb01el") == [(3, "CG009")]  # the 'fi' ligature from a PDF
    assert codes("Ⅻ") == [(0, "CG009")]


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("УWV", 0),  # Cyrillic У
        ("Gemеente", 3),  # Cyrillic е
        ("Zοetermeer", 1),  # Greek omicron
        ("UWVΑ", 3),  # Greek Alpha after Latin
        ("Москвa", 5),  # a Latin 'a' in a Cyrillic word: the odd one out is the Latin letter
        ("Gemeente Gooi en Vеchtstreek", 18),
    ],
)
def test_a_word_that_mixes_alphabets_is_refused_at_the_odd_letter(text: str, index: int) -> None:
    (problem,) = problems(text)
    assert (problem.index, problem.code) == (index, "CG009")
    assert "mixes" in problem.message


def test_a_greek_or_cyrillic_word_of_latin_look_alikes_is_refused() -> None:
    (problem,) = problems("partij СВА")
    assert (problem.index, problem.code) == (7, "CG009")
    assert "read as 'CBA'" in problem.message
    assert codes("ΚΟΡ") == [(0, "CG009")]


def test_a_word_in_another_alphabet_is_a_warning() -> None:
    assert codes("de stichting Допомога") == [(13, "CG012")]
    assert codes("factor Δ") == [(7, "CG012")]


def test_each_character_is_reported_once_per_text_with_a_count() -> None:
    (problem,) = problems("a\u200bb\u200bc\u200bd")
    assert problem.index == 1 and "2 more times" in problem.message
    assert "<U+200B>" in problem.message  # the text around it is shown with the character visible


def test_a_pasted_page_gives_one_finding_per_kind_not_one_per_word() -> None:
    """Bounded output: each kind of problem once per text, the first place, with a count."""
    page = "Допомога працює разом. " * 5000 + "УWV en Gemеente; ＵＷＶ en ＣＮＶ"
    found = sorted((p.code, p.kind, p.index) for p in problems(page))
    assert found == [
        ("CG009", "look-alike", page.index("ＵＷＶ")),
        ("CG009", "mixed", page.index("УWV")),
        ("CG012", "alphabet", 0),
    ]
    messages = {p.kind: p.message for p in problems(page)}
    assert "(and 14999 more such places in this text)" in messages["alphabet"]
    assert "(and 1 more such place in this text)" in messages["mixed"]


# --- where: inside every kind of scalar ---------------------------------------------------------------

PLACES = [
    ("naam: U\u200bWV\n", "\u200b"),
    ("naam: 'd''U\u200bWV'\n", "\u200b"),
    ('naam: "\\"U\u200bWV"\n', "\u200b"),
    ('naam: "\\u00e9\\x41\\U0001F600U\u200bWV"\n', "\u200b"),
    ('naam: "U\\u200bWV"\n', "\\u200b"),  # an escape: the column of its backslash
    ('naam: "U\\e"\n', "\\e"),
    ("naam: [Bussum, Hui\u200bzen]\n", "\u200b"),
    ("naam: {a: b, c: d\u200be}\n", "\u200b"),
    ("naam: |\n  regel een\n  regel\u200b twee\n", "\u200b"),
    ("naam: >-\n  regel een\n  regel twee\u200b\n\n  regel drie\n", "\u200b"),
    ("naam: plain over\n  two\u200b lines\n", "\u200b"),
    ("naam: 'quoted over\n  two\u200b lines'\n", "\u200b"),
    ("na\u200bam: x\n", "\u200b"),
    ('"na\\u200bam": x\n', "\\u200b"),
    ("- n\u200b: x\n", "\u200b"),
    ("naam: x # U\u200bWV in a comment\nb: U\u200bWV\n", "U\u200bWV\n"),
]


@pytest.mark.parametrize(("text", "needle"), PLACES)
def test_the_character_is_located_inside_its_scalar(text: str, needle: str) -> None:
    at = text.index(needle) + (1 if needle.startswith("U") else 0)
    assert cg009_places(text) == {where(text, at)}


def test_an_escape_in_a_scalar_over_several_lines_falls_back_to_the_scalar_start() -> None:
    text = 'naam: "over\n  two \\u200b lines"\n'
    assert cg009_places(text) == {where(text, text.index('"'))}


def test_every_key_and_every_string_value_of_a_real_covenant(tmp_path: Path) -> None:
    """U+202E in the middle of every key and string of the Gooi covenant: one CG009 each, at it."""
    source, _ = load_text(GOOI_TEXT, str(GOOI))
    assert source is not None
    count = 0

    def poison(node: Any) -> Any:
        nonlocal count
        if isinstance(node, str):
            count += 1
            return node[: len(node) // 2] + "\u202e" + node[len(node) // 2 :]
        if isinstance(node, dict):
            return {poison(k): poison(v) for k, v in node.items()}
        if isinstance(node, list):
            return [poison(item) for item in node]
        return node

    text = yaml.safe_dump(poison(source.data), allow_unicode=True, sort_keys=False, width=80)
    places = {where(text, m.start()) for m in re.finditer("\u202e", text)}
    assert len(places) == count > 500
    checked = check_text(tmp_path, text)
    found = {(f.line, f.column) for f in checked.findings if f.code == "CG009"}
    assert found == places
    assert all(f.severity is Severity.ERROR for f in checked.findings if f.code == "CG009")


# --- the pipeline --------------------------------------------------------------------------------------


def test_reported_even_when_the_schema_refuses_the_file(tmp_path: Path) -> None:
    text = mutate(MINIMAL, "    naam: UWV\n", "    naam: U\u200bWV\n    onbekend: x\n")
    checked = check_text(tmp_path, text)
    assert {f.code for f in checked.findings} >= {"CG009", "CG010"}
    assert checked.covenant is None


def test_the_three_uwvs_of_the_issue_are_refused(tmp_path: Path) -> None:
    """'UWV', 'УWV' and 'U\\u200bWV' would give three signature blocks that read 'UWV'."""
    for i, name in enumerate(["УWV", "U\u200bWV", "\u202eVWU"]):
        text = mutate(MINIMAL, "    naam: UWV\n", f"    naam: {name}\n")
        checked = check_text(tmp_path, text, f"uwv-{i}.yaml")
        line = text.split("\n").index(f"    naam: {name}") + 1
        assert [(f.code, f.line, f.column) for f in checked.findings] == [("CG009", line, 11 + (i == 1))]


def test_the_valid_dutch_example_uses_what_must_stay_allowed() -> None:
    """tests/examples/valid/nederlandse-tekens.yaml checks clean (test_examples) and holds these."""
    path = EXAMPLES / "valid" / "nederlandse-tekens.yaml"
    text = path.read_text(encoding="utf-8")
    for char in "éëïöçâĳĲ€–—“”‘’´±§½²×«»\u00a0":
        assert char in text, char
    assert [f.as_dict() for f in check_file(path).findings] == []


def test_a_clean_covenant_costs_no_locating() -> None:
    """The common case: nothing found, so the line table is never built (and nothing reported)."""
    source, _ = load_text(GOOI_TEXT, str(GOOI))
    assert source is not None
    assert deceptive_text(source) == ()
    assert check_source(source).findings == ()


# --- anywhere in a real covenant ------------------------------------------------------------------------

LIARS = st.sampled_from(["\u202e", "\u200b", "\u00ad", "\u2066", "\u0423", "\ufe0f", "\U000e0041", "\u200a"])
_COMMENTED = {i for i, line in enumerate(GOOI_TEXT.split("\n")) if "#" in line}


@budget("mangled")
@example(offset=GOOI_TEXT.index("Gooi en Vechtstreek één van") + 5, char="\u202e")  # in a >- block
@example(offset=GOOI_TEXT.index("markt: 625") + 8, char="\u200b")  # a number in a flow mapping
@example(offset=GOOI_TEXT.index("naam: UWV") + 2, char="\u0423")  # a key
@given(offset=st.integers(0, len(GOOI_TEXT)), char=LIARS)
def test_a_character_inserted_anywhere_is_reported_where_it_stands(offset: int, char: str) -> None:
    text = GOOI_TEXT[:offset] + char + GOOI_TEXT[offset:]
    line, column = where(text, offset)
    if line - 1 in _COMMENTED:
        return  # comments are not data: nothing of them is printed
    source, findings = load_text(text, "gooi.yaml")
    if source is None:
        assert findings  # refused as broken YAML: it cannot reach a page either
        return
    found = {(f.line, f.column) for f in deceptive_text(source) if f.code == "CG009"}
    assert found == {(line, column)}
