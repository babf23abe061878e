"""The command line: translates arguments into library calls and findings into exit codes.

Exit status: 0 clean, 1 problems found (or warnings with --strict), 2 usage error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from convenantgen import __version__
from convenantgen.cli_amend import amend
from convenantgen.cli_build import build
from convenantgen.cli_diff import diff
from convenantgen.cli_options import FORMATS, PATHS, add_language_option, emit
from convenantgen.cli_serve import serve_command
from convenantgen.cli_sign import sign
from convenantgen.cli_site import site
from convenantgen.cli_text import text_command
from convenantgen.findings import has_errors
from convenantgen.i18n import _

_emit = emit  # the name the command modules (cli_publish) import
# Libraries that log, on stderr, what convenantgen reports in its own words or on purpose
# leaves alone: pyHanko and its certificate validator (an untrusted or self-signed
# certificate, missing revocation info: trust is the region's decision), fontTools (tables
# it drops while subsetting a font).
QUIET_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "fontTools")
# Commands that load none of those libraries: they skip importing logging (check's speed).
_WITHOUT_LOGGERS = ("check", "new", "schema", "serve")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="convenantgen")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Covenants as code: check Dutch labour-market covenants written in YAML and build
    them into HTML and PDF.

    \b
    Examples:
      convenantgen check convenants/
      convenantgen build convenants/ -o build/
      convenantgen site convenants/ -o build/site
      convenantgen new mijn-regio-2027 -o convenants/mijn-regio-2027.yaml
    """
    if not _debugging() and ctx.invoked_subcommand not in _WITHOUT_LOGGERS:
        import logging

        for name in QUIET_LOGGERS:
            logger = logging.getLogger(name)
            logger.addHandler(logging.NullHandler())
            logger.propagate = False


def _debugging() -> bool:
    return os.environ.get("CONVENANTGEN_DEBUG", "") not in ("", "0")


cli.add_command(build)
cli.add_command(site)
cli.add_command(diff)
cli.add_command(amend)
cli.add_command(text_command)
cli.add_command(sign)
cli.add_command(serve_command)


