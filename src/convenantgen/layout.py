"""Places and text slots: every place [[id]] can name, and the author text in reading order.

The numbers themselves come from :mod:`convenantgen.numbering` (the only authority for
numbers, labels and anchors); this module adds the values a reference can name (table
cells, amounts, dates), the duplicate ids, and the slots of text that number the footnotes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from convenantgen import dutch, numbering
from convenantgen.durations import woorden
from convenantgen.loader import JsonPath
from convenantgen.model import Article, Covenant, Item, Lid, Relation
from convenantgen.numbering import Numbered, Numbering
from convenantgen.text import calls

# Parts of the numbering that a [[reference]] can name (the rest are named by their values).
_REFERABLE = {
    numbering.RECITAL,
    numbering.SUB,
    numbering.ARTICLE,
    numbering.LID,
    numbering.ONDERDEEL,
    numbering.TABLE,
    numbering.MOMENT,
    numbering.DUTY,
}


@dataclass(frozen=True)
class Place:
    """Something a [[reference]] can name: a part of the text or a value."""

    key: str
    kind: str
    element: str
    path: JsonPath
    article: int | None = None
    article_id: str | None = None
    lid: int | None = None
    onderdeel: str | None = None
    sub: str | None = None
    value: str | None = None
    part: Numbered | None = None


@dataclass(frozen=True)
class Slot:
    """A piece of author text, in reading order, with the article it stands in."""

    path: JsonPath
    text: str
    element: str
    article_id: str | None
    lid_key: str | None


@dataclass(frozen=True)
class Layout:
    """Numbers and places of one covenant."""

    places: Mapping[str, Place]
    duplicates: tuple[tuple[str, JsonPath, JsonPath], ...]
    slots: tuple[Slot, ...]
    note_numbers: Mapping[str, int]
    article_numbers: Mapping[str, int]
    lid_numbered: Mapping[str, bool]
    numbering: Numbering

    def phrase(self, place: Place, here_article: str | None, here_lid: str | None) -> str:
        """House style: 'artikel 5, derde lid, onderdeel a', shortened inside the same article."""
        if place.value is not None or place.part is None:
            return place.value or ""
        return numbering.phrase(place.part, here_article, here_lid)


def _place(part: Numbered) -> Place:
    return Place(
        part.key,
        part.kind,
        part.anchor,
        part.path,
        part.article,
        part.article_id,
        part.lid,
        part.onderdeel,
        part.sub,
        part=part,
    )


class _Collector:
    def __init__(self, numbers: Numbering) -> None:
        self.numbers = numbers
        self.places: dict[str, Place] = {}
        self.duplicates: list[tuple[str, JsonPath, JsonPath]] = []
        self.slots: list[Slot] = []

    def add(self, place: Place, quiet: bool = False) -> None:
        if place.key in self.places and quiet:
            return
        if place.key in self.places:
            self.duplicates.append((place.key, self.places[place.key].path, place.path))
        else:
            self.places[place.key] = place

    def text(self, path: JsonPath, text: str | None, element: str, art: str | None, lid: str | None) -> None:
        if text:
            self.slots.append(Slot(path, text, element, art, lid))


def _cells(out: _Collector, lid: Lid, element: str) -> None:
    table = lid.tabel
    if table is None:
        return
    for row in table.rijen:
        for column_id, value in row.values:
            key = f"{table.id}.{row.jaar}.{column_id}"
            out.add(Place(key, "cel", element, row.path, value=dutch.getal(value)), quiet=True)
        total = row.declared_total if row.declared_total is not None else row.computed_total
        out.add(
            Place(f"{table.id}.{row.jaar}.totaal", "cel", element, row.path, value=dutch.getal(total)),
            quiet=True,
        )


def _places(out: _Collector, covenant: Covenant) -> None:
    leden = {lid.path: lid for article in covenant.artikelen for lid in article.leden}
    for part in out.numbers.parts:
        if part.kind in _REFERABLE and part.key:
            out.add(_place(part))
        if part.kind == numbering.TABLE:
            _cells(out, leden[part.path[:-1]], part.anchor)
    for budget in covenant.budgetten:
        out.add(
            Place(budget.id, "budget", f"budget-{budget.id}", budget.path, value=dutch.bedrag(budget.bedrag))
        )
        for line in budget.posten:
            out.add(
                Place(
                    f"{budget.id}.{line.id}",
                    "post",
                    f"budget-{budget.id}",
                    line.path,
                    value=dutch.bedrag(line.bedrag),
                )
            )
    if covenant.gemeenten:
        towns = dutch.opsomming(list(covenant.gemeenten))
        out.add(Place("regio.gemeenten", "gemeenten", "titel", ("regio", "gemeenten"), value=towns))
    term = covenant.looptijd
    if term.einde:
        out.add(
            Place("looptijd.einde", "datum", "looptijd", (*term.path, "einde"), value=dutch.datum(term.einde))
        )
    start = covenant.entry_into_force
    if start:
        out.add(
            Place("looptijd.ingang", "datum", "looptijd", (*term.path, "ingang"), value=dutch.datum(start))
        )
    for key, period in (("duur", term.duur), ("opzegtermijn", term.opzegtermijn)):
        if period:
            out.add(Place(f"looptijd.{key}", "duur", "looptijd", (*term.path, key), value=woorden(period)))
    _term_places(out, covenant)


def relation_words(relation: Relation) -> str | None:
    """'Convenant Werkbedrijf X van 1 juni 2015': how the text names a predecessor or successor."""
    if not relation.titel:
        return None
    return relation.titel + (f" van {dutch.datum(relation.datum)}" if relation.datum else "")


def _term_places(out: _Collector, covenant: Covenant) -> None:
    """The phases' dates, the predecessor and successor, and the web address."""
    # Imported here: schedule imports this module.
    from convenantgen.schedule import phase_dates

    for article in covenant.artikelen:
        for lid in article.leden:
            element = out.numbers.at(lid.path).anchor
            for phase, begin, end in phase_dates(covenant, lid.fasen):
                for key, day in (("begin", begin), ("einde", end)):
                    if day:
                        out.add(
                            Place(f"{phase.id}.{key}", "datum", element, phase.path, value=dutch.datum(day))
                        )
    for key, relation in (("vorige_versie", covenant.vorige), ("volgende_versie", covenant.volgende)):
        words = relation_words(relation) if relation else None
        if relation and words:
            out.add(Place(key, "document", "titelblad", relation.path, value=words))
    if covenant.website:
        out.add(
            Place(
                "publicatie.website", "adres", "titelblad", ("publicatie", "website"), value=covenant.website
            )
        )


