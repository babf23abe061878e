"""The voortgangsrapportage: progress against the targets as HTML and PDF, in the house style.

The charts are inline SVG from chart.py; every text from the progress file is autoescaped
plain text. The PDF is the print HTML through the same PDF stage as a covenant, without
signature fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from convenantgen import __version__
from convenantgen.chart import chart_svg
from convenantgen.ical import covenant_name
from convenantgen.layout import Layout
from convenantgen.model import Covenant
from convenantgen.progress import Progress
from convenantgen.progress_series import Point, Series, build_series, unit
from convenantgen.render import environment

DEFAULT_TITLE = "Voortgang van de doelen"


@dataclass(frozen=True)
class ReportFile:
    """One output file of the report, rendered but not yet written."""

    name: str
    data: bytes


def _sources(progress: Progress, series: tuple[Series, ...]) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Every source, numbered in reading order, and the notes printed with it."""
    numbers: dict[str, int] = {}
    notes: dict[str, list[str]] = {}
    points: list[Point] = [p for s in series for p in s.realised] + [t for s in series for t in s.targets]
    for point in points:
        numbers.setdefault(point.origin, len(numbers) + 1)
        if point.note:
            line = f"{point.label}: {point.note}"
            if line not in notes.setdefault(point.origin, []):
                notes[point.origin].append(line)
    return numbers, notes


def report_html(
    progress: Progress,
    covenant: Covenant,
    layout: Layout,
    medium: str = "screen",
    files: tuple[str, str] = ("", ""),
) -> str:
    """The voortgangsrapportage as one self-contained HTML page for ``screen`` or ``print``."""
    context = report_context(progress, covenant, layout, medium, files)
    return environment().get_template("voortgang.html.j2").render(**context)


def report_context(
    progress: Progress,
    covenant: Covenant,
    layout: Layout,
    medium: str = "screen",
    files: tuple[str, str] = ("", ""),
) -> dict[str, Any]:
    """What voortgang.html.j2 (and the site's page extending it) is rendered with."""
    env = environment()
    loader = env.loader
    assert loader is not None
    css = loader.get_source(env, "convenant.css")[0] + loader.get_source(env, "voortgang.css")[0]
    series = build_series(progress, covenant, layout)
    counted = unit(progress, covenant)
    title = progress.titel or DEFAULT_TITLE
    charts = [
        Markup(chart_svg(s, counted, f"{s.name}: gerealiseerd tegenover het doel", f"grafiek-{s.key}"))
        for s in series
    ]
    total = series[0] if series and series[0].key == "totaal" else None
    measured = [p for p in total.realised if not p.baseline] if total else []
    last = measured[-1] if measured else None
    sources, notes = _sources(progress, series)
    created = progress.report_date
    context: dict[str, Any] = {
        "p": progress,
        "c": covenant,
        "covenant_name": covenant_name(covenant),
        "medium": medium,
        "css": Markup(css),
        "title": title,
        "unit": counted,
        "series": series,
        "charts": charts,
        "last": last,
        "last_target": total.target_for(last.day) if total and last else None,
        "targets": total.targets if total else (),
        "sources": sources,
        "notes": notes,
        "created": created.isoformat() if created else None,
        "version": __version__,
        "progress_file": files[0],
        "covenant_file": files[1],
    }
    return context


def report_name(covenant: Covenant, extension: str) -> str:
    """'zuid-kennemerland-ijmond-2019-voortgang.pdf'."""
    return f"{covenant.id}-voortgang.{extension}"


def render_report(
    progress: Progress,
    covenant: Covenant,
    layout: Layout,
    formats: tuple[str, ...] = ("html", "pdf"),
    files: tuple[Path, Path] | None = None,
) -> list[ReportFile]:
    """The report's HTML and/or PDF (the PDF dated by the report, never by the clock)."""
    names = (files[0].name, files[1].name) if files else ("", "")
    out = []
    if "html" in formats:
        html = report_html(progress, covenant, layout, "screen", names)
        out.append(ReportFile(report_name(covenant, "html"), html.encode("utf-8")))
    if "pdf" in formats:
        from convenantgen.pdf import render_pdf  # WeasyPrint is heavy: only the PDF imports it

        printed = report_html(progress, covenant, layout, "print", names)
        out.append(
            ReportFile(report_name(covenant, "pdf"), render_pdf(printed, progress.report_date, fields=False))
        )
    return out