@cli.command()
@PATHS
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Report format.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check covenant files (or every *.yaml in the folders given) without building.

    Reports every problem at once as path:line:column: CODE message, with a hint.
    Progress files (*.voortgang.yaml) are checked against their covenant.

    \b
    Examples:
      convenantgen check convenants/
      convenantgen check convenants/gooi-en-vechtstreek-2015.yaml --strict
      convenantgen check --format json convenants/ > findings.json
      convenantgen check --format github convenants/   # annotations in a GitHub workflow
    """
    from convenantgen.pipeline import check_all
    from convenantgen.progress_checks import check_progress_files

    checked, findings, facts = check_all(paths)
    progress_files, progress_findings = check_progress_files(paths, checked)
    if not checked and not progress_files:
        raise click.UsageError(_("no covenant files (*.yaml, *.yml) found in the paths given"))
    findings = tuple(sorted(findings + progress_findings))
    _emit(findings, facts, len(checked) + progress_files, fmt)
    sys.exit(1 if has_errors(findings, strict) else 0)


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
    from convenantgen.output import write_atomic
    from convenantgen.scaffold import same_schema, scaffold, schema_home, schema_text
    from convenantgen.validate import id_problem

    problem = id_problem(covenant_id)
    if problem:
        raise click.BadParameter(problem, param_hint="COVENANT_ID")
    target = target or Path("convenants") / f"{covenant_id}.yaml"
    if target.exists():
        click.echo(_("{target}: already exists; nothing was written").format(target=target), err=True)
        click.echo(_("    hint: choose another id or -o path, or delete the file first"), err=True)
        sys.exit(1)
    schema = schema_home(target)
    current = schema_text()
    if not schema.exists():
        # The editor reads the schema from the repository, so every clone has it (docs/editor.md).
        write_atomic(schema, current.encode("utf-8"))
        click.echo(_("wrote {schema}: the schema your editor reads; commit it too").format(schema=schema))
    elif not same_schema(schema):
        click.echo(_("{schema} is not this version's schema").format(schema=schema), err=True)
        hint = _("    hint: update it with: convenantgen schema -o {schema}").format(schema=schema)
        click.echo(hint, err=True)
    write_atomic(target, scaffold(covenant_id, titel, regio, target, schema).encode("utf-8"))
    click.echo(_("created {target}; next: convenantgen check {target}").format(target=target))


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
    from convenantgen.scaffold import schema_text

    text = schema_text()
    if target is None:
        click.echo(text, nl=False)
    else:
        write_atomic(target, text.encode("utf-8"))
        click.echo(_("wrote {path}").format(path=target), err=True)


@cli.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def signatures(pdf: Path, fmt: str) -> None:
    """List the signature fields of a built PDF: signed or not, by whom, when, intact or not.

    Exit status 1 when a signature is not intact. Once every field is signed, the last
    signing date is the date of entry into force ('on signature by the last party').

    \b
    Examples:
      convenantgen signatures build/gooi-en-vechtstreek-2015.pdf
      convenantgen signatures --format json getekend.pdf
    """
    from convenantgen.signatures import UnreadablePdf, read_fields

    try:
        fields = read_fields(pdf)
    except UnreadablePdf as exc:
        click.echo(_("{exc}\n    hint: give a PDF made by 'convenantgen build'").format(exc=exc), err=True)
        sys.exit(1)
    broken = [f for f in fields if f.signed and not f.intact]
    if fmt == "json":
        rows = [
            {
                "field": f.name,
                "signed": f.signed,
                "signer": f.signer,
                "signed_at": f.signed_at.isoformat() if f.signed_at else None,
                "intact": f.intact,
                "problem": f.problem,
            }
            for f in fields
        ]
        click.echo(json.dumps({"file": str(pdf), "fields": rows}, ensure_ascii=False, indent=2))
    else:
        for f in fields:
            if not f.signed:
                click.echo(_("{name}: not signed").format(name=f.name))
                continue
            when = f.signed_at.strftime("%Y-%m-%d %H:%M %Z").strip() if f.signed_at else _("time unknown")
            state = (
                _("intact")
                if f.intact
                else _("NOT INTACT{value}").format(value=": " + f.problem if f.problem else "")
            )
            click.echo(
                _("{name}: signed by {value} on {when}; {state}").format(
                    name=f.name, value=f.signer or _("unknown"), when=when, state=state
                )
            )
        signed = [f for f in fields if f.signed]
        click.echo(
            _("{n_signed} of {n_fields} field(s) signed").format(n_signed=len(signed), n_fields=len(fields))
        )
        dates = [f.signed_at for f in signed if f.signed_at]
        if fields and len(signed) == len(fields) and dates and not broken:
            click.echo(
                _(
                    "all signed: in force from {date} if the start rule is 'ondertekening'; record "
                    "each date under ondertekening.blokken[].datum"
                ).format(date=max(dates).date().isoformat())
            )
        elif signed:
            click.echo(_("record each signing date under ondertekening.blokken[].datum (see docs/pdf.md)"))
    sys.exit(1 if broken else 0)


@cli.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("covenant", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(pdf: Path, covenant: Path) -> None:
    """Say whether PDF is what COVENANT renders to, changed since by signatures only (exit 0) or not.

    The source is rendered again and compared with the PDF's pages; every revision added
    after the build must only fill a signature field. Layout and comments of the YAML do
    not matter; one changed word does. What differs is named: the parts of the source
    (title, article, party, ...), the pages, and each later revision that is not a signature.
    It needs the convenantgen version that built the PDF (see docs/pdf.md).

    \b
    Examples:
      convenantgen verify build/gooi-en-vechtstreek-2015.pdf convenants/gooi-en-vechtstreek-2015.yaml
    """
    from convenantgen.verify import UnreadablePdf, describe
    from convenantgen.verify import verify as run_verify

    try:
        verification, problems = run_verify(pdf, covenant)
    except UnreadablePdf as exc:
        click.echo(_("{exc}\n    hint: give a PDF made by 'convenantgen build'").format(exc=exc), err=True)
        sys.exit(1)
    if verification is None:
        _emit(problems, (), 1, "text")
        sys.exit(1)
    click.echo("\n".join(describe(verification)))
    sys.exit(0 if verification.ok else 1)


def _register_publishing() -> None:
    from convenantgen.cli_publish import calendar_command, report_command

    cli.add_command(calendar_command)
    cli.add_command(report_command)


_register_publishing()
add_language_option(cli)  # last: every command registered above gets --lang


def main() -> None:
    """Console entry point: no traceback for anything a user can cause."""
    try:
        code = cli.main(prog_name="convenantgen", standalone_mode=False)
    except click.exceptions.Abort:  # click's form of KeyboardInterrupt
        click.echo(_("interrupted; nothing half-written was left behind"), err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo(_("interrupted; nothing half-written was left behind"), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug, not bad input: say so briefly unless debugging
        if _debugging():
            raise
        click.echo(_("internal error: {name}: {exc}").format(name=type(exc).__name__, exc=exc), err=True)
        click.echo(
            _("    hint: this is a bug in convenantgen; rerun with CONVENANTGEN_DEBUG=1 and report it"),
            err=True,
        )
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)
