"""The ten most common mistakes of a secretary, made together, all reported in one run.

Each gives a finding at its own file:line:column with a message that says what is wrong in
plain words and a hint that says what to write; none hides another (a schema error does
not hide the consistency rules, a tab or a mis-indented line does not hide the rest of the
file). Also: rules whose input is still invalid are skipped, the date notation hints, and
every finding's place in the document's own terms.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from convenantgen.findings import Finding
from convenantgen.hints import date_notation
from helpers import MINIMAL, check_text, column_of, line_of, mutate

CONSIDERANS = """considerans:
  overwegingen:
    - Partijen stellen vast: er is werk te doen.
    - De arbeidsmarkt is <b>krap</b>.
artikelen:
"""
LID = """    leden:
      - id: banen
        tekst: De Partijen realiseren de banen uit [[doelen]], zie ook [[artikel-9]].
        tabel:
          id: doelen
          kolommen:
            - {id: markt, kop: Markt}
            - {id: overheid, kop: Overheid}
          totaal: {kop: Totaal, berekend: false}
          rijen:
            - {jaar: 2026, markt: 10, overheid: 5, totaal: 15}
            - {jaar: 2027, markt: 20, overheid: 8, totaal: 27}
"""


def ten_mistakes() -> str:
    """MINIMAL with the ten mistakes in it, each on a line of its own."""
    text = mutate(MINIMAL, "artikelen:\n", CONSIDERANS)
    text = mutate(text, "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n", LID)
    text = mutate(text, "  gemeenten:", "  gemeentes:")  # 1 a misspelt key
    text = mutate(text, "    naam: UWV", "   naam: UWV")  # 2 bad indentation
    text = mutate(text, "einde: 2027-12-31", "einde: 31 december 2028")  # 3 a date written in Dutch
    text = mutate(text, "        functie: de wethouder", "\tfunctie: de wethouder")  # 4 a tab
    # 5 the unquoted colon and 9 the raw HTML are in CONSIDERANS; 6 the wrong total (27) and
    # 7 the unknown reference [[artikel-9]] in LID
    text = mutate(text, "    - partij: uwv\n", "")  # 8 a missing signature block
    text = mutate(  # 10 a year written as text
        text,
        "            - {jaar: 2027, markt: 20, overheid: 8, totaal: 27}\n",
        "            - {jaar: 2027, markt: 20, overheid: 8, totaal: 27}\n"
        '            - {jaar: "2028", markt: 1, overheid: 1, totaal: 2}\n',
    )
    return text


def expected(text: str) -> list[tuple[str, int, int, str, str]]:
    """(code, line, column, fragment of the message, fragment of the hint) per mistake."""

    def at(needle: str, column_needle: str | None = None) -> tuple[int, int]:
        line = line_of(text, needle)
        return line, column_of(text, column_needle or needle, line)

    return [
        ("CG010", *at("gemeentes:"), "a misspelling of 'gemeenten'", "write 'gemeenten:'"),
        ("CG002", *at("   naam: UWV", "naam"), "indented wrongly", "indent it by 4 spaces"),
        ("CG010", *at("31 december 2028"), "must be written as year-month-day", "write 2028-12-31"),
        ("CG002", line_of(text, "\tfunctie"), 1, "a tab character", "indent with spaces, not tabs"),
        ("CG010", *at("Partijen stellen vast"), "contains ': '", "between double quotes"),
        ("CG101", *at("totaal: 27", "27}"), "total 27 is not 20 + 8 = 28", "correct the total"),
        ("CG301", *at("[[artikel-9]]"), "[[artikel-9]] names no article", "write [[id]]"),
        ("CG403", *at("id: uwv", "uwv"), "has no signature block", "add one block"),
        ("CG307", *at("<b>krap"), "HTML tag '<b>'", "without HTML"),
        ("CG010", *at('"2028"'), "not the text '2028'", "write 2028 without quotes"),
    ]


def _find(found: tuple[Finding, ...], code: str, line: int, column: int) -> Finding:
    hits = [f for f in found if (f.code, f.line, f.column) == (code, line, column)]
    assert hits, (code, line, column, [(f.code, f.line, f.column, f.message) for f in found])
    return hits[0]


def test_ten_mistakes_are_all_reported_in_one_run(tmp_path: Path) -> None:
    text = ten_mistakes()
    checked = check_text(tmp_path, text)
    for code, line, column, message, hint in expected(text):
        finding = _find(checked.findings, code, line, column)
        assert message in finding.message, finding
        assert hint in finding.hint, finding
    # nothing is built from a file in error
    assert checked.covenant is None and checked.layout is None
    # one problem, one finding: the misspelt key is not also "missing", the recital not
    # "missing the key 'tekst'", and the mended tab and indentation add nothing made up
    assert not [f for f in checked.findings if "missing the key" in f.message]
    errors = [f for f in checked.findings if f.severity.value == "error"]
    assert len(errors) == 11, errors  # the ten, the HTML one with its closing tag '</b>'


def test_ten_mistakes_on_the_command_line(cli_run: Callable[..., Result], tmp_path: Path) -> None:
    text = ten_mistakes()
    path = tmp_path / "convenant.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli_run("check", path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for code, line, column, message, _hint in expected(text):
        head = f"{path}:{line}:{column}: {code} error: "
        assert any(x.startswith(head) and message in x for x in lines), (head, result.stdout)
    assert "Traceback" not in result.output
    assert lines[-1] == "1 file checked: 11 error(s), 0 warning(s)"


# --- every check whose input is valid runs (docs/cli.md) --------------------------------------


def test_a_schema_error_elsewhere_hides_neither_a_missing_block_nor_a_bad_reference(tmp_path: Path) -> None:
    text = mutate(MINIMAL, "regel: ondertekening", "regel: bij-ondertekening")  # cannot be mended
    text = mutate(text, "inclusieve arbeidsmarkt.", "inclusieve arbeidsmarkt, zie [[nergens]].")
    text = mutate(text, "    - partij: uwv\n", "")
    found = check_text(tmp_path, text).findings
    codes = {f.code: f for f in found}
    assert sorted(f.code for f in found) == ["CG010", "CG301", "CG403"]
    assert codes["CG010"].line == line_of(text, "bij-ondertekening")
    assert codes["CG301"].line == line_of(text, "[[nergens]]")
    assert codes["CG403"].line == line_of(text, "id: uwv")


def test_a_rule_whose_input_is_invalid_is_skipped(tmp_path: Path) -> None:
    # The party list fails the schema: the party rules would only see a stand-in, and say
    # that 'gemeente' and 'uwv' sign without being parties. They do not run.
    text = mutate(MINIMAL, "    naam: UWV\n", "    naam: UWV\n    lidwoord: den\n")
    text = mutate(text, "    - partij: uwv\n", "")
    found = check_text(tmp_path, text).findings
    assert [f.code for f in found if f.severity.value == "error"] == ["CG010"]


def test_rules_on_a_mended_file_see_what_the_author_meant(tmp_path: Path) -> None:
    # A year written as text is read as that year for the table rules: the total is checked.
    text = ten_mistakes()
    found = check_text(tmp_path, text).findings
    row = line_of(text, '"2028"')
    assert not [f for f in found if f.line == row and f.code.startswith("CG1")]  # 1 + 1 = 2 holds
    text = mutate(text, "overheid: 1, totaal: 2}", "overheid: 1, totaal: 3}")
    found = check_text(tmp_path, text).findings
    assert [f.code for f in found if f.line == row] == ["CG010", "CG101"]


def test_a_syntax_error_that_cannot_be_mended_still_stops_the_file(tmp_path: Path) -> None:
    text = mutate(MINIMAL, "    naam: UWV", '    naam: "UWV')  # the quote never closes
    text = mutate(text, "    - partij: uwv\n", "")
    (finding,) = check_text(tmp_path, text).findings
    assert finding.code == "CG002"
    assert "quoted text is not closed" in finding.hint


def test_a_colon_in_a_text_value_is_mended_and_the_rest_checked(tmp_path: Path) -> None:
    text = mutate(MINIMAL, "arbeidsmarkt.\n", "arbeidsmarkt: samen.\n")
    text = mutate(text, "    - partij: uwv\n", "")
    found = check_text(tmp_path, text).findings
    got = {(f.code, f.line) for f in found}
    assert ("CG002", line_of(text, "arbeidsmarkt: samen")) in got
    assert ("CG403", line_of(text, "id: uwv")) in got


# --- dates written as on paper -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("1 januari 2027", "2027-01-01"),
        ("31-12-2027", "2027-12-31"),
        ("31/12/2027", "2027-12-31"),
        ("1 jan 2027", "2027-01-01"),
        ("2027/12/31", "2027-12-31"),
        ("31 december", "JJJJ-12-31"),
        ("29 februari", "JJJJ-02-29"),
        ("30 februari 2027", None),
        ("31-13-2027", None),
        ("2027-02-30", None),
        ("binnenkort", None),
    ],
)
def test_date_notation(written: str, iso: str | None) -> None:
    assert date_notation(written) == iso


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("1 januari 2027", "write 2027-01-01"),
        ("31-12-2027", "write 2027-12-31"),
        ("31 december", "write JJJJ-12-31, with the year in place of JJJJ"),
    ],
)
def test_a_date_in_words_gets_a_notation_hint(tmp_path: Path, written: str, hint: str) -> None:
    text = mutate(MINIMAL, "einde: 2027-12-31", f"einde: {written}")
    (finding,) = [f for f in check_text(tmp_path, text).findings if f.code == "CG010"]
    assert "must be written as year-month-day" in finding.message
    assert "not a real calendar date" not in finding.message
    assert finding.hint == hint


# --- the place in the document's terms ----------------------------------------------------------

SECOND = """  - id: uitvoering
    titel: Uitvoering
    leden:
      - tekst: Eerste lid.
      - tekst: Tweede lid.
      - tekst: Derde lid, zie [[nergens]].
        toelichting: x
looptijd:
"""


def test_findings_name_their_place_in_the_document(tmp_path: Path) -> None:
    text = mutate(MINIMAL, "looptijd:\n", SECOND)
    text = mutate(text, "    - partij: uwv\n", "")
    found = check_text(tmp_path, text).findings
    places = {f.code: f.place for f in found if f.code in ("CG010", "CG301", "CG403")}
    assert places["CG010"] == "artikel 2, derde lid"  # the YAML path is in its message
    assert places["CG301"] == "artikel 2, derde lid — artikelen[2].leden[3].tekst"
    assert places["CG403"] == "partij b (UWV) — partijen[2].id"


def test_text_report_prints_the_place(cli_run: Callable[..., Result], tmp_path: Path) -> None:
    text = mutate(MINIMAL, "looptijd:\n", SECOND)
    path = tmp_path / "convenant.yaml"
    path.write_text(text, encoding="utf-8")
    lines = cli_run("check", path).stdout.splitlines()
    head = next(i for i, x in enumerate(lines) if "CG301" in x)
    assert lines[head + 1] == "    place: artikel 2, derde lid — artikelen[2].leden[3].tekst"
