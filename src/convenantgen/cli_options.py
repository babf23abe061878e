"""What the commands share: the PATHS argument, the --format and --lang options, the findings report."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from convenantgen import i18n

if TYPE_CHECKING:
    from convenantgen.findings import Finding
    from convenantgen.pipeline import Fact

FORMATS = click.Choice(["text", "json", "github"])
PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
REPORT_FORMAT = click.option(
    "--format", "fmt", type=FORMATS, default="text", show_default=True, help="Report format."
)


_F = TypeVar("_F", bound=Callable[..., Any])


def output_folder(default: str, help: str) -> Callable[[_F], _F]:
    """The '-o/--output FOLDER' option of a command that writes a folder of files."""
    return click.option(
        "-o",
        "--output",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        help=help,
    )


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        i18n.set_language(value)
    elif ctx.parent is None:  # the group: a run without --lang speaks the locale's language
        i18n.set_language(i18n.language_from_environment())


def add_language_option(command: click.Command) -> None:
    """Give ``command`` (and every command of a group) the option '--lang nl|en'.

    Eager, so that it is set before any other option is read and every message is made in it.
    """
    command.params.append(
        click.Option(
            ["--lang"],
            type=click.Choice(i18n.LANGUAGES),
            expose_value=False,
            is_eager=True,
            callback=_choose_language,
            help="Language of messages: nl (Dutch) or en (English). Default: from the locale "
            "(LANGUAGE, LC_ALL, LC_MESSAGES, LANG: English if it starts with 'en'), else Dutch.",
        )
    )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_language_option(sub)


def emit(findings: Sequence[Finding], facts: Sequence[Fact], files: int, fmt: str) -> None:
    """Report findings and facts on stdout in the format asked for."""
    from convenantgen import report

    if fmt == "json":
        click.echo(report.json_report(findings, facts, files))
    elif fmt == "github":
        text = report.github_report(findings, facts, files)
        if text:
            click.echo(text)
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")  # no-color.org: non-empty only
        click.echo(report.text_report(findings, facts, files, colour))
