"""Where a covenant stands on a reference date: concept, offered for signature, in force, ended.

The source says what the secretary last wrote down (``publicatie.status``); the site says
what is true on the day it is built for. A signature counts from its date on, so a site
built for a day before a party signed shows that party as not yet signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from convenantgen import dutch
from convenantgen.durations import woorden
from convenantgen.model import Covenant, SignatureBlock


class Status(StrEnum):
    """The statuses of the site, in the order the index groups them."""

    IN_WERKING = "in werking"
    ONDERTEKEND = "ondertekend"  # every party signed; the fixed start date is still to come
    TER_ONDERTEKENING = "ter ondertekening"
    CONCEPT = "concept"
    VERLOPEN = "verlopen"
    VERVALLEN = "vervallen"

    @property
    def slug(self) -> str:
        """An id for HTML anchors and CSS: 'ter-ondertekening'."""
        return self.value.replace(" ", "-")


EXPLANATION = {
    Status.IN_WERKING: "Door alle partijen ondertekend en in werking",
    Status.ONDERTEKEND: "Door alle partijen ondertekend, maar nog niet in werking",
    Status.TER_ONDERTEKENING: "Ter ondertekening aangeboden; nog niet alle partijen hebben getekend",
    Status.CONCEPT: "Concepttekst, nog niet ter ondertekening aangeboden",
    Status.VERLOPEN: "De looptijd is voorbij",
    Status.VERVALLEN: "Geldt niet meer: vervallen verklaard",
}


@dataclass(frozen=True)
class Standing:
    """A covenant on the reference date: its status, signatures and term as far as known."""

    status: Status
    signed: tuple[tuple[SignatureBlock, date | None], ...]  # per block: its date if signed by then
    parties_signed: int
    signing_date: date | None  # the last party's signature, once every party has signed
    start: date | None
    end: date | None
    duration: str | None = None  # 'vier jaar' for a term given as a duration

    @property
    def term(self) -> str:
        """'1 januari 2019 – 31 december 2019', or 'na ondertekening – …' while unknown."""
        begin = dutch.datum(self.start) if self.start else "na ondertekening"
        if self.end:
            return f"{begin} – {dutch.datum(self.end)}"
        if self.duration:
            return f"{begin}, {self.duration}"
        return f"{begin} – onbepaalde tijd"

    @property
    def note(self) -> str | None:
        """'treedt in werking op 1 januari 2027' while a signed covenant waits for its start."""
        if self.status is Status.ONDERTEKEND and self.start:
            return f"treedt in werking op {dutch.datum(self.start)}"
        return None

    @property
    def explanation(self) -> str:
        """The status in a sentence (without the full stop), with the date of entry into force."""
        said = EXPLANATION[self.status]
        return f"{said}; {self.note}" if self.note else said


def standing(covenant: Covenant, today: date) -> Standing:
    """Status, signatures and term of ``covenant`` as they are on ``today``."""
    signed = tuple((b, b.datum if b.datum and b.datum <= today else None) for b in covenant.blokken)
    by_party = {b.partij: d for b, d in signed if d is not None}
    dates = [by_party.get(p.id) for p in covenant.parties]
    complete = bool(dates) and all(d is not None for d in dates)
    signing_date = max(d for d in dates if d is not None) if complete else None
    term = covenant.looptijd
    start = signing_date if term.regel == "ondertekening" else term.datum
    end = term.einde
    if covenant.status == "concept":
        status = Status.CONCEPT
    elif covenant.status == "vervallen":
        status = Status.VERVALLEN
    elif end is not None and today > end:
        status = Status.VERLOPEN
    elif not complete:
        status = Status.TER_ONDERTEKENING
    elif start is not None and today < start:
        status = Status.ONDERTEKEND
    else:
        status = Status.IN_WERKING
    count = sum(1 for d in dates if d is not None)
    duration = woorden(term.duur) if term.duur else None
    return Standing(status, signed, count, signing_date, start, end, duration)
