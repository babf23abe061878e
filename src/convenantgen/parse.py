"""Turn schema-valid data into the immutable covenant model."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from convenantgen.loader import JsonPath
from convenantgen.model import (
    Article,
    Budget,
    BudgetLine,
    ClosingFormula,
    Cluster,
    Column,
    Covenant,
    Duration,
    Duty,
    Footnote,
    Group,
    Item,
    Lid,
    Moment,
    Obligation,
    Party,
    PartyListWording,
    Person,
    Phase,
    Preamble,
    Relation,
    Representation,
    Reviews,
    Row,
    SignatureBlock,
    Table,
    Term,
    Total,
)
from convenantgen.schedule import duration_end


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _int(value: float | None) -> int | None:
    """JSON Schema counts 2025.0 as an integer; the model wants the int 2025."""
    return None if value is None else int(value)


def _items(data: list[Any] | None, path: JsonPath) -> tuple[Item, ...]:
    out = []
    for i, raw in enumerate(data or []):
        here = (*path, i)
        if isinstance(raw, str):
            out.append(Item(None, raw, (), here))
        else:
            out.append(
                Item(
                    raw.get("id"),
                    raw["tekst"],
                    _items(raw.get("onderdelen"), (*here, "onderdelen")),
                    here,
                    raw.get("modeltekst", False),
                )
            )
    return tuple(out)


def _duration(raw: dict[str, Any] | None) -> Duration | None:
    return Duration(int(raw.get("jaren", 0)), int(raw.get("maanden", 0))) if raw else None


def _relation(raw: str | dict[str, Any] | None, key: str) -> Relation | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        return Relation(raw, None, None, None, (key,))
    return Relation(raw.get("id"), raw.get("titel"), _date(raw.get("datum")), raw.get("vindplaats"), (key,))


def _preamble(raw: dict[str, Any]) -> Preamble:
    intro = raw.get("inleiding")
    return Preamble(
        plaats=raw.get("plaats", "na-partijen"),
        vorm=raw.get("vorm", "letters"),
        kop=raw.get("kop"),
        aanhef=raw.get("aanhef"),
        modeltekst=raw.get("modeltekst", False),
        alineas=tuple(intro) if isinstance(intro, list) else ((intro,) if intro else ()),
        alineas_lijst=isinstance(intro, list),
    )


def _phases(data: list[Any], path: JsonPath) -> tuple[Phase, ...]:
    return tuple(
        Phase(p["id"], p["naam"], _duration(p.get("duur")), _date(p.get("einde")), p.get("tekst"), (*path, i))
        for i, p in enumerate(data)
    )


def _person(raw: dict[str, Any], path: JsonPath) -> Person:
    deputy = raw.get("gemachtigde")
    return Person(
        id=raw.get("id", ""),
        naam=raw.get("naam"),
        functie=raw.get("functie"),
        aanhef=raw.get("aanhef"),
        titel=raw.get("titel"),
        gemachtigde=_person(deputy, (*path, "gemachtigde")) if deputy else None,
        path=path,
    )


def _party(raw: dict[str, Any], path: JsonPath, people: list[Person]) -> Party:
    reps = []
    for i, rep in enumerate(raw["vertegenwoordigers"]):
        here = (*path, "vertegenwoordigers", i)
        if "persoon" in rep:
            reps.append(Representation(rep["persoon"], False, here))
        else:
            people.append(_person(rep, here))
            reps.append(Representation(rep["id"], True, here))
    return Party(
        id=raw["id"],
        naam=raw["naam"],
        vertegenwoordigers=tuple(reps),
        korte_naam=raw.get("korte_naam"),
        lidwoord=raw.get("lidwoord"),
        noot=raw.get("noot"),
        path=path,
        gemeente=raw.get("gemeente"),
        centrumgemeente=raw.get("centrumgemeente", False),
        in_persoon=raw.get("in_persoon", False),
    )


def _group(raw: dict[str, Any], path: JsonPath, people: list[Person]) -> Group:
    """A group; its parties flattened in ``partijen``, its entries (parties, clusters) in ``leden``."""
    entries: list[Party | Cluster] = []
    for j, entry in enumerate(raw["partijen"]):
        here: JsonPath = (*path, "partijen", j)
        if "partijen" in entry:
            members = tuple(
                _party(p, (*here, "partijen", k), people) for k, p in enumerate(entry["partijen"])
            )
            entries.append(Cluster(entry["id"], entry["naam"], members, entry.get("korte_naam"), here))
        else:
            entries.append(_party(entry, here, people))
    parties = tuple(p for e in entries for p in (e.partijen if isinstance(e, Cluster) else (e,)))
    nested = any(isinstance(e, Cluster) for e in entries)
    return Group(
        raw["id"], raw["naam"], parties, path, raw.get("korte_naam"), tuple(entries) if nested else ()
    )


def _wording(raw: dict[str, Any]) -> PartyListWording:
    default = PartyListWording()
    return PartyListWording(
        kop=raw.get("kop"),
        gezamenlijk=raw.get("gezamenlijk"),
        hierna=raw.get("hierna", default.hierna),
        vertegenwoordiging=raw.get("vertegenwoordiging", default.vertegenwoordiging),
        komen_overeen=raw.get("komen_overeen", default.komen_overeen),
    )


def _table(raw: dict[str, Any], path: JsonPath) -> Table:
    total = raw.get("totaal")
    rows = []
    for i, row in enumerate(raw["rijen"]):
        values = tuple((k, int(v)) for k, v in row.items() if k not in ("jaar", "totaal"))
        rows.append(Row(int(row["jaar"]), values, _int(row.get("totaal")), (*path, "rijen", i)))
    return Table(
        id=raw["id"],
        kolommen=tuple(
            Column(c["id"], c["kop"], c.get("noot"), (*path, "kolommen", i))
            for i, c in enumerate(raw["kolommen"])
        ),
        rijen=tuple(rows),
        totaal=Total(total["kop"], total["berekend"], total.get("noot")) if total else None,
        cumulatief=raw.get("cumulatief", False),
        eenheid=raw.get("eenheid"),
        bijschrift=raw.get("bijschrift"),
        jaar_kop=raw.get("jaar_kop", "Jaar"),
        nulmeting=raw.get("nulmeting"),
        path=path,
    )


def _duty(raw: dict[str, Any], path: JsonPath) -> Duty:
    deadline = raw.get("uiterlijk")
    before = raw.get("voor_einde") or {}
    return Duty(
        id=raw["id"],
        soort=raw["soort"],
        omschrijving=raw["omschrijving"],
        frequentie=raw["frequentie"],
        wie=raw.get("wie"),
        minimaal_per_jaar=_int(raw.get("minimaal_per_jaar")),
        uiterlijk=(int(deadline["dag"]), int(deadline["maand"])) if deadline else None,
        voor_einde_maanden=int(before.get("maanden", 0)),
        voor_einde_dagen=int(before.get("dagen", 0)),
        has_voor_einde="voor_einde" in raw,
        datum=_date(raw.get("datum")),
        path=path,
    )


def _lid(raw: dict[str, Any], path: JsonPath) -> Lid:
    reviews = raw.get("herzieningen")
    return Lid(
        id=raw.get("id"),
        tekst=raw.get("tekst"),
        onderdelen=_items(raw.get("onderdelen"), (*path, "onderdelen")),
        tabel=_table(raw["tabel"], (*path, "tabel")) if "tabel" in raw else None,
        herzieningen=Reviews(
            _int(reviews.get("elke_jaren")),
            tuple(
                Moment(
                    m.get("id"),
                    m["maand"],
                    date.fromisoformat(m["ingang"]),
                    (*path, "herzieningen", "momenten", i),
                )
                for i, m in enumerate(reviews["momenten"])
            ),
            (*path, "herzieningen"),
        )
        if reviews
        else None,
        verplichtingen=tuple(
            Obligation(
                tuple(o["wie"]),
                o.get("kop"),
                _items(o["onderdelen"], (*path, "verplichtingen", i, "onderdelen")),
                (*path, "verplichtingen", i),
            )
            for i, o in enumerate(raw.get("verplichtingen", []))
        ),
        slot=raw.get("slot"),
        termijnen=tuple(_duty(d, (*path, "termijnen", i)) for i, d in enumerate(raw.get("termijnen", []))),
        modeltekst=raw.get("modeltekst", False),
        path=path,
        fasen=_phases(raw.get("fasen", []), (*path, "fasen")),
    )


def _article(raw: dict[str, Any], path: JsonPath) -> Article:
    return Article(
        id=raw["id"],
        titel=raw["titel"],
        tekst=raw.get("tekst"),
        leden=tuple(_lid(lid, (*path, "leden", i)) for i, lid in enumerate(raw.get("leden", []))),
        modeltekst=raw.get("modeltekst", False),
        path=path,
    )


def _footnote(key: str, raw: str | dict[str, Any]) -> Footnote:
    path: JsonPath = ("noten", key)
    if isinstance(raw, str):
        return Footnote(key, raw, "a", (), path)
    if "ontbreekt" in raw:
        return Footnote(key, "", "a", (), path, ontbreekt=raw["ontbreekt"])
    return Footnote(key, raw["tekst"], raw.get("nummering", "a"), tuple(raw.get("onderdelen", [])), path)


def build_covenant(data: dict[str, Any], path: str) -> Covenant:
    """Build the model from data that passed the schema."""
    people: list[Person] = []
    groups = []
    for i, entry in enumerate(data["partijen"]):
        here: JsonPath = ("partijen", i)
        if "partijen" in entry:
            groups.append(_group(entry, here, people))
        else:
            groups.append(Group(None, None, (_party(entry, here, people),), here))
    considerans = data.get("considerans", {})
    term = data["looptijd"]
    end = term.get("einde")
    signing = data["ondertekening"]
    publication = data.get("publicatie", {})
    preamble = _preamble(considerans)
    previous = _relation(data.get("vorige_versie"), "vorige_versie")
    declared_end = None if end in (None, "onbepaald") else _date(end)
    region = data.get("regio")
    covenant = Covenant(
        id=data["id"],
        titel=data["titel"],
        ondertitel=data.get("ondertitel"),
        vorige_versie=previous.id if previous else None,
        regio_naam=region["naam"] if region else data.get("reikwijdte", ""),
        gemeenten=tuple(region["gemeenten"]) if region else (),
        groepen=tuple(groups),
        personen=tuple(people),
        inleiding="\n\n".join(preamble.alineas) or None,
        overwegingen=_items(considerans.get("overwegingen"), ("considerans", "overwegingen")),
        artikelen=tuple(_article(a, ("artikelen", i)) for i, a in enumerate(data["artikelen"])),
        looptijd=Term(
            term["ingang"]["regel"],
            _date(term["ingang"].get("datum")),
            declared_end,
            ("looptijd",),
            duur=_duration(term.get("duur")),
            einde_gegeven=declared_end,
            onbepaald=end == "onbepaald",
            opzegtermijn=_duration(term.get("opzegtermijn")),
        ),
        budgetten=tuple(
            Budget(
                b["id"],
                b["omschrijving"],
                Decimal(str(b["bedrag"])),
                tuple(
                    BudgetLine(
                        p["id"], p["omschrijving"], Decimal(str(p["bedrag"])), ("budgetten", i, "posten", j)
                    )
                    for j, p in enumerate(b.get("posten", []))
                ),
                ("budgetten", i),
            )
            for i, b in enumerate(data.get("budgetten", []))
        ),
        noten=tuple(_footnote(k, v) for k, v in data.get("noten", {}).items()),
        paraaf=signing.get("paraaf", False),
        blokken=tuple(
            SignatureBlock(
                b["partij"],
                b.get("naam"),
                tuple(b.get("ondertekenaars", [])),
                b.get("plaats"),
                _date(b.get("datum")),
                ("ondertekening", "blokken", i),
            )
            for i, b in enumerate(signing["blokken"])
        ),
        status=publication.get("status", "concept"),
        website=publication.get("website"),
        path=path,
        considerans=preamble,
        vorige=previous,
        volgende=_relation(data.get("volgende_versie"), "volgende_versie"),
        reikwijdte=data.get("reikwijdte"),
        gemeenten_ondertekenen=bool(region and region.get("gemeenten_ondertekenen", False)),
        partijlijst=_wording(data.get("partijlijst", {})),
        slotformule=_closing(signing.get("slotformule")),
    )
    duration, start = covenant.looptijd.duur, covenant.entry_into_force
    if duration is None or declared_end is not None or start is None:
        return covenant
    # The end of a term given as a duration follows from its start; once known, every stage sees it.
    return replace(covenant, looptijd=replace(covenant.looptijd, einde=duration_end(start, duration)))


def _closing(raw: dict[str, Any] | None) -> ClosingFormula | None:
    """The closing formula above the signatures, when the covenant has one."""
    if raw is None:
        return None
    return ClosingFormula(
        raw.get("voud"), raw.get("plaats"), _date(raw.get("datum")), ("ondertekening", "slotformule")
    )
