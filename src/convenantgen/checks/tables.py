"""Target-table rules: totals add up, cumulative series never fall, years are sound."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from convenantgen import dutch
from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.checks.references import split_target
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.layout import iter_calls
from convenantgen.model import Row, Table
from convenantgen.text import REF


def _tables(ctx: Context) -> Iterator[tuple[Table, str]]:
    for article in ctx.covenant.artikelen:
        for lid in article.leden:
            if lid.tabel:
                yield (
                    lid.tabel,
                    ctx.layout.places[lid.tabel.id].element if lid.tabel.id in ctx.layout.places else "",
                )


@rule(
    "CG101",
    Severity.ERROR,
    "tables",
    N_("declared total is not the sum of its parts"),
    N_("correct the total or the parts, or set 'berekend: true' and let convenantgen add them up"),
)
def wrong_total(ctx: Context) -> Iterator[Hit]:
    """A declared total must equal the sum of the row's columns."""
    for table, element in _tables(ctx):
        for row in table.rijen:
            if row.declared_total is not None and row.declared_total != row.computed_total:
                parts = " + ".join(dutch.getal(v) for _unused, v in row.values)
                yield Hit(
                    (*row.path, "totaal"),
                    _("{jaar}: total {declared_total} is not {parts} = {computed_total}").format(
                        jaar=row.jaar,
                        declared_total=dutch.getal(row.declared_total),
                        parts=parts,
                        computed_total=dutch.getal(row.computed_total),
                    ),
                    f"{element}.{table.id}.{row.jaar}",
                )


@rule(
    "CG102",
    Severity.ERROR,
    "tables",
    N_("cumulative series decreases"),
    N_("in a cumulative table every year includes the years before it; correct the smaller number"),
)
def decreasing(ctx: Context) -> Iterator[Hit]:
    """Cumulative numbers never go down from one year to the next."""
    for table, element in _tables(ctx):
        if not table.cumulatief:
            continue
        series = [c.id for c in table.kolommen] + (["totaal"] if table.totaal else [])
        rows = sorted(table.rijen, key=lambda r: r.jaar)
        for before, after in itertools.pairwise(rows):
            for column in series:
                old, new = _cell(before, column), _cell(after, column)
                if old is not None and new is not None and new < old:
                    yield Hit(
                        (*after.path, column),
                        _("{column} falls from {old} in {jaar} to {new} in {jaar2}").format(
                            column=column,
                            old=dutch.getal(old),
                            jaar=before.jaar,
                            new=dutch.getal(new),
                            jaar2=after.jaar,
                        ),
                        f"{element}.{table.id}.{after.jaar}",
                    )


def _cell(row: Row, column: str) -> int | None:
    if column == "totaal":
        return row.declared_total if row.declared_total is not None else row.computed_total
    return row.value(column)


@rule(
    "CG103",
    Severity.ERROR,
    "tables",
    N_("year listed twice"),
    N_("every year has one row; merge or correct the rows"),
)
def duplicate_year(ctx: Context) -> Iterator[Hit]:
    """Years in a table are unique."""
    for table, element in _tables(ctx):
        seen: set[int] = set()
        for row in table.rijen:
            if row.jaar in seen:
                yield Hit(
                    (*row.path, "jaar"),
                    _("the year {jaar} is listed twice").format(jaar=row.jaar),
                    f"{element}.{table.id}",
                )
            seen.add(row.jaar)


@rule(
    "CG104",
    Severity.ERROR,
    "tables",
    N_("years missing or out of order"),
    N_("list one row per year, oldest first, without gaps"),
)
def year_order(ctx: Context) -> Iterator[Hit]:
    """Years run contiguous and ascending."""
    for table, element in _tables(ctx):
        for before, after in zip(table.rijen, table.rijen[1:], strict=False):
            if after.jaar == before.jaar:
                continue
            if after.jaar < before.jaar:
                yield Hit(
                    (*after.path, "jaar"),
                    _("{jaar} comes after {jaar2}").format(jaar=after.jaar, jaar2=before.jaar),
                    f"{element}.{table.id}",
                )
            elif after.jaar != before.jaar + 1:
                missing = ", ".join(str(y) for y in range(before.jaar + 1, after.jaar))
                yield Hit(
                    (*after.path, "jaar"),
                    _("year(s) {missing} missing between {jaar} and {jaar2}").format(
                        missing=missing, jaar=before.jaar, jaar2=after.jaar
                    ),
                    f"{element}.{table.id}",
                )


