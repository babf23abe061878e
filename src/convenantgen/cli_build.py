"""The ``build`` command: check and render covenants, then report what was and was not written."""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from convenantgen.cli_options import PATHS, REPORT_FORMAT, emit, output_folder
from convenantgen.i18n import _

if TYPE_CHECKING:
    from convenantgen.commit import Outcome

_emit = emit


@click.command()
@PATHS
@output_folder("build", "Folder for <id>.html and <id>.pdf (and the other --formats).")
@click.option("--strict", is_flag=True, help="Refuse to build when there are warnings.")
@REPORT_FORMAT
@click.option(
    "--formats",
    "kinds",
    default=None,
    metavar="KIND,...",
    help="What to make, from html, pdf, ics, yaml (per covenant) and calendar (all in one) "
    "[default: html,pdf].",
)
@click.option("--html-only", is_flag=True, help="Write only the HTML (faster previews): --formats html.")
@click.option(
    "--git-commit", is_flag=True, help="Record the git commit of the sources in the PDF and footer."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Render this many covenants at once (default: one per CPU core).",
)
@click.option("--force", is_flag=True, help="Render every file again, even those whose inputs are unchanged.")
@click.option(
    "--prune",
    is_flag=True,
    help="Remove outputs an earlier build wrote for covenants no longer in the sources.",
)
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    strict: bool,
    fmt: str,
    kinds: str | None,
    html_only: bool,
    git_commit: bool,
    jobs: int | None,
    force: bool,
    prune: bool,
) -> None:
    """Check and build covenants into <id>.html and <id>.pdf (or the --formats named).

    Every covenant is checked; a file whose inputs are unchanged since the last build is not
    rendered again. Nothing is written unless every covenant passes check; each covenant's
    files are replaced as a whole. The manifest and lock live in .convenantgen/ beside the folder.

    \b
    Examples:
      convenantgen build convenants/
      convenantgen build convenants/gooi-en-vechtstreek-2015.yaml -o /tmp/preview --html-only
      convenantgen build convenants/ --formats html,pdf,ics,calendar
    """
    from convenantgen.build import build as run_build
    from convenantgen.gitinfo import git_commit as find_commit
    from convenantgen.state import StateError, place
    from convenantgen.terminal import terminal_bar, wanted

    started = time.perf_counter()
    formats = _formats(kinds, html_only)
    commit = None
    if git_commit:
        commit = find_commit(paths[0] if paths[0].is_dir() else paths[0].parent)
        if commit is None:
            raise click.UsageError(_("--git-commit: the covenants are not in a git checkout"))
    try:
        with terminal_bar("rendering", wanted(fmt)) as progress:
            result = run_build(
                paths,
                out_dir,
                strict=strict,
                formats=formats,
                commit=commit,
                jobs=jobs or os.cpu_count() or 1,
                force=force,
                prune=prune,
                progress=progress,
            )
    except StateError as exc:
        click.echo(
            _("{filename}: {strerror}; nothing was written").format(
                filename=exc.filename, strerror=exc.strerror
            ),
            err=True,
        )
        click.echo(
            _("    hint: remove it; convenantgen keeps its manifest and lock there (docs/cli.md)"), err=True
        )
        sys.exit(1)
    except OSError as exc:
        shown = out_dir if exc.filename in (None, str(place(out_dir).out)) else exc.filename
        click.echo(
            _("{shown}: cannot write output: {strerror}; nothing was written").format(
                shown=shown, strerror=exc.strerror
            ),
            err=True,
        )
        click.echo(_("    hint: {hint}").format(hint=_write_hint(exc, place(out_dir).state)), err=True)
        sys.exit(1)
    if result.refused:
        click.echo(
            _("{out_dir}: {refused}; nothing was written").format(out_dir=out_dir, refused=result.refused),
            err=True,
        )
        click.echo(_("    hint: give -o a folder of its own, outside the covenant folders"), err=True)
        sys.exit(1)
    files = len(result.checked)
    if not files:
        raise click.UsageError(_("no covenant files (*.yaml, *.yml) found in the paths given"))
    _emit(result.findings, result.facts if fmt == "json" else (), files, fmt)
    _report_repair(result.repaired)
    if result.failed:
        click.echo(_("build stopped: nothing was written"), err=True)
        sys.exit(1)
    outcome = result.outcome
    for path in outcome.written:
        click.echo(_("wrote {path}").format(path=out_dir / path.name), err=True)
    for path in outcome.pruned:
        click.echo(_("removed {path} (a stale output)").format(path=out_dir / path.name), err=True)
    if outcome.stale:
        names = ", ".join(p.name for p in outcome.stale)
        click.echo(
            _(
                "stale outputs: {names} (from a covenant no longer in the sources; --prune removes them)"
            ).format(names=names),
            err=True,
        )
    if outcome.error is not None:
        _report_write_error(outcome.error, out_dir, outcome.not_written, outcome.half, place(out_dir).state)
        sys.exit(1)
    elapsed = time.perf_counter() - started
    if not result.rendered and not result.collections:
        click.echo(
            _(
                "nothing to render: {unchanged} covenant(s) unchanged since the last build "
                "({elapsed:.2f} s; --force renders them anyway)"
            ).format(unchanged=result.unchanged, elapsed=elapsed),
            err=True,
        )
    else:
        also = "".join(_(" and {name}").format(name=name) for name in result.collections)
        click.echo(
            _("rendered {count} covenant(s){also}, {unchanged} unchanged, in {elapsed:.1f} s").format(
                count=len(result.rendered), also=also, unchanged=result.unchanged, elapsed=elapsed
            ),
            err=True,
        )


