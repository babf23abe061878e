"""The command line: translates arguments into library calls and findings into exit codes.

Exit status: 0 clean, 1 problems found (or warnings with --strict), 2 usage error.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import click

from convenantgen import __version__
from convenantgen.findings import Finding, has_errors
from convenantgen.pipeline import Fact

FORMATS = click.Choice(["text", "json", "github"])
PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))


def _emit(findings: Sequence[Finding], facts: Sequence[Fact], files: int, fmt: str) -> None:
    from convenantgen import report

    if fmt == "json":
        click.echo(report.json_report(findings, facts, files))
    elif fmt == "github":
        text = report.github_report(findings, facts, files)
        if text:
            click.echo(text)
    else:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        click.echo(report.text_report(findings, facts, files, colour))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="convenantgen")
def cli() -> None:
    """Covenants as code: check Dutch labour-market covenants written in YAML and build
    them into HTML and PDF.

    \b
    Examples:
      convenantgen check convenants/
      convenantgen build convenants/ -o build/
      convenantgen new mijn-regio-2027 -o convenants/mijn-regio-2027.yaml
    """


@cli.command()
@PATHS
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Report format.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check covenant files (or every *.yaml in the folders given) without building.

    Reports every problem at once as path:line:column: CODE message, with a hint.

    \b
    Examples:
      convenantgen check convenants/
      convenantgen check convenants/gooi-en-vechtstreek-2015.yaml --strict
      convenantgen check --format json convenants/ > findings.json
      convenantgen check --format github convenants/   # annotations in a GitHub workflow
    """
    from convenantgen.build import check_all

    checked, findings, facts = check_all(paths)
    _emit(findings, facts, len(checked), fmt)
    if not checked:
        raise click.UsageError("no covenant files (*.yaml, *.yml) found in the paths given")
    sys.exit(1 if has_errors(findings, strict) else 0)


@cli.command()
@PATHS
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder for <id>.html and <id>.pdf.",
)
@click.option("--strict", is_flag=True, help="Refuse to build when there are warnings.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Report format.")
@click.option("--html-only", is_flag=True, help="Write only the HTML (faster previews).")
def build(paths: tuple[Path, ...], out_dir: Path, strict: bool, fmt: str, html_only: bool) -> None:
    """Check and build covenants into <id>.html and <id>.pdf.

    Nothing is written unless every covenant passes check; files are replaced atomically.

    \b
    Examples:
      convenantgen build convenants/
      convenantgen build convenants/gooi-en-vechtstreek-2015.yaml -o /tmp/preview --html-only
    """
    from convenantgen.build import build as run_build

    started = time.perf_counter()
    formats = ("html",) if html_only else ("html", "pdf")
    try:
        result = run_build(paths, out_dir, strict=strict, formats=formats)
    except OSError as exc:
        click.echo(f"{exc.filename or out_dir}: cannot write output: {exc.strerror}", err=True)
        click.echo("    hint: check that the output folder is writable and the disk is not full", err=True)
        sys.exit(1)
    if not result.checked:
        raise click.UsageError("no covenant files (*.yaml, *.yml) found in the paths given")
    _emit(result.findings, result.facts if fmt == "json" else (), len(result.checked), fmt)
    if result.failed:
        click.echo("build stopped: nothing was written", err=True)
        sys.exit(1)
    for path in result.written:
        click.echo(f"wrote {path}", err=True)
    click.echo(f"built {len(result.checked)} covenant(s) in {time.perf_counter() - started:.1f} s", err=True)


@cli.command()
@click.argument("covenant_id")
@click.option("--titel", default="Convenant Inclusieve Arbeidsmarkt", show_default=True, help="Title.")
@click.option("--regio", default="Nieuwe regio", show_default=True, help="Name of the labour-market region.")
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to create (default: convenants/<id>.yaml).",
)
def new(covenant_id: str, titel: str, regio: str, target: Path | None) -> None:
    """Create a new covenant file that passes check, to fill in.

    \b
    Examples:
      convenantgen new holland-rijnland-2027 --regio "Holland Rijnland"
      convenantgen new test-2027 -o /tmp/test-2027.yaml
    """
    import re

    from convenantgen.output import write_atomic
    from convenantgen.scaffold import scaffold

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", covenant_id) or len(covenant_id) > 64:
        raise click.BadParameter(
            "use lower-case letters, digits and single hyphens", param_hint="COVENANT_ID"
        )
    target = target or Path("convenants") / f"{covenant_id}.yaml"
    if target.exists():
        click.echo(f"{target}: already exists; nothing was written", err=True)
        click.echo("    hint: choose another id or -o path, or delete the file first", err=True)
        sys.exit(1)
    write_atomic(target, scaffold(covenant_id, titel, regio, target).encode("utf-8"))
    click.echo(f"created {target}; next: convenantgen check {target}")


@cli.command()
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of standard output.",
)
def schema(target: Path | None) -> None:
    """Print (or write) the JSON Schema of the covenant format.

    \b
    Examples:
      convenantgen schema > convenant.schema.json
      convenantgen schema -o .vscode/convenant.schema.json
    """
    from convenantgen.output import write_atomic
    from convenantgen.validate import load_schema

    text = json.dumps(load_schema(), ensure_ascii=False, indent=2) + "\n"
    if target is None:
        click.echo(text, nl=False)
    else:
        write_atomic(target, text.encode("utf-8"))
        click.echo(f"wrote {target}", err=True)


def main() -> None:
    """Console entry point: no traceback for anything a user can cause."""
    try:
        cli(prog_name="convenantgen")
    except KeyboardInterrupt:
        click.echo("interrupted; nothing half-written was left behind", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so briefly unless debugging
        if os.environ.get("CONVENANTGEN_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo(
            "    hint: this is a bug in convenantgen; rerun with CONVENANTGEN_DEBUG=1 and report it", err=True
        )
        sys.exit(3)
