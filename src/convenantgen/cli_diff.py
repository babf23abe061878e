"""The ``diff`` command: a thin layer over :mod:`convenantgen.diff`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from convenantgen.i18n import _

if TYPE_CHECKING:
    from convenantgen.diff.model import FileDiff

DIFF_FORMATS = click.Choice(["text", "json", "markdown", "html"])


def _colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")  # no-color.org: non-empty only


@click.command()
@click.argument("sides", nargs=-1, metavar="OLD NEW | --git BASE [PATHS]...")
@click.option("--git", "base", metavar="BASE", help="Compare every covenant changed since revision BASE.")
@click.option("--format", "fmt", type=DIFF_FORMATS, default=None, help="Output format (default: text).")
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output (FILE.html gives the redline).",
)
@click.option(
    "--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path), help="Write the redline as PDF."
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are changes, like git diff --exit-code.")
def diff(
    sides: tuple[str, ...],
    base: str | None,
    fmt: str | None,
    target: Path | None,
    pdf: Path | None,
    exit_code: bool,
) -> None:
    """Show what changed in substance between two versions of a covenant.

    OLD and NEW are files or REV:PATH (read with git show, e.g. main:convenants/x.yaml).
    Parts are paired by id and named by each version's numbering; comments, key order
    and YAML style are not changes. A side that does not pass check gives its findings
    (exit 1).

    \b
    Examples:
      convenantgen diff main:convenants/gooi-en-vechtstreek-2015.yaml convenants/gooi-en-vechtstreek-2015.yaml
      convenantgen diff --git origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"
      convenantgen diff old.yaml new.yaml -o redline.html --pdf redline.pdf
    """
    from convenantgen.diff.files import compare, compare_revision
    from convenantgen.diff.revisions import GitError

    if fmt is None:
        fmt = "html" if target is not None and target.suffix.lower() in (".html", ".htm") else "text"
    if base is not None:
        if fmt == "html" or pdf:
            raise click.UsageError(
                _("the redline (html, --pdf) compares two versions: give OLD and NEW, not --git")
            )
        try:
            results = compare_revision(base, sides)
        except GitError as exc:
            click.echo(f"git: {exc}", err=True)
            click.echo(
                _("    hint: run inside a git repository and give a revision it has (see git log)"), err=True
            )
            sys.exit(1)
    elif len(sides) == 2:
        results = [compare(sides[0], sides[1])]
    else:
        raise click.UsageError(_("give OLD and NEW (files or REV:PATH), or --git BASE"))
    failed = any(r.status == "error" for r in results)
    _emit(results, fmt, target)
    if pdf is not None and not failed:
        _write_pdf(results[0], pdf)
    if failed:
        sys.exit(1)
    sys.exit(1 if exit_code and any(r.has_changes for r in results) else 0)


def _emit(results: list[FileDiff], fmt: str, target: Path | None) -> None:
    from convenantgen.diff import render_json, render_markdown, render_terminal
    from convenantgen.output import write_atomic

    if fmt == "json":
        text = render_json.render(results)
    elif fmt == "markdown":
        text = render_markdown.render(results)
    elif fmt == "html":
        from convenantgen.diff.redline import redline_html

        result = results[0]
        if result.diff is None:  # a side does not pass check: its findings instead
            click.echo(render_terminal.render(results, _colour()))
            return
        text = redline_html(result.diff, "screen")
    else:
        text = render_terminal.render(results, _colour() and target is None)
    if target is None:
        click.echo(text)
    else:
        write_atomic(target, text.encode("utf-8") + (b"" if text.endswith("\n") else b"\n"))
        click.echo(_("wrote {path}").format(path=target), err=True)


def _write_pdf(result: FileDiff, pdf: Path) -> None:
    from convenantgen.diff.redline import redline_pdf
    from convenantgen.output import write_atomic

    assert result.diff is not None
    write_atomic(pdf, redline_pdf(result.diff))
    click.echo(_("wrote {path}").format(path=pdf), err=True)