def _formats(kinds: str | None, html_only: bool) -> tuple[str, ...]:
    """The kinds of output asked for: --formats, or --html-only, or html and pdf."""
    from convenantgen.outputs import DEFAULT, KINDS

    if kinds is None:
        return ("html",) if html_only else DEFAULT
    if html_only:
        raise click.UsageError(_("--html-only is short for --formats html: give one of the two"))
    names = tuple(name.strip() for name in kinds.split(",") if name.strip())
    unknown = [name for name in names if name not in KINDS]
    if unknown or not names:
        raise click.UsageError(
            _("--formats: {value}; choose from {kinds}").format(
                value=_("unknown kind {kind!r}").format(kind=unknown[0]) if unknown else _("no kind given"),
                kinds=", ".join(KINDS),
            )
        )
    return names


def _write_hint(exc: OSError, state_dir: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("free some space on the disk and build again")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("check that the output folder and {state_dir} are writable").format(state_dir=state_dir)
    return _("check that the output folder is writable and the disk is not full")


def _report_write_error(
    exc: OSError, out_dir: Path, not_written: Sequence[Path], half: Sequence[Path], state_dir: Path
) -> None:
    click.echo(
        _("{out_dir}: cannot write output: {value}").format(out_dir=out_dir, value=exc.strerror or exc),
        err=True,
    )
    if not_written:
        names = ", ".join(p.name for p in not_written)
        click.echo(
            _("not written: {names} (each keeps its previous version, if it had one)").format(names=names),
            err=True,
        )
    if half:
        names = ", ".join(p.name for p in half)
        click.echo(
            _(
                "half written: {names}; the next build completes them, or puts the previous "
                "version back, before anything else"
            ).format(names=names),
            err=True,
        )
    click.echo(_("    hint: {hint}").format(hint=_write_hint(exc, state_dir)), err=True)


def _report_repair(done: Outcome) -> None:
    if done.written:
        names = ", ".join(p.name for p in done.written)
        click.echo(
            _("completed the build that was cut off before: wrote {names}").format(names=names), err=True
        )
    if done.restored:
        names = ", ".join(p.name for p in done.restored)
        click.echo(
            _("undid the build that was cut off before: put back {names}").format(names=names), err=True
        )
