"""The annex 'Overzicht van termijnen': the term, its phases, reviews and duties in one table.

Every date comes from :mod:`convenantgen.schedule`, the same place the checks, the calendar
and the site take them from, so the annex cannot print a date the calendar does not have.
A date that depends on signatures not yet given is said in words, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from convenantgen import dutch, schedule
from convenantgen.durations import woorden
from convenantgen.dutch import telwoord
from convenantgen.layout import Layout, iter_calls
from convenantgen.model import Covenant, Duty, Term

_RHYTHM = {
    "jaarlijks": "jaarlijks",
    "halfjaarlijks": "halfjaarlijks",
    "per-kwartaal": "elk kwartaal",
    "tweemaandelijks": "elke twee maanden",
    "maandelijks": "maandelijks",
    "tweejaarlijks": "elke twee jaar",
}


_TERM_KEYS = ("looptijd.ingang", "looptijd.einde", "looptijd.duur")


@dataclass(frozen=True)
class Row:
    """One line of the annex: what, who, when, and where the text states it."""

    wat: str
    wie: str
    wanneer: str
    waar: str
    anker: str | None = None  # the id of the lid that states it, to link to


def _start(covenant: Covenant) -> str:
    term = covenant.looptijd
    known = covenant.entry_into_force
    if term.regel == "terugwerkend" and known:
        return f"{dutch.datum(known)} (met terugwerkende kracht)"
    if known:
        return dutch.datum(known)
    return "op de datum van ondertekening door de laatste Partij"


def _end(term: Term) -> str:
    if term.einde:
        return dutch.datum(term.einde)
    if term.duur:
        return f"{woorden(term.duur)} na de inwerkingtreding"
    return "geen: het convenant geldt voor onbepaalde tijd"


def _span(first: date, last: date) -> str:
    if first == last:
        return dutch.datum(first)
    return f"{dutch.datum(first)} tot en met {dutch.datum(last)}"


def _duty_when(covenant: Covenant, layout: Layout, duty: Duty) -> str:
    if duty.frequentie == "eenmalig":
        due = schedule.due_date(covenant, duty)
        if due:
            return dutch.datum(due)
        if duty.has_voor_einde:
            months, days = duty.voor_einde_maanden, duty.voor_einde_dagen
            parts = [f"{telwoord(months)} {'maand' if months == 1 else 'maanden'}"] if months else []
            parts += [f"{telwoord(days)} {'dag' if days == 1 else 'dagen'}"] if days else []
            return f"{' en '.join(parts) or 'op de laatste dag'} voor het einde van de looptijd"
        return "eenmalig"
    words = _RHYTHM[duty.frequentie]
    if duty.uiterlijk:
        words += f", uiterlijk {dutch.dag_maand(*duty.uiterlijk)}"
    if duty.minimaal_per_jaar:
        words += f", ten minste {dutch.maal(duty.minimaal_per_jaar)} per jaar"
    event = next((e for e in schedule.events(covenant, layout) if e.key == duty.id), None)
    if event and event.fixed and not event.provisional and event.until:
        dates = schedule.occurrences(event)
        words += f" ({_span(dates[0], dates[-1])})"
    return words


def _stated(layout: Layout, keys: tuple[str, ...] = _TERM_KEYS) -> tuple[str, str | None]:
    """The lid whose text first names one of ``keys`` (the term's start, end, duration): label and anchor."""
    for key in keys:
        for slot, _kind, target, _raw in iter_calls(layout):
            if target.split("=")[0].strip() != key or slot.article_id is None:
                continue
            part = layout.numbering.containing(slot.path)
            if part:
                return part.label, part.anchor
    return "", None


def rows(covenant: Covenant, layout: Layout) -> tuple[Row, ...]:
    """The annex's lines: the term first, then every review and duty in the order of the text."""
    term = covenant.looptijd
    where, anchor = _stated(layout)
    out = [
        Row("Inwerkingtreding", "", _start(covenant), where, anchor),
        Row("Einde van de looptijd", "", _end(term), where, anchor),
    ]
    if term.opzegtermijn:
        said = _stated(layout, ("looptijd.opzegtermijn",))
        out.append(Row("Opzegging", "iedere Partij", f"{woorden(term.opzegtermijn)} vooraf", *said))
    for article in covenant.artikelen:
        for lid in article.leden:
            part = layout.numbering.at(lid.path)
            here, anchor = part.label, part.anchor
            for phase, begin, end in schedule.phase_dates(covenant, lid.fasen):
                if begin and end:
                    when = _span(begin, end)
                elif phase.duur:
                    when = woorden(phase.duur)
                else:
                    when = f"tot en met {dutch.datum(phase.einde)}" if phase.einde else ""
                out.append(Row(phase.naam, "", when, here, anchor))
            if lid.herzieningen:
                for moment in lid.herzieningen.momenten:
                    month = dutch.maand(moment.maand)
                    out.append(
                        Row(
                            "Herziening van de afspraken",
                            "de Partijen",
                            f"{month} (aanpassingen per {dutch.datum(moment.ingang)})",
                            here,
                            anchor,
                        )
                    )
            for duty in lid.termijnen:
                when = _duty_when(covenant, layout, duty)
                out.append(Row(duty.omschrijving, duty.wie or "", when, here, anchor))
    return tuple(out)
