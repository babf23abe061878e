"""The one authority for the dated events of a covenant: reviews, deadlines, start and end.

The checks (CG202, CG204), the calendar, the site and the progress report all take their
dates from here, so a deadline cannot be on one day in the calendar and on another in a
finding. Nothing here renders or imports a template engine: ``check`` uses it.

Event kinds (``Event.kind``):

- ``herziening``: a review moment (a whole month: ``start`` is its first day, ``end`` its last);
- ``wijzigingen-van-kracht``: the date the changes of a review take effect;
- a duty's ``soort``: ``rapportage``, ``begroting``, ``jaarrekening``, ``vergadering``,
  ``evaluatie``, ``overig``; a one-off report due before the end is ``eindrapportage``;
- ``ingang``: the entry into force (only when known); ``einde``: the last day of the term.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from convenantgen import dutch
from convenantgen.layout import Layout, iter_calls
from convenantgen.loader import JsonPath
from convenantgen.model import Covenant, Duration, Duty, Lid, Moment, Phase

# frequentie (YAML) → recurrence (Event) → months between occurrences
RECURRENCE = {
    "jaarlijks": "yearly",
    "halfjaarlijks": "half-yearly",
    "per-kwartaal": "quarterly",
    "tweemaandelijks": "two-monthly",
    "maandelijks": "monthly",
    "tweejaarlijks": "two-yearly",
}
STEP_MONTHS = {
    "yearly": 12,
    "half-yearly": 6,
    "quarterly": 3,
    "two-monthly": 2,
    "monthly": 1,
    "two-yearly": 24,
}
# an open-ended series is cut off after this many years in occurrences()
OPEN_END_YEARS = 25


@dataclass(frozen=True)
class Event:
    """A dated event of a covenant; recurring when ``recurrence`` is set."""

    covenant_id: str
    key: str  # stable within the covenant: duty id, moment id, '<moment>.ingang', 'ingang', 'einde'
    kind: str  # see the module docstring
    title: str  # Dutch, for a calendar entry or a list of deadlines
    start: date  # first (or only) occurrence
    recurrence: str | None  # None or a value of RECURRENCE
    until: date | None  # last possible occurrence (end of term) for recurring events
    article: str | None  # where it comes from, in the document's own numbering
    path: JsonPath  # data path in the YAML
    end: date | None = None  # last day of an event that lasts more than a day (a review month)
    fixed: bool = True  # False: the covenant names no date; the event marks the start of the period
    provisional: bool = False  # the start of the term is not known yet; the first date is assumed
    who: str | None = None  # who has to do it (a duty's 'wie')
    note: str | None = None  # one Dutch sentence on how the date follows from the text


def month_end(value: str) -> date:
    """Last day of a 'YYYY-MM' month."""
    year, month = (int(x) for x in value.split("-"))
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back), clamped to the last day of the month."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_before(end: date, months: int, days: int) -> date:
    """The date ``months`` and ``days`` before ``end`` (clamped to the month's last day)."""
    return date.fromordinal(add_months(end, -months).toordinal() - days)


def duration_end(start: date, period: Duration) -> date:
    """The last day of a period that starts on ``start``: the day before the same date after it.

    'Vier jaar' from 1 januari 2020 ends on 31 december 2023; from 15 maart 2020 on 14 maart 2024.
    """
    return date.fromordinal(add_months(start, period.months).toordinal() - 1)


def last_signature(covenant: Covenant) -> date | None:
    """The date the last party signed, once every party has signed."""
    signed = {b.partij: b.datum for b in covenant.blokken}
    dates = [signed.get(p.id) for p in covenant.parties]
    if not dates or any(d is None for d in dates):
        return None
    return max(d for d in dates if d is not None)


def phase_dates(
    covenant: Covenant, phases: Iterable[Phase]
) -> tuple[tuple[Phase, date | None, date | None], ...]:
    """Every phase with its first and last day, as far as the start of the term tells."""
    out = []
    begin = term_start(covenant)
    for phase in phases:
        if phase.einde:
            end: date | None = phase.einde
        elif phase.duur and begin:
            end = duration_end(begin, phase.duur)
        else:
            end = None
        out.append((phase, begin, end))
        begin = date.fromordinal(end.toordinal() + 1) if end else None
    return tuple(out)


def document_date(covenant: Covenant) -> date | None:
    """The date the document states about itself: its last signature, or its start."""
    signed = [b.datum for b in covenant.blokken if b.datum]
    return max(signed) if signed else covenant.looptijd.datum


def term_start(covenant: Covenant) -> date | None:
    """The first day of the term, when the start rule and the signatures tell."""
    return covenant.entry_into_force or covenant.looptijd.datum


def assumed_start(covenant: Covenant) -> date | None:
    """The start of the term, or (not yet signed) 1 January of the first target year."""
    known = term_start(covenant)
    if known:
        return known
    years = [row.jaar for _, lid in _leden(covenant) if lid.tabel for row in lid.tabel.rijen]
    return date(min(years), 1, 1) if years else None


def due_date(covenant: Covenant, duty: Duty) -> date | None:
    """The due date of a one-off duty: its 'datum', or the end of the term minus 'voor_einde'."""
    if duty.datum:
        return duty.datum
    end = covenant.looptijd.einde
    if duty.frequentie == "eenmalig" and duty.has_voor_einde and end:
        return months_before(end, duty.voor_einde_maanden, duty.voor_einde_dagen)
    return None


def first_on_or_after(day: date, month: int, dom: int) -> date:
    """The first ``dom``-``month`` (a yearly deadline) on or after ``day``."""
    candidate = date(day.year, month, min(dom, calendar.monthrange(day.year, month)[1]))
    if candidate < day:
        candidate = date(day.year + 1, month, min(dom, calendar.monthrange(day.year + 1, month)[1]))
    return candidate


def occurrences(event: Event, horizon: date | None = None) -> tuple[date, ...]:
    """Every date of the event, bounded by ``until`` (an open series by ``horizon`` or 25 years)."""
    if event.recurrence is None:
        return (event.start,)
    last = event.until or horizon or add_months(event.start, 12 * OPEN_END_YEARS)
    step = STEP_MONTHS[event.recurrence]
    found: list[date] = []
    n = 0
    while (day := add_months(event.start, n * step)) <= last:
        found.append(day)
        n += 1
    return tuple(found)


def next_occurrence(
    events: Iterable[Event], today: date, fixed_only: bool = True
) -> tuple[Event, date] | None:
    """The first event date on or after ``today`` (only dates the covenant fixes, by default)."""
    best: tuple[date, str, str, Event] | None = None
    for event in events:
        if fixed_only and not event.fixed:
            continue
        coming = next((d for d in occurrences(event, horizon=add_months(today, 24)) if d >= today), None)
        if coming is not None and (best is None or (coming, event.covenant_id, event.key) < best[:3]):
            best = (coming, event.covenant_id, event.key, event)
    return (best[3], best[0]) if best else None


def events(covenant: Covenant, layout: Layout) -> tuple[Event, ...]:
    """Every dated event of the covenant, sorted by (start, key)."""
    found: list[Event] = []
    for _article_no, lid in _leden(covenant):
        if lid.herzieningen:
            for moment in lid.herzieningen.momenten:
                found.extend(_review(covenant, layout, moment))
        for duty in lid.termijnen:
            event = _duty(covenant, layout, duty)
            if event:
                found.append(event)
    found.extend(_term(covenant, layout))
    return tuple(sorted(found, key=lambda e: (e.start, e.key)))


def _leden(covenant: Covenant) -> Iterable[tuple[int, Lid]]:
    for number, article in enumerate(covenant.artikelen, 1):
        for lid in article.leden:
            yield number, lid


def _where(layout: Layout, key: str | None) -> str | None:
    place = layout.places.get(key) if key else None
    return layout.phrase(place, None, None) if place else None


def _review(covenant: Covenant, layout: Layout, moment: Moment) -> list[Event]:
    key = moment.id or f"herziening-{moment.maand}"
    article = layout.numbering.at(moment.path).label
    month = dutch.maand(moment.maand)
    first = date.fromisoformat(moment.maand + "-01")
    return [
        Event(
            covenant.id,
            key,
            "herziening",
            f"Herziening van de afspraken ({month})",
            first,
            None,
            None,
            article,
            moment.path,
            end=month_end(moment.maand),
            note=f"De Partijen bezien in {month} of de afspraken moeten worden herzien.",
        ),
        Event(
            covenant.id,
            f"{key}.ingang",
            "wijzigingen-van-kracht",
            f"Ingang van eventuele wijzigingen na de herziening van {month}",
            moment.ingang,
            None,
            None,
            article,
            (*moment.path, "ingang"),
        ),
    ]


def _duty(covenant: Covenant, layout: Layout, duty: Duty) -> Event | None:
    article = _where(layout, duty.id)
    title = duty.omschrijving
    if duty.frequentie == "eenmalig":
        due = due_date(covenant, duty)
        if due is None:
            return None
        final = duty.soort == "rapportage" and duty.has_voor_einde
        return Event(
            covenant.id,
            duty.id,
            "eindrapportage" if final else duty.soort,
            title,
            due,
            None,
            None,
            article,
            duty.path,
            who=duty.wie,
            note=_before_end(duty) if duty.has_voor_einde else None,
        )
    start = assumed_start(covenant)
    if start is None:
        return None
    recurrence = RECURRENCE[duty.frequentie]
    until = covenant.looptijd.einde
    if duty.uiterlijk:
        dom, month = duty.uiterlijk
        first = first_on_or_after(start, month, dom)
        note = f"Uiterlijk {dutch.dag_maand(dom, month)}."
        fixed = True
    else:
        first = start if start.day == 1 else first_on_or_after(start, start.month % 12 + 1, 1)
        note = "Het convenant noemt geen datum; deze herinnering staat aan het begin van de periode."
        fixed = False
    if duty.minimaal_per_jaar:
        note += f" Tenminste {dutch.maal(duty.minimaal_per_jaar)} per jaar."
    if until and first > until:
        return None
    return Event(
        covenant.id,
        duty.id,
        duty.soort,
        title,
        first,
        recurrence,
        until,
        article,
        duty.path,
        fixed=fixed,
        provisional=term_start(covenant) is None,
        who=duty.wie,
        note=note,
    )


def _before_end(duty: Duty) -> str:
    parts = []
    if duty.voor_einde_maanden:
        n = duty.voor_einde_maanden
        parts.append(f"{n} {'maand' if n == 1 else 'maanden'}")
    if duty.voor_einde_dagen:
        n = duty.voor_einde_dagen
        parts.append(f"{n} {'dag' if n == 1 else 'dagen'}")
    if not parts:
        return "Op de laatste dag van de looptijd."
    return f"{' en '.join(parts)} voor het einde van de looptijd."


def _term(covenant: Covenant, layout: Layout) -> list[Event]:
    term = covenant.looptijd
    found: list[Event] = []
    start = covenant.entry_into_force
    if start:
        found.append(
            Event(
                covenant.id,
                "ingang",
                "ingang",
                "Inwerkingtreding van het convenant",
                start,
                None,
                None,
                called_from(layout, "looptijd.ingang") or called_from(layout, "looptijd.einde"),
                (*term.path, "ingang"),
            )
        )
    if term.einde:
        found.append(
            Event(
                covenant.id,
                "einde",
                "einde",
                "Einde van de looptijd",
                term.einde,
                None,
                None,
                called_from(layout, "looptijd.einde"),
                (*term.path, "einde"),
            )
        )
    return found


def called_from(layout: Layout, key: str) -> str | None:
    """The article (and lid) whose text names ``key`` first: where the term is stated."""
    for slot, _kind, target, _raw in iter_calls(layout):
        if target.split("=")[0].strip() != key or slot.article_id is None:
            continue
        part = layout.numbering.containing(slot.path)
        return part.label if part else None
    return None
