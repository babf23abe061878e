"""Commands that publish what covenants say: the deadlines calendar and the progress report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from convenantgen.findings import has_errors

FORMATS = click.Choice(["text", "json", "github"])


def _write(target: Path, data: bytes) -> None:
    """Write atomically, or tell why not (exit 1) without a traceback."""
    from convenantgen.output import write_atomic

    try:
        write_atomic(target, data)
    except OSError as exc:
        click.echo(f"{exc.filename or target}: cannot write output: {exc.strerror}", err=True)
        click.echo("    hint: check that the folder is writable and the disk is not full", err=True)
        sys.exit(1)
    click.echo(f"wrote {target}", err=True)


@click.command("calendar")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .ics file to write (default: standard output).",
)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Report format.")
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
    from convenantgen.build import check_all
    from convenantgen.cli import _emit
    from convenantgen.ical import build_calendar

    checked, findings, _facts = check_all(paths)
    if not checked:
        raise click.UsageError("no covenant files (*.yaml, *.yml) found in the paths given")
    if has_errors(findings):
        _emit(findings, (), len(checked), fmt)
        click.echo("calendar not written: fix the errors first", err=True)
        sys.exit(1)
    data = build_calendar((c.covenant, c.layout) for c in checked if c.covenant and c.layout)
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        _write(target, data)
