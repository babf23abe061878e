"""Periods in Dutch words: 'vier jaar', 'tweeënhalf jaar', 'drie maanden'.

The dates a period leads to are computed in :mod:`convenantgen.schedule`, the one place that
does date arithmetic; this module only says a period the way a covenant writes it.
"""

from __future__ import annotations

from convenantgen.dutch import telwoord
from convenantgen.model import Duration


def _half(years: int) -> str:
    """'anderhalf' for 1, 'tweeënhalf' for 2: the year and a half the way Dutch says it."""
    if years == 1:
        return "anderhalf"
    word = telwoord(years)
    return word + ("ënhalf" if word.endswith("e") else "enhalf")


def woorden(period: Duration) -> str:
    """The period in words as written: 'vier jaar', 'tweeënhalf jaar', {maanden: 18} 'achttien maanden'."""
    years, months = period.jaren, period.maanden
    if years and months == 6:
        return f"{_half(years)} jaar"
    parts = []
    if years:
        parts.append(f"{telwoord(years)} jaar")
    if months or not years:
        parts.append(f"{telwoord(months)} {'maand' if months == 1 else 'maanden'}")
    return " en ".join(parts)
