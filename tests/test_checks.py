"""Consistency rules: one test per rule in convenantgen.checks.RULES, on mutated real covenants.

Each test edits the YAML text of a real covenant (convenants/*.yaml) with an exact
replacement, checks the copy with convenantgen.pipeline.check_file, and asserts the rule's
code AND the line of the offending node -- and that nothing else fires. Expected lines are
found by searching the mutated text, never hard-coded, so the covenants may be edited.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from convenantgen.build import check_all
from convenantgen.checks import RULES
from convenantgen.findings import Severity
from convenantgen.pipeline import Checked, check_file, discover
from helpers import (
    EXAMPLES,
    GOOI,
    SCHEMA,
    SEED,
    ZK,
    check_text,
    codes_lines,
    column_of,
    covenant_files,
    line_of,
    mutate,
)

# Every rule code a test below asserts; test_every_rule_is_exercised compares it with RULES.
TESTED: set[str] = set()

GOOI_TEXT = GOOI.read_text(encoding="utf-8")
# Gooi as if its missing footnote were found and it were offered for signature (CG710).
GOOI_FINAL = mutate(
    mutate(GOOI_TEXT, "  status: concept", "  status: ter-ondertekening"),
    "    ontbreekt: niet in de beschikbare bron (seed 002); aanvullen uit het getekende origineel",
    "    tekst: De rapportages worden besproken in de Werkkamer.",
)
ZK_TEXT = ZK.read_text(encoding="utf-8")


def fires(tmp_path: Path, text: str, *expected: tuple[str, int]) -> Checked:
    """Check ``text``; the findings must be exactly ``expected`` as (code, line) pairs."""
    # Recorded before asserting: a rule that stops firing fails its own test, and
    # test_every_rule_is_exercised only guards against rules that have no test at all.
    TESTED.update(code for code, _ in expected)
    checked = check_text(tmp_path, text, "mutated.yaml")
    got = codes_lines(checked.findings)
    assert got == set(expected), "\n".join(
        f"{f.line}:{f.column} {f.code} {f.message}" for f in checked.findings
    )
    for code, _ in expected:
        finding = next(f for f in checked.findings if f.code == code)
        assert finding.severity is RULES[code].severity
        assert finding.hint
    return checked


def finding(checked: Checked, code: str) -> str:
    return next(f.message for f in checked.findings if f.code == code)


# --- the real covenants pass ---------------------------------------------------------------


@pytest.mark.parametrize("path", covenant_files(), ids=lambda p: p.stem)
def test_no_rule_fires_on_real_covenants(path: Path) -> None:
    checked = check_file(path)
    assert [f.as_dict() for f in checked.findings] == []
    assert checked.covenant is not None
    assert [fact.code for fact in checked.facts] == ["CG600"]


def test_unmutated_copy_passes(tmp_path: Path) -> None:
    fires(tmp_path, GOOI_TEXT)


# --- tables --------------------------------------------------------------------------------


def test_cg101_total_off_by_one(tmp_path: Path) -> None:
    row = "- {jaar: 2022, markt: 875, overheid: 190, totaal: 1065}"
    text = mutate(GOOI_TEXT, row, row.replace("1065", "1064"))
    checked = fires(tmp_path, text, ("CG101", line_of(text, "totaal: 1064")))
    assert finding(checked, "CG101") == "2022: total 1.064 is not 875 + 190 = 1.065"
    f = checked.findings[0]
    assert f.column == column_of(text, "1064", f.line)


def test_cg102_cumulative_series_decreases(tmp_path: Path) -> None:
    row = "- {jaar: 2025, markt: 1250, overheid: 212, totaal: 1462}"
    text = mutate(GOOI_TEXT, row, "- {jaar: 2025, markt: 1250, overheid: 211, totaal: 1461}")
    checked = fires(tmp_path, text, ("CG102", line_of(text, "overheid: 211")))
    assert finding(checked, "CG102") == "overheid falls from 212 in 2024 to 211 in 2025"


def test_cg102_not_for_a_table_that_is_not_cumulative(tmp_path: Path) -> None:
    row = "- {jaar: 2025, markt: 1250, overheid: 212, totaal: 1462}"
    text = mutate(GOOI_TEXT, row, "- {jaar: 2025, markt: 1250, overheid: 211, totaal: 1461}")
    text = mutate(text, "          cumulatief: true\n", "          cumulatief: false\n")
    fires(tmp_path, text)


def test_cg103_year_listed_twice(tmp_path: Path) -> None:
    row = "            - {jaar: 2025, markt: 1250, overheid: 212, totaal: 1462}\n"
    text = mutate(GOOI_TEXT, row, row + row)
    second = line_of(text, "{jaar: 2025", occurrence=2)
    fires(tmp_path, text, ("CG103", second))


def test_cg104_year_missing(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "            - {jaar: 2020, markt: 625, overheid: 148, totaal: 773}\n", "")
    checked = fires(tmp_path, text, ("CG104", line_of(text, "{jaar: 2021")))
    assert finding(checked, "CG104") == "year(s) 2020 missing between 2019 and 2021"


def test_cg105_year_outside_the_term(tmp_path: Path) -> None:
    row = "            - {jaar: 2025, markt: 1250, overheid: 212, totaal: 1462}\n"
    text = mutate(GOOI_TEXT, row, row + row.replace("2025", "2026"))
    checked = fires(tmp_path, text, ("CG105", line_of(text, "{jaar: 2026")))
    assert "2026 lies outside the term" in finding(checked, "CG105")


def test_cg106_quoted_number_contradicts_the_table(tmp_path: Path) -> None:
    slot = "        slot: In 2015 en 2016 hebben Wajongers"
    text = mutate(
        GOOI_TEXT,
        slot,
        "        slot: In 2025 zijn het [[banentabel.2025.totaal = 1.463]] banen."
        " In 2015 en 2016 hebben Wajongers",
    )
    checked = fires(tmp_path, text, ("CG106", line_of(text, "= 1.463")))
    f = checked.findings[0]
    assert f.column == column_of(text, "[[banentabel", f.line)
    assert "quotes 1.463" in f.message and "the table says 1.462" in f.message


def test_cg106_silent_when_the_quote_is_right(tmp_path: Path) -> None:
    slot = "        slot: In 2015 en 2016 hebben Wajongers"
    text = mutate(
        GOOI_TEXT,
        slot,
        "        slot: Samen [[banentabel.2025.totaal = 1.462]] banen. In 2015 en 2016 hebben Wajongers",
    )
    fires(tmp_path, text)


def test_cg106_silent_for_an_agreeing_amount_without_euro_sign(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "[[opstartbudget]]", "[[opstartbudget = 1.000.000]]")
    fires(tmp_path, text)


def test_cg107_row_without_a_column(tmp_path: Path) -> None:
    row = "- {jaar: 2015, markt: 114, overheid: 36, totaal: 150}"
    text = mutate(GOOI_TEXT, row, "- {jaar: 2015, markt: 114, totaal: 114}")
    checked = fires(tmp_path, text, ("CG107", line_of(text, "{jaar: 2015")))
    assert finding(checked, "CG107") == "2015: no value for column 'overheid'"


# --- schedule ------------------------------------------------------------------------------


def test_cg201_review_takes_effect_before_its_review_month(tmp_path: Path) -> None:
    moment = "{id: herziening-2022, maand: 2022-10, ingang: 2023-01-01}"
    text = mutate(GOOI_TEXT, moment, moment.replace("2023-01-01", "2022-09-01"))
    checked = fires(tmp_path, text, ("CG201", line_of(text, "herziening-2022, maand")))
    assert "changes take effect on 1 september 2022, before the review" in finding(checked, "CG201")
    f = checked.findings[0]
    assert f.column == column_of(text, "2022-09-01", f.line)


def test_cg202_change_takes_effect_after_the_end(tmp_path: Path) -> None:
    moment = "            - {id: herziening-2022, maand: 2022-10, ingang: 2023-01-01}\n"
    text = mutate(
        GOOI_TEXT,
        moment,
        moment + "            - {id: herziening-2024, maand: 2024-10, ingang: 2026-01-01}\n",
    )
    checked = fires(tmp_path, text, ("CG202", line_of(text, "herziening-2024")))
    assert "after the covenant ends" in finding(checked, "CG202")


def test_cg202_one_off_duty_dated_after_the_end(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "            voor_einde: {maanden: 1}\n", "            datum: 2030-01-01\n")
    checked = check_text(tmp_path, text)
    assert [f.code for f in checked.findings] == ["CG202"]
    # At the duty or at its date; both tell the secretary where to look.
    assert checked.findings[0].line in (line_of(text, "- id: eindrapportage"), line_of(text, "2030-01-01"))


def test_cg203_reviews_three_years_apart(tmp_path: Path) -> None:
    moment = "{id: herziening-2022, maand: 2022-10, ingang: 2023-01-01}"
    text = mutate(GOOI_TEXT, moment, "{id: herziening-2022, maand: 2023-10, ingang: 2024-01-01}")
    checked = fires(tmp_path, text, ("CG203", line_of(text, "herziening-2022")))
    assert "3 year(s) after the one before, not 2 year(s)" in finding(checked, "CG203")


def test_cg204_final_report_not_one_month_before_the_end(tmp_path: Path) -> None:
    due = "            voor_einde: {maanden: 1}\n"
    text = mutate(GOOI_TEXT, due, due + "            datum: 2025-12-01\n")
    checked = fires(tmp_path, text, ("CG204", line_of(text, "datum: 2025-12-01")))
    assert "due on 30 november 2025" in finding(checked, "CG204")


def test_cg204_silent_when_the_date_agrees(tmp_path: Path) -> None:
    due = "            voor_einde: {maanden: 1}\n"
    fires(tmp_path, mutate(GOOI_TEXT, due, due + "            datum: 2025-11-30\n"))


def test_cg205_end_before_the_start(tmp_path: Path) -> None:
    text = mutate(ZK_TEXT, "  einde: 2019-12-31", "  einde: 2018-12-31")
    checked = fires(tmp_path, text, ("CG205", line_of(text, "einde: 2018-12-31")))
    assert "ends on 31 december 2018, before it starts on 1 januari 2019" in finding(checked, "CG205")


@pytest.mark.parametrize(
    ("day", "month", "said"),
    [(31, 4, "31 april every year, a day that does not exist"), (29, 2, "a day that only leap years have")],
)
def test_cg206_yearly_deadline_on_a_day_that_does_not_exist(
    tmp_path: Path, day: int, month: int, said: str
) -> None:
    text = mutate(GOOI_TEXT, "uiterlijk: {dag: 1, maand: 9}", f"uiterlijk: {{dag: {day}, maand: {month}}}")
    checked = fires(tmp_path, text, ("CG206", line_of(text, f"uiterlijk: {{dag: {day}")))
    assert said in finding(checked, "CG206")


def test_cg206_silent_for_the_last_day_of_february(tmp_path: Path) -> None:
    fires(tmp_path, mutate(GOOI_TEXT, "uiterlijk: {dag: 1, maand: 9}", "uiterlijk: {dag: 28, maand: 2}"))


# --- references ----------------------------------------------------------------------------


def test_cg301_reference_to_an_unknown_id(tmp_path: Path) -> None:
    ref = "[[uitvoering.marktbewerkingsplan]]"
    text = mutate(GOOI_TEXT, ref, "[[uitvoering.marktbewerkingspln]]")
    checked = fires(tmp_path, text, ("CG301", line_of(text, "marktbewerkingspln")))
    f = checked.findings[0]
    assert f.column == column_of(text, "[[uitvoering.marktbewerkingspln]]", f.line)
    assert f.hint == "did you mean [[uitvoering.marktbewerkingsplan]]?"


def test_cg302_footnote_call_without_footnote(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT, "financiële inbreng in de Werkkamer.", "financiële inbreng in de Werkkamer[^onbekend]."
    )
    fires(tmp_path, text, ("CG302", line_of(text, "[^onbekend]")))


def test_cg303_footnote_never_called(tmp_path: Path) -> None:
    note = "  procedure: Deze procedure wordt uitgewerkt in werkprocessen/procesbeschrijvingen.\n"
    text = mutate(GOOI_TEXT, note, note + "  ongebruikt: Deze noot roept niemand aan.\n")
    checked = fires(tmp_path, text, ("CG303", line_of(text, "ongebruikt:")))
    assert checked.findings[0].column == 3  # at the key


def test_cg304_article_number_typed_as_text(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "berust bij de centrumgemeente.",
        "berust bij de centrumgemeente, zoals bedoeld in artikel 2.",
    )
    checked = fires(tmp_path, text, ("CG304", line_of(text, "zoals bedoeld in artikel 2.")))
    f = checked.findings[0]
    assert f.column == column_of(text, "artikel 2", f.line)


def test_cg304_not_for_articles_of_a_law(tmp_path: Path) -> None:
    # The recitals already cite "artikel 6, tweede lid, artikel 8a en artikel 47 van de Participatiewet".
    assert "artikel 47 van de Participatiewet" in GOOI_TEXT
    fires(tmp_path, GOOI_TEXT)


def test_cg305_reference_to_the_wrong_article(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "in [[monitoring.rapportages]] genoemde", "in [[structuur]] genoemde")
    checked = fires(tmp_path, text, ("CG305", line_of(text, "in [[structuur]] genoemde")))
    f = checked.findings[0]
    assert "artikel 5, derde lid does" in f.message
    assert f.hint == "did you mean [[monitoring.rapportages]] (artikel 5, derde lid)?"


def test_cg306_id_used_twice(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "      - id: werkkamer\n", "      - id: banen\n")
    fires(tmp_path, text, ("CG306", line_of(text, "- id: banen", occurrence=2)))


# --- parties -------------------------------------------------------------------------------


def test_cg401_person_with_the_id_of_a_party(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "          - id: elmaci\n", "          - id: fnv\n")
    fires(tmp_path, text, ("CG401", line_of(text, "          - id: fnv")))


def test_cg402_unknown_person(tmp_path: Path) -> None:
    text = mutate(
        ZK_TEXT, "          - persoon: wethouder-haarlem", "          - persoon: wethouder-haarlemm"
    )
    checked = fires(tmp_path, text, ("CG402", line_of(text, "wethouder-haarlemm")))
    assert "'wethouder-haarlemm' is not a representative" in finding(checked, "CG402")


def test_cg403_party_without_signature_block(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "    - partij: rocva\n", "")
    checked = fires(tmp_path, text, ("CG403", line_of(text, "- id: rocva")))
    assert finding(checked, "CG403") == "party 'rocva' (ROCvA) has no signature block"


def test_cg403_second_signature_block(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "    - partij: fnv\n", "    - partij: fnv\n    - partij: fnv\n")
    fires(tmp_path, text, ("CG403", line_of(text, "- partij: fnv", occurrence=2)))


def test_cg404_signature_block_for_an_unknown_party(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "    - partij: rocva\n", "    - partij: rocva\n    - partij: roc-va\n")
    fires(tmp_path, text, ("CG404", line_of(text, "partij: roc-va")))


def test_cg405_signature_block_names_the_party_differently(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "    - partij: uwv\n", "    - partij: uwv\n      naam: UWW\n")
    fires(tmp_path, text, ("CG405", line_of(text, "naam: UWW")))


def test_cg405_accepts_the_name_and_the_short_name(tmp_path: Path) -> None:
    """Spacing and a leading article aside; 'MKB-Nederland' is the party's korte_naam."""
    text = mutate(
        GOOI_TEXT, "    - partij: mkb-nederland\n", "    - partij: mkb-nederland\n      naam: MKB-Nederland\n"
    )
    text = mutate(text, "    - partij: rocva\n", "    - partij: rocva\n      naam: het ROCvA\n")
    text = mutate(text, "    - partij: cnv\n", '    - partij: cnv\n      naam: "CNV "\n')
    text = mutate(
        text,
        "    - partij: regio-gooi-en-vechtstreek\n",
        "    - partij: regio-gooi-en-vechtstreek\n      naam: Regio  Gooi en\u00a0Vechtstreek\n",
    )
    fires(tmp_path, text)


