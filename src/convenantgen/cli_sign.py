"""`convenantgen sign`: sign one field of a built PDF, keeping its PDF/A claim."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from convenantgen.i18n import _

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("sign")
@click.option("--field", required=True, help="The signature field: the party id (a second signatory: ID--2).")
@click.option("--key", required=True, type=_FILE, help="The signer's private key (PEM or DER).")
@click.option("--cert", required=True, type=_FILE, help="The signer's certificate (PEM or DER).")
@click.option(
    "--passphrase-env",
    metavar="NAME",
    help="Name of the environment variable that holds the key's passphrase (never on the command line).",
)
@click.argument("source", type=_FILE)
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def sign(field: str, key: Path, cert: Path, passphrase_env: str | None, source: Path, target: Path) -> None:
    """Sign the field FIELD of the built PDF SOURCE and write the result to TARGET.

    The signature is added as a new revision, so the other fields stay signable and
    'convenantgen verify' still recognises the build. The stamp in the box reads
    "Digitaal ondertekend door", the certificate's name and the time, in DejaVu Sans
    embedded in the PDF (PDF/A allows no other).

    \b
    Examples:
      convenantgen sign --field uwv --key key.pem --cert cert.pem \\
          build/gooi-en-vechtstreek-2015.pdf getekend.pdf
      CONVENANT_SLEUTEL=geheim convenantgen sign --field fnv --key key.pem --cert cert.pem \\
          --passphrase-env CONVENANT_SLEUTEL getekend.pdf getekend-2.pdf
    """
    from convenantgen.output import write_atomic
    from convenantgen.signatures import UnreadablePdf, read_pdf
    from convenantgen.signing import CannotSign, sign_pdf

    passphrase = None
    if passphrase_env is not None:
        if passphrase_env not in os.environ:
            _fail(
                _("the environment variable {name} is not set").format(name=passphrase_env),
                _("set it to the key's passphrase"),
            )
        passphrase = os.environ[passphrase_env].encode("utf-8")
    if target.resolve() == source.resolve():
        _fail(
            _("{target}: the target is the source").format(target=target),
            _("write the signed PDF to another file"),
        )
    try:
        data, _reader = read_pdf(source)
        signed = sign_pdf(data, field, key, cert, passphrase)
    except UnreadablePdf as exc:
        _fail(str(exc), _("give a PDF made by 'convenantgen build'"))
    except CannotSign as exc:
        _fail(f"{source}: {exc}", exc.hint)
    write_atomic(target, signed)
    click.echo(_("wrote {target}: field '{field}' signed").format(target=target, field=field), err=True)


def _fail(message: str, hint: str) -> None:
    click.echo(message + "\n" + _("    hint: {hint}").format(hint=hint), err=True)
    sys.exit(1)
