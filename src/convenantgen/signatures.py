"""Read a built PDF back: its signature fields and their state, and its recorded fingerprint.

Used by ``convenantgen signatures`` and ``convenantgen verify``; pyHanko reads the PDF.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from convenantgen.build import META_COMMIT, META_FINGERPRINT, META_FORMAT, META_PARTS


class UnreadablePdf(Exception):
    """The file is not a PDF convenantgen can read."""


@dataclass(frozen=True)
class FieldState:
    """One signature field of a PDF."""

    name: str
    signed: bool
    signer: str | None = None
    signed_at: datetime | None = None
    intact: bool | None = None
    covers_document: bool | None = None
    problem: str | None = None


@dataclass(frozen=True)
class Provenance:
    """What a PDF says about its source."""

    fingerprint: str | None
    format_version: str | None
    parts: dict[str, str]
    commit: str | None


def _reader(path: Path) -> tuple[PdfFileReader, Any]:
    try:
        stream = path.open("rb")
        return PdfFileReader(stream, strict=False), stream
    except (OSError, PdfReadError, ValueError) as exc:
        raise UnreadablePdf(f"{path}: not a readable PDF ({exc})") from exc


def read_fields(path: Path) -> list[FieldState]:
    """Every signature field, signed or not; signed ones validated for integrity."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    # Integrity only: whom to trust is the region's decision, so no trust list is assumed.
    context = ValidationContext(trust_roots=[])

    reader, stream = _reader(path)
    with stream:
        try:
            embedded = {s.field_name: s for s in reader.embedded_signatures}
            names = [name for name, _value, _ref in enumerate_sig_fields(reader)]
        except (PdfReadError, KeyError, ValueError) as exc:
            raise UnreadablePdf(f"{path}: cannot read its form fields ({exc})") from exc
        out = []
        for name in names:
            sig = embedded.get(name)
            if sig is None:
                out.append(FieldState(name, signed=False))
                continue
            try:
                status = validate_pdf_signature(sig, context)
                out.append(
                    FieldState(
                        name,
                        signed=True,
                        signer=sig.signer_cert.subject.human_friendly,
                        signed_at=sig.self_reported_timestamp,
                        intact=bool(status.intact and status.valid),
                        covers_document=str(status.coverage).endswith("ENTIRE_FILE")
                        or str(status.coverage).endswith("ENTIRE_REVISION"),
                    )
                )
            except Exception as exc:  # a damaged signature is a finding, not a crash
                out.append(FieldState(name, signed=True, intact=False, problem=str(exc)[:200]))
        return out


def read_provenance(path: Path) -> Provenance:
    """The fingerprint, format version, part hashes and commit stored in the PDF's info."""
    reader, stream = _reader(path)
    with stream:
        try:
            info = reader.trailer["/Info"]
        except (KeyError, PdfReadError):
            return Provenance(None, None, {}, None)

        def get(key: str) -> str | None:
            value = info.get("/" + key)
            return str(value) if value is not None else None

        try:
            stored_parts = json.loads(get(META_PARTS) or "{}")
        except json.JSONDecodeError:
            stored_parts = {}
        return Provenance(get(META_FINGERPRINT), get(META_FORMAT), stored_parts, get(META_COMMIT))


STAMP_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)


def stamp_style(font_file: Path | None = None) -> Any:
    """A pyHanko stamp style whose font is embedded, so a signed PDF keeps its PDF/A claim.

    pyHanko's default stamp font is a non-embedded standard font, which PDF/A forbids.
    """
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    font = font_file or next((f for f in STAMP_FONTS if f.is_file()), None)
    if font is None:
        raise FileNotFoundError("no DejaVu Sans font for the signature stamp (install fonts-dejavu-core)")
    return TextStampStyle(
        stamp_text="Digitaal ondertekend door %(signer)s\n%(ts)s",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(font))),
    )
