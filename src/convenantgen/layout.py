"""Numbering stage: article, lid, onderdeel and footnote numbers, and every place [[id]] can name.

Nothing here is typed by the author: numbers follow from the order of the YAML, and
footnote numbers from the order in which the text first calls them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from convenantgen import dutch
from convenantgen.loader import JsonPath
from convenantgen.model import Article, Covenant, Item, Lid
from convenantgen.text import NOTE, calls


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

    def phrase(self, place: Place, here_article: str | None, here_lid: str | None) -> str:
        """House style: 'artikel 5, derde lid, onderdeel a', shortened inside the same article."""
        if place.value is not None:
            return place.value
        if place.article is None:  # a recital or one of its sub-items
            return f"overweging {place.onderdeel}" + (f", onder {place.sub}" if place.sub else "")
        parts: list[str] = []
        same_article = place.article_id is not None and place.article_id == here_article
        if not same_article:
            parts.append(f"artikel {place.article}")
        if place.lid is not None:
            lid_key = f"{place.article_id}#{place.lid}"
            if not (same_article and lid_key == here_lid and place.onderdeel):
                parts.append(("het " if same_article else "") + f"{dutch.rangtelwoord(place.lid)} lid")
        if place.onderdeel:
            parts.append(f"onderdeel {place.onderdeel}")
        if place.sub:
            parts.append(f"onder {place.sub}")
        return ", ".join(parts) if parts else f"artikel {place.article}"


class _Collector:
    def __init__(self) -> None:
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


def _items(
    out: _Collector, items: tuple[Item, ...], parent: Place, prefix: str, nested: bool = False
) -> None:
    for i, item in enumerate(items, 1):
        label = dutch.romeins(i) if nested else dutch.letter(i)
        element = f"{parent.element}.{label}" if nested else f"{parent.element}.onderdeel-{label}"
        kind = "subonderdeel" if nested else "onderdeel"
        place = Place(
            key=f"{prefix}.{item.id}" if item.id else "",
            kind=kind,
            element=element,
            path=item.path,
            article=parent.article,
            article_id=parent.article_id,
            lid=parent.lid,
            onderdeel=parent.onderdeel if nested else label,
            sub=label if nested else None,
        )
        if item.id:
            out.add(place)
        lid_key = f"{parent.article_id}#{parent.lid}" if parent.lid else None
        out.text(
            (*item.path, "tekst") if item.id or item.items else item.path,
            item.tekst,
            element,
            parent.article_id,
            lid_key,
        )
        if not nested:
            _items(out, item.items, place, place.key or f"{prefix}.?", nested=True)


def _lid(out: _Collector, article: Article, number: int, lid: Lid, lid_no: int | None) -> None:
    element = f"artikel-{number}" + (f".lid-{lid_no}" if lid_no else "")
    key = f"{article.id}.{lid.id}" if lid.id else f"{article.id}.?{lid_no}"
    place = Place(key, "lid", element, lid.path, number, article.id, lid_no)
    if lid.id:
        out.add(place)
    lid_key = f"{article.id}#{lid_no}" if lid_no else None
    out.text((*lid.path, "tekst"), lid.tekst, element, article.id, lid_key)
    _items(out, lid.onderdelen, place, key)
    if lid.tabel:
        table = lid.tabel
        out.add(Place(table.id, "tabel", element, table.path, number, article.id, lid_no))
        for column in table.kolommen:
            out.text(
                (*column.path, "noot"),
                f"[^{column.noot}]" if column.noot else None,
                element,
                article.id,
                lid_key,
            )
        if table.totaal and table.totaal.noot:
            out.text((*table.path, "totaal", "noot"), f"[^{table.totaal.noot}]", element, article.id, lid_key)
        for row in table.rijen:
            for column_id, value in row.values:
                out.add(
                    Place(
                        f"{table.id}.{row.jaar}.{column_id}",
                        "cel",
                        element,
                        row.path,
                        value=dutch.getal(value),
                    ),
                    quiet=True,
                )
            total = row.declared_total if row.declared_total is not None else row.computed_total
            out.add(
                Place(f"{table.id}.{row.jaar}.totaal", "cel", element, row.path, value=dutch.getal(total)),
                quiet=True,
            )
        out.text((*table.path, "nulmeting"), table.nulmeting, element, article.id, lid_key)
    if lid.herzieningen:
        for i, moment in enumerate(lid.herzieningen.momenten, 1):
            if moment.id:
                out.add(
                    Place(
                        moment.id,
                        "moment",
                        f"{element}.onderdeel-{dutch.letter(i)}",
                        moment.path,
                        number,
                        article.id,
                        lid_no,
                        dutch.letter(i),
                    )
                )
    for duty in lid.termijnen:
        out.add(Place(duty.id, "termijn", element, duty.path, number, article.id, lid_no))
    for obligation in lid.verplichtingen:
        _items(out, obligation.items, place, key)
    out.text((*lid.path, "slot"), lid.slot, element, article.id, lid_key)


def _parties(out: _Collector, covenant: Covenant) -> None:
    for party in covenant.parties:
        if party.noot:
            out.text((*party.path, "noot"), f"[^{party.noot}]", f"partij-{party.id}", None, None)


def build_layout(covenant: Covenant) -> Layout:
    """Number everything and index every place a reference can name."""
    out = _Collector()
    _parties(out, covenant)
    out.text(("considerans", "inleiding"), covenant.inleiding, "considerans", None, None)
    for i, item in enumerate(covenant.overwegingen, 1):
        label = dutch.letter(i)
        place = Place(item.id or "", "overweging", f"considerans.{label}", item.path, onderdeel=label)
        if item.id:
            out.add(place)
        out.text(
            (*item.path, "tekst") if item.id or item.items else item.path,
            item.tekst,
            place.element,
            None,
            None,
        )
        _items(out, item.items, place, item.id or "considerans", nested=True)
    article_numbers: dict[str, int] = {}
    lid_numbered: dict[str, bool] = {}
    for number, article in enumerate(covenant.artikelen, 1):
        article_numbers.setdefault(article.id, number)
        out.add(Place(article.id, "artikel", f"artikel-{number}", article.path, number, article.id))
        out.text((*article.path, "tekst"), article.tekst, f"artikel-{number}", article.id, None)
        numbered = len(article.leden) > 1 or article.tekst is not None
        lid_numbered[article.id] = numbered
        for lid_no, lid in enumerate(article.leden, 1):
            _lid(out, article, number, lid, lid_no if numbered else None)
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
    for note in covenant.noten:
        out.text(
            (*note.path, "tekst") if note.onderdelen else note.path, note.tekst, f"noot-{note.id}", None, None
        )
        for k, entry in enumerate(note.onderdelen):
            out.text((*note.path, "onderdelen", k), entry, f"noot-{note.id}", None, None)
    return Layout(
        places=out.places,
        duplicates=tuple(out.duplicates),
        slots=tuple(out.slots),
        note_numbers=_number_notes(out.slots),
        article_numbers=article_numbers,
        lid_numbered=lid_numbered,
    )


def _number_notes(slots: list[Slot]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for slot in slots:
        for call in calls(slot.text):
            if call.kind == NOTE and call.target not in numbers:
                numbers[call.target] = len(numbers) + 1
    return numbers


def iter_calls(layout: Layout) -> Iterator[tuple[Slot, str, str, str]]:
    """Every call in the covenant: (slot, kind, target, raw)."""
    for slot in layout.slots:
        for call in calls(slot.text):
            yield slot, call.kind, call.target, call.raw
