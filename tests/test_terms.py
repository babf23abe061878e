"""Preambles, terms and history: what the new keys of issue 13 print, and the dates behind them.

The examples tests/examples/valid/looptijd-als-duur.yaml and considerans-streepjes.yaml hold
every new form; these tests read their rendered HTML as a reader would.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from convenantgen.durations import woorden
from convenantgen.dutch import telwoord
from convenantgen.model import Duration
from convenantgen.pipeline import Checked, check_all, check_file
from convenantgen.render import render_html
from convenantgen.schedule import duration_end, events, phase_dates
from convenantgen.site.status import Status, standing
from helpers import EXAMPLES, GOOI, MINIMAL, ZK, check_text, mutate

DUUR = EXAMPLES / "valid" / "looptijd-als-duur.yaml"
STREEPJES = EXAMPLES / "valid" / "considerans-streepjes.yaml"


def html(checked: Checked, medium: str = "screen") -> str:
    assert checked.covenant is not None and checked.layout is not None, checked.findings
    return render_html(checked.covenant, checked.layout, medium).html


def text(page: str) -> str:
    page = re.sub(r"<head>.*?</head>", "", page, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace(" ,", ",").replace(" .", ".")


# --- durations in words and dates ------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "months", "words"),
    [
        (4, 0, "vier jaar"),
        (2, 6, "tweeënhalf jaar"),
        (1, 6, "anderhalf jaar"),
        (0, 3, "drie maanden"),
        (0, 1, "één maand"),
        (1, 3, "één jaar en drie maanden"),
        (0, 18, "achttien maanden"),
        (22, 0, "tweeëntwintig jaar"),
    ],
)
def test_a_duration_reads_as_covenants_write_it(years: int, months: int, words: str) -> None:
    assert woorden(Duration(years, months)) == words


def test_numbers_in_words() -> None:
    assert [telwoord(n) for n in (1, 12, 20, 21, 23, 40, 99, 100)] == [
        "één",
        "twaalf",
        "twintig",
        "eenentwintig",
        "drieëntwintig",
        "veertig",
        "negenennegentig",
        "100",
    ]


def test_a_duration_ends_the_day_before_the_same_date() -> None:
    assert duration_end(date(2020, 1, 1), Duration(4, 0)) == date(2023, 12, 31)
    assert duration_end(date(2020, 3, 15), Duration(4, 0)) == date(2024, 3, 14)
    assert duration_end(date(2027, 1, 1), Duration(2, 6)) == date(2029, 6, 30)
    # From the last day of a longer month: clamped, then the day before.
    assert duration_end(date(2027, 8, 31), Duration(0, 6)) == date(2028, 2, 28)


# --- terms -------------------------------------------------------------------------------------


def test_the_end_of_a_duration_is_computed_and_shown() -> None:
    checked = check_file(DUUR)
    assert checked.covenant is not None and checked.covenant.looptijd.einde == date(2029, 6, 30)
    page = text(html(checked))
    assert (
        "Dit convenant treedt in werking op 1 januari 2027 en heeft een looptijd van tweeënhalf jaar, "
        "tot en met 30 juni 2029." in page
    )
    assert "met inachtneming van een termijn van drie maanden." in page


def test_the_end_of_a_duration_is_unknown_until_every_party_signs(tmp_path: Path) -> None:
    source = mutate(MINIMAL, "  einde: 2027-12-31\n", "  duur: {jaren: 4}\n")
    source = mutate(
        source,
        "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.",
        "    tekst: Dit convenant heeft een looptijd van [[looptijd.duur]], tot en met [[looptijd.einde]].",
    )
    unsigned = check_text(tmp_path, source)
    (problem,) = unsigned.findings
    assert problem.code == "CG301" and "[[looptijd.duur]]" in problem.hint
    signed = source.replace("    - partij: gemeente\n", "    - {partij: gemeente, datum: 2027-03-15}\n")
    signed = signed.replace("    - partij: uwv\n", "    - {partij: uwv, datum: 2027-04-01}\n")
    checked = check_text(tmp_path, signed)
    assert [f.code for f in checked.findings] == ["CG702"]  # signed, status still concept
    assert "een looptijd van vier jaar, tot en met 31 maart 2031." in text(html(checked))


def test_phases_are_listed_with_their_dates() -> None:
    checked = check_file(DUUR)
    page = text(html(checked))
    assert (
        "a. Opbouwfase (één jaar): van 1 januari 2027 tot en met 31 december 2027, de Partijen "
        "richten het Werkbedrijf in;" in page
    )
    assert "b. Uitvoeringsfase (anderhalf jaar): van 1 januari 2028 tot en met 30 juni 2029." in page
    assert "De uitvoeringsfase begint op 1 januari 2028." in page
    assert checked.covenant is not None
    (lid,) = [lid for a in checked.covenant.artikelen for lid in a.leden if lid.fasen]
    assert [(b, e) for _p, b, e in phase_dates(checked.covenant, lid.fasen)] == [
        (date(2027, 1, 1), date(2027, 12, 31)),
        (date(2028, 1, 1), date(2029, 6, 30)),
    ]


def test_a_fixed_start_after_signing_is_reported_and_shown_on_the_site() -> None:
    (checked,), findings, facts = check_all([DUUR])
    assert findings == ()
    assert facts[0].message == "signed on 20 november 2026; enters into force on 1 januari 2027 (fixed date)"
    assert checked.covenant is not None
    before = standing(checked.covenant, date(2026, 12, 1))
    assert before.status is Status.ONDERTEKEND
    assert before.explanation.endswith("; treedt in werking op 1 januari 2027")
    assert before.term == "1 januari 2027 – 30 juni 2029"
    after = standing(checked.covenant, date(2027, 1, 1))
    assert after.status is Status.IN_WERKING and after.note is None


# --- preambles ---------------------------------------------------------------------------------


def test_dashed_considerans_with_an_inleiding_before_the_parties() -> None:
    page = html(check_file(STREEPJES))
    words = text(page)
    assert words.index("Inleiding") < words.index("De Partijen:")
    assert "De Partijen werken sinds 2015 samen in het Werkbedrijf Voorbeeldregio." in words
    assert "Dit convenant volgt op het Convenant Werkbedrijf Voorbeeldregio van 1 juni 2015." in words
    assert "Overwegende dat, - de Partijen streven naar een inclusieve arbeidsmarkt;" in words
    # Two paragraphs, not one; no letters before dashed recitals.
    assert (
        page.count("<p>De Partijen werken sinds 2015") == 1 and "Voorbeeldregio.</p><p>Dit convenant" in page
    )
    assert '<span class="label">a.</span> <span class="body">de Partijen streven' not in page


def test_a_recital_marked_as_model_text_is_marked_in_the_output() -> None:
    page = html(check_file(STREEPJES))
    assert (
        '<li class="modeltekst"><span class="label">-</span> <span class="body">'
        '<span class="modelmerk">modeltekst</span> een Werkbedrijf de schakel is' in page
    )
    lettered = STREEPJES.read_text(encoding="utf-8").replace("  vorm: streepjes\n", "")
    assert "vorm: streepjes" not in lettered


def test_lettered_recital_with_model_text(tmp_path: Path) -> None:
    source = STREEPJES.read_text(encoding="utf-8").replace("  vorm: streepjes\n", "")
    page = html(check_text(tmp_path, source))
    assert "Overwegende dat:" in page
    assert (
        '<li class="modeltekst"><span class="label">b.</span> <span class="body">'
        '<span class="modelmerk">modeltekst</span>' in page
    )


def test_considerans_after_the_parties_by_default() -> None:
    words = text(html(check_file(GOOI)))
    assert words.index("De Partijen:") < words.index("Overwegende dat:") < words.index("Komen overeen:")


def test_footnotes_follow_the_reading_order_when_the_considerans_comes_first(tmp_path: Path) -> None:
    source = mutate(MINIMAL, "    naam: UWV\n", "    naam: UWV\n    noot: uwv\n")
    source = source.replace(
        "artikelen:\n",
        "considerans:\n  plaats: voor-partijen\n  overwegingen:\n    - de Partijen samenwerken[^eerst];\n"
        "artikelen:\n",
    )
    source += (
        "noten:\n  eerst: Een noot in de considerans.\n  uwv: Uitvoeringsinstituut Werknemersverzekeringen.\n"
    )
    checked = check_text(tmp_path, source)
    assert checked.findings == ()
    assert checked.layout is not None
    assert checked.layout.note_numbers == {"eerst": 1, "uwv": 2}


# --- history and publication -----------------------------------------------------------------


def test_predecessor_and_website_are_printed_on_the_title_page() -> None:
    page = html(check_file(DUUR))
    assert '<p class="versie">Vervangt: Convenant Inclusieve Arbeidsmarkt 2027</p>' in page
    assert (
        '<p class="vindplaats">Vindplaats: <a href="https://www.example.nl/convenant-2027">'
        "https://www.example.nl/convenant-2027</a></p>" in page
    )


def test_zk_2019_prints_its_predecessor() -> None:
    page = html(check_file(ZK))
    assert "Vervangt: Convenant Werkbedrijf Zuid-Kennemerland en IJmond</p>" in page


def test_a_predecessor_checked_together_resolves(tmp_path: Path) -> None:
    # ZK 2019 alone in a folder: its predecessor is not there.
    (tmp_path / "zk.yaml").write_text(ZK.read_text(encoding="utf-8"), encoding="utf-8")
    _checked, findings, _facts = check_all([tmp_path / "zk.yaml"])
    assert [(f.code, f.severity.value) for f in findings] == [("CG608", "warning")]
    # With ZK 2015 beside it, and checked on its own, the sibling resolves it.
    (tmp_path / "zk-2015.yaml").write_text(
        (ZK.parent / "zuid-kennemerland-ijmond-2015.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _checked, findings, _facts = check_all([tmp_path / "zk.yaml"])
    assert findings == ()
    renamed = ZK.read_text(encoding="utf-8").replace(
        "  titel: Convenant Werkbedrijf Zuid-Kennemerland en IJmond\n",
        "  titel: Convenant Werkbedrijf Zuid-Kennemerland & IJmond\n",
    )
    (tmp_path / "zk.yaml").write_text(renamed, encoding="utf-8")
    _checked, findings, _facts = check_all([tmp_path])
    assert [f.code for f in findings] == ["CG609"]


# --- the annex ----------------------------------------------------------------------------------


def test_every_duty_is_in_the_annex_with_the_dates_of_the_schedule() -> None:
    checked = check_file(GOOI)
    page = html(checked)
    annex = text(page.split('id="bijlage-termijnen"')[1])
    assert checked.covenant is not None and checked.layout is not None
    duties = [d for a in checked.covenant.artikelen for lid in a.leden for d in lid.termijnen]
    assert len(duties) == 9
    for duty in duties:
        assert duty.omschrijving in annex
    # The final report: the date schedule.py computes (one month before the end).
    (final,) = [e for e in events(checked.covenant, checked.layout) if e.key == "eindrapportage"]
    assert final.start == date(2025, 11, 30)
    assert "Bestuurlijke eindrapportage secretariaat van de Werkkamer 30 november 2025" in annex
    assert (
        "Begroting voor het volgende jaar secretariaat van de Werkkamer jaarlijks, uiterlijk 1 september"
        in annex
    )
    assert (
        "Vergadering van de leden van de Werkkamer leden van de Werkkamer jaarlijks, ten minste driemaal"
        in annex
    )
    assert "Einde van de looptijd 31 december 2025" in annex


def test_a_signed_covenant_shows_the_yearly_dates_of_a_deadline(tmp_path: Path) -> None:
    source = GOOI.read_text(encoding="utf-8")
    for party in ("vno-ncw-west", "mkb-nederland", "fnv", "cnv", "rocva", "regio-gooi-en-vechtstreek", "uwv"):
        source = mutate(
            source, f"    - partij: {party}\n", f"    - partij: {party}\n      datum: 2016-02-01\n"
        )
    annex = text(html(check_text(tmp_path, source)).split('id="bijlage-termijnen"')[1])
    assert "Inwerkingtreding 1 februari 2016" in annex
    assert "jaarlijks, uiterlijk 1 september (1 september 2016 tot en met 1 september 2025)" in annex


def test_no_annex_without_duties(tmp_path: Path) -> None:
    assert "Overzicht van termijnen" not in html(check_text(tmp_path, MINIMAL))


def test_a_final_report_before_the_end_of_a_duration_waits_for_the_signatures(tmp_path: Path) -> None:
    source = mutate(MINIMAL, "  einde: 2027-12-31\n", "  duur: {jaren: 4}\n")
    source = mutate(
        source,
        "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n",
        "    leden:\n"
        "      - tekst: Eén maand voor het einde volgt een eindrapportage.\n"
        "        termijnen:\n"
        "          - {id: eind, soort: rapportage, omschrijving: Eindrapportage, frequentie: eenmalig,\n"
        "             voor_einde: {maanden: 1}, datum: 2031-02-28}\n",
    )
    # Not yet signed: the end is not known, so neither is the due date; no finding.
    assert check_text(tmp_path, source).findings == ()
    signed = source.replace("    - partij: gemeente\n", "    - {partij: gemeente, datum: 2027-03-15}\n")
    signed = signed.replace("    - partij: uwv\n", "    - {partij: uwv, datum: 2027-04-01}\n")
    # Signed on 1 April 2027: the term ends on 31 March 2031, the report is due on 28 February.
    assert [f.code for f in check_text(tmp_path, signed).findings] == ["CG702"]
    late = signed.replace("datum: 2031-02-28", "datum: 2031-03-15")
    assert sorted(f.code for f in check_text(tmp_path, late).findings) == ["CG204", "CG702"]