def test_cg405_refuses_a_tail_of_the_party_name(tmp_path: Path) -> None:
    """'UWV' signs for 'Stichting Vrienden van het UWV': it would read as if UWV signed."""
    text = mutate(GOOI_TEXT, "    naam: UWV\n", "    naam: Stichting Vrienden van het UWV\n")
    text = mutate(text, "    - partij: uwv\n", "    - partij: uwv\n      naam: UWV\n")
    checked = fires(tmp_path, text, ("CG405", line_of(text, "      naam: UWV")))
    assert "the party list 'Stichting Vrienden van het UWV'" in finding(checked, "CG405")


def test_cg405_refuses_the_tail_of_the_name_of_mkb_nederland(tmp_path: Path) -> None:
    """The original's 'MKB-Nederland Noord Holland' is neither the name nor the korte_naam."""
    text = mutate(
        GOOI_TEXT,
        "    - partij: mkb-nederland\n",
        "    - partij: mkb-nederland\n      naam: MKB-Nederland Noord Holland\n",
    )
    checked = fires(tmp_path, text, ("CG405", line_of(text, "naam: MKB-Nederland Noord Holland")))
    assert "(short name 'MKB-Nederland')" in finding(checked, "CG405")


def test_cg405_a_short_name_may_be_what_a_tail_was(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "    naam: UWV\n",
        "    naam: Uitvoeringsinstituut Werknemersverzekeringen\n    korte_naam: UWV\n",
    )
    text = mutate(text, "    - partij: uwv\n", "    - partij: uwv\n      naam: het UWV\n")
    fires(tmp_path, text)


