"""Read a built PDF back: its signature fields and their state.

Used by ``convenantgen signatures`` and ``convenantgen verify``; pyHanko reads the PDF.
"""

from __future__ import annotations

import io
import os
import stat
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from convenantgen.i18n import _
from convenantgen.pdfread import Reader

# A built covenant is well under a megabyte; this bounds what a stray argument makes us read.
MAX_PDF_BYTES = 100 * 2**20


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


def open_pdf(data: bytes, name: str) -> PdfFileReader:
    """A pyHanko reader over ``data``; :class:`UnreadablePdf` when it is no PDF."""
    try:
        return Reader(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise UnreadablePdf(
            _("{name}: not a readable PDF ({exc})").format(name=name, exc=str(exc)[:200])
        ) from exc


def read_pdf(path: Path) -> tuple[bytes, PdfFileReader]:
    """The bytes of the PDF at ``path`` and a reader over them; only a regular file is read."""
    try:
        # Non-blocking, so that a FIFO cannot make us wait; fstat then tells what was opened.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise UnreadablePdf(_("{path}: not a regular file").format(path=path))
            data = stream.read(MAX_PDF_BYTES + 1)
    except OSError as exc:
        raise UnreadablePdf(
            _("{path}: cannot be read ({strerror})").format(path=path, strerror=exc.strerror)
        ) from exc
    if len(data) > MAX_PDF_BYTES:
        raise UnreadablePdf(
            _("{path}: larger than {value} MB, far more than any covenant").format(
                path=path, value=MAX_PDF_BYTES // 2**20
            )
        )
    return data, open_pdf(data, str(path))


def read_fields(path: Path) -> list[FieldState]:
    """Every signature field, signed or not; signed ones validated for integrity."""
    _data, reader = read_pdf(path)
    try:
        return field_states(reader)
    except (PdfReadError, KeyError, ValueError) as exc:
        raise UnreadablePdf(
            _("{path}: cannot read its form fields ({exc})").format(path=path, exc=str(exc)[:200])
        ) from exc


def field_states(reader: PdfFileReader) -> list[FieldState]:
    """The signature fields of an open PDF, as :func:`read_fields` gives them."""
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    # Integrity only: whom to trust is the region's decision, so no trust list is assumed.
    context = ValidationContext(trust_roots=[])
    embedded = {s.field_name: s for s in reader.embedded_signatures}
    names = [name for name, _value, _ref in enumerate_sig_fields(reader)]
    out = []
    for name in names:
        sig = embedded.get(name)
        if sig is None:
            out.append(FieldState(name, signed=False))
            continue
        try:
            # A document timestamp (long-term validation) is a signature of its own kind.
            status: Any
            if sig.sig_object_type == "/DocTimeStamp":
                status = validate_pdf_timestamp(sig, context)
                when = status.timestamp
            else:
                status = validate_pdf_signature(sig, context)
                when = sig.self_reported_timestamp
            out.append(
                FieldState(
                    name,
                    signed=True,
                    signer=sig.signer_cert.subject.human_friendly,
                    signed_at=when,
                    intact=bool(status.intact and status.valid),
                    covers_document=str(status.coverage).endswith("ENTIRE_FILE")
                    or str(status.coverage).endswith("ENTIRE_REVISION"),
                )
            )
        except Exception as exc:  # a damaged signature is a finding, not a crash
            out.append(FieldState(name, signed=True, intact=False, problem=str(exc)[:200]))
    return out


STAMP_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
# What the stamp says; the signer's name has a line of its own, so that a long name fits.
STAMP_TEXT = "Digitaal ondertekend door\n%(signer)s\n%(ts)s"


@cache
def _font_in_thousandths(font_file: Path) -> bytes:
    """The font rescaled to 1000 units per em, as PDF reads glyph widths.

    pyHanko writes a font's advance widths into the PDF's /W array unscaled, and PDF reads
    them in thousandths of an em. DejaVu Sans has 2048 units per em: its letters were then
    spread over twice their width ("D ig ita a l o n d e r te k e n d") and the signer's
    name was pushed out of the box. At 1000 units per em the widths are right.
    """
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
    from fontTools.ttLib.scaleUpem import scale_upem  # type: ignore[import-untyped]

    font = TTFont(str(font_file))
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _font_factory(data: bytes, size: int) -> Any:
    """A pyHanko font engine factory over font bytes (pyHanko's own one only opens a path)."""
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class EmbeddedFont(FontEngineFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer, font_handle=io.BytesIO(data), font_size=size, obj_stream=obj_stream
            )

    return EmbeddedFont()


def stamp_style(font_file: Path | None = None) -> Any:
    """A pyHanko stamp style whose font is embedded, so a signed PDF keeps its PDF/A claim.

    pyHanko's default stamp font is a non-embedded standard font, which PDF/A forbids.
    """
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    font = font_file or next((f for f in STAMP_FONTS if f.is_file()), None)
    if font is None:
        raise FileNotFoundError(_("no DejaVu Sans font for the signature stamp (install fonts-dejavu-core)"))
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(font=_font_factory(_font_in_thousandths(font), 10), leading=12),
        border_width=1,
    )
