"""Term rules and the entry-into-force fact."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from convenantgen import dutch
from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.durations import woorden
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.model import Covenant
from convenantgen.schedule import duration_end, last_signature, phase_dates

# Messages with named placeholders, translated where they are used.
_SIGNED_BEFORE_START = N_("signed on {signed}; enters into force on {start} (fixed date)")
_FIXED_BEFORE_SIGNING = N_(
    "the covenant enters into force on {start}, before the last signature ({signed}), "
    "but is not declared retroactive"
)
_END_AGAINST_DURATION = N_("the term ends on {end}, but {period} from {start} ends on {expected}")
_PHASE_BACKWARDS = N_("phase '{name}' ends on {last}, before it begins on {begin}")
_PHASE_PAST_END = N_("phase '{name}' ends on {last}, after the term ends ({end})")


def entry_into_force(covenant: Covenant) -> date | None:
    """The date the covenant enters into force, when the start rule and signatures tell."""
    return covenant.entry_into_force


def describe_entry(covenant: Covenant) -> str:
    """One sentence on when the covenant enters into force, for the check report."""
    term = covenant.looptijd
    found = entry_into_force(covenant)
    if term.regel == "terugwerkend" and found:
        return _("in force retroactively from {found}").format(found=dutch.datum(found))
    signed_on = last_signature(covenant)
    if term.regel == "datum" and found and signed_on and found > signed_on:
        return _(_SIGNED_BEFORE_START).format(signed=dutch.datum(signed_on), start=dutch.datum(found))
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


@rule(
    "CG603",
    Severity.ERROR,
    "term",
    N_("fixed start before the signatures"),
    N_("a start before the last signature is retroactive: write 'regel: terugwerkend', or move the date"),
)
def fixed_start_before_signing(ctx: Context) -> Iterator[Hit]:
    """'regel: datum' on a day before a party signed makes the covenant retroactive without saying so."""
    term = ctx.covenant.looptijd
    if term.regel != "datum" or term.datum is None:
        return
    dates = [b.datum for b in ctx.covenant.blokken if b.datum]
    if dates and term.datum < max(dates):
        yield Hit(
            (*term.path, "ingang", "datum"),
            _(_FIXED_BEFORE_SIGNING).format(start=dutch.datum(term.datum), signed=dutch.datum(max(dates))),
            "looptijd",
        )


@rule(
    "CG604",
    Severity.ERROR,
    "term",
    N_("end date does not match the duration"),
    N_("make 'einde' the last day of 'duur' counted from the start, or leave one of them out"),
)
def end_against_duration(ctx: Context) -> Iterator[Hit]:
    """With both 'duur' and 'einde', the end is the last day of the duration."""
    term = ctx.covenant.looptijd
    start = ctx.covenant.entry_into_force
    if term.duur is None or term.einde_gegeven is None or start is None:
        return
    expected = duration_end(start, term.duur)
    if expected != term.einde_gegeven:
        yield Hit(
            (*term.path, "einde"),
            _(_END_AGAINST_DURATION).format(
                end=dutch.datum(term.einde_gegeven),
                period=woorden(term.duur),
                start=dutch.datum(start),
                expected=dutch.datum(expected),
            ),
            "looptijd",
        )


@rule(
    "CG605",
    Severity.ERROR,
    "term",
    N_("phase outside the term"),
    N_("make the phases end in order and no later than the end of the term"),
)
def phases_inside_term(ctx: Context) -> Iterator[Hit]:
    """Phases follow each other inside the term: none ends before it begins or after the term."""
    end = ctx.covenant.looptijd.einde
    for article in ctx.covenant.artikelen:
        for lid in article.leden:
            element = ctx.layout.numbering.at(lid.path).anchor
            for phase, begin, last in phase_dates(ctx.covenant, lid.fasen):
                if begin and last and last < begin:
                    yield Hit(
                        (*phase.path, "einde"),
                        _(_PHASE_BACKWARDS).format(
                            name=phase.naam, last=dutch.datum(last), begin=dutch.datum(begin)
                        ),
                        element,
                    )
                elif end and last and last > end:
                    yield Hit(
                        (*phase.path, "einde" if phase.einde else "duur"),
                        _(_PHASE_PAST_END).format(
                            name=phase.naam, last=dutch.datum(last), end=dutch.datum(end)
                        ),
                        element,
                    )