def _item_texts(
    out: _Collector, items: tuple[Item, ...], art: str | None, lid: str | None, nested: bool = False
) -> None:
    for item in items:
        element = out.numbers.at(item.path).anchor
        out.text((*item.path, "tekst") if item.id or item.items else item.path, item.tekst, element, art, lid)
        if not nested:
            _item_texts(out, item.items, art, lid, nested=True)


def _lid_texts(out: _Collector, article: Article, lid: Lid) -> None:
    part = out.numbers.at(lid.path)
    element, here = part.anchor, numbering.lid_key(article.id, part.lid)
    out.text((*lid.path, "tekst"), lid.tekst, element, article.id, here)
    _item_texts(out, lid.onderdelen, article.id, here)
    for phase in lid.fasen:
        out.text((*phase.path, "tekst"), phase.tekst, element, article.id, here)
    if lid.tabel:
        table = lid.tabel
        for column in table.kolommen:
            out.text(
                (*column.path, "noot"),
                f"[^{column.noot}]" if column.noot else None,
                element,
                article.id,
                here,
            )
        if table.totaal and table.totaal.noot:
            out.text((*table.path, "totaal", "noot"), f"[^{table.totaal.noot}]", element, article.id, here)
        out.text((*table.path, "nulmeting"), table.nulmeting, element, article.id, here)
    for obligation in lid.verplichtingen:
        _item_texts(out, obligation.items, article.id, here)
    out.text((*lid.path, "slot"), lid.slot, element, article.id, here)


def _preamble_texts(out: _Collector, covenant: Covenant) -> None:
    preamble = covenant.considerans
    for i, paragraph in enumerate(preamble.alineas):
        path: JsonPath = (
            ("considerans", "inleiding", i) if preamble.alineas_lijst else ("considerans", "inleiding")
        )
        out.text(path, paragraph, "considerans", None, None)
    _item_texts(out, covenant.overwegingen, None, None)


def _texts(out: _Collector, covenant: Covenant) -> None:
    """The author text in reading order: this order numbers the footnotes."""
    first = covenant.considerans.plaats == "voor-partijen"
    if first:
        _preamble_texts(out, covenant)
    for party in covenant.parties:
        if party.noot:
            out.text((*party.path, "noot"), f"[^{party.noot}]", out.numbers.at(party.path).anchor, None, None)
    if not first:
        _preamble_texts(out, covenant)
    for article in covenant.artikelen:
        element = out.numbers.at(article.path).anchor
        out.text((*article.path, "tekst"), article.tekst, element, article.id, None)
        for lid in article.leden:
            _lid_texts(out, article, lid)
    for note in covenant.noten:
        out.text(
            (*note.path, "tekst") if note.onderdelen else note.path, note.tekst, f"noot-{note.id}", None, None
        )
        for k, entry in enumerate(note.onderdelen):
            out.text((*note.path, "onderdelen", k), entry, f"noot-{note.id}", None, None)


def build_layout(covenant: Covenant) -> Layout:
    """Index every place a reference can name and read the text in order (numbering footnotes)."""
    out = _Collector(numbering.number(covenant))
    _places(out, covenant)
    _texts(out, covenant)
    notes = numbering.number_notes(s.text for s in out.slots)
    numbers = out.numbers.with_notes(notes)
    article_numbers: dict[str, int] = {}
    for part in numbers.articles:
        if part.article_id is not None and part.article is not None:
            article_numbers.setdefault(part.article_id, part.article)
    return Layout(
        places=out.places,
        duplicates=tuple(out.duplicates),
        slots=tuple(out.slots),
        note_numbers=notes,
        article_numbers=article_numbers,
        lid_numbered=numbers.lid_numbered,
        numbering=numbers,
    )


def iter_calls(layout: Layout) -> Iterator[tuple[Slot, str, str, str]]:
    """Every call in the covenant: (slot, kind, target, raw)."""
    for slot in layout.slots:
        for call in calls(slot.text):
            yield slot, call.kind, call.target, call.raw
