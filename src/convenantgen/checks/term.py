"""Term rules and the entry-into-force fact."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from convenantgen import dutch
from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.model import Covenant


def entry_into_force(covenant: Covenant) -> date | None:
    """The date the covenant enters into force, when the start rule and signatures tell."""
    return covenant.entry_into_force


def describe_entry(covenant: Covenant) -> str:
    """One sentence on when the covenant enters into force, for the check report."""
    term = covenant.looptijd
    found = entry_into_force(covenant)
    if term.regel == "terugwerkend" and found:
        return _("in force retroactively from {found}").format(found=dutch.datum(found))
    if term.regel == "datum" and found:
        return _("in force from {found} (fixed date)").format(found=dutch.datum(found))
    if found:
        return _("in force from {found} (signature by the last party)").format(found=dutch.datum(found))
    signed = sum(1 for b in covenant.blokken if b.datum)
    return _("in force on signature by the last party; {signed} of {n_parties} parties have signed").format(
        signed=signed, n_parties=len(covenant.parties)
    )


@rule(
    "CG601",
    Severity.ERROR,
    "term",
    N_("retroactive start after the signatures"),
    N_("a retroactive start lies before the signatures; use 'regel: datum' for a start after them"),
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
            _("retroactive start {datum} lies after the last signature ({dates})").format(
                datum=dutch.datum(term.datum), dates=dutch.datum(max(dates))
            ),
            "looptijd",
        )


@rule(
    "CG602",
    Severity.ERROR,
    "term",
    N_("signature dated after the end"),
    N_("correct the signature date or the end of the term"),
)
def signed_after_end(ctx: Context) -> Iterator[Hit]:
    """Nobody signs a covenant that has already ended."""
    end = ctx.covenant.looptijd.einde
    for block in ctx.covenant.blokken:
        if end and block.datum and block.datum > end:
            yield Hit(
                (*block.path, "datum"),
                _("'{partij}' signed on {datum}, after the end ({end})").format(
                    partij=block.partij, datum=dutch.datum(block.datum), end=dutch.datum(end)
                ),
                f"ondertekening.{block.partij}",
            )
