"""The model-level schedule: every dated event of a covenant, one source for checks and calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from convenantgen.pipeline import Checked, check_file
from convenantgen.schedule import Event, add_months, events, months_before, next_occurrence, occurrences
from helpers import GOOI, MINIMAL, ZK, check_text, signed_gooi


@pytest.fixture(scope="module")
def gooi() -> Checked:
    checked = check_file(GOOI)
    assert checked.covenant is not None and checked.layout is not None
    return checked


def _events(checked: Checked) -> dict[str, Event]:
    assert checked.covenant is not None and checked.layout is not None
    return {e.key: e for e in events(checked.covenant, checked.layout)}


def test_gooi_reviews_and_their_changes(gooi: Checked) -> None:
    found = _events(gooi)
    for year in (2016, 2018, 2020, 2022):
        review = found[f"herziening-{year}"]
        assert (review.kind, review.start) == ("herziening", date(year, 10, 1))
        assert review.end == date(year, 10, 31)
        assert review.title == f"Herziening van de afspraken (oktober {year})"
        assert review.article is not None and review.article.startswith("artikel 6, tweede lid, onderdeel")
        change = found[f"herziening-{year}.ingang"]
        assert (change.kind, change.start) == ("wijzigingen-van-kracht", date(year + 1, 1, 1))


def test_gooi_duties(gooi: Checked) -> None:
    found = _events(gooi)
    budget, accounts = found["begroting"], found["jaarrekening"]
    assert (budget.start.month, budget.start.day, budget.recurrence) == (9, 1, "yearly")
    assert (accounts.start.month, accounts.start.day, accounts.recurrence) == (4, 1, "yearly")
    assert budget.until == accounts.until == date(2025, 12, 31)
    assert budget.article == accounts.article == "artikel 3, vierde lid"
    # not signed yet: the series start in the first year of the target table, marked provisional
    assert budget.provisional and budget.start == date(2015, 9, 1)
    final = found["eindrapportage"]
    assert (final.kind, final.start, final.recurrence) == ("eindrapportage", date(2025, 11, 30), None)
    assert final.article == "artikel 5, derde lid"
    for key in ("tussenrapportage", "jaarrapportage", "werkkamer-vergadering", "voorlichtingsbijeenkomst"):
        assert found[key].recurrence == "yearly" and not found[key].fixed
    end = found["einde"]
    assert (end.start, end.article) == (date(2025, 12, 31), "artikel 6, eerste lid")
    assert "ingang" not in found  # entry into force unknown until the last signature


def test_sorted_by_start_then_key(gooi: Checked) -> None:
    assert gooi.covenant is not None and gooi.layout is not None
    found = events(gooi.covenant, gooi.layout)
    assert list(found) == sorted(found, key=lambda e: (e.start, e.key))


def test_signed_covenant_starts_series_at_entry_into_force(tmp_path: Path) -> None:
    found = _events(check_text(tmp_path, signed_gooi()))
    assert found["ingang"].start == date(2015, 6, 20)
    assert found["begroting"].start == date(2015, 9, 1)
    assert found["jaarrekening"].start == date(2016, 4, 1)  # 1 April 2015 lies before the start
    assert not found["begroting"].provisional


def test_occurrences_are_bounded_by_until(gooi: Checked) -> None:
    found = _events(gooi)
    days = occurrences(found["begroting"])
    assert days[0] == date(2015, 9, 1) and days[-1] == date(2025, 9, 1) and len(days) == 11
    assert occurrences(found["einde"]) == (date(2025, 12, 31),)


def test_half_yearly_steps_six_months(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n",
        "    leden:\n      - tekst: De Partijen rapporteren elk halfjaar.\n        termijnen:\n"
        "          - {id: rapport, soort: rapportage, omschrijving: Rapport, frequentie: halfjaarlijks,"
        " uiterlijk: {dag: 31, maand: 1}}\n",
    ).replace("ingang: {regel: ondertekening}", "ingang: {regel: datum, datum: 2027-01-01}")
    checked = check_text(tmp_path, text)
    assert not checked.findings, checked.findings
    rapport = _events(checked)["rapport"]
    assert rapport.recurrence == "half-yearly"
    assert occurrences(rapport) == (date(2027, 1, 31), date(2027, 7, 31))


def test_next_occurrence_skips_undated_reminders(gooi: Checked) -> None:
    found = tuple(_events(gooi).values())
    event, day = next_occurrence(found, date(2019, 3, 1)) or (None, None)
    assert event is not None and (event.key, day) == ("jaarrekening", date(2019, 4, 1))
    event, day = next_occurrence(found, date(2018, 9, 2)) or (None, None)
    assert event is not None and (event.key, day) == ("herziening-2018", date(2018, 10, 1))
    assert next_occurrence(found, date(2026, 1, 1)) is None
    event, day = next_occurrence(found, date(2019, 9, 2)) or (None, None)
    assert event is not None and (event.key, day) == ("jaarrekening", date(2020, 4, 1))
    event, day = next_occurrence(found, date(2019, 9, 2), fixed_only=False) or (None, None)
    assert event is not None and not event.fixed and day == date(2020, 1, 1)


def test_date_arithmetic() -> None:
    assert months_before(date(2025, 12, 31), 1, 0) == date(2025, 11, 30)
    assert months_before(date(2024, 3, 31), 1, 1) == date(2024, 2, 28)
    assert add_months(date(2016, 1, 31), 1) == date(2016, 2, 29)


def test_zuid_kennemerland_retroactive_start() -> None:
    found = _events(check_file(ZK))
    assert found["ingang"].start == date(2019, 1, 1)
    assert found["ingang"].article == "artikel 5, eerste lid"
    assert found["einde"].start == date(2019, 12, 31)
