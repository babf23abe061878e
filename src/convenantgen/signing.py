"""Fill one empty signature field of a built PDF, with a legible stamp in an embedded font."""

from __future__ import annotations

import io
from pathlib import Path

from convenantgen.i18n import N_, _
from convenantgen.signatures import UnreadablePdf, field_states, open_pdf, stamp_style


class CannotSign(Exception):
    """A signature that cannot be made: the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


_NO_FIELD = N_("the PDF has no signature field '{field}' (fields: {fields})")
_NO_FIELD_HINT = N_("give the party id of a signature block, e.g. --field {first}")
_SIGNED = N_("the field '{field}' is already signed")
_SIGNED_HINT = N_("each field is signed once; a second signatory of a party has the field '{field}--2'")
_NO_KEY = N_("cannot read the key {key} with the certificate {cert}")
_NO_KEY_HINT = N_(
    "give a PEM or DER private key and its certificate; for a key with a passphrase, set "
    "--passphrase-env to the name of the environment variable that holds it"
)


def sign_pdf(data: bytes, field: str, key: Path, cert: Path, passphrase: bytes | None = None) -> bytes:
    """``data`` with ``field`` signed as a new revision; :class:`CannotSign` when it cannot be."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    reader = open_pdf(data, "PDF")
    try:
        states = {s.name: s for s in field_states(reader)}
    except (KeyError, ValueError) as exc:
        raise UnreadablePdf(
            _("cannot read the PDF's form fields ({error})").format(error=str(exc)[:200])
        ) from exc
    if field not in states:
        names = sorted(states)
        raise CannotSign(
            _(_NO_FIELD).format(field=field, fields=", ".join(names) or _("none")),
            _(_NO_FIELD_HINT).format(first=names[0] if names else "uwv"),
        )
    if states[field].signed:
        raise CannotSign(_(_SIGNED).format(field=field), _(_SIGNED_HINT).format(field=field.split("--")[0]))
    try:
        signer = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
            str(key), str(cert), key_passphrase=passphrase
        )
    except (OSError, ValueError, TypeError) as exc:
        raise CannotSign(_(_NO_KEY).format(key=key, cert=cert), _(_NO_KEY_HINT)) from exc
    if signer is None:  # pyHanko logs the reason and returns None
        raise CannotSign(_(_NO_KEY).format(key=key, cert=cert), _(_NO_KEY_HINT))
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(field_name=field)
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=stamp_style())
    return bytes(pdf_signer.sign_pdf(writer).getvalue())
