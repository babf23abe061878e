"""PDF stage: WeasyPrint renders the print HTML as tagged PDF/A-2u; pyHanko adds signature fields.

Nothing is fetched from anywhere: all CSS is inlined and author text cannot produce images
or attachments, so any fetch is a bug or an attack and aborts the render. Output is
reproducible: the document's own date stands in for "now" wherever a library wants one.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from convenantgen.pagination import lay_out

PDF_VARIANT = "pdf/a-2u"
FIELD_ANCHOR = "handtekening-"
_PX_TO_PT = 0.75


class RefusingFetcher(URLFetcher):  # type: ignore[misc]
    """A URL fetcher that refuses every URL (file:, http(s):, data: alike)."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Abort the render: covenant output never loads outside resources."""
        raise FatalURLFetchingError(f"refused to fetch {url[:80]!r}: covenants load no outside resources")


@dataclass(frozen=True)
class FieldSlot:
    """Where a signature field goes: its name, page (0-based) and box in PDF points."""

    name: str
    page: int
    box: tuple[int, int, int, int]


class _ReproducibleWriter(IncrementalPdfFileWriter):
    """pyHanko's incremental writer without its two sources of randomness and clock time."""

    @classmethod
    def _handle_id(cls, prev: Any) -> Any:
        from pyhanko.pdf_utils import generic

        ids = super()._handle_id(prev)  # type: ignore[no-untyped-call]
        # The second ID half marks "a changed document"; derive it from the input, not urandom.
        digest = hashlib.sha256(prev.stream.getvalue()).digest()[:16]
        return generic.ArrayObject([ids[0], generic.ByteStringObject(digest)])

    def _update_meta(self) -> None:
        # WeasyPrint's metadata (dates from the document) stays as written: pyHanko would
        # stamp ModDate with the current time, and adding fields changes no metadata.
        return None


@contextlib.contextmanager
def _source_date(day: date | None) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH (read by fontTools when it subsets fonts) for one render."""
    moment = datetime(*(day or date(2000, 1, 1)).timetuple()[:3], tzinfo=UTC)
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _slots(document: Any) -> list[FieldSlot]:
    slots = []
    for number, page in enumerate(document.pages):
        # document order (top to bottom, left to right), so fields list like the blocks do
        for anchor, (x1, y1, x2, y2) in sorted(page.anchors.items(), key=lambda a: (a[1][1], a[1][0])):
            if anchor.startswith(FIELD_ANCHOR):
                height = page.height
                box = (
                    round(x1 * _PX_TO_PT),
                    round((height - y2) * _PX_TO_PT),
                    round(x2 * _PX_TO_PT),
                    round((height - y1) * _PX_TO_PT),
                )
                slots.append(FieldSlot(anchor[len(FIELD_ANCHOR) :], number, box))
    return slots


def add_signature_fields(pdf: bytes, slots: list[FieldSlot]) -> bytes:
    """Append one empty signature field per slot, as an incremental update."""
    if not slots:
        return pdf
    writer = _ReproducibleWriter(io.BytesIO(pdf))
    for slot in slots:
        append_signature_field(
            writer,
            SigFieldSpec(
                # an empty appearance (PDF/A wants one): the page itself draws the white box and
                # the line to sign on, and pyHanko's grey fill would lie under the wet ink
                sig_field_name=slot.name,
                on_page=slot.page,
                box=slot.box,
                empty_field_appearance=False,
            ),
        )
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


class FetchRefused(RuntimeError):
    """The HTML asked WeasyPrint to load something; the render was stopped."""


def _render(html: str) -> Any:
    return HTML(string=html, url_fetcher=RefusingFetcher(), base_url=None).render()


def render_pdf(html: str, day: date | None = None, fields: bool = True) -> bytes:
    """Render print HTML to a tagged PDF/A-2u, with a signature field per signature block."""
    with _source_date(day):
        try:
            document, _ = lay_out(html, _render)
            pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, custom_metadata=True)
        except FatalURLFetchingError as exc:  # a BaseException: turn it into an ordinary error
            raise FetchRefused(str(exc)) from None
    return add_signature_fields(pdf, _slots(document)) if fields else pdf
