"""Dutch house style: dates, numbers, money, ordinals and list labels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# Babel is imported only for what is not written here (amounts with cents, decimals):
# `check` needs dates, whole numbers and whole euros, and loading Babel costs it ~10 ms.
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
# The month names of nl_NL as Babel has them (test_markdown_fast.py compares).
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def datum(value: date) -> str:
    """'1 januari 2019'."""
    # Babel's long nl_NL date is 'd MMMM y'; written here so that check need not load Babel.
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def maand(value: str) -> str:
    """'oktober 2016' for '2016-10'."""
    year, month = value.split("-")
    return f"{MONTHS[date(int(year), int(month), 1).month - 1]} {int(year)}"


def dag_maand(day: int, month: int) -> str:
    """'31 april' (a day of a month in no particular year, which may not exist)."""
    return f"{day} {MONTHS[date(2000, month, 1).month - 1]}"


def getal(value: int | Decimal) -> str:
    """'1.065'."""
    if isinstance(value, int):  # what Babel writes for nl_NL, without loading it (check needs this)
        return f"{value:,}".replace(",", ".")
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=LOCALE))


def bedrag(value: Decimal) -> str:
    """'€ 1.000.000' for whole euros, '€ 37.500,50' otherwise."""
    if value >= 0 and value == value.to_integral_value():  # as Babel writes it, without loading it
        return "€ " + getal(int(value))
    from babel.numbers import format_currency

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


_UNITS = (
    "nul",
    "één",
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
)
_TENS = ("", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")


def telwoord(n: int) -> str:
    """'vier' for 4, 'vierentwintig' for 24; from 100 on in digits."""
    if 0 <= n < 20:
        return _UNITS[n]
    if 20 <= n < 100:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _TENS[tens]
        joint = "ën" if _UNITS[unit].endswith("e") else "en"
        return ("een" if unit == 1 else _UNITS[unit]) + joint + _TENS[tens]
    return str(n)


def maal(n: int) -> str:
    """'eenmaal', 'driemaal', 'twaalfmaal': how often, the way a covenant says it."""
    return "eenmaal" if n == 1 else f"{telwoord(n)}maal"


def voud(n: int) -> str:
    """'negenvoud' for 9, 'enkelvoud' for 1 (from 100 on as '100-voud')."""
    if n == 1:
        return "enkelvoud"
    return f"{telwoord(n)}voud" if 2 <= n < 100 else f"{n}-voud"
