"""Numbers typed in running text against the table and the budgets they repeat (CG108, CG109).

A number typed by hand does not follow the table when the table is corrected: the text then
says one thing and the table another. A number is only compared when its sentence ties it to
a table (a year of the table, or the table's unit right after it) or to a budget (a euro
amount, or a [[budget]] reference in the same sentence); dates, article numbers and
percentages are not quantities and are left alone. A number is only said to contradict one
that it could stand for: within a factor two (the national 125.000 jobs of a footnote do not
contradict a region's 1.462).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from convenantgen import dutch
from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.layout import Slot
from convenantgen.model import Table
from convenantgen.text import REF, calls

_MONTHS = "|".join(dutch.MONTHS)
_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<euro>€\s?)?(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?P<mil>\s+miljoen)?(?![\w%]|[.,]\d)"
)
_AFTER_DATE = re.compile(rf"\s+(?:{_MONTHS})\b", re.IGNORECASE)
# What a number after these words names: a part of a text or a law, not a quantity.
_NOT_A_QUANTITY = re.compile(
    r"(?:artikel|artikelen|lid|leden|besluit|bijlage|hoofdstuk|paragraaf|nr\.|nummer|§)\s*$",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\s*(?:%|procent\b)", re.IGNORECASE)
_EURO_AFTER = re.compile(r"\s+euro\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;!?](?=\s)|:(?=\s)")


# Messages, as format strings with named placeholders (for translation).
_TABLE_SAME = N_("the text types {number}, the value of [[{key}]] in the table")
_TABLE_SAME_HINT = N_("write [[{key}]] instead of {number}, so that the text follows the table")
_TABLE_OTHER = N_("the text says {number} {unit} in {year}, the table '{table}' has {said}")
_BUDGET_SAME = N_("the text types {number}, the amount of [[{key}]]")
_BUDGET_SAME_HINT = N_("write [[{key}]] instead of {number}, so that the text follows the budget")
_BUDGET_OTHER = N_("the text types {number} beside [[{key}]], which is {amount}")


@dataclass(frozen=True)
class Typed:
    """A number typed in a text: where it stands, as written, and its value."""

    start: int
    raw: str
    value: Decimal
    money: bool


def _blank_calls(text: str) -> str:
    """The text with every [[call]] and [^note] replaced by spaces, so offsets stay the same."""
    for call in calls(text):
        at = text.find(call.raw)
        if at >= 0:
            text = text[:at] + " " * len(call.raw) + text[at + len(call.raw) :]
    return text


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for end in _SENTENCE_END.finditer(text):
        yield start, text[start : end.end()]
        start = end.end()
    yield start, text[start:]


def _value(raw: str, millions: bool) -> Decimal:
    whole, _, cents = raw.replace(".", "").partition(",")
    value = Decimal(whole + ("." + cents if cents else ""))
    return value * 1_000_000 if millions else value


def _scan(sentence: str, offset: int) -> tuple[list[int], list[Typed]]:
    """The years and the other numbers of one sentence."""
    years: list[int] = []
    numbers: list[Typed] = []
    for match in _NUMBER.finditer(sentence):
        raw, after = match.group("num"), sentence[match.end() :]
        if re.fullmatch(r"(19|20|21)\d\d", raw) and not match.group("euro"):
            years.append(int(raw))
            continue
        if (
            _AFTER_DATE.match(after)
            or _PERCENT.match(after)
            or _NOT_A_QUANTITY.search(sentence[: match.start()])
        ):
            continue
        money = bool(match.group("euro") or _EURO_AFTER.match(after))
        numbers.append(
            Typed(offset + match.start(), match.group(0), _value(raw, bool(match.group("mil"))), money)
        )
    return years, numbers


def _unit_follows(table: Table, sentence: str, end: int) -> bool:
    if not table.eenheid:
        return False
    unit = re.escape(table.eenheid.strip())
    return re.match(rf"\s+(?:\S+\s+){{0,2}}?{unit}\b", sentence[end:], re.IGNORECASE) is not None


def _cells(table: Table, years: set[int]) -> list[tuple[str, int, int]]:
    """(column, year, value) of the rows of these years (all rows when ``years`` is empty)."""
    cells: list[tuple[str, int, int]] = []
    for row in table.rijen:
        if years and row.jaar not in years:
            continue
        cells.extend((column, row.jaar, value) for column, value in row.values)
        total = row.declared_total if row.declared_total is not None else row.computed_total
        if table.totaal is not None:
            cells.append(("totaal", row.jaar, total))
    return cells


@dataclass(frozen=True)
class _Finding:
    code: str
    typed: Typed
    message: str
    hint: str | None = None


def _tables(ctx: Context) -> list[Table]:
    return [lid.tabel for article in ctx.covenant.artikelen for lid in article.leden if lid.tabel]


def _against_tables(
    ctx: Context, sentence: str, offset: int, years: list[int], typed: Typed
) -> _Finding | None:
    for table in _tables(ctx):
        in_table = {row.jaar for row in table.rijen} & set(years)
        unit = _unit_follows(table, sentence, typed.start - offset + len(typed.raw))
        if not in_table and not unit:
            continue
        for column, year, value in _cells(table, in_table):
            if Decimal(value) == typed.value:
                key = f"{table.id}.{year}.{column}"
                return _Finding(
                    "CG108",
                    typed,
                    _(_TABLE_SAME).format(number=typed.raw, key=key),
                    _(_TABLE_SAME_HINT).format(key=key, number=typed.raw),
                )
        if in_table and unit and _near(typed.value, [Decimal(v) for _, _, v in _cells(table, in_table)]):
            year = min(in_table)
            said = ", ".join(f"{dutch.getal(v)} ({c})" for c, _, v in _cells(table, {year}))
            return _Finding(
                "CG109",
                typed,
                _(_TABLE_OTHER).format(
                    number=typed.raw, unit=table.eenheid, year=year, table=table.id, said=said
                ),
            )
    return None


def _near(value: Decimal, others: list[Decimal]) -> bool:
    """Within a factor two of one of ``others``: a number that stands for that one, not another quantity."""
    return any(other > 0 and other / 2 <= value <= other * 2 for other in others)


def _budget_amounts(ctx: Context) -> dict[str, Decimal]:
    amounts: dict[str, Decimal] = {}
    for budget in ctx.covenant.budgetten:
        amounts[budget.id] = budget.bedrag
        for line in budget.posten:
            amounts[f"{budget.id}.{line.id}"] = line.bedrag
    return amounts


def _against_budgets(ctx: Context, referenced: set[str], typed: Typed) -> _Finding | None:
    amounts = _budget_amounts(ctx)
    for key, amount in amounts.items():
        if amount == typed.value:
            return _Finding(
                "CG108",
                typed,
                _(_BUDGET_SAME).format(number=typed.raw, key=key),
                _(_BUDGET_SAME_HINT).format(key=key, number=typed.raw),
            )
    named = sorted(k for k in referenced if k in amounts and _near(typed.value, [amounts[k]]))
    if named:
        return _Finding(
            "CG109",
            typed,
            _(_BUDGET_OTHER).format(number=typed.raw, key=named[0], amount=dutch.bedrag(amounts[named[0]])),
        )
    return None


def _findings(ctx: Context, slot: Slot) -> Iterator[_Finding]:
    text = _blank_calls(slot.text)
    # the calls of the whole text, not of a sentence cut from it: a cut text may no longer be
    # plain enough for the light analysis, and check would load markdown-it
    references = [c for c in calls(slot.text) if c.kind == REF]
    for offset, sentence in _sentences(text):
        years, numbers = _scan(sentence, offset)
        typed_here = slot.text[offset : offset + len(sentence)]
        referenced = {c.target.split("=")[0].strip() for c in references if c.raw in typed_here}
        for typed in numbers:
            found = (
                _against_budgets(ctx, referenced, typed)
                if typed.money
                else _against_tables(ctx, sentence, offset, years, typed)
            )
            if found:
                yield found


def _hits(ctx: Context, code: str) -> Iterator[Hit]:
    for slot in ctx.layout.slots:
        for found in _findings(ctx, slot):
            if found.code == code:
                yield Hit(
                    slot.path,
                    found.message,
                    slot.element,
                    found.typed.raw,
                    hint=found.hint,
                    offset=found.typed.start,
                )


@rule(
    "CG108",
    Severity.WARNING,
    "tables",
    N_("number typed in the text that the table or a budget holds"),
    N_("write a reference such as [[tabel.2025.totaal]] or [[budget]] instead of the number"),
)
def typed_equal(ctx: Context) -> Iterator[Hit]:
    """A number that repeats a table cell or an amount should be a reference to it."""
    yield from _hits(ctx, "CG108")


@rule(
    "CG109",
    Severity.WARNING,
    "tables",
    N_("number typed in the text contradicts the table or the budget"),
    N_("correct the number, or better: write a reference such as [[tabel.2025.totaal]] instead"),
)
def typed_contradicts(ctx: Context) -> Iterator[Hit]:
    """A number tied to a year of a table, or to a budget, that the table or budget does not hold."""
    yield from _hits(ctx, "CG109")
