"""Progress on the site: the chart on a covenant's page and the voortgangsrapportage beside it.

A covenant has progress when ``<stem>.voortgang.yaml`` stands beside it (as for
``convenantgen report``). Its chart and report come from chart.py and progress_report.py;
this module only places them on the site.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from convenantgen.chart import chart_svg
from convenantgen.findings import Finding
from convenantgen.layout import Layout
from convenantgen.model import Covenant
from convenantgen.pipeline import Checked, discover
from convenantgen.progress import Progress, progress_path_for
from convenantgen.progress_checks import check_progress_file, check_progress_files
from convenantgen.progress_report import DEFAULT_TITLE, render_report, report_context, report_name
from convenantgen.progress_series import Point, Series, build_series, unit
from convenantgen.render import environment

REPORT_PAGE = "voortgang.html"


@dataclass(frozen=True)
class Voortgang:
    """What a covenant's page shows of its progress."""

    progress: Progress
    title: str
    unit: str
    series: tuple[Series, ...]
    charts: tuple[Markup, ...]
    last: Point | None
    last_target: Point | None


def check(
    paths: Iterable[Path], checked: Sequence[Checked]
) -> tuple[dict[str, Progress], tuple[Finding, ...]]:
    """Progress of every covenant that has a file beside it, and the findings of all progress files.

    Every progress file under ``paths`` is checked as ``convenantgen check`` does, so the site
    refuses what check refuses; a file beside a covenant named on its own is checked too.
    """
    findings = list(check_progress_files(paths, checked)[1])
    covered = {p.resolve() for p in discover(paths, progress=True)}
    found: dict[str, Progress] = {}
    for item in checked:
        if item.covenant is None or item.layout is None:
            continue
        path = progress_path_for(Path(item.path))
        if not path.is_file():
            continue
        progress, problems = check_progress_file(path, item.covenant, item.layout)
        if path.resolve() not in covered:
            findings += problems
        if progress is not None and progress.covenant_id == item.covenant.id:
            found[item.covenant.id] = progress
    return found, tuple(findings)


def view(progress: Progress, covenant: Covenant, layout: Layout) -> Voortgang:
    """Series, charts and the latest measurement against its target."""
    series = build_series(progress, covenant, layout)
    counted = unit(progress, covenant)
    charts = tuple(
        Markup(chart_svg(s, counted, f"{s.name}: gerealiseerd tegenover het doel", f"grafiek-{s.key}"))
        for s in series
    )
    total = series[0] if series and series[0].key == "totaal" else None
    measured = [p for p in total.realised if not p.baseline] if total else []
    last = measured[-1] if measured else None
    target = total.target_for(last.day) if total and last else None
    return Voortgang(progress, progress.titel or DEFAULT_TITLE, counted, series, charts, last, target)


def report_page(progress: Progress, covenant: Covenant, layout: Layout, context: dict[str, Any]) -> bytes:
    """The voortgangsrapportage as a page of the site (``<id>/voortgang.html``)."""
    names = (Path(progress.path).name, f"{covenant.id}.yaml")
    page = report_context(progress, covenant, layout, "screen", names)
    page.update(context)
    return environment().get_template("site/voortgang.html.j2").render(page).encode("utf-8")


def report_pdf(progress: Progress, covenant: Covenant, layout: Layout) -> tuple[str, bytes]:
    """(name, bytes) of the report's PDF, made by the same stage as ``convenantgen report``."""
    names = (Path(progress.path), Path(covenant.path or f"{covenant.id}.yaml"))
    (pdf,) = render_report(progress, covenant, layout, ("pdf",), names)
    assert pdf.name == report_name(covenant, "pdf")
    return pdf.name, pdf.data
