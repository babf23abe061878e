"""Budget rules."""

from __future__ import annotations

from collections.abc import Iterator

from convenantgen import dutch
from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity


@rule(
    "CG501",
    Severity.ERROR,
    "budget",
    "allocations exceed the amount",
    "lower the allocations under 'posten' or raise 'bedrag'",
)
def overspent(ctx: Context) -> Iterator[Hit]:
    """The lines of a budget add up to no more than its amount."""
    for budget in ctx.covenant.budgetten:
        allocated = sum((line.bedrag for line in budget.posten), start=budget.bedrag * 0)
        if allocated > budget.bedrag:
            yield Hit(
                (*budget.path, "posten"),
                f"'{budget.omschrijving}': {dutch.bedrag(allocated)} allocated, "
                f"{dutch.bedrag(budget.bedrag)} available",
                f"budget-{budget.id}",
                at_key=True,
            )
