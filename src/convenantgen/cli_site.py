"""The ``site`` command: a thin layer over :func:`convenantgen.site.build_site`."""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import click

from convenantgen.cli_options import PATHS, REPORT_FORMAT, emit, output_folder
from convenantgen.i18n import _


@click.command()
@PATHS
@output_folder("build/site", "Folder for the website; replaced as a whole.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Reference date for status and deadlines (default: SOURCE_DATE_EPOCH's date, else today).",
)
@click.option("--strict", is_flag=True, help="Refuse to build when there are warnings.")
@REPORT_FORMAT
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="PDFs rendered at once.")
def site(
    paths: tuple[Path, ...], out_dir: Path, today: datetime | None, strict: bool, fmt: str, jobs: int | None
) -> None:
    """Build a static website of covenants: an index, a page per covenant, PDF and YAML.

    Works from file:// and on any static host; needs no script. The folder is replaced as
    a whole, and only if it is new, empty or an earlier site.

    \b
    Examples:
      convenantgen site convenants/ -o build/site --today 2019-03-01
      SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) convenantgen site convenants/
    """
    from convenantgen.site import build_site
    from convenantgen.terminal import terminal_bar, wanted

    day = today.date() if today else reference_date()
    try:
        with terminal_bar("rendering", wanted(fmt)) as progress:
            result = build_site(
                paths, out_dir, day, strict=strict, jobs=jobs or os.cpu_count() or 1, progress_bar=progress
            )
    except OSError as exc:
        click.echo(
            _("{value}: cannot write output: {strerror}").format(
                value=exc.filename or out_dir, strerror=exc.strerror
            ),
            err=True,
        )
        click.echo(_("    hint: check that the output folder is writable and the disk is not full"), err=True)
        sys.exit(1)
    if not result.checked:
        raise click.UsageError(_("no covenant files (*.yaml, *.yml) found in the paths given"))
    emit(result.findings, result.facts if fmt == "json" else (), len(result.checked), fmt)
    if result.refused:
        click.echo(
            _("{out_dir}: {refused}; nothing was written").format(out_dir=out_dir, refused=result.refused),
            err=True,
        )
        click.echo(
            _("    hint: give -o a new or empty folder, or one an earlier 'convenantgen site' made"), err=True
        )
        sys.exit(1)
    if result.failed:
        click.echo(_("site stopped: nothing was written"), err=True)
        sys.exit(1)
    click.echo(
        _("wrote {n_files} files to {out_dir} (status on {day})").format(
            n_files=len(result.files), out_dir=out_dir, day=day.isoformat()
        ),
        err=True,
    )


def reference_date() -> date:
    """The date of SOURCE_DATE_EPOCH (UTC) when set, so CI builds repeat; else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
