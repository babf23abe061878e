"""The validate stage: JSON Schema errors as CG010 findings at the right line and column.

Each test starts from helpers.MINIMAL (a covenant that passes check), breaks one thing with
an exact text replacement, and asserts code, line, column, message and hint.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from convenantgen.findings import Finding, Severity
from convenantgen.loader import load_file, load_text
from convenantgen.validate import load_schema, validate, where
from helpers import MINIMAL, check_text, column_of, covenant_files, line_of, mutate


def schema_findings(text: str) -> list[Finding]:
    source, problems = load_text(text, "x.yaml")
    assert problems == (), problems
    assert source is not None
    found = list(validate(source))
    assert all(f.code == "CG010" and f.severity is Severity.ERROR for f in found)
    return found


def at(findings: list[Finding], line: int, column: int) -> Finding:
    hits = [f for f in findings if (f.line, f.column) == (line, column)]
    assert len(hits) == 1, [(f.line, f.column, f.message) for f in findings]
    return hits[0]


def test_minimal_covenant_is_valid() -> None:
    assert schema_findings(MINIMAL) == []


@pytest.mark.parametrize("path", covenant_files(), ids=lambda p: p.stem)
def test_real_covenants_are_valid(path: Path) -> None:
    source, problems = load_file(path)
    assert problems == ()
    assert source is not None
    assert validate(source) == ()


def test_schema_file_is_the_packaged_schema(schema_file: Path) -> None:
    assert load_schema() == json.loads(schema_file.read_text(encoding="utf-8"))


# --- misspelt keys -----------------------------------------------------------------------


def test_misspelt_key_is_one_problem_that_names_the_right_key() -> None:
    text = mutate(MINIMAL, "  einde: 2027-12-31", "  eidne: 2027-12-31")
    found = schema_findings(text)
    line = line_of(text, "eidne:")
    (unknown,) = found  # not also "looptijd is missing the key 'einde'": it is the same slip
    assert (unknown.line, unknown.column) == (line, 3)
    assert unknown.message == "unknown key 'eidne' in looptijd: a misspelling of 'einde'"
    assert unknown.hint == "write 'einde:' instead of 'eidne:'"


def test_misspelt_top_level_key() -> None:
    text = mutate(MINIMAL, "titel: Convenant", "tittel: Convenant")
    (unknown,) = schema_findings(text)
    assert (unknown.line, unknown.column) == (line_of(text, "tittel:"), 1)
    assert unknown.hint == "write 'titel:' instead of 'tittel:'"
    assert unknown.element == "tittel"


def test_misspelt_key_in_a_list_item() -> None:
    text = mutate(MINIMAL, "    naam: UWV", "    nam: UWV")
    (unknown,) = schema_findings(text)
    assert (unknown.line, unknown.column) == (line_of(text, "nam: UWV"), 5)
    assert unknown.message == "unknown key 'nam' in partijen[2]: a misspelling of 'naam'"


def test_a_close_key_that_is_present_is_no_misspelling() -> None:
    # 'naam' is there: 'nam' next to it is an unknown key, with the suggestion as a question.
    text = mutate(MINIMAL, "    naam: UWV", "    naam: UWV\n    nam: UWV")
    (unknown,) = schema_findings(text)
    assert unknown.message == "unknown key 'nam' in partijen[2]"
    assert unknown.hint.startswith("did you mean 'naam'?")


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    text = mutate(MINIMAL, "  einde: 2027-12-31", "  einde: 2027-12-31\n  opmerking: x")
    (finding,) = schema_findings(text)
    assert (finding.line, finding.column) == (line_of(text, "opmerking"), 3)
    assert finding.hint == "Allowed here: duur, einde, ingang, opzegtermijn"


# --- dates, numbers, years ---------------------------------------------------------------


def test_impossible_date() -> None:
    text = mutate(MINIMAL, "einde: 2027-12-31", "einde: 2023-02-30")
    (finding,) = schema_findings(text)
    line = line_of(text, "2023-02-30")
    assert (finding.line, finding.column) == (line, column_of(text, "2023-02-30", line))
    assert finding.message == "looptijd.einde: '2023-02-30' is not a real calendar date"
    assert "YYYY-MM-DD" in finding.hint
    assert finding.element == "looptijd.einde"


def test_impossible_date_in_a_flow_mapping() -> None:
    text = mutate(MINIMAL, "    - partij: uwv", "    - {partij: uwv, datum: 2019-13-01}")
    (finding,) = schema_findings(text)
    line = line_of(text, "2019-13-01")
    assert (finding.line, finding.column) == (line, column_of(text, "2019-13-01", line))
    assert "not a real calendar date" in finding.message


TABLE = """    leden:
      - id: banen
        tekst: De Partijen realiseren extra banen.
        tabel:
          id: doelen
          kolommen:
            - {id: markt, kop: Markt}
            - {id: overheid, kop: Overheid}
          totaal: {kop: Totaal, berekend: true}
          rijen:
            - {jaar: 2026, markt: 10, overheid: 5}
            - {jaar: 2027, markt: 20, overheid: 8}
