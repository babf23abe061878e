"""The ``amend`` command: the wijzigingsconvenant between two versions of a covenant."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from convenantgen.cli_options import FORMATS
from convenantgen.findings import Finding, has_errors
from convenantgen.i18n import _


def _vorige_versie(old_id: str, new: object) -> list[Finding]:
    """CG952 when the new version names another covenant (or none) as the one it continues."""
    from convenantgen.amend.codes import CODES
    from convenantgen.pipeline import Checked

    assert isinstance(new, Checked) and new.covenant is not None and new.source is not None
    covenant = new.covenant
    if covenant.id == old_id or covenant.vorige_versie == old_id:
        return []
    severity, _title, hint = CODES["CG952"]
    key = ("vorige_versie",) if covenant.vorige_versie else ("id",)
    line, column = new.source.position(key)
    said = (
        _("names '{vorige_versie}'").format(vorige_versie=covenant.vorige_versie)
        if covenant.vorige_versie
        else _("names none")
    )
    message = _("the new version {said} as its previous version, not '{old_id}'").format(
        said=said, old_id=old_id
    )
    return [Finding(new.path, line, column, "CG952", severity, message, _(hint), key[0])]


def _nothing(new: object) -> Finding:
    from convenantgen.amend.codes import CODES
    from convenantgen.pipeline import Checked

    assert isinstance(new, Checked)
    severity, _title, hint = CODES["CG953"]
    message = _("the two versions say the same in substance: there is nothing to amend")
    return Finding(new.path, 1, 1, "CG953", severity, message, _(hint))


@click.command()
@click.argument("old_spec", metavar="OLD")
@click.argument("new_spec", metavar="NEW")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder for <new id>-wijziging.html (and .pdf).",
)
@click.option("--pdf", is_flag=True, help="Write the PDF too, with a signature field for every signer.")
@click.option("--titel", help="Title of the document (default: 'Wijziging van het <title of OLD>').")
@click.option(
    "--force",
    is_flag=True,
    help="Write the document even when changes cannot be stated; it then lists them as not stated.",
)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Report format.")
def amend(
    old_spec: str, new_spec: str, out_dir: Path, pdf: bool, titel: str | None, force: bool, fmt: str
) -> None:
    """Write the wijzigingsconvenant that turns OLD into NEW, as HTML (and PDF).

    OLD and NEW are files or REV:PATH (read with git show). Each change is stated in the
    words of the Aanwijzingen voor de regelgeving ("Artikel 1, eerste lid, komt te
    luiden:", "In artikel 3, derde lid, wordt '...' vervangen door '...'", "Na artikel 2
    wordt ... ingevoegd", "Artikel 4 vervalt", "... onder vernummering van ..."), parties
    by "... treedt toe als Partij" / "... treedt uit als Partij", followed by the entry into
    force (retroactive when NEW says so) and signature blocks for the parties of NEW.
    A change that cannot be stated is an error at its place in the file (CG951), and
    nothing is written unless --force is given.

    \b
    Examples:
      convenantgen amend old.yaml new.yaml -o build/ --pdf
      convenantgen amend convenants/zuid-kennemerland-ijmond-2015.yaml \\
                         convenants/zuid-kennemerland-ijmond-2019.yaml -o build/
      convenantgen amend main:convenants/x.yaml convenants/x.yaml -o /tmp/wijziging
    """
    from convenantgen.cli import _emit
    from convenantgen.diff.files import compare

    result = compare(old_spec, new_spec)
    if result.diff is None:
        _emit(result.findings, (), 2, fmt)
        click.echo(_("wijzigingsconvenant not written: fix the errors first"), err=True)
        sys.exit(1)
    old, new = result.diff.old, result.diff.new
    assert old.covenant is not None
    findings = _vorige_versie(old.covenant.id, new)
    if result.diff.same:
        _emit([*findings, _nothing(new)], (), 2, fmt)
        click.echo(_("wijzigingsconvenant not written: there is nothing to amend"), err=True)
        sys.exit(1)
    from convenantgen.amend.plan import plan

    amendment = plan(result.diff, titel)
    findings += amendment.findings
    _emit(sorted(findings), (), 2, fmt)
    if has_errors(findings) and not force:
        click.echo(_("wijzigingsconvenant not written: state these changes, or pass --force"), err=True)
        sys.exit(1)
    _write(amendment, old, new, out_dir, pdf)


def _write(amendment: object, old: object, new: object, out_dir: Path, pdf: bool) -> None:
    from convenantgen.amend.model import Amendment
    from convenantgen.amend.render import render_amendment
    from convenantgen.cli_publish import _write as write_file
    from convenantgen.pipeline import Checked
    from convenantgen.state import locked, place

    assert isinstance(amendment, Amendment) and isinstance(old, Checked) and isinstance(new, Checked)
    files = render_amendment(amendment, old, new, ("html", "pdf") if pdf else ("html",))
    try:
        with locked(place(out_dir)):  # the lock lives beside the folder, never in it
            for name, data in files:
                write_file(out_dir / name, data)
    except OSError as exc:
        click.echo(
            _("{value}: cannot write output: {strerror}").format(
                value=exc.filename or out_dir, strerror=exc.strerror
            ),
            err=True,
        )
        sys.exit(1)
