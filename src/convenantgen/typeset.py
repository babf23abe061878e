"""Typesetting at render time: spaces that must not break a date, an amount or a reference.

"30 juni 2018", "€ 1.000.000" and "artikel 5, derde lid" are each one unit to a reader; a line
break inside one ("30 / juni 2018") reads badly and, in a signed text, invites misreading.
Only the text between tags is touched, so attributes and markup stay as they are.
"""

from __future__ import annotations

import re

from convenantgen import dutch
from convenantgen.dutch import rangtelwoord

NBSP = "\u00a0"
# ids of a footnote's call mark and of the note itself in the print HTML (tests compare their pages)
CALL_ANCHOR, NOTE_ANCHOR = "noot-aanroep-", "noot-"
_MONTHS = "|".join(dutch.MONTHS)
_ORDINAL = "|".join(rangtelwoord(n) for n in range(1, 21))
_UNITS = (
    # 30 juni 2018, 30 juni, juni 2018
    re.compile(rf"\b(\d{{1,2}}) ({_MONTHS})\b", re.IGNORECASE),
    re.compile(rf"\b({_MONTHS}) (\d{{4}})\b", re.IGNORECASE),
    # € 1.000.000
    re.compile(r"(€) (\d)"),
    # artikel 5, lid 2, onderdeel b, bijlage 1
    re.compile(
        r"\b(artikel|artikelen|lid|leden|onderdeel|bijlage) (\d+[a-z]?|[a-z]|[IVXivx]+)\b", re.IGNORECASE
    ),
    # artikel 5, derde lid
    re.compile(rf"(\d[a-z]?,) ({_ORDINAL})\b"),
    re.compile(rf"\b({_ORDINAL}) (lid)\b"),
)
_TEXT = re.compile(r"(<[^>]*>)")


def keep_together(html: str) -> str:
    """``html`` with non-breaking spaces inside dates, amounts and article references."""
    parts = _TEXT.split(html)
    for index in range(0, len(parts), 2):  # even parts are text, odd parts are tags
        text = parts[index]
        for pattern in _UNITS:
            text = pattern.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
        parts[index] = text
    return "".join(parts)