def test_cg406_signature_block_capitalises_differently(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT, "    - partij: vno-ncw-west\n", "    - partij: vno-ncw-west\n      naam: VNO NCW WEST\n"
    )
    checked = fires(tmp_path, text, ("CG406", line_of(text, "naam: VNO NCW WEST")))
    assert checked.findings[0].severity is Severity.WARNING


def test_cg406_capitals_of_the_short_name_and_spacing(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT, "    - partij: mkb-nederland\n", "    - partij: mkb-nederland\n      naam: mkb-nederland\n"
    )
    text = mutate(text, "    - partij: fnv\n", '    - partij: fnv\n      naam: "  FNV"\n')
    fires(tmp_path, text, ("CG406", line_of(text, "naam: mkb-nederland")))


def test_cg410_two_parties_with_the_same_name(tmp_path: Path) -> None:
    """Two parties named alike get two signature blocks that read alike."""
    other = (
        "  - id: uwv-2\n    naam: uwv\n    vertegenwoordigers:\n      - {id: tweede, functie: de directeur}\n"
    )
    text = mutate(GOOI_TEXT, "  - id: uwv\n", other + "  - id: uwv\n")
    text = mutate(text, "    - partij: uwv\n", "    - partij: uwv\n    - partij: uwv-2\n")
    checked = fires(tmp_path, text, ("CG410", line_of(text, "    naam: UWV")))
    assert finding(checked, "CG410") == "'UWV' is also the name of party 'uwv-2' (uwv)"


def test_cg410_a_short_name_that_is_another_party_s_name(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "        naam: FNV\n", "        naam: FNV\n        korte_naam: CNV\n")
    checked = fires(tmp_path, text, ("CG410", line_of(text, "    naam: CNV")))
    assert "also the name of party 'fnv'" in finding(checked, "CG410")


# --- the party list and the region (checks/party_list.py) -----------------------------------


def test_cg420_and_cg421_a_misspelt_municipality_party(tmp_path: Path) -> None:
    """'Gemeente Velzen' is no municipality of the region, and Velsen is then no party."""
    text = mutate(ZK_TEXT, "        naam: Gemeente Velsen\n", "        naam: Gemeente Velzen\n")
    checked = fires(
        tmp_path,
        text,
        ("CG420", line_of(text, "naam: Gemeente Velzen")),
        ("CG421", line_of(text, "    - Velsen")),
    )
    assert finding(checked, "CG420") == (
        "party 'velsen' is the municipality 'Velzen', which is not in regio.gemeenten"
    )
    assert "'Velsen' is in the region but no party" in finding(checked, "CG421")


def test_cg420_a_declared_municipality_outside_the_region(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "        noot: regio-gemeenten\n",
        "        noot: regio-gemeenten\n        gemeente: Almere\n",
    )
    checked = fires(tmp_path, text, ("CG420", line_of(text, "gemeente: Almere")))
    assert "'Almere', which is not in regio.gemeenten" in finding(checked, "CG420")


def test_a_declared_municipality_ties_a_party_with_another_name(tmp_path: Path) -> None:
    """'gemeente: Velsen' makes 'College van Velsen' the municipality: CG421 is content."""
    text = mutate(
        ZK_TEXT,
        "        naam: Gemeente Velsen\n",
        "        naam: College van Velsen\n        gemeente: Velsen\n",
    )
    fires(tmp_path, text)
    without = mutate(ZK_TEXT, "        naam: Gemeente Velsen\n", "        naam: College van Velsen\n")
    fires(tmp_path, without, ("CG421", line_of(without, "    - Velsen")))


def test_cg420_without_region_only_a_declared_municipality(tmp_path: Path, repo_root: Path) -> None:
    """A national covenant may have 'Gemeente X' among its parties; 'gemeente: X' asks for a region."""
    text = (repo_root / "tests" / "examples" / "valid" / "landelijk.yaml").read_text(encoding="utf-8")
    town = (
        "  - id: amsterdam\n    naam: Gemeente Amsterdam\n    vertegenwoordigers:\n"
        "      - id: wethouder-amsterdam\n        functie: de wethouder Werk\n"
    )
    text = mutate(text, "  - id: werkgevers\n", town + "  - id: werkgevers\n")
    text = mutate(text, "    - partij: mkb\n", "    - partij: mkb\n    - partij: amsterdam\n")
    fires(tmp_path, text)
    declared = mutate(
        text, "    naam: Gemeente Amsterdam\n", "    naam: Gemeente Amsterdam\n    gemeente: Amsterdam\n"
    )
    checked = fires(tmp_path, declared, ("CG420", line_of(declared, "gemeente: Amsterdam")))
    assert finding(checked, "CG420") == (
        "party 'amsterdam' is the municipality 'Amsterdam', but the covenant has no region"
    )


def test_cg423_a_cluster_member_cannot_sign_in_person(tmp_path: Path, repo_root: Path) -> None:
    text = (repo_root / "tests" / "examples" / "valid" / "clusters.yaml").read_text(encoding="utf-8")
    text = mutate(
        text,
        "            naam: gemeente Dorpen\n",
        "            naam: gemeente Dorpen\n            in_persoon: true\n",
    )
    checked = fires(tmp_path, text, ("CG423", line_of(text, "in_persoon: true", occurrence=1)))
    assert finding(checked, "CG423") == "party 'dorpen' stands in a cluster, which is represented together"


def test_cg421_is_silent_when_the_municipalities_do_not_sign(tmp_path: Path) -> None:
    """Without gemeenten_ondertekenen a municipality may be no party; printed nowhere, CG424 says so."""
    text = mutate(ZK_TEXT, "  gemeenten_ondertekenen: true\n", "")
    text = mutate(text, "        naam: Gemeente Velsen\n", "        naam: College van Velsen\n")
    checked = fires(tmp_path, text, ("CG424", line_of(text, "  gemeenten:")))
    assert "'Velsen' is no party and no text names it" in finding(checked, "CG424")


def test_cg422_two_centrumgemeenten_and_one_that_is_no_municipality(tmp_path: Path) -> None:
    text = mutate(
        ZK_TEXT,
        "        naam: Gemeente Haarlem\n",
        "        naam: Gemeente Haarlem\n        centrumgemeente: true\n",
    )
    text = mutate(
        text,
        "        naam: Gemeente Zandvoort\n",
        "        naam: Gemeente Zandvoort\n        centrumgemeente: true\n",
    )
    text = mutate(text, "    naam: UWV\n", "    naam: UWV\n    centrumgemeente: true\n")
    checked = check_text(tmp_path, text, "mutated.yaml")
    TESTED.add("CG422")
    got = sorted((f.code, f.line, f.message) for f in checked.findings)
    assert got == [
        (
            "CG422",
            line_of(text, "centrumgemeente: true", occurrence=2),
            "party 'zandvoort' is a second centrumgemeente, after 'haarlem'",
        ),
        (
            "CG422",
            line_of(text, "centrumgemeente: true", occurrence=3),
            "party 'uwv' is marked centrumgemeente but is no municipality",
        ),
    ]


def test_cg423_a_party_signing_in_person_with_others(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "        noot: regio-gemeenten\n",
        "        noot: regio-gemeenten\n        in_persoon: true\n",
    )
    text = mutate(
        text, "        naam: VNO NCW West\n", "        naam: VNO NCW West\n        in_persoon: true\n"
    )
    checked = check_text(tmp_path, text, "mutated.yaml")
    TESTED.add("CG423")
    got = sorted((f.code, f.line, f.message) for f in checked.findings)
    assert got == [
        (
            "CG423",
            line_of(text, "in_persoon: true", occurrence=1),
            "party 'vno-ncw-west' signs in person, yet someone signs on its behalf ('gemachtigde')",
        ),
        (
            "CG423",
            line_of(text, "in_persoon: true", occurrence=2),
            "party 'regio-gooi-en-vechtstreek' signs in person but has 3 representatives",
        ),
    ]


def test_cg424_the_region_s_municipalities_printed_nowhere(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "    [[regio.gemeenten]].\n", "    Blaricum en de andere gemeenten.\n")
    checked = fires(tmp_path, text, ("CG424", line_of(text, "  gemeenten:")))
    # Blaricum is named; Bussum, the next, is neither named nor a party
    expected = "regio.gemeenten is printed nowhere: 'Bussum' is no party and no text names it"
    assert finding(checked, "CG424") == expected


def test_cg425_a_group_s_short_name_that_names_a_party(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "    naam: werkgeversorganisaties\n",
        "    naam: werkgeversorganisaties\n    korte_naam: fnv\n",
    )
    checked = fires(tmp_path, text, ("CG425", line_of(text, "korte_naam: fnv")))
    assert finding(checked, "CG425") == "'fnv' is also the name of 'fnv'"


