"""Messages a secretary can act on: what a schema error most likely means, in plain words.

A date written as on paper ("1 januari 2027", "31-12-2027") is a notation to rewrite, not
an impossible date; a key one or two letters off is a misspelling of the key that is then
"missing", not two problems; a text with ': ' in it that YAML read as 'key: value' needs
quotes, not the keys of a mapping. This module recognises those cases; validate words them.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any

from convenantgen.dutch import MONTHS
from convenantgen.i18n import _

_ABBREVIATED = {name[:3]: number for number, name in enumerate(MONTHS, 1)}
_IN_WORDS = re.compile(r"(\d{1,2})\s+([a-zA-Z]+)\.?(?:\s+(\d{4}))?")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_SLASHED_ISO = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")


def _iso(year: int | None, month: int, day: int) -> str | None:
    """The ISO form of a date, 'YYYY-MM-DD' with the year left as 'JJJJ' when unknown."""
    try:
        date(year or 2024, month, day)  # 2024 is a leap year: 29 februari passes without a year
    except ValueError:
        return None
    return f"{year if year else 'JJJJ'}-{month:02d}-{day:02d}"


def date_notation(value: Any) -> str | None:
    """The ISO form of a date written in Dutch words or in day-month-year order, or None.

    "1 januari 2027" and "31-12-2027" give "2027-01-01" and "2027-12-31"; "31 december"
    gives "JJJJ-12-31" (the year is the writer's to add). Anything else gives None.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    words = _IN_WORDS.fullmatch(text)
    if words:
        month_name = words.group(2).lower()
        month = MONTHS.index(month_name) + 1 if month_name in MONTHS else _ABBREVIATED.get(month_name)
        if month is None:
            return None
        year = int(words.group(3)) if words.group(3) else None
        return _iso(year, month, int(words.group(1)))
    digits = _DAY_FIRST.fullmatch(text)
    if digits:
        return _iso(int(digits.group(3)), int(digits.group(2)), int(digits.group(1)))
    slashed = _SLASHED_ISO.fullmatch(text)
    if slashed:
        return _iso(int(slashed.group(1)), int(slashed.group(2)), int(slashed.group(3)))
    return None


def date_words(name: str, value: Any, default_hint: str) -> tuple[str, str]:
    """Message and hint for a value where a date belongs."""
    iso = date_notation(value)
    if iso is None:
        return _("{name}: '{value}' is not a real calendar date").format(name=name, value=value), default_hint
    message = _("{name}: the date '{value}' must be written as year-month-day").format(name=name, value=value)
    if iso.startswith("JJJJ"):
        return message, _("write {iso}, with the year in place of JJJJ").format(iso=iso)
    return message, _("write {iso}").format(iso=iso)


def plain_number(value: str) -> bool:
    """True when a text is a plain whole number ('2027', not '012' or 5,000 digits)."""
    digits = value.strip()
    return digits.isdigit() and digits.isascii() and len(digits) <= 18 and (digits == "0" or digits[0] != "0")


def is_text_as_key(key: str) -> bool:
    """True when a key is really the start of a sentence: YAML split the text at ': '."""
    return " " in key.strip()


def colon_words(name: str, key: str, value: Any) -> tuple[str, str]:
    """Message and hint for a text that YAML read as 'key: value' because of its ': '."""
    rest = value if isinstance(value, str) else "..."
    return (
        _("{name}: the text '{key}: ...' contains ': ', so YAML read it as a key and a value").format(
            name=name, key=key
        ),
        _('put the whole text between double quotes: "{key}: {rest}"').format(key=key, rest=rest),
    )


def misspelt(key: str, allowed: list[str]) -> str | None:
    """The allowed key that ``key`` is most likely a misspelling of, or None."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return close[0]
    lowered = {a.lower(): a for a in allowed}
    return lowered.get(key.lower())


def meant_for(missing: str, present: dict[str, Any], allowed: list[str]) -> bool:
    """True when a missing key is there after all, misspelt or as a text split at ': '."""
    unknown = [k for k in present if k not in allowed]
    if any(is_text_as_key(k) for k in unknown):
        return True
    return any(misspelt(k, allowed) == missing for k in unknown)
