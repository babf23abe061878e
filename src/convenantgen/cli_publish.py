"""Commands that publish what covenants say: the deadlines calendar and the progress report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from convenantgen.cli_options import REPORT_FORMAT, output_folder
from convenantgen.findings import has_errors
from convenantgen.i18n import _


def _write(target: Path, data: bytes) -> None:
    """Write atomically, or tell why not (exit 1) without a traceback."""
    from convenantgen.output import write_atomic

    try:
        write_atomic(target, data)
    except OSError as exc:
        click.echo(
            _("{value}: cannot write output: {strerror}").format(
                value=exc.filename or target, strerror=exc.strerror
            ),
            err=True,
        )
        click.echo(_("    hint: check that the folder is writable and the disk is not full"), err=True)
        sys.exit(1)
    click.echo(_("wrote {path}").format(path=target), err=True)


@click.command("calendar")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .ics file to write (default: standard output).",
)
@REPORT_FORMAT
def calendar_command(paths: tuple[Path, ...], target: Path | None, fmt: str) -> None:
    """Write the deadlines of covenants as one iCalendar (.ics) file.

    Reviews, the dates their changes take effect, reports, budgets, accounts, meetings,
    the final report and the end of the term; yearly duties repeat until the term ends.
    Nothing is written when a covenant has errors.

    \b
    Examples:
      convenantgen calendar convenants/ -o build/termijnen.ics
      convenantgen calendar convenants/gooi-en-vechtstreek-2015.yaml > gooi.ics
    """
    from convenantgen.cli import _emit
    from convenantgen.ical import build_calendar
    from convenantgen.pipeline import check_all

    checked, findings, _facts = check_all(paths)
    if not checked:
        raise click.UsageError(_("no covenant files (*.yaml, *.yml) found in the paths given"))
    if has_errors(findings):
        _emit(findings, (), len(checked), fmt)
        click.echo(_("calendar not written: fix the errors first"), err=True)
        sys.exit(1)
    data = build_calendar((c.covenant, c.layout) for c in checked if c.covenant and c.layout)
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        _write(target, data)


@click.command("report")
@click.argument("covenant", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--voortgang",
    "progress_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The progress file (default: <covenant>.voortgang.yaml beside the covenant).",
)
@output_folder("build", "Folder for <id>-voortgang.html and <id>-voortgang.pdf.")
@click.option("--html-only", is_flag=True, help="Write only the HTML (faster previews).")
@click.option("--strict", is_flag=True, help="Refuse to write the report when there are warnings.")
@REPORT_FORMAT
def report_command(
    covenant: Path, progress_file: Path | None, out_dir: Path, html_only: bool, strict: bool, fmt: str
) -> None:
    """Write the voortgangsrapportage of a covenant: realised numbers against its targets.

    Reads the progress file, checks it against the covenant (dates in the term, columns
    that exist, numbers that add up; a shortfall is reported as info) and writes an HTML
    page and a PDF with a chart and a table of targets, realisations and differences.
    Nothing is written when the covenant or the progress file has errors.

    \b
    Examples:
      convenantgen report convenants/zuid-kennemerland-ijmond-2019.yaml -o build/
      convenantgen report convenants/x.yaml --voortgang metingen/x.voortgang.yaml -o /tmp/x --html-only
    """
    from convenantgen.cli import _emit
    from convenantgen.pipeline import check_file
    from convenantgen.progress import progress_path_for
    from convenantgen.progress_checks import check_progress_file
    from convenantgen.state import locked, place

    checked = check_file(covenant)
    findings = list(checked.findings)
    progress = None
    path = progress_file or progress_path_for(covenant)
    if checked.covenant is not None and checked.layout is not None:
        if not path.is_file():
            click.echo(_("{path}: no progress file for this covenant").format(path=path), err=True)
            click.echo(
                _("    hint: create it (see docs/format.md, section 19) or pass --voortgang FILE"), err=True
            )
            sys.exit(1)
        progress, found = check_progress_file(path, checked.covenant, checked.layout)
        findings += found
    _emit(sorted(findings), (), 2, fmt)
    if progress is None or checked.covenant is None or checked.layout is None or has_errors(findings, strict):
        click.echo(_("report not written: fix the errors first"), err=True)
        sys.exit(1)
    from convenantgen.progress_report import render_report

    formats = ("html",) if html_only else ("html", "pdf")
    files = render_report(progress, checked.covenant, checked.layout, formats, (path, covenant))
    try:
        with locked(place(out_dir)):  # the lock lives beside the folder, never in it
            for item in files:
                _write(out_dir / item.name, item.data)
    except OSError as exc:
        click.echo(
            _("{value}: cannot write output: {strerror}").format(
                value=exc.filename or out_dir, strerror=exc.strerror
            ),
            err=True,
        )
        sys.exit(1)