def test_cluster_ids_are_ids_and_addressees(tmp_path: Path, repo_root: Path) -> None:
    """CG401 and CG407 know the clusters: a cluster's id is taken, and 'wie' may name it."""
    text = (repo_root / "tests" / "examples" / "valid" / "clusters.yaml").read_text(encoding="utf-8")
    duty = (
        "    leden:\n      - tekst: De Partijen werken samen.\n        verplichtingen:\n"
        "          - wie: [cluster-dhr]\n            onderdelen: [stemt de uitvoering af.]\n"
    )
    text = mutate(text, "    tekst: De Partijen werken samen.\n", duty)
    fires(tmp_path, text)
    clash = mutate(text, "      - id: cluster-dhr\n", "      - id: centrumstad\n")
    clash = mutate(clash, "wie: [cluster-dhr]", "wie: [centrumstad]")
    fires(tmp_path, clash, ("CG401", line_of(clash, "      - id: centrumstad", occurrence=1)))
    unknown = mutate(text, "wie: [cluster-dhr]", "wie: [cluster-xyz]")
    fires(tmp_path, unknown, ("CG407", line_of(unknown, "wie: [cluster-xyz]")))


def test_cg407_obligation_for_an_unknown_group(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "          - wie: [gemeenten, uwv]", "          - wie: [gemeenten, uvw]")
    checked = fires(tmp_path, text, ("CG407", line_of(text, "wie: [gemeenten, uvw]")))
    f = checked.findings[0]
    assert f.column == column_of(text, "uvw", f.line)


def test_cg408_municipality_listed_twice(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "    - Wijdemeren\n", "    - Wijdemeren\n    - Hilversum\n")
    fires(tmp_path, text, ("CG408", line_of(text, "    - Hilversum", occurrence=2)))


def test_cg409_signatory_who_represents_another_party(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "      ondertekenaars: [klamer]", "      ondertekenaars: [mooren]")
    fires(tmp_path, text, ("CG409", line_of(text, "ondertekenaars: [mooren]", occurrence=1)))


# --- markup: text prints what it says, and has no structure of its own ---------------------

VOORZITTER = (
    "        tekst: Het bestuurlijk voorzitterschap van de Werkkamer berust bij de centrumgemeente.\n"
)


def at(checked: Checked, code: str) -> set[tuple[int, int]]:
    return {(f.line, f.column) for f in checked.findings if f.code == code}


def place(text: str, needle: str, occurrence: int | None = None) -> tuple[int, int]:
    line = line_of(text, needle, occurrence)
    return line, column_of(text, needle, line)


def lid_block(*lines: str) -> str:
    """The Gooi covenant with the voorzitterschap lid rewritten as a literal block of ``lines``."""
    body = "".join(f"          {line}\n" if line else "\n" for line in lines)
    return mutate(GOOI_TEXT, VOORZITTER, "        tekst: |-\n" + body)


def test_cg307_every_tag_is_an_error_at_its_own_column(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT, "berust bij de centrumgemeente.", "berust bij de <b>centrumgemeente</b>, <br>zie <br>ook."
    )
    line = line_of(text, "<b>centrumgemeente</b>")
    checked = fires(tmp_path, text, ("CG307", line))
    row = text.splitlines()[line - 1]
    columns = {row.index("<b>") + 1, row.index("</b>") + 1, row.index("<br>") + 1, row.rindex("<br>") + 1}
    assert at(checked, "CG307") == {(line, c) for c in columns}
    assert all(f.severity is Severity.ERROR for f in checked.findings)
    assert (
        sorted(f.message for f in checked.findings).count(
            "HTML tag '<br>' is not allowed: it would be printed as typed"
        )
        == 2
    )


def test_cg307_image_and_unsafe_link_are_errors_where_they_stand(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "De Partijen maken in dit convenant",
        "De Partijen ![logo](https://x.nl/l.png) maken in dit convenant",
    )
    # inside a folded block, on its third line: the column is exact there too
    text = mutate(text, "beschikken, waarbij", "beschikken ([zie](javascript:alert(1))), waarbij")
    checked = fires(
        tmp_path, text, ("CG307", line_of(text, "![logo]")), ("CG307", line_of(text, "javascript:alert"))
    )
    assert at(checked, "CG307") == {place(text, "![logo]"), place(text, "[zie](javascript")}
    messages = sorted(f.message for f in checked.findings)
    assert messages[0].startswith("image '![logo](https://x.nl/l.png)' is not allowed")
    assert messages[1].startswith("link '[zie](javascript:alert(1))' is not allowed")


def test_cg307_after_escapes_in_a_double_quoted_text(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        VOORZITTER,
        '        tekst: "Het \\"bestuurlijk\\" voorzitterschap \\u00e9n <b>de</b> rest."\n',
    )
    checked = fires(tmp_path, text, ("CG307", line_of(text, "<b>de</b>")))
    assert at(checked, "CG307") == {place(text, "<b>"), place(text, "</b>")}


def test_cg307_also_a_tag_that_commonmark_would_not_call_one(tmp_path: Path) -> None:
    # '<b class=>' is no valid tag, but it is printed as typed all the same
    text = mutate(GOOI_TEXT, "berust bij de centrumgemeente.", "berust bij de <b class=>centrumgemeente</b>.")
    checked = fires(tmp_path, text, ("CG307", line_of(text, "<b class=>")))
    assert at(checked, "CG307") == {place(text, "<b class=>"), place(text, "</b>")}


@pytest.mark.parametrize(
    "marked",
    [
        "`<b>` als code",
        "\\<b> met een backslash",
        "&lt;b&gt; als entiteit",
        "[de website](https://example.nl) en <https://example.nl>",
        "<secretariaat@example.nl>",
        "minder dan 5 < 6 banen",
    ],
)
def test_cg307_silent_for_code_escapes_and_safe_links(tmp_path: Path, marked: str) -> None:
    text = mutate(GOOI_TEXT, "berust bij de centrumgemeente.", f"berust bij de centrumgemeente ({marked}).")
    fires(tmp_path, text)


# Each construct, the line in a literal block that makes it, and the marker where it starts.
STRUCTURE = [
    ("atx-heading", ("Tekst.", "", "## Opzegging", "", "Meer tekst."), "## Opzegging", "Markdown heading"),
    ("setext-equals", ("Tekst.", "", "Ondertekening:", "==="), "===", "makes the text above it"),
    ("setext-dashes", ("Tekst.", "", "Ondertekening:", "---"), "---", "makes the text above it"),
    ("rule-stars", ("Tekst.", "", "***", "", "Meer tekst."), "***", "horizontal rule"),
    ("rule-underscores", ("Tekst.", "", "___", "", "Meer tekst."), "___", "horizontal rule"),
    ("rule-spaced-dashes", ("Tekst.", "", "- - -", "", "Meer tekst."), "- - -", "horizontal rule"),
    ("blockquote", ("Tekst.", "", "> Namens UWV: de directeur."), "> Namens", "block quote"),
    ("table", ("Tekst:", "", "| Jaar | Banen |", "|---|---|", "| 2027 | 150 |"), "| Jaar", "Markdown table"),
    ("indented-code", ("Tekst.", "", "    Plaats: ____ Datum: ____"), "Plaats:", "code block"),
    ("fenced-code", ("Tekst.", "", "~~~", "Plaats: ____ Datum: ____", "~~~"), "~~~", "code block"),
    ("numbered-list", ("Tekst.", "", "1. De Partijen zeggen op."), "1. De", "numbered list"),
    ("numbered-list-paren", ("Tekst.", "", "3) De Partijen zeggen op."), "3) De", "numbered list"),
    ("link-definition", ("Tekst.", "", "[bron]: https://example.nl"), "[bron]:", "link definition"),
    ("heading-in-list", ("Tekst:", "", "- eerst;", "- # Opzegging"), "# Opzegging", "Markdown heading"),
    ("quote-in-list", ("Tekst:", "", "- eerst;", "- > geciteerd"), "> geciteerd", "block quote"),
]


@pytest.mark.parametrize(
    ("lines", "marker", "words"), [c[1:] for c in STRUCTURE], ids=[c[0] for c in STRUCTURE]
)
def test_cg308_structure_in_a_lid_is_an_error_at_its_marker(
    tmp_path: Path, lines: tuple[str, ...], marker: str, words: str
) -> None:
    text = lid_block(*lines)
    where = place(text, marker, occurrence=1)
    checked = fires(tmp_path, text, ("CG308", where[0]))
    assert at(checked, "CG308") == {where}
    assert words in finding(checked, "CG308")


def test_cg308_every_construct_of_a_text_is_reported(tmp_path: Path) -> None:
    text = lid_block("# Opzegging", "", "> geciteerd", "", "***")
    checked = fires(tmp_path, text, *(("CG308", place(text, m)[0]) for m in ("# Opz", "> gec", "***")))
    assert at(checked, "CG308") == {place(text, m) for m in ("# Opz", "> gec", "***")}


