"""Dutch house style: dates, numbers, money, ordinals and list labels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALE = "nl_NL"

_ORDINALS = (
    "eerste",
    "tweede",
    "derde",
    "vierde",
    "vijfde",
    "zesde",
    "zevende",
    "achtste",
    "negende",
    "tiende",
    "elfde",
    "twaalfde",
    "dertiende",
    "veertiende",
    "vijftiende",
    "zestiende",
    "zeventiende",
    "achttiende",
    "negentiende",
    "twintigste",
)
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def datum(value: date) -> str:
    """'1 januari 2019'."""
    return str(format_date(value, format="long", locale=LOCALE))


def maand(value: str) -> str:
    """'oktober 2016' for '2016-10'."""
    year, month = value.split("-")
    return str(format_date(date(int(year), int(month), 1), format="MMMM y", locale=LOCALE))


def dag_maand(day: int, month: int) -> str:
    """'31 april' (a day of a month in no particular year, which may not exist)."""
    name = format_date(date(2000, month, 1), format="MMMM", locale=LOCALE)
    return f"{day} {name}"


def getal(value: int | Decimal) -> str:
    """'1.065'."""
    return str(format_decimal(value, locale=LOCALE))


def bedrag(value: Decimal) -> str:
    """'€ 1.000.000' for whole euros, '€ 37.500,50' otherwise."""
    pattern = "¤ #,##0" if value == value.to_integral_value() else "¤ #,##0.00"
    text = format_currency(value, "EUR", format=pattern, locale=LOCALE, currency_digits=False)
    return str(text).replace("\xa0", " ")


def rangtelwoord(n: int) -> str:
    """'derde' for 3 (numbers past twenty as '21e')."""
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else f"{n}e"


def letter(n: int) -> str:
    """'a' for 1, 'z' for 26, 'aa' for 27."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def romeins(n: int) -> str:
    """'iv' for 4."""
    out = ""
    for value, digits in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        *_ROMAN,
    ):
        while n >= value:
            out += digits
            n -= value
    return out


def label(n: int, style: str) -> str:
    """List label for position ``n`` in numbering style a, i, I or 1."""
    if style == "i":
        return romeins(n)
    if style == "I":
        return romeins(n).upper()
    if style == "1":
        return str(n)
    return letter(n)


def opsomming(names: list[str]) -> str:
    """'A, B en C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


_CARDINALS = (
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
    "twintig",
)


def voud(n: int) -> str:
    """'negenvoud' for 9 (past twenty as '21-voud'); 'enkelvoud' for 1."""
    if n == 1:
        return "enkelvoud"
    return f"{_CARDINALS[n - 1]}voud" if 1 <= n <= len(_CARDINALS) else f"{n}-voud"
