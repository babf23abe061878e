"""The load stage: a strict YAML reader that turns every bad input into a located finding.

Every test asserts the code, the line and the column (1-based, as an editor shows them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convenantgen import loader
from convenantgen.findings import Severity
from convenantgen.loader import MAX_DEPTH, load_file, load_text


def one(text: str) -> tuple[str, int, int, str, str]:
    """Load ``text`` that must fail, and return its single finding as a tuple."""
    source, findings = load_text(text, "x.yaml")
    assert source is None
    assert len(findings) == 1, findings
    f = findings[0]
    assert f.severity is Severity.ERROR
    assert f.path == "x.yaml"
    return f.code, f.line, f.column, f.message, f.hint


def data(text: str) -> object:
    source, findings = load_text(text, "x.yaml")
    assert findings == ()
    assert source is not None
    return source.data


# --- duplicate keys ----------------------------------------------------------------------


def test_duplicate_key_names_the_first_line() -> None:
    code, line, column, message, hint = one("a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n")
    assert (code, line, column) == ("CG003", 5, 3)
    assert "'c'" in message
    assert "first at line 3" in message
    assert "only once" in hint


def test_duplicate_key_inside_a_list_item() -> None:
    text = "partijen:\n  - id: a\n    naam: A\n  - id: b\n    naam: B\n    id: c\n"
    code, line, column, message, _ = one(text)
    assert (code, line, column) == ("CG003", 6, 5)
    assert "duplicate key 'id' (first at line 4)" in message


def test_duplicate_top_level_key() -> None:
    code, line, column, message, _ = one("titel: A\nid: x\ntitel: B\n")
    assert (code, line, column) == ("CG003", 3, 1)
    assert "first at line 1" in message


def test_same_key_in_different_mappings_is_fine() -> None:
    assert data("a:\n  id: 1\nb:\n  id: 2\n") == {"a": {"id": 1}, "b": {"id": 2}}


def test_duplicate_key_with_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"a: 1\r\nb: 2\r\nb: 3\r\n")
    source, findings = load_file(path)
    assert source is None
    assert [(f.code, f.line, f.column) for f in findings] == [("CG003", 3, 1)]


# --- anchors, aliases and tags -----------------------------------------------------------


def test_anchor_is_refused_where_it_stands() -> None:
    code, line, column, message, hint = one("a: 1\nb: &tekst hallo\nc: 2\n")
    assert (code, line, column) == ("CG004", 2, 4)
    assert "&tekst" in message
    assert "write" in hint


def test_anchor_on_a_mapping_is_refused() -> None:
    code, line, column, _, _ = one("a:\n  b: &blok\n    c: 1\n")
    assert (code, line, column) == ("CG004", 2, 6)


def test_alias_is_refused_where_it_stands() -> None:
    code, line, column, message, _ = one("a: 1\nb:\n  - x\n  - *tekst\n")
    assert (code, line, column) == ("CG004", 4, 5)
    assert "*tekst" in message


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    text = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\n'
    code, line, column, _, _ = one(text)
    assert (code, line, column) == ("CG004", 1, 4)


def test_python_tag_is_refused() -> None:
    code, line, column, message, _ = one("a: 1\nb: !!python/object:os.system echo\n")
    assert (code, line, column) == ("CG004", 2, 4)
    assert "tag" in message


def test_custom_tag_is_refused() -> None:
    code, line, column, _, _ = one("a: !include andere.yaml\n")
    assert (code, line, column) == ("CG004", 1, 4)


def test_explicit_str_tag_keeps_text() -> None:
    assert data("a: !!str 012\n") == {"a": "012"}


def test_complex_key_is_refused() -> None:
    code, line, column, message, _ = one("? [a, b]\n: 1\n")
    assert (code, line, column) == ("CG002", 1, 3)
    assert "plain text" in message


# --- YAML 1.1 surprises ------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "no",
        "No",
        "NO",
        "off",
        "Off",
        "yes",
        "on",
        "y",
        "n",
        "012",
        "0123456",
        "0x1F",
        "0o17",
        "1_000",
        "12:30",
    ],
)
def test_yaml_11_surprises_stay_text(written: str) -> None:
    assert data(f"waarde: {written}\n") == {"waarde": written}


@pytest.mark.parametrize("written", ["2019-01-01", "2023-02-30", "2019-01-01T10:00:00", "2019-1-1"])
def test_dates_stay_text(written: str) -> None:
    assert data(f"datum: {written}\n") == {"datum": written}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("true", True),
        ("false", False),
        ("True", True),
        ("1065", 1065),
        ("0", 0),
        ("-3", -3),
        ("+7", 7),
        ("37500.50", 37500.5),
        ("1.10", 1.1),
        ("~", None),
        ("null", None),
        ("", None),
    ],
)
def test_yaml_12_core_scalars(written: str, value: object) -> None:
    assert data(f"waarde: {written}\n") == {"waarde": value}


def test_quoted_scalars_are_always_text() -> None:
    assert data("a: 'true'\nb: \"1065\"\nc: '2019-01-01'\n") == {"a": "true", "b": "1065", "c": "2019-01-01"}


def test_keys_are_always_text() -> None:
    assert data("1: a\nno: b\ntrue: c\n") == {"1": "a", "no": "b", "true": "c"}


# --- syntax errors -----------------------------------------------------------------------


def test_tab_indentation() -> None:
    code, line, column, message, hint = one("a: 1\nb:\n\tc: 2\n")
    assert (code, line, column) == ("CG002", 3, 1)
    assert "tab" in message
    assert hint == "indent with spaces, not tabs"


def test_tab_before_a_list_item() -> None:
    code, line, column, _, hint = one("a:\n  - b\n\t- c\n")
    assert (code, line, column) == ("CG002", 3, 1)
    assert "tabs" in hint


def test_unclosed_quote_is_a_syntax_error_with_a_hint() -> None:
    code, _line, _column, message, hint = one('a: 1\nb: "hallo\nc: 3\n')
    assert code == "CG002"
    assert "quoted" in message
    assert "closing quote" in hint


def test_unclosed_quote_is_located_at_the_opening_quote() -> None:
    code, line, column, _, _ = one('a: 1\nb: "hallo\nc: 3\nd: 4\n')
    assert (code, line, column) == ("CG002", 2, 4)


def test_missing_colon() -> None:
    # libyaml notices the missing ':' only on the next line; the finding points at the key.
    code, line, column, message, hint = one("a: 1\nb\nc: 2\n")
    assert (code, line, column) == ("CG002", 2, 1)
    assert "':'" in message
    assert "add ':'" in hint


def test_text_with_colon_space_needs_quotes() -> None:
    code, line, column, message, hint = one("a: 1\ntitel: Artikel 1: Doelstelling\n")
    assert (code, line, column) == ("CG002", 2, 17)
    assert "mapping values are not allowed" in message
    assert "between quotes" in hint


def test_wrong_indentation() -> None:
    code, line, column, _, hint = one("a: 1\n  b: 2\n")
    assert (code, line, column) == ("CG002", 2, 4)
    assert "indentation" in hint


def test_unclosed_flow_sequence() -> None:
    # noticed on the next line; the finding points at the '[' that is not closed
    code, line, column, message, hint = one("a: [1, 2\nb: 3\n")
    assert (code, line, column) == ("CG002", 1, 4)
    assert "flow sequence" in message
    assert "not closed" in hint


def test_character_that_cannot_start_a_token() -> None:
    code, line, column, message, _ = one("a: 1\nb: `x`\n")
    assert (code, line, column) == ("CG002", 2, 4)
    assert "cannot start any token" in message


def test_more_than_one_document_is_refused() -> None:
    code, line, column, message, _ = one("a: 1\n---\nb: 2\n")
    assert (code, line, column) == ("CG002", 2, 1)
    assert "document" in message


def test_more_than_one_document_gets_the_plain_message() -> None:
    _, _, _, message, hint = one("a: 1\n---\nb: 2\n")
    assert "more than one YAML document" in message
    assert "---" in hint


# --- empty files -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "   \n", "# alleen commentaar\n# nog een regel\n"])
def test_empty_and_comment_only_files(text: str) -> None:
    code, line, column, message, hint = one(text)
    assert (code, line, column) == ("CG006", 1, 1)
    assert "empty" in message
    assert "convenantgen new" in hint


def test_empty_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "leeg.yaml"
    path.write_bytes(b"")
    source, findings = load_file(path)
    assert source is None
    assert [(f.code, f.line, f.column) for f in findings] == [("CG006", 1, 1)]


# --- encoding and size -------------------------------------------------------------------


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufefftitel: Één\nid: x\n".encode())
    source, findings = load_file(path)
    assert findings == ()
    assert source is not None
    assert source.data == {"titel": "Één", "id": "x"}
    # The BOM does not shift positions.
    assert source.position(("titel",), key=True) == (1, 1)
    assert source.position(("id",)) == (2, 5)


def test_invalid_utf8_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nb: café\n".encode("latin-1"))
    source, findings = load_file(path)
    assert source is None
    assert [(f.code, f.line, f.column) for f in findings] == [("CG001", 2, 7)]
    assert "UTF-8" in findings[0].message
    assert "UTF-8" in findings[0].hint


def test_invalid_utf8_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_bytes("a: 1\nb: één".encode() + b"\xff\n")
    _, findings = load_file(path)
    assert [(f.code, f.line, f.column) for f in findings] == [("CG001", 2, 7)]


def test_utf16_file_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("a: 1\n".encode("utf-16"))
    _, findings = load_file(path)
    assert [(f.code, f.line, f.column) for f in findings] == [("CG001", 1, 1)]


def test_too_large_file(tmp_path: Path) -> None:
    path = tmp_path / "groot.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * loader.MAX_BYTES)
    source, findings = load_file(path)
    assert source is None
    assert [(f.code, f.line, f.column) for f in findings] == [("CG001", 1, 1)]
    assert f"{loader.MAX_BYTES:,}" in findings[0].message


def test_size_limit_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_BYTES", 20)
    path = tmp_path / "grens.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * 15)  # exactly 20 bytes
    assert load_file(path)[1] == ()
    path.write_bytes(b"a: 1\n" + b"#" * 16)  # 21 bytes
    assert [f.code for f in load_file(path)[1]] == ["CG001"]


def test_missing_file_is_a_finding(tmp_path: Path) -> None:
    source, findings = load_file(tmp_path / "bestaat-niet.yaml")
    assert source is None
    assert [(f.code, f.line, f.column) for f in findings] == [("CG001", 1, 1)]
    assert "cannot read" in findings[0].message


def test_folder_instead_of_file_is_a_finding(tmp_path: Path) -> None:
    source, findings = load_file(tmp_path)
    assert source is None
    assert [f.code for f in findings] == ["CG001"]


def test_control_character_is_a_finding() -> None:
    code, line, column, message, _ = one("a: 1\nb: x\x07y\n")
    assert (code, line, column) == ("CG001", 2, 5)
    assert "U+0007" in message


def test_unicode_line_separator_does_not_shift_line_numbers() -> None:
    code, line, column, message, _ = one('a: "x\u2028y"\nb: 1\nb: 2\n')
    assert (code, line, column) == ("CG003", 3, 1)
    assert "first at line 2" in message


# --- nesting -----------------------------------------------------------------------------


def test_deep_flow_nesting_is_refused_at_the_first_node_too_deep() -> None:
    # The root mapping is level 1, so the 40th '[' (at column 3 + 40) is level 41.
    code, line, column, message, _ = one("a: " + "[" * 60 + "]" * 60 + "\n")
    assert (code, line, column) == ("CG005", 1, 3 + MAX_DEPTH)
    assert f"{MAX_DEPTH} levels" in message


def test_very_deep_flow_nesting_does_not_recurse() -> None:
    code, line, column, _, _ = one("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert (code, line, column) == ("CG005", 1, 3 + MAX_DEPTH)


def test_deep_block_nesting_is_refused() -> None:
    text = "k0:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60))
    code, line, column, _, hint = one(text)
    # Keys count as a level too: the key 'k39' on line 40 is the 41st level.
    assert (code, line, column) == ("CG005", 40, 79)
    assert "indentation" in hint


def test_nesting_within_the_limit_is_fine() -> None:
    assert data("a: " + "[" * 30 + "]" * 30 + "\n")


# --- positions ---------------------------------------------------------------------------


def test_positions_of_keys_and_values() -> None:
    source, _ = load_text("titel: A\npartijen:\n  - id: x\n    naam: 'X'\n", "x.yaml")
    assert source is not None
    assert source.position(("titel",), key=True) == (1, 1)
    assert source.position(("titel",)) == (1, 8)
    assert source.position(("partijen", 0)) == (3, 5)
    assert source.position(("partijen", 0, "naam")) == (4, 11)
    assert source.position(("partijen", 0, "naam"), key=True) == (4, 5)
    # A path that does not exist falls back to its nearest ancestor.
    assert source.position(("partijen", 0, "ontbreekt")) == (3, 5)


def test_the_text_is_kept() -> None:
    text = "# commentaar\na: 1\n"
    source, _ = load_text(text, "x.yaml")
    assert source is not None
    assert source.text == text


# --- never a traceback -------------------------------------------------------------------

_YAMLISH = st.text(
    alphabet=st.sampled_from([*"ab1: -\n\t'\"[]{},&*!#?|>%@`~.\\", "é", "\ufeff"]),
    max_size=60,
)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_YAMLISH)
def test_any_text_gives_data_or_findings_never_an_exception(text: str) -> None:
    source, findings = load_text(text, "x.yaml")
    assert (source is None) == bool(findings)
    for f in findings:
        assert f.line >= 1
        assert f.column >= 1
        assert f.code in {"CG001", "CG002", "CG003", "CG004", "CG005", "CG006"}


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
def test_too_deep_is_located_whichever_parser_limit_trips_first(
    parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # libyaml (PyYAML >= 6.0.4) stops at its own depth of 1000 while scanning ahead; the
    # message must still be ours, at the first node deeper than MAX_DEPTH, with our hint.
    if parser == "pure-python":
        monkeypatch.setattr(loader, "_Parser", yaml.SafeLoader)
    elif getattr(yaml, "CSafeLoader", None) is None:
        pytest.skip("PyYAML was built without libyaml")
    code, line, column, message, hint = one("a: " + "[" * 1500 + "]" * 1500 + "\n")
    assert (code, line, column) == ("CG005", 1, 3 + MAX_DEPTH)
    assert f"deeper than {MAX_DEPTH}" in message
    assert "indentation" in hint
