"""The ``text`` command: a covenant as plain numbered text, also git's diff driver (textconv)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from convenantgen.findings import Severity
from convenantgen.i18n import _


@click.command("text")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--fallback",
    is_flag=True,
    help="When FILE does not pass check, print a note and its source as written, and exit 0 "
    "(for git's textconv: git diff and git log -p go on).",
)
def text_command(path: Path, fallback: bool) -> None:
    """Print the covenant as its page reads: numbered articles, leden and onderdelen,
    references resolved, footnotes numbered; plain text, one paragraph a line.

    A file that does not pass check prints its findings on standard error and exits 1;
    with --fallback it prints a note and the file's source instead and exits 0.
    As git's diff driver, 'git diff' and 'git log -p' then show this text (docs/review.md):

    \b
    Examples:
      convenantgen text convenants/gooi-en-vechtstreek-2015.yaml
      git config diff.convenant.textconv "convenantgen text --fallback"
    """
    from convenantgen import report
    from convenantgen.pipeline import check_file
    from convenantgen.plaintext import covenant_text

    checked = check_file(path)
    errors = [f for f in checked.findings if f.severity is Severity.ERROR]
    if checked.covenant is not None and checked.layout is not None and not errors:
        click.echo(covenant_text(checked.covenant, checked.layout), nl=False)
        return
    if not fallback:
        click.echo(report.text_report(errors, (), 1, colour=False), err=True)
        sys.exit(1)
    count = _("{n_errors} error(s)").format(n_errors=len(errors)) if errors else _("it could not be read")
    note = _(
        "[convenantgen text: {name} does not pass check ({count}); its source follows as written]"
    ).format(name=path.name, count=count)
    click.echo(_("{note}; run 'convenantgen check' on it for the findings").format(note=note), err=True)
    click.echo(note)
    if checked.source is not None:
        click.echo(checked.source.text, nl=not checked.source.text.endswith("\n"))
