"""Calendar stage: the dated events of covenants as one iCalendar (RFC 5545) file.

Every value comes from the covenant, never from the clock, so the same covenants give the
same bytes: UIDs are derived from covenant id, event key and first date, DTSTAMP from the
document date. All events are all-day (VALUE=DATE); a duty the covenant calls yearly or
half-yearly is one event with an RRULE that ends (UNTIL) on the last day of the term.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from convenantgen.layout import Layout
from convenantgen.model import Covenant
from convenantgen.schedule import STEP_MONTHS, Event, document_date, events, occurrences

PRODID = "-//convenantgen//Termijnen van convenanten//NL"
UID_DOMAIN = "convenantgen"

# recurrence → RRULE parts (FREQ, INTERVAL)
RRULE = {
    "yearly": ("YEARLY", 1),
    "two-yearly": ("YEARLY", 2),
    "half-yearly": ("MONTHLY", 6),
    "quarterly": ("MONTHLY", 3),
    "two-monthly": ("MONTHLY", 2),
    "monthly": ("MONTHLY", 1),
}
assert set(RRULE) == set(STEP_MONTHS)
# the period an undated reminder stands for, in its SUMMARY
PERIOD = {
    "yearly": "dit jaar",
    "two-yearly": "deze twee jaar",
    "half-yearly": "dit halfjaar",
    "quarterly": "dit kwartaal",
    "two-monthly": "deze twee maanden",
    "monthly": "deze maand",
}


def uid(event: Event) -> str:
    """A UID that stays the same across builds: covenant id, event key and first date."""
    digest = hashlib.sha256(f"{event.covenant_id}\n{event.key}\n{event.start.isoformat()}".encode())
    return f"{digest.hexdigest()[:32]}@{UID_DOMAIN}"


def stamp(covenant: Covenant, found: tuple[Event, ...]) -> datetime:
    """DTSTAMP from the source: the document date, or (no date yet) the first event's date."""
    day = document_date(covenant) or (found[0].start if found else date(2000, 1, 1))
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def covenant_name(covenant: Covenant) -> str:
    """'Convenant Inclusieve Arbeidsmarkt (Gooi en Vechtstreek)'."""
    if covenant.regio_naam.lower() in covenant.titel.lower():
        return covenant.titel
    return f"{covenant.titel} ({covenant.regio_naam})"


def description(covenant: Covenant, event: Event) -> str:
    """The event's DESCRIPTION: which covenant, which article, who, and how the date follows."""
    lines = [covenant_name(covenant)]
    if event.article:
        lines.append(f"Bron: {event.article}.")
    if event.who:
        lines.append(f"Wie: {event.who}.")
    if event.note:
        lines.append(event.note)
    if event.provisional:
        lines.append(
            "Het convenant is nog niet in werking getreden: de eerste datum is voorlopig, "
            "gerekend vanaf 1 januari van het eerste jaar van de doelentabel."
        )
    return "\n".join(lines)


def vevent(covenant: Covenant, event: Event, dtstamp: datetime) -> VEvent:
    """One VEVENT: all-day, with an RRULE (or the dates themselves) when it recurs."""
    item = VEvent()
    item.add("uid", uid(event))
    item.add("dtstamp", dtstamp)
    item.add("dtstart", event.start)
    item.add("dtend", (event.end or event.start) + timedelta(days=1))
    period = "" if event.fixed else f" ({PERIOD[event.recurrence or 'yearly']})"
    item.add("summary", f"{event.title}{period} · {covenant.regio_naam}")
    item.add("description", description(covenant, event))
    item.add("categories", [event.kind])
    item.add("transp", "TRANSPARENT")
    item.add("class", "PUBLIC")
    if event.recurrence:
        days = occurrences(event)
        if all(d.day == event.start.day for d in days):
            freq, interval = RRULE[event.recurrence]
            rule: dict[str, object] = {"freq": freq}
            if interval != 1:
                rule["interval"] = interval
            if event.until:
                rule["until"] = event.until
            item.add("rrule", rule)
        else:
            # a day such as the 31st that some months lack: RFC 5545 would skip those months,
            # the covenant means the month's last day, so list the dates themselves
            item.add("rdate", list(days[1:]))
    return item


def build_calendar(covenants: Iterable[tuple[Covenant, Layout]]) -> bytes:
    """An iCalendar file with every dated event of the covenants given."""
    pairs = sorted(covenants, key=lambda pair: pair[0].id)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if len(pairs) == 1:
        name = f"Termijnen: {covenant_name(pairs[0][0])}"
    else:
        name = f"Termijnen van {len(pairs)} convenanten"
    cal.add("x-wr-calname", name)
    items: list[tuple[date, str, str, VEvent]] = []
    for covenant, layout in pairs:
        found = events(covenant, layout)
        dtstamp = stamp(covenant, found)
        items.extend((e.start, covenant.id, e.key, vevent(covenant, e, dtstamp)) for e in found)
    for *_, item in sorted(items, key=lambda x: x[:3]):
        cal.add_component(item)
    return bytes(cal.to_ical())
