"""Budget rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from convenantgen import dutch
from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.loader import JsonPath
from convenantgen.scalar import offset_of

_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_THOUSANDS = re.compile(r"[0-9]{1,3}\.[0-9]{3}")


@rule(
    "CG501",
    Severity.ERROR,
    "budget",
    N_("allocations exceed the amount"),
    N_("lower the allocations under 'posten' or raise 'bedrag'"),
)
def overspent(ctx: Context) -> Iterator[Hit]:
    """The lines of a budget add up to no more than its amount."""
    for budget in ctx.covenant.budgetten:
        allocated = sum((line.bedrag for line in budget.posten), start=budget.bedrag * 0)
        if allocated > budget.bedrag:
            yield Hit(
                (*budget.path, "posten"),
                _("'{omschrijving}': {allocated} allocated, {available} available").format(
                    omschrijving=budget.omschrijving,
                    allocated=dutch.bedrag(allocated),
                    available=dutch.bedrag(budget.bedrag),
                ),
                f"budget-{budget.id}",
                at_key=True,
            )


def _as_written(ctx: Context, path: JsonPath, value: Decimal) -> str:
    """The amount as typed: YAML's float has already turned '1.000' into 1.0 and lost far decimals."""
    where = ctx.source.values.get(path)
    if where is not None:
        found = _NUMBER.match(ctx.source.text, offset_of(ctx.source, where))
        if found is not None and float(found.group(0)) == float(value):
            return found.group(0)
    return str(value)


@rule(
    "CG502",
    Severity.ERROR,
    "budget",
    N_("amount with more than two decimals"),
    N_("write at most two decimals (cents)"),
)
def sub_cent(ctx: Context) -> Iterator[Hit]:
    """An amount is euros and cents: a third decimal would be rounded away in print."""
    for budget in ctx.covenant.budgetten:
        amounts = [((*budget.path, "bedrag"), budget.bedrag, f"budget-{budget.id}")]
        amounts += [((*line.path, "bedrag"), line.bedrag, f"budget-{budget.id}") for line in budget.posten]
        for path, value, element in amounts:
            text = _as_written(ctx, path, value)
            exponent = Decimal(text).as_tuple().exponent
            if not isinstance(exponent, int) or exponent >= -2:
                continue
            hint = _("write at most two decimals (cents)")
            if _THOUSANDS.fullmatch(text):
                whole = text.replace(".", "")
                meant = dutch.bedrag(Decimal(whole))
                hint += _("; the dot is a decimal point, so write {whole} (not {text}) for {meant}").format(
                    whole=whole, text=text, meant=meant
                )
            yield Hit(
                path,
                _("the amount {text} has {decimals} decimals: it would be printed as {printed}").format(
                    text=text, decimals=-exponent, printed=dutch.bedrag(Decimal(text))
                ),
                element,
                hint=hint,
            )
