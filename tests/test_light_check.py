"""`check` without markdown-it and Babel: the shortcuts that spare them say what they would say.

`check` reads every text for its calls, its plain words and its marks. Most texts are plain
paragraphs with [[references]] and [^notes]; for those a shortcut answers without loading
markdown-it. Dates, whole numbers and whole euros are written without loading Babel. Each
shortcut is held here to the library it stands in for, on generated input: whenever it
answers, it answers what the library does. (Speed figures: bench/bench.py, docs/performance.md.)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convenantgen.text import _parsed, _simple

_PIECES = [
    "De", "Partijen", "werk", "é", "2019", "1", ".", ",", ":", ";", "(", ")", "'", '"', "€",
    " ", " ", "  ", "\n", "\n", "  \n", "\n\n", "\n \n", "\t", "\r\n",
    "[[doel]]", "[[ artikel-2.lid-1 ]]", "[[a]],", "[^noot-1]", "[^x]:", "[", "]", "[[", "]]", "(https://a.nl)",
    "[[" + "a" * 130 + "]]", "1.", "2)", "-", "- ", "+", "*", "_", "#", "# ", ">", "=", "===", "---", "|",
    "`", "~", "!", "<", "<b>", "&amp;", "&", "\\", "    ", "\x00", "\u00a0",
]  # fmt: skip


@settings(
    max_examples=3000,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=25).map("".join))
def test_the_shortcut_answers_what_markdown_it_answers(text: str) -> None:
    simple = _simple(text)
    if simple is not None:
        assert simple == _parsed(text), repr(text)


def test_the_shortcut_takes_plain_paragraphs_with_calls() -> None:
    """Without this the protection above would pass by the shortcut never answering."""
    text = "De Partijen [[doel]] realiseren banen[^noot-1], zie [[artikel-2.lid-1]].\nVerder.\n\nNieuw."
    assert _simple(text) == _parsed(text)
    assert _simple(text) is not None
    for marked in (
        "*nadruk*",
        "- een\n- twee",
        "1. een",
        "<b>x</b>",
        "a &amp; b",
        "    code",
        "[x](https://a.nl)",
    ):
        assert _simple(marked) is None, marked


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(st.integers(-(10**15), 10**15) | st.sampled_from([0, 999, 1000, 1065, 1_000_000, -1000]))
def test_whole_numbers_are_written_as_babel_writes_them(value: int) -> None:
    """dutch.getal writes whole numbers itself so that check need not load Babel."""
    from babel.numbers import format_decimal

    from convenantgen.dutch import LOCALE, getal

    assert getal(value) == format_decimal(value, locale=LOCALE)


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False)
    | st.integers(0, 10**12).map(Decimal)
)
def test_amounts_are_written_as_babel_writes_them(value: Decimal) -> None:
    """dutch.bedrag writes whole euros itself; every amount reads as the Babel pattern says."""
    from babel.numbers import format_currency

    from convenantgen.dutch import LOCALE, bedrag

    pattern = "¤ #,##0" if value == value.to_integral_value() else "¤ #,##0.00"
    babel = format_currency(value, "EUR", format=pattern, locale=LOCALE, currency_digits=False)
    assert bedrag(value) == str(babel).replace("\xa0", " ")


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
def test_dates_are_written_as_babel_writes_them(value: date) -> None:
    """dutch.datum, maand and dag_maand write what Babel's nl_NL formats give."""
    from babel.dates import format_date

    from convenantgen.dutch import LOCALE, dag_maand, datum, maand

    assert datum(value) == format_date(value, format="long", locale=LOCALE)
    assert maand(f"{value.year:04d}-{value.month:02d}") == format_date(value, format="MMMM y", locale=LOCALE)
    month = format_date(value, format="MMMM", locale=LOCALE)
    assert dag_maand(value.day, value.month) == f"{value.day} {month}"