@pytest.mark.parametrize(
    ("old", "new", "marker"),
    [
        # a recital and a footnote (folded blocks), a slot (a single-quoted text)
        (
            "      per 1 januari 2015 gemeenten",
            "      > per 1 januari 2015 gemeenten",
            "> per 1 januari",
        ),
        (
            "  regio-gemeenten: >-\n",
            "  regio-gemeenten: >-\n    ## Gemeenten\n\n",
            "## Gemeenten",
        ),
        (
            "        slot: In 2015 en 2016 hebben",
            "        slot: '# In 2015 en 2016 hebben",
            "# In 2015",
        ),
    ],
    ids=["recital", "footnote", "slot"],
)
def test_cg308_in_other_text_fields(tmp_path: Path, old: str, new: str, marker: str) -> None:
    text = mutate(GOOI_TEXT, old, new)
    if "slot: '#" in text:
        text = mutate(text, "Wsw’ers op de wachtlijst voorrang.\n", "Wsw’ers op de wachtlijst voorrang.'\n")
    checked = fires(tmp_path, text, ("CG308", place(text, marker)[0]))
    assert at(checked, "CG308") == {place(text, marker)}


def test_cg308_silent_for_what_running_text_may_use(tmp_path: Path) -> None:
    text = lid_block(
        "Het voorzitterschap (#1 op de lijst) berust bij de centrumgemeente.",
        "\\# geen kop, \\> geen citaat, 2\\. geen nummer en a | b geen tabel.",
        "Een harde regelovergang\\",
        "en *nadruk*, **vet**, `code` en [een link](https://example.nl):",
        "",
        "- eerste punt;",
        "  * genest punt;",
        "- tweede punt.",
    )
    fires(tmp_path, text)


def test_cg308_silent_for_markers_that_a_folded_block_joins_into_the_sentence(tmp_path: Path) -> None:
    # In '>-' a line break is a space: '# ...' or '> ...' on a following line is mid-sentence.
    text = mutate(
        GOOI_TEXT,
        "          van de Werkkamer in samenwerking",
        "          # van de Werkkamer in samenwerking",
    )
    text = mutate(text, "          tussenrapportage en één", "          > tussenrapportage en één")
    fires(tmp_path, text)


def test_cg502_amount_with_three_decimals(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "    bedrag: 1000000\n", "    bedrag: 1000000.005\n")
    checked = fires(tmp_path, text, ("CG502", line_of(text, "bedrag: 1000000.005")))
    assert at(checked, "CG502") == {place(text, "1000000.005")}
    assert (
        finding(checked, "CG502")
        == "the amount 1000000.005 has 3 decimals: it would be printed as € 1.000.000,00"
    )
    assert next(f.hint for f in checked.findings) == "write at most two decimals (cents)"


@pytest.mark.parametrize("amount", ["1000000.50", "1000000.1", "1000000.10", "1.10", "1000000", "1e6"])
def test_cg502_silent_for_at_most_two_decimals(tmp_path: Path, amount: str) -> None:
    fires(tmp_path, mutate(GOOI_TEXT, "    bedrag: 1000000\n", f"    bedrag: {amount}\n"))


@pytest.mark.parametrize(
    ("amount", "decimals"),
    [("1000000.000", 3), ("0.0000001", 7), ("999999.99000000000001", 14), ("1.5e-3", 4)],
)
def test_cg502_reads_the_amount_as_written(tmp_path: Path, amount: str, decimals: int) -> None:
    # The float YAML gives is rounded already (999999.99000000000001 == 999999.99): read the text.
    text = mutate(GOOI_TEXT, "    bedrag: 1000000\n", f"    bedrag: {amount}\n")
    checked = fires(tmp_path, text, ("CG502", line_of(text, f"bedrag: {amount}")))
    assert f"has {decimals} decimals" in finding(checked, "CG502")


def test_cg502_an_allocation_in_dutch_thousands(tmp_path: Path) -> None:
    amount = "    bedrag: 1000000\n"
    text = mutate(
        GOOI_TEXT,
        amount,
        amount + "    posten:\n      - {id: campagne, omschrijving: Campagne, bedrag: 12.500}\n",
    )
    checked = fires(tmp_path, text, ("CG502", line_of(text, "bedrag: 12.500")))
    assert at(checked, "CG502") == {place(text, "12.500")}
    hint = next(f.hint for f in checked.findings)
    assert hint.startswith("write at most two decimals (cents)")
    assert "write 12500 (not 12.500) for € 12.500" in hint


def test_cg502_covers_every_money_field_of_the_schema() -> None:
    # A new field that uses $defs/bedrag must be added to the rule (and then to this list).
    found: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if node.get("$ref") == "#/$defs/bedrag":
                found.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    walk(json.loads(SCHEMA.read_text(encoding="utf-8")), "")
    assert sorted(found) == [
        "/$defs/budget/properties/bedrag",
        "/$defs/budget/properties/posten/items/properties/bedrag",
    ]


# --- budget and term -------------------------------------------------------------------------


def test_cg501_allocations_exceed_the_budget(tmp_path: Path) -> None:
    amount = "    bedrag: 1000000\n"
    text = mutate(
        GOOI_TEXT,
        amount,
        amount
        + "    posten:\n"
        + "      - {id: campagne, omschrijving: Campagne, bedrag: 600000}\n"
        + "      - {id: secretariaat, omschrijving: Secretariaat, bedrag: 400000.01}\n",
    )
    checked = fires(tmp_path, text, ("CG501", line_of(text, "    posten:")))
    assert "€ 1.000.000,01 allocated, € 1.000.000 available" in finding(checked, "CG501")


def test_cg501_silent_when_allocations_fit(tmp_path: Path) -> None:
    amount = "    bedrag: 1000000\n"
    text = mutate(
        GOOI_TEXT, amount, amount + "    posten:\n      - {id: alles, omschrijving: Alles, bedrag: 1000000}\n"
    )
    fires(tmp_path, text)


def test_cg601_retroactive_start_after_the_signatures(tmp_path: Path) -> None:
    text = mutate(ZK_TEXT, "    datum: 2019-01-01\n", "    datum: 2019-06-01\n")
    text = mutate(text, "    - partij: haarlem\n", "    - partij: haarlem\n      datum: 2019-03-01\n")
    checked = fires(tmp_path, text, ("CG601", line_of(text, "    datum: 2019-06-01")))
    assert "lies after the last signature (1 maart 2019)" in finding(checked, "CG601")


_ZK_TERM = "    regel: terugwerkend\n    datum: 2019-01-01\n  einde: 2019-12-31\n"
_ZK_PHASES = (
    "          van de samenwerking in het Regionaal Werkbedrijf.\n"
    "        fasen:\n"
    "          - {id: fase-1, naam: Eerste fase, duur: {maanden: 6}}\n"
)


def test_cg603_fixed_start_before_the_last_signature(tmp_path: Path) -> None:
    text = mutate(ZK_TEXT, _ZK_TERM, "    regel: datum\n    datum: 2019-01-01\n  einde: 2019-12-31\n")
    text = mutate(text, "    - partij: haarlem\n", "    - partij: haarlem\n      datum: 2019-03-01\n")
    checked = fires(tmp_path, text, ("CG603", line_of(text, "    datum: 2019-01-01")))
    assert "before the last signature (1 maart 2019), but is not declared retroactive" in finding(
        checked, "CG603"
    )


def test_cg603_silent_for_a_fixed_start_after_the_signatures(tmp_path: Path) -> None:
    text = mutate(ZK_TEXT, _ZK_TERM, "    regel: datum\n    datum: 2019-04-01\n  einde: 2019-12-31\n")
    text = mutate(text, "Dit convenant treedt met terugwerkende kracht in werking vanaf", "In werking vanaf")
    text = mutate(text, "    - partij: haarlem\n", "    - partij: haarlem\n      datum: 2019-03-01\n")
    fires(tmp_path, text)


def test_cg604_end_that_contradicts_the_duration(tmp_path: Path) -> None:
    text = mutate(ZK_TEXT, "  einde: 2019-12-31\n", "  duur: {jaren: 2}\n  einde: 2019-12-31\n")
    checked = fires(tmp_path, text, ("CG604", line_of(text, "  einde: 2019-12-31")))
    assert "twee jaar from 1 januari 2019 ends on 31 december 2020" in finding(checked, "CG604")


def test_cg604_silent_when_the_end_is_the_last_day_of_the_duration(tmp_path: Path) -> None:
    text = mutate(ZK_TEXT, "  einde: 2019-12-31\n", "  duur: {jaren: 1}\n  einde: 2019-12-31\n")
    fires(tmp_path, text)


