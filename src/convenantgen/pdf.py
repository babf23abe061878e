"""PDF stage: WeasyPrint renders the print HTML; nothing is fetched from anywhere.

All CSS is inlined in the HTML and author text cannot produce images or attachments,
so the fetcher has nothing legitimate to fetch: any request is a bug or an attack, and
aborts the render instead of silently leaving something out.
"""

from __future__ import annotations

from typing import Any

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher


class RefusingFetcher(URLFetcher):  # type: ignore[misc]
    """A URL fetcher that refuses every URL (file:, http(s):, data: alike)."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Abort the render: covenant output never loads outside resources."""
        raise FatalURLFetchingError(f"refused to fetch {url[:80]!r}: covenants load no outside resources")


def render_pdf(html: str) -> bytes:
    """Render print HTML to PDF bytes."""
    document = HTML(string=html, url_fetcher=RefusingFetcher(), base_url=None)
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf
