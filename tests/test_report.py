"""The voortgangsrapportage: the seed-003 figures in the PDF's chart and table, a stable SVG, the CLI."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import Result

from convenantgen.chart import chart_svg
from convenantgen.pipeline import check_file
from convenantgen.progress import load_progress, progress_path_for
from convenantgen.progress_report import render_report, report_html
from convenantgen.progress_series import build_series
from helpers import ZK

RunCli = Callable[..., Result]
ZK_PROGRESS = progress_path_for(ZK)
SEED_FIGURES = ("856", "1.428", "1.439", "1.752", "1.776")  # 1.428 = 856 + the growth of 572


def _zk_series() -> tuple[str, str]:
    """(SVG, screen HTML) of the Zuid-Kennemerland report, built from scratch."""
    covenant = check_file(ZK)
    progress, _source, found = load_progress(ZK_PROGRESS)
    assert progress is not None and not found and covenant.covenant and covenant.layout
    (total,) = build_series(progress, covenant.covenant, covenant.layout)
    svg = chart_svg(total, "banen", "Totaal: gerealiseerd tegenover het doel", "grafiek-totaal")
    return svg, report_html(progress, covenant.covenant, covenant.layout, "screen")


@pytest.fixture(scope="module")
def zk_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    covenant = check_file(ZK)
    progress, _source, _found = load_progress(ZK_PROGRESS)
    assert progress is not None and covenant.covenant and covenant.layout
    (pdf,) = render_report(progress, covenant.covenant, covenant.layout, ("pdf",))
    target = tmp_path_factory.mktemp("report") / pdf.name
    target.write_bytes(pdf.data)
    return target


def _words(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, yMin, word) of every word, from pdftotext -bbox."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (Debian: poppler-utils)")
    out = subprocess.run([tool, "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    words = []
    for number, page in enumerate(out.split("<page ")[1:], 1):
        for y, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page):
            words.append((number, float(y), html.unescape(word)))
    return words


def _between(words: list[tuple[int, float, str]], start: str, end: str) -> list[str]:
    """The words after the first ``start`` and before the next ``end`` on the same page."""
    page, top = next((p, y) for p, y, w in words if w == start)
    bottom = min(y for p, y, w in words if p == page and w == end and y > top)
    return [w for p, y, w in words if p == page and top <= y < bottom]


def test_pdf_chart_and_table_hold_the_seed_figures(zk_pdf: Path) -> None:
    words = _words(zk_pdf)
    chart = _between(words, "Gerealiseerd", "Figuur")  # the legend opens the chart
    for figure in SEED_FIGURES:
        assert figure in chart, (figure, chart)
    table = _between(words, "Peildatum", "Doelen")
    for figure in (*SEED_FIGURES, "572", "−24"):
        assert figure in table, (figure, table)
    text = " ".join(w for _, _, w in words)
    assert "december 2012 (nulmeting)" in text and "30 juni 2018" in text
    assert "seed 003" in text and "seed 000" in text  # every number names its source


def test_svg_is_byte_identical_across_runs() -> None:
    first_svg, first_html = _zk_series()
    second_svg, second_html = _zk_series()
    assert first_svg == second_svg
    assert first_html == second_html
    labels = re.findall(r">([\d.]+)</text>", first_svg)
    for figure in SEED_FIGURES:
        assert figure in labels


def test_svg_has_a_text_alternative_and_reads_in_greyscale() -> None:
    svg, page = _zk_series()
    assert 'role="img"' in svg
    assert 'aria-labelledby="grafiek-totaal-titel grafiek-totaal-beschrijving"' in svg
    assert '<title id="grafiek-totaal-titel">Totaal: gerealiseerd tegenover het doel</title>' in svg
    desc = re.search(r'<desc id="grafiek-totaal-beschrijving">([^<]*)</desc>', svg)
    assert desc is not None
    for figure in SEED_FIGURES:
        assert f"{figure} banen" in desc.group(1)
    # realised solid with round markers, the target dashed with square ones, the nulmeting a diamond
    lines = re.findall(r"<polyline [^>]*>", svg)
    assert len(lines) == 1 and "stroke-dasharray" not in lines[0]  # one target: a marker, no line
    assert svg.count("<circle ") == 3 + 1  # three measurements and the legend
    assert svg.count("<polygon ") == 2  # the nulmeting and the legend
    assert '<rect x="' in svg and 'stroke-dasharray="7 5"' in svg  # target marker; dashed in the legend
    # the data table stands next to the chart, in the same section
    section = page[
        page.index('<section class="reeks"') : page.index("</section>", page.index('<section class="reeks"'))
    ]
    assert section.index("<figure>") < section.index("<table")


def test_two_targets_draw_a_dashed_line() -> None:
    covenant = check_file(ZK)
    progress, _source, _found = load_progress(ZK_PROGRESS)
    assert progress is not None and covenant.covenant and covenant.layout
    (total,) = build_series(progress, covenant.covenant, covenant.layout)
    doubled = replace(
        total,
        targets=(replace(total.targets[0], day=total.targets[0].day.replace(year=2017)), *total.targets),
    )
    lines = re.findall(r"<polyline [^>]*>", chart_svg(doubled, "banen", "t", "g"))
    assert [("stroke-dasharray" in line) for line in lines] == [True, False]


def test_text_from_the_progress_file_stays_text(tmp_path: Path) -> None:
    covenant = check_file(ZK)
    text = ZK_PROGRESS.read_text(encoding="utf-8")
    text = text.replace("eenheid: banen", 'eenheid: "<b>banen</b>"').replace(
        "noot: De laatste kwartaalrapportage vóór het convenant 2019.",
        "noot: '{{ 7 * 7 }} <script>x</script>'",
    )
    path = tmp_path / "x.voortgang.yaml"
    path.write_text(text, encoding="utf-8")
    progress, _source, found = load_progress(path)
    assert progress is not None and not found and covenant.covenant and covenant.layout
    page = report_html(progress, covenant.covenant, covenant.layout)
    assert "<b>banen</b>" not in page and "&lt;b&gt;banen&lt;/b&gt;" in page
    assert "<script>" not in page and "{{ 7 * 7 }}" in page


# --- the command ------------------------------------------------------------------------------


def test_cli_report_writes_html_and_pdf(cli_run: RunCli, tmp_path: Path) -> None:
    result = cli_run("report", ZK, "-o", tmp_path, "--html-only")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "zuid-kennemerland-ijmond-2019-voortgang.html"
    ]
    assert "1.752" in (tmp_path / "zuid-kennemerland-ijmond-2019-voortgang.html").read_text(encoding="utf-8")


def test_cli_report_writes_nothing_when_the_progress_file_has_errors(cli_run: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.voortgang.yaml"
    bad.write_text(
        ZK_PROGRESS.read_text(encoding="utf-8").replace("groei: 896", "groei: 897"), encoding="utf-8"
    )
    out = tmp_path / "uit"
    result = cli_run("report", ZK, "--voortgang", bad, "-o", out)
    assert result.exit_code == 1
    assert "CG805" in result.output and "report not written" in result.output
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]


def test_cli_report_without_a_progress_file(cli_run: RunCli, tmp_path: Path) -> None:
    lone = tmp_path / ZK.name
    lone.write_text(ZK.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli_run("report", lone, "-o", tmp_path / "uit")
    assert result.exit_code == 1
    assert "no progress file for this covenant" in result.output


def test_pdf_is_the_same_for_the_same_input(zk_pdf: Path) -> None:
    covenant = check_file(ZK)
    progress, _source, _found = load_progress(ZK_PROGRESS)
    assert progress is not None and covenant.covenant and covenant.layout
    (again,) = render_report(progress, covenant.covenant, covenant.layout, ("pdf",))
    assert again.data == zk_pdf.read_bytes()