"""


def with_table(**replace: str) -> str:
    text = mutate(MINIMAL, "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n", TABLE)
    for old, new in replace.items():
        text = mutate(text, old, new)
    return text


def test_table_is_valid() -> None:
    assert schema_findings(with_table()) == []


@pytest.mark.parametrize(("written", "shown"), [('"2027"', "the text '2027'"), ("tweeduizend", "the text")])
def test_year_written_as_text(written: str, shown: str) -> None:
    text = with_table(**{"{jaar: 2027,": "{jaar: " + written + ","})
    (finding,) = schema_findings(text)
    line = line_of(text, written)
    assert (finding.line, finding.column) == (line, column_of(text, written, line))
    assert "jaar must be a whole number" in finding.message
    assert shown in finding.message
    plain = written.strip('"')
    expected = "write 2027 without quotes, so that it is read as a number" if plain.isdigit() else None
    assert finding.hint == (expected or "write the year as a number, e.g. 2019")


def test_number_written_with_a_thousands_dot() -> None:
    # YAML reads 1.065 as the float 1.065: the schema says to write 1065.
    text = with_table(**{"markt: 20,": "markt: 1.065,"})
    (finding,) = schema_findings(text)
    line = line_of(text, "1.065")
    assert (finding.line, finding.column) == (line, column_of(text, "1.065", line))
    assert "not the number 1.065" in finding.message
    assert "1065" in finding.hint


def test_negative_number() -> None:
    text = with_table(**{"markt: 20,": "markt: -20,"})
    (finding,) = schema_findings(text)
    assert "must be at least 0, not -20" in finding.message


def test_year_out_of_range() -> None:
    text = with_table(**{"{jaar: 2027,": "{jaar: 27,"})
    (finding,) = schema_findings(text)
    assert "must be at least 1900, not 27" in finding.message


# --- enums -------------------------------------------------------------------------------


def test_wrong_enum_suggests_the_close_match() -> None:
    text = mutate(MINIMAL, "regel: ondertekening", "regel: ondertekenning")
    (finding,) = schema_findings(text)
    line = line_of(text, "ondertekenning")
    assert (finding.line, finding.column) == (line, column_of(text, "ondertekenning", line))
    assert "must be one of 'ondertekening', 'datum', 'terugwerkend'" in finding.message
    assert "not the text 'ondertekenning'" in finding.message
    assert finding.hint == "did you mean 'ondertekening'?"


@pytest.mark.parametrize(
    ("old", "new", "suggestion"),
    [
        (
            "        functie: de regiomanager",
            "        aanhef: meneer\n        functie: de regiomanager",
            "de heer",
        ),
        ("    - partij: uwv", "    - partij: uwv\npublicatie:\n  status: getekend", "ondertekend"),
    ],
)
def test_other_enums_suggest_close_matches(old: str, new: str, suggestion: str) -> None:
    (finding,) = schema_findings(mutate(MINIMAL, old, new))
    assert finding.hint == f"did you mean '{suggestion}'?"


def test_wrong_enum_without_close_match_lists_the_options() -> None:
    text = MINIMAL + "publicatie:\n  status: blabla\n"
    (finding,) = schema_findings(text)
    assert (finding.line, finding.column) == (line_of(text, "blabla"), 11)
    assert finding.hint == "write one of: 'concept', 'ter-ondertekening', 'ondertekend', 'vervallen'"


def test_format_version() -> None:
    text = mutate(MINIMAL, "formaat: 1", "formaat: 2")
    (finding,) = schema_findings(text)
    assert (finding.line, finding.column) == (line_of(text, "formaat"), 10)
    assert "write 'formaat: 1'" in finding.hint


# --- required keys and shapes ------------------------------------------------------------


def test_missing_required_top_level_key() -> None:
    text = mutate(MINIMAL, "titel: Convenant Inclusieve Arbeidsmarkt\n", "")
    (finding,) = schema_findings(text)
    # Reported where the document starts (the first key after the modeline).
    assert (finding.line, finding.column) == (line_of(text, "formaat:"), 1)
    assert finding.message == "the file is missing the key 'titel'"
    assert finding.hint.startswith("add 'titel:'")
    assert "Convenant Inclusieve Arbeidsmarkt" in finding.hint  # the schema's description


def test_missing_required_nested_key_is_located_at_its_parent() -> None:
    text = mutate(MINIMAL, "  ingang: {regel: ondertekening}\n", "")
    (finding,) = schema_findings(text)
    assert (finding.line, finding.column) == (line_of(text, "looptijd:"), 1)
    assert finding.message == "looptijd is missing the key 'ingang'"


def test_conditionally_required_key() -> None:
    text = mutate(MINIMAL, "regel: ondertekening", "regel: datum")
    (finding,) = schema_findings(text)
    assert (finding.line, finding.column) == (line_of(text, "ingang:"), 3)
    assert "missing the key 'datum'" in finding.message


def test_key_that_does_not_belong_with_the_option() -> None:
    text = mutate(MINIMAL, "{regel: ondertekening}", "{regel: ondertekening, datum: 2027-01-01}")
    (finding,) = schema_findings(text)
    line = line_of(text, "datum: 2027")
    assert (finding.line, finding.column) == (line, column_of(text, "datum:", line))
    assert "'datum' does not belong here" in finding.message


def test_missing_required_key_in_a_list_item_is_located_at_the_item() -> None:
    text = mutate(MINIMAL, "    naam: UWV\n", "")
    (finding,) = schema_findings(text)
    assert finding.message == "partijen[2] is missing the key 'naam'"
    assert (finding.line, finding.column) == (line_of(text, "- id: uwv"), 5)


def test_article_without_text_is_located_at_the_article() -> None:
    text = mutate(MINIMAL, "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n", "")
    (finding,) = schema_findings(text)
    assert finding.message == "artikelen[1] needs 'tekst' or 'leden'"
    assert (finding.line, finding.column) == (line_of(text, "- id: doelstelling"), 5)


def test_representative_not_yet_known_is_valid() -> None:
    # Name and function may stay open until signing; the output then shows a line to fill in.
    assert schema_findings(mutate(MINIMAL, "        functie: de regiomanager\n", "")) == []


def test_delegate_needs_name_or_function() -> None:
    text = mutate(
        MINIMAL,
        "        functie: de regiomanager\n",
        "        functie: de regiomanager\n        gemachtigde:\n          aanhef: mevrouw\n",
    )
    (finding,) = schema_findings(text)
    assert finding.message == "partijen[2].vertegenwoordigers[1].gemachtigde needs 'naam' or 'functie'"
    assert (finding.line, finding.column) == (line_of(text, "gemachtigde:"), 9)


def test_wrong_type_list() -> None:
    text = mutate(MINIMAL, "  gemeenten:\n    - Voorbeeldstad", "  gemeenten: Voorbeeldstad")
    (finding,) = schema_findings(text)
    line = line_of(text, "gemeenten:")
    assert (finding.line, finding.column) == (line, column_of(text, "Voorbeeldstad", line))
    assert finding.message == "regio.gemeenten must be a list, not the text 'Voorbeeldstad'"
    assert "'- '" in finding.hint


def test_yes_is_not_a_boolean() -> None:
    text = mutate(MINIMAL, "    titel: Doelstelling", "    titel: Doelstelling\n    modeltekst: yes")
    (finding,) = schema_findings(text)
    line = line_of(text, "modeltekst")
    assert (finding.line, finding.column) == (line, column_of(text, "yes", line))
    assert "must be true or false, not the text 'yes'" in finding.message
    assert "not yes, no, on or off" in finding.hint


def test_empty_value_is_nothing() -> None:
    text = mutate(MINIMAL, "titel: Convenant Inclusieve Arbeidsmarkt", "titel:")
    (finding,) = schema_findings(text)
    assert finding.message == "titel must be text, not nothing"


def test_invalid_id() -> None:
    text = mutate(MINIMAL, "id: minimaal-2027", "id: Minimaal_2027")
    (finding,) = schema_findings(text)
    assert (finding.line, finding.column) == (line_of(text, "Minimaal_2027"), 5)
    assert "lower-case letters, digits and single hyphens" in finding.hint


def test_http_website_needs_https() -> None:
    text = MINIMAL + "publicatie:\n  website: http://example.org\n"
    (finding,) = schema_findings(text)
    assert finding.hint == "write the full https:// address, at most 300 characters"


def test_empty_list() -> None:
    text = mutate(MINIMAL, "  blokken:\n    - partij: gemeente\n    - partij: uwv\n", "  blokken: []\n")
    (finding,) = schema_findings(text)
    assert finding.message == "ondertekening.blokken must not be empty"


def test_open_ended_term_is_valid() -> None:
    assert schema_findings(mutate(MINIMAL, "einde: 2027-12-31", "einde: onbepaald")) == []


def test_top_level_must_be_a_mapping() -> None:
    (finding,) = schema_findings("- a\n- b\n")
    assert (finding.line, finding.column) == (1, 1)
    assert finding.message == "the file must be a mapping of keys, not a list"


def test_one_problem_gives_one_finding() -> None:
    text = mutate(MINIMAL, "einde: 2027-12-31", "einde: onbepaalt")
    assert len(schema_findings(text)) == 1


# --- all errors at once ------------------------------------------------------------------


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    text = MINIMAL
    text = mutate(text, "titel: Convenant Inclusieve Arbeidsmarkt\n", "")
    text = mutate(text, "einde: 2027-12-31", "einde: 2023-02-30")
    text = mutate(text, "regel: ondertekening", "regel: ondertekenning")
    text = mutate(text, "    naam: UWV", "    nam: UWV")
    text = mutate(text, "formaat: 1", "formaat: 2")
    checked = check_text(tmp_path, text)
    got = {(f.line, f.column): f.message for f in checked.findings}
    expected = {
        (line_of(text, "formaat"), 1): "the file is missing the key 'titel'",
        (line_of(text, "formaat"), 10): "formaat must be one of 1",
        (line_of(text, "nam: UWV"), 5): "unknown key 'nam'",
        (
            line_of(text, "ondertekenning"),
            column_of(text, "ondertekenning", line_of(text, "ondertekenning")),
        ): ("looptijd.ingang.regel must be one of"),
        (line_of(text, "2023-02-30"), 10): "not a real calendar date",
    }
    for position, fragment in expected.items():
        assert position in got, (position, got)
        assert fragment in got[position]
    # nothing else ('nam' is not also reported as 'naam' missing), and no rule fires here
    assert {f.code for f in checked.findings} == {"CG010"}
    assert len(checked.findings) == len(expected)
    assert checked.covenant is None
    # Sorted by place, as the report shows them.
    assert list(checked.findings) == sorted(checked.findings)


def test_where_names_paths_one_based() -> None:
    assert where(("artikelen", 2, "leden", 0, "tekst")) == "artikelen[3].leden[1].tekst"
    assert where(()) == "the file"