def test_cg605_phase_past_the_end_of_the_term(tmp_path: Path) -> None:
    second = "          - {id: fase-2, naam: Tweede fase, duur: {maanden: 7}}\n"
    text = mutate(
        ZK_TEXT, "          van de samenwerking in het Regionaal Werkbedrijf.\n", _ZK_PHASES + second
    )
    checked = fires(tmp_path, text, ("CG605", line_of(text, "id: fase-2")))
    assert "'Tweede fase' ends on 31 januari 2020, after the term ends (31 december 2019)" in finding(
        checked, "CG605"
    )


def test_cg605_phase_that_ends_before_it_begins(tmp_path: Path) -> None:
    second = "          - {id: fase-2, naam: Tweede fase, einde: 2019-05-01}\n"
    text = mutate(
        ZK_TEXT, "          van de samenwerking in het Regionaal Werkbedrijf.\n", _ZK_PHASES + second
    )
    checked = fires(tmp_path, text, ("CG605", line_of(text, "id: fase-2")))
    assert "ends on 1 mei 2019, before it begins on 1 juli 2019" in finding(checked, "CG605")


def test_cg605_silent_for_phases_that_fill_the_term(tmp_path: Path) -> None:
    second = "          - {id: fase-2, naam: Tweede fase, einde: 2019-12-31}\n"
    text = mutate(
        ZK_TEXT, "          van de samenwerking in het Regionaal Werkbedrijf.\n", _ZK_PHASES + second
    )
    fires(tmp_path, text)


def test_cg602_signature_after_the_end(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "    - partij: fnv\n", "    - partij: fnv\n      datum: 2026-01-15\n")
    checked = fires(tmp_path, text, ("CG602", line_of(text, "datum: 2026-01-15")))
    assert "'fnv' signed on 15 januari 2026, after the end (31 december 2025)" in finding(checked, "CG602")


# --- publication ---------------------------------------------------------------------------


def _all_signed(text: str) -> str:
    for party in ("fnv", "cnv", "mkb-nederland", "regio-gooi-en-vechtstreek", "rocva", "uwv", "vno-ncw-west"):
        text = mutate(text, f"    - partij: {party}\n", f"    - partij: {party}\n      datum: 2015-06-15\n")
    return text


def test_cg701_signed_status_while_parties_have_not_signed(tmp_path: Path) -> None:
    text = mutate(GOOI_FINAL, "    - partij: fnv\n", "    - partij: fnv\n      datum: 2015-06-15\n")
    text = mutate(text, "status: ter-ondertekening", "status: ondertekend")
    checked = fires(tmp_path, text, ("CG701", line_of(text, "status: ondertekend")))
    assert finding(checked, "CG701") == (
        "the status is 'ondertekend', but 6 of 7 parties have no signing date: "
        "vno-ncw-west, mkb-nederland, cnv, rocva, regio-gooi-en-vechtstreek and 1 more"
    )


def test_cg701_silent_once_everybody_has_signed(tmp_path: Path) -> None:
    fires(tmp_path, mutate(_all_signed(GOOI_FINAL), "status: ter-ondertekening", "status: ondertekend"))


def test_cg702_everybody_signed_but_status_not_updated(tmp_path: Path) -> None:
    text = _all_signed(GOOI_FINAL)
    checked = fires(tmp_path, text, ("CG702", line_of(text, "status: ter-ondertekening")))
    assert finding(checked, "CG702") == "all 7 parties have signed, but the status is 'ter-ondertekening'"


def test_cg703_model_text_offered_for_signature(tmp_path: Path) -> None:
    text = mutate(ZK_TEXT, "status: concept", "status: ter-ondertekening")
    model_lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "modeltekst: true"]
    assert len(model_lines) == 3
    checked = fires(tmp_path, text, *(("CG703", n) for n in model_lines))
    messages = sorted(f.message for f in checked.findings)
    assert all(m.endswith("is model text, and the status is 'ter-ondertekening'") for m in messages)


def test_cg703_model_text_recital_and_considerans(tmp_path: Path) -> None:
    source = (EXAMPLES / "valid" / "considerans-streepjes.yaml").read_text(encoding="utf-8")
    text = source + "publicatie:\n  status: ter-ondertekening\n"
    checked = fires(tmp_path, text, ("CG703", line_of(text, "      modeltekst: true")))
    assert finding(checked, "CG703") == "overweging b is model text, and the status is 'ter-ondertekening'"
    # The whole considerans marked: one finding there, none again for its recital.
    text = mutate(text, "  plaats: voor-partijen\n", "  plaats: voor-partijen\n  modeltekst: true\n")
    checked = fires(tmp_path, text, ("CG703", line_of(text, "  modeltekst: true", 1)))
    assert finding(checked, "CG703").startswith("the considerans is model text")


def test_cg703_silent_for_a_concept() -> None:
    assert "status: concept" in ZK_TEXT and "modeltekst: true" in ZK_TEXT
    assert check_file(ZK).findings == ()


# --- facts -----------------------------------------------------------------------------------


def test_entry_into_force_fact_from_the_last_signature(tmp_path: Path) -> None:
    text = GOOI_FINAL
    for party in ("fnv", "cnv", "mkb-nederland", "regio-gooi-en-vechtstreek", "rocva", "uwv", "vno-ncw-west"):
        day = "2015-07-02" if party == "uwv" else "2015-06-15"
        text = mutate(text, f"    - partij: {party}\n", f"    - partij: {party}\n      datum: {day}\n")
    checked = fires(tmp_path, mutate(text, "status: ter-ondertekening", "status: ondertekend"))
    (fact,) = checked.facts
    assert (fact.code, fact.value) == ("CG600", "2015-07-02")
    assert fact.message == "in force from 2 juli 2015 (signature by the last party)"


def test_entry_into_force_fact_while_unsigned() -> None:
    (fact,) = check_file(GOOI).facts
    assert fact.value is None
    assert "0 of 7 parties have signed" in fact.message


def test_entry_into_force_fact_retroactive() -> None:
    (fact,) = check_file(ZK).facts
    assert (fact.value, fact.message) == ("2019-01-01", "in force retroactively from 1 januari 2019")


# --- the faithful seed ------------------------------------------------------------------------


def test_faithful_seed_reports_exactly_its_defects() -> None:
    text = SEED.read_text(encoding="utf-8")
    expected = {
        ("CG101", line_of(text, "{jaar: 2017, markt: 288, overheid: 85, totaal: 372}")),
        ("CG101", line_of(text, "{jaar: 2018, markt: 388, overheid: 106, totaal: 493}")),
        ("CG305", line_of(text, "in [[structuur]] genoemde")),
        ("CG201", line_of(text, "{id: herziening-2022, maand: 2022-10, ingang: 2022-01-01}")),
        ("CG405", line_of(text, "naam: MKB-Nederland Noord Holland")),
        ("CG405", line_of(text, "naam: UWW")),
        ("CG406", line_of(text, "naam: VNO NCW WEST")),
    }
    TESTED.update(code for code, _ in expected)
    checked = check_file(SEED)
    assert codes_lines(checked.findings) == expected, [f.as_dict() for f in checked.findings]
    assert len(checked.findings) == len(expected)
    messages = {f.code: f.message for f in checked.findings if "UWW" in f.message or f.code != "CG405"}
    assert "2017: total 372 is not 288 + 85 = 373" in {f.message for f in checked.findings}
    assert "did you mean [[monitoring.rapportages]]" in next(
        f.hint for f in checked.findings if f.code == "CG305"
    )
    assert "1 januari 2022, before the review" in messages["CG201"]
    assert "'UWW'" in messages["CG405"]
    assert "'VNO NCW WEST'" in messages["CG406"]


def test_faithful_seed_check_exits_1(cli_run: Callable[..., Result]) -> None:
    result = cli_run("check", SEED)
    assert result.exit_code == 1
    assert "5 error(s), 2 warning(s)" in result.stdout


# --- the scenarios of the issue, through the CLI ------------------------------------------------


def test_issue_total_off_by_one_exits_1_at_the_line_of_the_total(
    tmp_path: Path, cli_run: Callable[..., Result]
) -> None:
    row = "- {jaar: 2019, markt: 500, overheid: 127, totaal: 627}"
    text = mutate(GOOI_TEXT, row, row.replace("627", "628"))
    path = tmp_path / "gooi.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli_run("check", path)
    assert result.exit_code == 1
    line = line_of(text, "totaal: 628")
    assert (
        f"{path}:{line}:{column_of(text, '628', line)}: CG101 error: 2019: total 628 is not" in result.stdout
    )


def test_issue_review_ingang_before_its_month(tmp_path: Path, cli_run: Callable[..., Result]) -> None:
    moment = "{id: herziening-2018, maand: 2018-10, ingang: 2019-01-01}"
    text = mutate(GOOI_TEXT, moment, moment.replace("2019-01-01", "2018-01-01"))
    path = tmp_path / "gooi.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli_run("check", path)
    assert result.exit_code == 1
    assert f"{path}:{line_of(text, 'herziening-2018, maand')}:" in result.stdout
    assert "CG201 error" in result.stdout