@rule(
    "CG105",
    Severity.ERROR,
    "tables",
    N_("year outside the term"),
    N_("targets belong to years of the covenant's term; correct the year or the term"),
)
def year_outside_term(ctx: Context) -> Iterator[Hit]:
    """A target year must fall within the term."""
    term = ctx.covenant.looptijd
    first = ctx.entry_into_force or term.datum
    for table, element in _tables(ctx):
        for row in table.rijen:
            late = term.einde is not None and row.jaar > term.einde.year
            early = first is not None and row.jaar < first.year
            if late or early:
                yield Hit(
                    (*row.path, "jaar"),
                    _("{jaar} lies outside the term ({first}–{last})").format(
                        jaar=row.jaar,
                        first=first.year if first else "…",
                        last=term.einde.year if term.einde else _("open"),
                    ),
                    f"{element}.{table.id}",
                )


@rule(
    "CG106",
    Severity.ERROR,
    "tables",
    N_("number quoted in the text contradicts the table"),
    N_("correct the quoted number after '=' in [[tabel.jaar.kolom = getal]], or the table"),
)
def quoted_number(ctx: Context) -> Iterator[Hit]:
    """[[doelen.2025.totaal = 1.462]] must agree with the table."""
    for slot, kind, target, raw in iter_calls(ctx.layout):
        key, quoted = split_target(target)
        place = ctx.layout.places.get(key)
        if kind != REF or quoted is None or place is None or place.value is None:
            continue
        if _amount(quoted) != _amount(place.value):
            yield Hit(
                slot.path,
                _("the text quotes {quoted} for [[{key}]], ").format(quoted=quoted, key=key)
                + (
                    _("the table says {value}").format(value=place.value)
                    if place.kind == "cel"
                    else _("which is {value}").format(value=place.value)
                ),
                slot.element,
                raw,
            )


def _amount(text: str) -> str:
    """'€ 1.000.000' and '1.000.000' and '1000000' all become '1000000' (decimals after ',')."""
    kept = "".join(char for char in text if char.isdigit() or char == ",")
    whole, _unused, cents = kept.partition(",")
    return whole.lstrip("0") + ("," + cents.rstrip("0") if cents.strip("0") else "")


@rule(
    "CG107",
    Severity.ERROR,
    "tables",
    N_("row does not match the table's columns"),
    N_("give every row exactly the columns under 'kolommen' (and 'totaal' unless it is computed)"),
)
def row_shape(ctx: Context) -> Iterator[Hit]:
    """Rows use the declared columns, and declare a total exactly when it is not computed."""
    for table, element in _tables(ctx):
        columns = [c.id for c in table.kolommen]
        declared = table.totaal is not None and not table.totaal.berekend
        for row in table.rijen:
            where = f"{element}.{table.id}.{row.jaar}"
            for key, _value in row.values:
                if key not in columns:
                    yield Hit(
                        (*row.path, key),
                        _("{jaar}: unknown column '{key}' (columns: {columns})").format(
                            jaar=row.jaar, key=key, columns=", ".join(columns)
                        ),
                        where,
                        at_key=True,
                    )
            for column in columns:
                if row.value(column) is None:
                    yield Hit(
                        row.path,
                        _("{jaar}: no value for column '{column}'").format(jaar=row.jaar, column=column),
                        where,
                    )
            if declared and row.declared_total is None:
                yield Hit(
                    row.path,
                    _("{jaar}: no 'totaal' while the total is declared, not computed").format(jaar=row.jaar),
                    where,
                )
            if not declared and row.declared_total is not None:
                yield Hit(
                    (*row.path, "totaal"),
                    _("{jaar}: 'totaal' given while the table has {what}").format(
                        jaar=row.jaar, what=_("a computed total") if table.totaal else _("no total column")
                    ),
                    where,
                    at_key=True,
                )
