"""Schedule rules: reviews before their changes, everything inside the term, rhythms that match."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

from convenantgen import dutch
from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.model import Duty, Moment, Reviews
from convenantgen.schedule import due_date, month_end, months_before

__all__ = ["duties", "month_end", "months_before"]


def _reviews(ctx: Context) -> Iterator[tuple[Reviews, str]]:
    for article in ctx.covenant.artikelen:
        for lid in article.leden:
            if lid.herzieningen:
                yield lid.herzieningen, ctx.layout.numbering.at(lid.path).anchor


def duties(ctx: Context) -> Iterator[Duty]:
    """Every duty of the covenant."""
    for article in ctx.covenant.artikelen:
        for lid in article.leden:
            yield from lid.termijnen


def _label(moment: Moment) -> str:
    return dutch.maand(moment.maand)


@rule(
    "CG201",
    Severity.ERROR,
    "schedule",
    N_("change takes effect before its review"),
    N_("the date changes take effect ('ingang') must come after the review month"),
)
def effect_before_review(ctx: Context) -> Iterator[Hit]:
    """A change cannot take effect before (or in) the month it is reviewed."""
    for reviews, _element in _reviews(ctx):
        for moment in reviews.momenten:
            if moment.ingang <= month_end(moment.maand):
                yield Hit(
                    (*moment.path, "ingang"),
                    _("review of {label}: changes take effect on {ingang}, before the review").format(
                        label=_label(moment), ingang=dutch.datum(moment.ingang)
                    ),
                    ctx.layout.numbering.at(moment.path).anchor,
                )


@rule(
    "CG202",
    Severity.ERROR,
    "schedule",
    N_("review, report or deadline outside the term"),
    N_("move the moment inside the term, or correct the term"),
)
def outside_term(ctx: Context) -> Iterator[Hit]:
    """Reviews and one-off deadlines fall inside the term."""
    end = ctx.covenant.looptijd.einde
    start = ctx.entry_into_force or ctx.covenant.looptijd.datum
    for reviews, element in _reviews(ctx):
        for moment in reviews.momenten:
            first_day = date.fromisoformat(moment.maand + "-01")
            if (end and first_day > end) or (start and month_end(moment.maand) < start):
                yield Hit(
                    (*moment.path, "maand"),
                    _("review of {label} lies outside the term").format(label=_label(moment)),
                    element,
                )
            elif end and moment.ingang > end:
                yield Hit(
                    (*moment.path, "ingang"),
                    _("changes would take effect on {ingang}, after the covenant ends").format(
                        ingang=dutch.datum(moment.ingang)
                    ),
                    element,
                )
    for duty in duties(ctx):
        due = due_date(ctx.covenant, duty)
        if due and ((end and due > end) or (start and due < start)):
            yield Hit(
                duty.path,
                _("'{omschrijving}' is due on {due}, outside the term").format(
                    omschrijving=duty.omschrijving, due=dutch.datum(due)
                ),
                duty.id,
            )


@rule(
    "CG203",
    Severity.ERROR,
    "schedule",
    N_("review moments do not match the stated frequency"),
    N_("list one review every 'elke_jaren' years, or correct 'elke_jaren'"),
)
def frequency(ctx: Context) -> Iterator[Hit]:
    """'Elke twee jaar' means consecutive reviews two years apart."""
    for reviews, element in _reviews(ctx):
        if reviews.elke_jaren is None:
            continue
        months = [int(m.maand[:4]) * 12 + int(m.maand[5:]) for m in reviews.momenten]
        for before, after, moment in zip(months, months[1:], reviews.momenten[1:], strict=False):
            if after - before != reviews.elke_jaren * 12:
                gap = after - before
                said = (
                    _("{years} year(s)").format(years=gap // 12)
                    if gap % 12 == 0
                    else _("{months} months").format(months=gap)
                )
                yield Hit(
                    (*moment.path, "maand"),
                    _("review of {label} is {said} after the one before, not {elke_jaren} year(s)").format(
                        label=_label(moment), said=said, elke_jaren=reviews.elke_jaren
                    ),
                    element,
                )


@rule(
    "CG204",
    Severity.ERROR,
    "schedule",
    N_("final report not due the stated period before the end"),
    N_("make 'datum' the end of the term minus 'voor_einde', or remove one of them"),
)
def final_report(ctx: Context) -> Iterator[Hit]:
    """A one-off duty with both a date and 'voor_einde' must agree with the end date."""
    end = ctx.covenant.looptijd.einde
    for duty in duties(ctx):
        if not duty.has_voor_einde:
            continue
        if end is None and ctx.covenant.looptijd.duur is not None:
            continue  # the end follows from 'duur' once the start is known
        if end is None:
            yield Hit(
                (*duty.path, "voor_einde"),
                _("'{omschrijving}' is due before the end, but the covenant has no end date").format(
                    omschrijving=duty.omschrijving
                ),
                duty.id,
                at_key=True,
                hint=_("give looptijd.einde a date, or remove voor_einde from this duty"),
            )
            continue
        expected = months_before(end, duty.voor_einde_maanden, duty.voor_einde_dagen)
        if duty.datum and duty.datum != expected:
            yield Hit(
                (*duty.path, "datum"),
                _("'{omschrijving}' is dated {datum}, but is due on {expected}").format(
                    omschrijving=duty.omschrijving,
                    datum=dutch.datum(duty.datum),
                    expected=dutch.datum(expected),
                ),
                duty.id,
            )


@rule(
    "CG205",
    Severity.ERROR,
    "schedule",
    N_("end date before the start"),
    N_("correct 'looptijd.einde' or the start date"),
)
def end_before_start(ctx: Context) -> Iterator[Hit]:
    """The term cannot end before it starts."""
    term = ctx.covenant.looptijd
    start = term.datum or ctx.entry_into_force
    if start and term.einde and term.einde < start:
        yield Hit(
            (*term.path, "einde"),
            _("the covenant ends on {einde}, before it starts on {start}").format(
                einde=dutch.datum(term.einde), start=dutch.datum(start)
            ),
            "looptijd",
        )


@rule(
    "CG206",
    Severity.ERROR,
    "schedule",
    N_("yearly deadline on a day that does not exist every year"),
    N_("choose a day that exists in every year, e.g. {dag: 28, maand: 2} or {dag: 1, maand: 3}"),
)
def impossible_deadline(ctx: Context) -> Iterator[Hit]:
    """'uiterlijk' recurs every year, so its day must exist in every year (not 31 April, not 29 February)."""
    for duty in duties(ctx):
        if duty.uiterlijk is None:
            continue
        day, month = duty.uiterlijk
        if day > calendar.monthrange(2001, month)[1]:  # 2001: not a leap year
            never = day > calendar.monthrange(2000, month)[1]
            yield Hit(
                (*duty.path, "uiterlijk"),
                _("'{omschrijving}' is due by {dag_maand} every year, ").format(
                    omschrijving=duty.omschrijving, dag_maand=dutch.dag_maand(day, month)
                )
                + (_("a day that does not exist") if never else _("a day that only leap years have")),
                duty.id,
                at_key=True,
            )