def test_issue_deleted_signature_block(tmp_path: Path, cli_run: Callable[..., Result]) -> None:
    text = mutate(GOOI_TEXT, "    - partij: cnv\n", "")
    path = tmp_path / "gooi.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli_run("check", path)
    assert result.exit_code == 1
    assert f"{path}:{line_of(text, '- id: cnv')}:" in result.stdout
    assert "CG403 error: party 'cnv' (CNV) has no signature block" in result.stdout


# --- report formats ------------------------------------------------------------------------------


def test_json_report_of_the_real_covenants(cli_run: Callable[..., Result], convenants_dir: Path) -> None:
    result = cli_run("check", "--format", "json", convenants_dir)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    files = covenant_files()
    progress = discover([convenants_dir], progress=True)  # checked too, against their covenant
    assert document["files"] == len(files) + len(progress)
    assert (document["errors"], document["warnings"], document["findings"]) == (0, 0, [])
    assert sorted(f["path"] for f in document["facts"]) == sorted(str(p) for p in files)
    assert {f["code"] for f in document["facts"]} == {"CG600"}
    assert len(document["facts"]) == len(files)


def test_json_report_of_findings(cli_run: Callable[..., Result]) -> None:
    result = cli_run("check", "--format", "json", SEED)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert (document["errors"], document["warnings"]) == (5, 2)
    first = document["findings"][0]
    assert set(first) == {"path", "line", "column", "code", "severity", "element", "place", "message", "hint"}
    assert first["place"].startswith("artikel "), first  # the document's terms beside the YAML path
    assert {f["severity"] for f in document["findings"]} == {"error", "warning"}


def test_github_report(cli_run: Callable[..., Result]) -> None:
    result = cli_run("check", "--format", "github", SEED)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    text = SEED.read_text(encoding="utf-8")
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == 5 and len(warnings) == 2
    line = line_of(text, "totaal: 372")
    assert any(
        e.startswith(f"::error file={SEED},line={line},col=") and ",title=CG101::" in e for e in errors
    ), errors
    # Messages are escaped for workflow commands: no raw newlines inside one annotation.
    assert all("\n" not in e for e in errors)


def test_github_report_escapes_percent_and_newlines() -> None:
    from convenantgen.findings import Finding
    from convenantgen.report import github_report

    f = Finding("a,b:c.yaml", 3, 4, "CG101", Severity.ERROR, "100% fout\nregel twee", "hint")
    (line,) = github_report([f], [], 1).splitlines()
    assert (
        line == "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=CG101::100%25 fout%0Aregel twee (hint: hint)"
    )


def test_strict_fails_on_warnings(tmp_path: Path, cli_run: Callable[..., Result]) -> None:
    text = mutate(
        GOOI_TEXT, "    - partij: vno-ncw-west\n", "    - partij: vno-ncw-west\n      naam: VNO NCW WEST\n"
    )
    path = tmp_path / "gooi.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli_run("check", path).exit_code == 0
    strict = cli_run("check", "--strict", path)
    assert strict.exit_code == 1
    assert "0 error(s), 1 warning(s)" in strict.stdout


def test_duplicate_id_across_files(tmp_path: Path, cli_run: Callable[..., Result]) -> None:
    (tmp_path / "a.yaml").write_text(GOOI_TEXT, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOI_TEXT, encoding="utf-8")
    _, findings, _ = check_all([tmp_path])
    assert [(f.code, f.path, f.line) for f in findings] == [
        ("CG011", str(tmp_path / "b.yaml"), line_of(GOOI_TEXT, "id: gooi-en-vechtstreek-2015"))
    ]
    assert cli_run("check", tmp_path).exit_code == 1


# --- text that matches the data (issue 13) -------------------------------------------------

GOOI_SLOT = "slot: In 2015 en 2016 hebben Wajongers en Wsw’ers op de wachtlijst voorrang."


def _gooi_slot(sentence: str) -> str:
    return mutate(GOOI_TEXT, GOOI_SLOT, f"slot: {sentence}")


def test_cg108_typed_number_that_the_table_holds(tmp_path: Path) -> None:
    text = _gooi_slot("In 2025 zijn dat 1.462 banen.")
    line = line_of(text, "In 2025 zijn dat 1.462 banen.")
    checked = fires(tmp_path, text, ("CG108", line))
    (found,) = checked.findings
    assert found.column == column_of(text, "1.462", line)
    assert found.message == "the text types 1.462, the value of [[banentabel.2025.totaal]] in the table"
    assert (
        found.hint == "write [[banentabel.2025.totaal]] instead of 1.462, so that the text follows the table"
    )


def test_cg108_typed_number_followed_by_the_unit_without_a_year(tmp_path: Path) -> None:
    text = _gooi_slot("Het gaat ten slotte om 1.337 extra banen.")
    checked = fires(tmp_path, text, ("CG108", line_of(text, "1.337 extra banen")))
    assert "[[banentabel.2024.totaal]]" in finding(checked, "CG108")


def test_cg108_typed_budget_amount(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "per 1 januari 2015 gemeenten", "per 1 januari 2015 met € 1.000.000 gemeenten")
    checked = fires(tmp_path, text, ("CG108", line_of(text, "€ 1.000.000 gemeenten")))
    assert finding(checked, "CG108") == "the text types € 1.000.000, the amount of [[opstartbudget]]"


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2025 geldt artikel 212 van de regeling.",  # an article number, not 212 jobs
        "Op 15 december 2025 wordt 212% gehaald.",  # a date and a percentage
        "In 2025 is dat 212 procent, of 1.250 % van het doel.",  # percentages, in words too
        "In 2025 zijn dat [[banentabel.2025.totaal]] banen.",  # a reference, not a typed number
        "In 2025 zijn dat [[banentabel.2025.totaal = 1.462]] banen.",  # CG106's quoted form
    ],
)
def test_cg108_silent_for_dates_article_numbers_and_references(tmp_path: Path, sentence: str) -> None:
    fires(tmp_path, _gooi_slot(sentence))


def test_cg109_typed_number_contradicts_the_table(tmp_path: Path) -> None:
    text = _gooi_slot("In 2025 zijn dat 1.500 banen.")
    checked = fires(tmp_path, text, ("CG109", line_of(text, "1.500 banen")))
    assert finding(checked, "CG109") == (
        "the text says 1.500 banen in 2025, the table 'banentabel' has "
        "1.250 (markt), 212 (overheid), 1.462 (totaal)"
    )


def test_cg109_silent_for_another_quantity(tmp_path: Path) -> None:
    """The national 125.000 jobs beside a regional table are another number, not a typo."""
    fires(tmp_path, _gooi_slot("In 2025 zijn er landelijk 125.000 extra banen."))


def test_cg109_amount_beside_its_budget(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT, "[[opstartbudget]] ter beschikking", "[[opstartbudget]] (€ 1,2 miljoen) ter beschikking"
    )
    checked = fires(tmp_path, text, ("CG109", line_of(text, "€ 1,2 miljoen")))
    assert finding(checked, "CG109") == (
        "the text types € 1,2 miljoen beside [[opstartbudget]], which is € 1.000.000"
    )


def test_cg210_meeting_count_in_words_differs_from_the_duty(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "tenminste driemaal per jaar bijeen", "tenminste viermaal per jaar bijeen")
    line = line_of(text, "viermaal per jaar")
    checked = fires(tmp_path, text, ("CG210", line))
    (found,) = checked.findings
    assert found.column == column_of(text, "tenminste viermaal", line)
    assert found.message == (
        "the text says 'tenminste viermaal per jaar' (4 a year), "
        "but the duty werkkamer-vergadering has minimaal_per_jaar: 3"
    )


def test_cg210_yearly_at_least_one_meeting_in_an_obligation(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "jaarlijks minimaal één voorlichtingsbijeenkomst",
        "jaarlijks minimaal twee voorlichtingsbijeenkomsten",
    )
    checked = fires(tmp_path, text, ("CG210", line_of(text, "minimaal twee voorlichtingsbijeenkomsten")))
    assert "has minimaal_per_jaar: 1" in finding(checked, "CG210")


@pytest.mark.parametrize(
    ("words", "fires_"),
    [
        ("komt vier keer per jaar bij elkaar", False),
        ("komt ten minste viermaal per jaar bijeen", False),
        ("komt minimaal 4 maal per jaar bij elkaar", False),
        ("vergadert elk kwartaal", False),
        ("komt twee keer per jaar bij elkaar", True),
        ("vergadert maandelijks", True),
        ("komt iedere twee maanden bij elkaar", True),
    ],
)
def test_cg210_the_forms_of_a_count(tmp_path: Path, words: str, fires_: bool) -> None:
    zk2015 = (ZK.parent / "zuid-kennemerland-ijmond-2015.yaml").read_text(encoding="utf-8")
    text = mutate(zk2015, "komt vier keer per jaar bij elkaar", words)
    expected = [("CG210", line_of(text, words))] if fires_ else []
    fires(tmp_path, text, *expected)


