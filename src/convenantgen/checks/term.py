"""Term rules and the entry-into-force fact."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from convenantgen import dutch
from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.model import Covenant


def entry_into_force(covenant: Covenant) -> date | None:
    """The date the covenant enters into force, when the start rule and signatures tell."""
    return covenant.entry_into_force


def describe_entry(covenant: Covenant) -> str:
    """One sentence on when the covenant enters into force, for the check report."""
    term = covenant.looptijd
    found = entry_into_force(covenant)
    if term.regel == "terugwerkend" and found:
        return f"in force retroactively from {dutch.datum(found)}"
    if term.regel == "datum" and found:
        return f"in force from {dutch.datum(found)} (fixed date)"
    if found:
        return f"in force from {dutch.datum(found)} (signature by the last party)"
    signed = sum(1 for b in covenant.blokken if b.datum)
    return f"in force on signature by the last party; {signed} of {len(covenant.parties)} parties have signed"


@rule(
    "CG601",
    Severity.ERROR,
    "term",
    "retroactive start after the signatures",
    "a retroactive start lies before the signatures; use 'regel: datum' for a start after them",
)
def retroactive_after_signing(ctx: Context) -> Iterator[Hit]:
    """'terugwerkend' with a date after a signature date is not retroactive."""
    term = ctx.covenant.looptijd
    if term.regel != "terugwerkend" or term.datum is None:
        return
    dates = [b.datum for b in ctx.covenant.blokken if b.datum]
    if dates and term.datum > max(dates):
        yield Hit(
            (*term.path, "ingang", "datum"),
            f"retroactive start {dutch.datum(term.datum)} lies after the last "
            f"signature ({dutch.datum(max(dates))})",
            "looptijd",
        )


@rule(
    "CG602",
    Severity.ERROR,
    "term",
    "signature dated after the end",
    "correct the signature date or the end of the term",
)
def signed_after_end(ctx: Context) -> Iterator[Hit]:
    """Nobody signs a covenant that has already ended."""
    end = ctx.covenant.looptijd.einde
    for block in ctx.covenant.blokken:
        if end and block.datum and block.datum > end:
            yield Hit(
                (*block.path, "datum"),
                f"'{block.partij}' signed on {dutch.datum(block.datum)}, after the end ({dutch.datum(end)})",
                f"ondertekening.{block.partij}",
            )
