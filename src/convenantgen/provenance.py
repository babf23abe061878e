"""Provenance of a rendered covenant: its fingerprint, format version and git commit.

They go into the HTML as ``<meta>`` tags (WeasyPrint copies those into the PDF's document
information, where ``verify`` reads them back) and into the page footer.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from convenantgen.fingerprint import fingerprint, parts

if TYPE_CHECKING:
    from convenantgen.pipeline import Checked

# WeasyPrint keeps only lower-case letters and digits of a <meta> name as the PDF info key.
META_FINGERPRINT = "convenantgenfingerprint"
META_FORMAT = "convenantgenformat"
META_PARTS = "convenantgenparts"
META_COMMIT = "convenantgencommit"


def provenance(item: Checked, commit: str | None = None) -> dict[str, Any]:
    """Fingerprint, format version and (optionally) git commit, as HTML meta and footer text."""
    assert item.source is not None and item.layout is not None
    data = item.source.data
    meta = {
        META_FINGERPRINT: fingerprint(data),
        META_FORMAT: str(data["formaat"]),
        META_PARTS: json.dumps(
            parts(data, item.layout.numbering), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ),
    }
    footer = f"{meta[META_FINGERPRINT]} · formaat {meta[META_FORMAT]}"
    if commit:
        meta[META_COMMIT] = commit
        # Shortened like git does, but a dirty tree keeps its mark: the commit alone would claim
        # the document is exactly what the commit holds.
        short = commit[:12] + ("+dirty" if commit.endswith("+dirty") else "")
        footer += f" · commit {short}"
    # The footer goes into CSS content: it must stay plain (hex digits and fixed words).
    assert re.fullmatch(r"[\w:·+. -]+", footer), footer
    return {"meta": meta, "footer": footer}