def test_cg211_minimum_more_than_the_rhythm_makes(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "            frequentie: jaarlijks\n            minimaal_per_jaar: 3",
        "            frequentie: halfjaarlijks\n            minimaal_per_jaar: 3",
    )
    checked = fires(tmp_path, text, ("CG211", line_of(text, "minimaal_per_jaar: 3")))
    assert finding(checked, "CG211") == (
        "'werkkamer-vergadering' is halfjaarlijks: 2 times a year, fewer than minimaal_per_jaar: 3"
    )


def test_cg211_a_one_off_duty_has_no_yearly_count(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "            frequentie: eenmalig\n",
        "            frequentie: eenmalig\n            minimaal_per_jaar: 1\n",
    )
    checked = fires(tmp_path, text, ("CG211", line_of(text, "minimaal_per_jaar: 1", occurrence=2)))
    assert "'eindrapportage' is eenmalig, so it has no number of times a year" in finding(checked, "CG211")


def test_cg211_silent_when_the_rhythm_makes_at_least_the_minimum(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "            frequentie: jaarlijks\n            minimaal_per_jaar: 3",
        "            frequentie: per-kwartaal\n            minimaal_per_jaar: 3",
    )
    fires(tmp_path, text)


def test_cg315_two_articles_with_the_same_title(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "    titel: Afspraken\n", "    titel: financiering.\n")
    checked = fires(tmp_path, text, ("CG315", line_of(text, "titel: financiering.")))
    assert finding(checked, "CG315") == "artikel 7 has the title 'financiering.', as artikel 3 has"


def test_cg426_footnote_names_a_municipality_outside_the_region(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "    [[regio.gemeenten]].\n", "    [[regio.gemeenten]] en Almere.\n")
    line = line_of(text, "[[regio.gemeenten]] en Almere")
    checked = fires(tmp_path, text, ("CG426", line))
    (found,) = checked.findings
    assert found.column == column_of(text, "Almere", line)
    assert found.message == (
        "the footnote names Almere, which is not a municipality of the region Gooi en Vechtstreek"
    )


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        ("arbeidsmarktregio´s in Nederland", "arbeidsmarktregio´s in Nederland, zoals Den Haag,", "Den Haag"),
        ("per 1 januari 2015 gemeenten", "per 1 januari 2015 de gemeenten Utrecht en Hilversum", "Utrecht"),
    ],
)
def test_cg426_recital_names_a_municipality_outside_the_region(
    tmp_path: Path, old: str, new: str, name: str
) -> None:
    text = mutate(GOOI_TEXT, old, new)
    checked = fires(tmp_path, text, ("CG426", line_of(text, name)))
    assert finding(checked, "CG426").startswith(f"the recital names {name}, ")


def test_cg420_silent_for_a_municipality_said_to_have_left(tmp_path: Path) -> None:
    """ZK 2019 names Uitgeest because it left the region: that recital is true as it stands."""
    fires(tmp_path, ZK_TEXT)
    text = mutate(ZK_TEXT, "in verband met de uittreding van twee gemeenten", "in verband met twee gemeenten")
    fires(tmp_path, text, ("CG426", line_of(text, "      Uitgeest;")))


def test_cg710_footnote_without_text_offered_for_signature(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "  status: concept", "  status: ter-ondertekening")
    checked = fires(tmp_path, text, ("CG710", line_of(text, "    ontbreekt: ")))
    assert finding(checked, "CG710").startswith(
        "footnote 'rapportages' has no text (niet in de beschikbare bron"
    )


def test_cg710_silent_for_a_concept_which_marks_the_gap() -> None:
    assert "status: concept" in GOOI_TEXT and "    ontbreekt: " in GOOI_TEXT
    assert check_file(GOOI).findings == ()


def test_a_missing_footnote_text_is_not_written_with_its_text(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "    ontbreekt: niet in de beschikbare bron",
        "    tekst: Tekst.\n    ontbreekt: niet in de beschikbare bron",
    )
    checked = check_text(tmp_path, text)
    assert [(f.code, f.line) for f in checked.findings] == [("CG010", line_of(text, "    tekst: Tekst."))]
    assert "has 'ontbreekt' and a text as well" in checked.findings[0].message


# --- coverage of the registry -----------------------------------------------------------------------


def test_every_rule_has_a_code_title_and_hint() -> None:
    for code, registered in RULES.items():
        assert code.startswith("CG") and len(code) == 5
        assert registered.code == code
        assert registered.title and registered.hint
        assert registered.severity in (Severity.ERROR, Severity.WARNING)


def test_every_rule_has_a_test_named_after_it() -> None:
    named = {name.split("_")[1].upper() for name in globals() if re.match(r"test_cg\d{3}_", name)}
    assert sorted(set(RULES) - named) == []


def test_every_rule_is_exercised(request: pytest.FixtureRequest) -> None:
    # Runs last among the rule tests (pytest keeps file order) and reads what they recorded.
    selected = {item.name.split("[")[0] for item in request.session.items}
    rule_tests = {name for name in globals() if name.startswith("test_cg")} | {
        "test_faithful_seed_reports_exactly_its_defects"
    }
    if not rule_tests <= selected:
        pytest.skip("not every rule test was selected: cannot tell which rules are exercised")
    missing = sorted(set(RULES) - TESTED)
    assert missing == [], f"no test in test_checks.py makes these rules fire: {missing}"


def test_checks_docs_catalogue_lists_every_rule(repo_root: Path) -> None:
    """docs/checks.md has one '### CGxxx — title' section per code, titles as in the code."""
    from convenantgen.findings import FILE_CODES

    text = (repo_root / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^### (CG\d{3}) — (.+)$", text, flags=re.MULTILINE))
    from convenantgen.amend.codes import CODES as AMEND_CODES
    from convenantgen.progress_checks import CODES as PROGRESS_CODES

    expected = {code: rule.title for code, rule in RULES.items()}
    expected.update({code: title for code, (_, title) in FILE_CODES.items()})
    expected.update({code: title for code, (_, title, _) in PROGRESS_CODES.items()})
    expected.update({code: title for code, (_, title, _) in AMEND_CODES.items()})
    assert documented == expected
    assert list(documented) == sorted(documented), "sections must be in code order"
    severities = {code: rule.severity.value for code, rule in RULES.items()}
    severities.update({code: severity.value for code, (severity, _) in FILE_CODES.items()})
    severities.update({code: severity.value for code, (severity, _, _) in PROGRESS_CODES.items()})
    severities.update({code: severity.value for code, (severity, _, _) in AMEND_CODES.items()})
    table = re.findall(r"^\| \[(CG\d{3})\]\(#([^)]+)\) \| (\w+) \| (.+) \|$", text, flags=re.MULTILINE)
    assert [(code, sev, title) for code, _, sev, title in table] == [
        (code, severities[code], expected[code]) for code in sorted(expected)
    ], "the summary table lists every code, in order, with its severity and title"
    anchors = {_github_anchor(f"{code} — {title}") for code, title in documented.items()}
    assert {anchor for _, anchor, _, _ in table} <= anchors, "every table link lands on its section"


def _github_anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_cli_docs_list_every_warning(repo_root: Path) -> None:
    """docs/cli.md names exactly the codes that are warnings, the ones --strict turns into failures."""
    from convenantgen.findings import FILE_CODES
    from convenantgen.progress_checks import CODES as PROGRESS_CODES

    text = (repo_root / "docs" / "cli.md").read_text(encoding="utf-8")
    listed = re.search(r"^Warnings \(([^)]*)\) do not make", text, flags=re.MULTILINE)
    assert listed is not None
    warnings = [c for c, r in RULES.items() if r.severity is Severity.WARNING]
    warnings += [c for c, (severity, _) in FILE_CODES.items() if severity is Severity.WARNING]
    warnings += [c for c, (severity, _, _) in PROGRESS_CODES.items() if severity is Severity.WARNING]
    assert listed.group(1).split(", ") == sorted(warnings)


def test_check_never_imports_pdf_libraries(
    python_subprocess: Callable[[str], subprocess.CompletedProcess[str]],
) -> None:
    """Nor the template engine, and for the reference covenant neither markdown-it nor Babel.

    The command as a user runs it (the whole CLI imported): each of these costs `check` time
    it does not need (docs/performance.md; the shortcuts are tested in test_light_check.py).
    """
    code = (
        "import sys\n"
        "from convenantgen.cli import main\n"
        f"sys.argv = ['convenantgen', 'check', {str(GOOI)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "heavy = ('weasyprint', 'pyhanko', 'pydyf', 'jinja2', 'markupsafe', 'markdown_it', 'babel')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    done = python_subprocess(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
