"""The deadlines calendar: what it holds, that it parses back to the same events, that it is stable."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from dateutil.rrule import rrulestr
from icalendar import Calendar

from convenantgen.ical import build_calendar, uid
from convenantgen.pipeline import Checked, check_file
from convenantgen.schedule import events, occurrences
from helpers import GOOI, MINIMAL, SEED, ZK, check_text, mutate, signed_gooi

RunCli = Callable[..., Result]


def _ics(*checked: Checked) -> bytes:
    return build_calendar((c.covenant, c.layout) for c in checked if c.covenant and c.layout)


@pytest.fixture(scope="module")
def gooi() -> Checked:
    return check_file(GOOI)


@pytest.fixture(scope="module")
def parsed(gooi: Checked) -> dict[str, Any]:
    """{UID: VEVENT} of the Gooi en Vechtstreek calendar, parsed back with icalendar."""
    cal = Calendar.from_ical(_ics(gooi))
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def _by_summary(parsed: dict[str, Any], start: str) -> list[Any]:
    return [e for e in parsed.values() if str(e["SUMMARY"]).startswith(start)]


def _dates(event: Any) -> list[date]:
    """Every date of a parsed VEVENT: DTSTART expanded by its RRULE (or RDATE) as a client would."""
    start = event.decoded("DTSTART")
    if "RRULE" not in event:
        extra = event.get("RDATE")
        listed = [d.dt for d in extra.dts] if extra else []
        return [start, *listed]
    rule = event["RRULE"].to_ical().decode()
    return [d.date() for d in rrulestr(rule, dtstart=datetime(start.year, start.month, start.day))]


def test_gooi_october_reviews_and_the_1_january_changes(parsed: dict[str, Any]) -> None:
    reviews = _by_summary(parsed, "Herziening van de afspraken")
    assert sorted(e.decoded("DTSTART") for e in reviews) == [date(y, 10, 1) for y in (2016, 2018, 2020, 2022)]
    for review in reviews:  # the whole month: the covenant names the month, not a day
        start = review.decoded("DTSTART")
        assert review.decoded("DTEND") == date(start.year, 11, 1)
        assert str(review["DTSTART"].params.get("VALUE")) == "DATE"
    changes = _by_summary(parsed, "Ingang van eventuele wijzigingen")
    assert sorted(e.decoded("DTSTART") for e in changes) == [date(y, 1, 1) for y in (2017, 2019, 2021, 2023)]


def test_gooi_yearly_budget_and_accounts(parsed: dict[str, Any]) -> None:
    (budget,) = _by_summary(parsed, "Begroting voor het volgende jaar")
    (accounts,) = _by_summary(parsed, "Jaarrekening")
    assert budget["RRULE"].to_ical() == b"FREQ=YEARLY;UNTIL=20251231"
    assert accounts["RRULE"].to_ical() == b"FREQ=YEARLY;UNTIL=20251231"
    assert {(d.month, d.day) for d in _dates(budget)} == {(9, 1)}
    assert {(d.month, d.day) for d in _dates(accounts)} == {(4, 1)}
    assert _dates(budget)[-1] == date(2025, 9, 1)
    assert "Bron: artikel 3, vierde lid." in str(budget["DESCRIPTION"])


def test_gooi_reports_final_report_and_end(parsed: dict[str, Any]) -> None:
    (half,) = _by_summary(parsed, "Halfjaarlijkse tussenrapportage")
    (year,) = _by_summary(parsed, "Jaarrapportage")
    for report in (half, year):
        assert report["RRULE"].to_ical() == b"FREQ=YEARLY;UNTIL=20251231"
        assert "Bron: artikel 5, derde lid." in str(report["DESCRIPTION"])
        assert "noemt geen datum" in str(report["DESCRIPTION"])
    (final,) = _by_summary(parsed, "Bestuurlijke eindrapportage")
    assert final.decoded("DTSTART") == date(2025, 11, 30) and "RRULE" not in final
    assert "1 maand voor het einde van de looptijd" in str(final["DESCRIPTION"])
    (end,) = _by_summary(parsed, "Einde van de looptijd")
    assert end.decoded("DTSTART") == date(2025, 12, 31)
    (meeting,) = _by_summary(parsed, "Voorlichtingsbijeenkomst voor werkgevers")
    assert "RRULE" in meeting


def test_every_description_names_the_covenant_and_the_article(parsed: dict[str, Any]) -> None:
    for event in parsed.values():
        text = str(event["DESCRIPTION"])
        assert text.startswith("Convenant Inclusieve Arbeidsmarkt (Gooi en Vechtstreek)\n"), text
        assert "Bron: artikel " in text, text


def test_parsed_back_gives_the_same_events(gooi: Checked, parsed: dict[str, Any]) -> None:
    assert gooi.covenant is not None and gooi.layout is not None
    model = events(gooi.covenant, gooi.layout)
    assert len(parsed) == len(model)
    for event in model:
        item = parsed[uid(event)]
        assert item.decoded("DTSTART") == event.start
        assert str(item["SUMMARY"]).startswith(event.title)
        assert list(occurrences(event)) == _dates(item), event.key


def test_same_input_same_bytes_and_lines_folded(gooi: Checked) -> None:
    first, second = _ics(gooi), _ics(check_file(GOOI))
    assert first == second
    lines = first.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b""
    assert all(len(line) <= 75 for line in lines)  # RFC 5545 3.1: octets, CRLF excluded
    for needed in (b"VERSION:2.0", b"PRODID:", b"CALSCALE:GREGORIAN", b"METHOD:PUBLISH", b"X-WR-CALNAME:"):
        assert any(line.startswith(needed) for line in lines), needed


def test_uids_are_stable_and_dtstamp_comes_from_the_source(tmp_path: Path) -> None:
    text = GOOI.read_text(encoding="utf-8")
    before = {
        str(e["UID"]): str(e["SUMMARY"]) for e in Calendar.from_ical(_ics(check_file(GOOI))).walk("VEVENT")
    }
    # an unrelated edit (a word in an article) leaves every UID as it was
    edited = mutate(text, "geen in rechte afdwingbare afspraken", "geen in rechte afdwingbare afspraken meer")
    after = {
        str(e["UID"]): str(e["SUMMARY"])
        for e in Calendar.from_ical(_ics(check_text(tmp_path, edited))).walk("VEVENT")
    }
    assert before == after
    # signed: DTSTAMP is the last signature date, whatever the clock says
    cal = Calendar.from_ical(_ics(check_text(tmp_path, signed_gooi(), "signed.yaml")))
    stamps = {e.decoded("DTSTAMP") for e in cal.walk("VEVENT")}
    assert stamps == {datetime(2015, 6, 20, tzinfo=UTC)}
    assert "Inwerkingtreding van het convenant · Gooi en Vechtstreek" in {
        str(e["SUMMARY"]) for e in cal.walk("VEVENT")
    }


def test_several_covenants_in_one_calendar(gooi: Checked) -> None:
    cal = Calendar.from_ical(_ics(gooi, check_file(ZK)))
    items = cal.walk("VEVENT")
    assert len({str(e["UID"]) for e in items}) == len(items)
    regions = {str(e["SUMMARY"]).rsplit(" · ", 1)[1] for e in items}
    assert regions == {"Gooi en Vechtstreek", "Zuid-Kennemerland en IJmond"}
    assert str(cal["X-WR-CALNAME"]) == "Termijnen van 2 convenanten"


def test_cli_writes_the_calendar(cli_run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "termijnen.ics"
    result = cli_run("calendar", GOOI, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == _ics(check_file(GOOI))


def test_cli_writes_nothing_for_a_covenant_with_errors(cli_run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "termijnen.ics"
    result = cli_run("calendar", SEED, "-o", target)
    assert result.exit_code == 1
    assert "CG101" in result.output and not target.exists()


def test_check_does_not_import_the_calendar_library(
    python_subprocess: Callable[[str], subprocess.CompletedProcess[str]],
) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import convenantgen.cli\n"
        f"result = CliRunner().invoke(convenantgen.cli.cli, ['check', {str(GOOI)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('icalendar', 'weasyprint')))\n"
    )
    done = python_subprocess(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_day_some_months_lack_is_listed_not_skipped(tmp_path: Path) -> None:
    """RFC 5545 skips a 31st in months without one; the covenant means the month's last day."""
    text = MINIMAL.replace(
        "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n",
        "    leden:\n      - tekst: De Partijen rapporteren elk halfjaar.\n        termijnen:\n"
        "          - {id: rapport, soort: rapportage, omschrijving: Rapport, frequentie: halfjaarlijks,"
        " uiterlijk: {dag: 31, maand: 8}}\n",
    ).replace("ingang: {regel: ondertekening}", "ingang: {regel: datum, datum: 2026-01-01}")
    checked = check_text(tmp_path, text)
    assert not checked.findings, checked.findings
    (item,) = [e for e in Calendar.from_ical(_ics(checked)).walk("VEVENT") if "Rapport" in str(e["SUMMARY"])]
    assert "RRULE" not in item
    assert _dates(item) == [date(2026, 8, 31), date(2027, 2, 28), date(2027, 8, 31)]
