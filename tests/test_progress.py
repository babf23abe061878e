"""Progress files: discovery, schema and located errors, the checks against the covenant, the series."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from convenantgen.findings import Severity
from convenantgen.pipeline import Checked, check_file, discover
from convenantgen.progress import load_progress, progress_path_for
from convenantgen.progress_checks import CODES, check_progress_file
from convenantgen.progress_series import build_series
from helpers import CONVENANTS, GOOI, ZK, check_text, line_of, signed_gooi

RunCli = Callable[..., Result]
ZK_PROGRESS = progress_path_for(ZK)
HEAD = "# yaml-language-server: $schema=../schemas/voortgang.schema.json\nformaat: 1\n"
# Fictitious numbers, for the checks only: the real covenants record no realised numbers for Gooi.
GOOI_PROGRESS = (
    HEAD
    + """convenant: gooi-en-vechtstreek-2015
schaal: groei
metingen:
  - datum: 2016-12-31
    groei: 200
    kolommen: {markt: 150, overheid: 50}
    bron: testgegevens
  - datum: 2017-06-30
    groei: 260
    kolommen: {markt: 195, overheid: 65}
    bron: testgegevens
"""
)


def _check(tmp_path: Path, text: str, covenant: Checked | None = None) -> list[tuple[str, int, str]]:
    covenant = covenant or check_file(GOOI)
    assert covenant.covenant is not None and covenant.layout is not None
    path = tmp_path / "x.voortgang.yaml"
    path.write_text(text, encoding="utf-8")
    _progress, found = check_progress_file(path, covenant.covenant, covenant.layout)
    return [(f.code, f.line, f.message) for f in found]


def _codes(found: list[tuple[str, int, str]]) -> set[tuple[str, int]]:
    return {(code, line) for code, line, _ in found}


# --- discovery ---------------------------------------------------------------------------------


def test_discovery_does_not_take_a_progress_file_for_a_covenant() -> None:
    assert ZK_PROGRESS.is_file()
    covenants = discover([CONVENANTS])
    assert ZK_PROGRESS not in covenants and ZK in covenants and GOOI in covenants
    assert list(discover([CONVENANTS], progress=True)) == [ZK_PROGRESS]
    assert list(discover([ZK_PROGRESS])) == []  # named directly it is still not a covenant


def test_check_of_the_folder_checks_the_progress_file(cli_run: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "convenants"
    folder.mkdir()
    (folder / ZK.name).write_text(ZK.read_text(encoding="utf-8"), encoding="utf-8")
    broken = ZK_PROGRESS.read_text(encoding="utf-8").replace("aantal: 1752", "aantal: 1753")
    (folder / ZK_PROGRESS.name).write_text(broken, encoding="utf-8")
    result = cli_run("check", folder)
    assert result.exit_code == 1
    line = line_of(broken, "groei: 896")
    assert f"{ZK_PROGRESS.name}:{line}:" in result.stdout and "CG805" in result.stdout


# --- the real example --------------------------------------------------------------------------


def test_zuid_kennemerland_progress_is_clean_and_holds_the_seed_figures() -> None:
    covenant = check_file(ZK)
    assert covenant.covenant is not None and covenant.layout is not None
    progress, found = check_progress_file(ZK_PROGRESS, covenant.covenant, covenant.layout)
    assert progress is not None and found == ()
    (total,) = build_series(progress, covenant.covenant, covenant.layout)
    assert [(p.label, p.value, p.baseline) for p in total.realised] == [
        ("december 2012", 856, True),
        ("1 januari 2017", 856 + 572, False),
        ("30 juni 2017", 1439, False),
        ("30 juni 2018", 1752, False),
    ]
    assert [(t.label, t.value) for t in total.targets] == [("31 december 2018", 1776)]
    assert [r.difference for r in total.rows] == [None, 1428 - 1776, 1439 - 1776, 1752 - 1776]
    assert total.realised[1].derived == "856 + 572 (groei)"
    assert all("seed 00" in p.origin for p in (*total.realised, *total.targets))


# --- schema and loader -------------------------------------------------------------------------


def test_schema_errors_are_located(tmp_path: Path) -> None:
    text = HEAD + (
        "convenant: gooi-en-vechtstreek-2015\nschaal: aantl\nmetingen:\n"
        "  - datum: 2017-02-30\n    aantal: '12'\n    bron: x\n"
        "  - maand: 2017-03\n    datum: 2017-03-01\n    aantal: 3\n    bron: y\n"
        "  - datum: 2017-04-01\n    bron: z\n"
    )
    path = tmp_path / "x.voortgang.yaml"
    path.write_text(text, encoding="utf-8")
    progress, _source, found = load_progress(path)
    assert progress is None
    got = {(f.code, f.line, f.column) for f in found}
    assert ("CG010", 4, 9) in got  # schaal: the enum
    assert ("CG010", 6, 12) in got  # not a real date
    assert ("CG010", 7, 13) in got  # a quoted number
    assert ("CG010", line_of(text, "maand: 2017-03"), 5) in got  # datum and maand both
    assert any(f.line == line_of(text, "datum: 2017-04-01") and "needs 'aantal'" in f.message for f in found)


def test_the_strict_loader_is_used(tmp_path: Path) -> None:
    path = tmp_path / "x.voortgang.yaml"
    path.write_text(HEAD + "schaal: groei\nschaal: aantal\n", encoding="utf-8")
    _progress, _source, found = load_progress(path)
    assert [(f.code, f.line) for f in found] == [("CG003", 4)]


# --- checks against the covenant ---------------------------------------------------------------


def test_shortfall_against_the_cumulative_target_is_a_notice(tmp_path: Path) -> None:
    found = _check(tmp_path, GOOI_PROGRESS)
    assert {code for code, _, _ in found} == {"CG809"}
    total, columns = line_of(GOOI_PROGRESS, "groei: 200"), line_of(GOOI_PROGRESS, "markt: 150")
    messages = {m: at for code, at, m in found}
    # 2016 targets: 230 in total, 175 markt, 55 overheid (cumulative)
    expected = (
        "31 december 2016: 200 banen realised, 30 below the cumulative target of 230 due on 31 december 2016"
    )
    assert messages[expected] == total
    assert [at for m, at in messages.items() if "(Markt), 25 below" in m] == [columns]
    assert [at for m, at in messages.items() if "(Overheid), 5 below" in m] == [columns]
    # mid-2017 is compared with the target due by then (end of 2016), which it passes
    assert not [m for m in messages if m.startswith("30 juni 2017")]
    assert CODES["CG809"][0] is Severity.INFO


def test_unknown_column_and_table(tmp_path: Path) -> None:
    text = GOOI_PROGRESS.replace("{markt: 150, overheid: 50}", "{markt: 150, zorg: 50}")
    assert ("CG804", line_of(text, "zorg")) in _codes(_check(tmp_path, text))
    text = GOOI_PROGRESS.replace("schaal: groei\n", "schaal: groei\ntabel: banen\n")
    assert ("CG804", line_of(text, "tabel: banen")) in _codes(_check(tmp_path, text))


def test_numbers_that_do_not_add_up(tmp_path: Path) -> None:
    text = GOOI_PROGRESS.replace("{markt: 150, overheid: 50}", "{markt: 150, overheid: 49}")
    assert ("CG805", line_of(text, "overheid: 49")) in _codes(_check(tmp_path, text))
    zk = ZK_PROGRESS.read_text(encoding="utf-8").replace("groei: 583", "groei: 584")
    found = _check(tmp_path, zk, check_file(ZK))
    assert ("CG805", line_of(zk, "groei: 584")) in _codes(found)
    assert any("aantal 1439 is not the nulmeting 856 + groei 584 = 1440" in m for _, _, m in found)


def test_growth_without_a_baseline(tmp_path: Path) -> None:
    text = GOOI_PROGRESS.replace("schaal: groei", "schaal: aantal").replace(
        "    kolommen: {markt: 150, overheid: 50}\n", ""
    )
    found = _check(tmp_path, text)
    assert ("CG806", line_of(text, "groei: 200")) in _codes(found)


def test_two_measurements_on_one_date(tmp_path: Path) -> None:
    text = GOOI_PROGRESS.replace("datum: 2017-06-30", "datum: 2016-12-31")
    assert ("CG807", line_of(text, "groei: 260") - 1) in _codes(_check(tmp_path, text))


def test_measurement_before_the_baseline(tmp_path: Path) -> None:
    text = GOOI_PROGRESS.replace(
        "metingen:\n", "nulmeting:\n  maand: 2017-01\n  aantal: 100\n  bron: testgegevens\nmetingen:\n"
    )
    assert ("CG808", line_of(text, "datum: 2016-12-31")) in _codes(_check(tmp_path, text))


def test_dates_outside_the_term(tmp_path: Path) -> None:
    signed = check_text(tmp_path, signed_gooi(), "gooi.yaml")  # in force from 20 June 2015
    text = GOOI_PROGRESS.replace("datum: 2016-12-31", "datum: 2015-03-31").replace(
        "datum: 2017-06-30", "datum: 2026-03-31"
    )
    found = _check(tmp_path, text, signed)
    assert ("CG802", line_of(text, "datum: 2015-03-31")) in _codes(found)
    assert ("CG802", line_of(text, "datum: 2026-03-31")) in _codes(found)
    assert CODES["CG802"][0] is Severity.WARNING
    marked = text.replace("    bron: testgegevens\n", "    bron: testgegevens\n    voor_looptijd: true\n", 1)
    found = _check(tmp_path, marked, signed)
    assert ("CG802", line_of(marked, "datum: 2015-03-31")) not in _codes(found)
    # marked, but inside the term: the mark is wrong
    inside = GOOI_PROGRESS.replace(
        "    bron: testgegevens\n", "    bron: testgegevens\n    voor_looptijd: true\n", 1
    )
    assert ("CG803", line_of(inside, "voor_looptijd")) in _codes(_check(tmp_path, inside, signed))


def test_progress_file_for_another_covenant(tmp_path: Path) -> None:
    found = _check(tmp_path, GOOI_PROGRESS, check_file(ZK))
    assert _codes(found) == {("CG801", line_of(GOOI_PROGRESS, "convenant:"))}


def test_series_per_column_where_the_data_has_it(tmp_path: Path) -> None:
    covenant = check_file(GOOI)
    assert covenant.covenant is not None and covenant.layout is not None
    path = tmp_path / "x.voortgang.yaml"
    path.write_text(GOOI_PROGRESS, encoding="utf-8")
    progress, _ = check_progress_file(path, covenant.covenant, covenant.layout)
    assert progress is not None
    series = build_series(progress, covenant.covenant, covenant.layout)
    assert [(s.key, s.name) for s in series] == [
        ("totaal", "Totaal"),
        ("markt", "Markt"),
        ("overheid", "Overheid"),
    ]
    markt = series[1]
    assert [t.value for t in markt.targets][:3] == [114, 175, 288]  # the table's cumulative column
    assert markt.targets[0].origin == "artikel 1, eerste lid van het convenant"
    only_total = GOOI_PROGRESS.replace("    kolommen: {markt: 150, overheid: 50}\n", "").replace(
        "    kolommen: {markt: 195, overheid: 65}\n", ""
    )
    path.write_text(only_total, encoding="utf-8")
    progress, _ = check_progress_file(path, covenant.covenant, covenant.layout)
    assert progress is not None
    assert [s.key for s in build_series(progress, covenant.covenant, covenant.layout)] == ["totaal"]
