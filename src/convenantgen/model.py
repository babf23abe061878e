"""The covenant as immutable values, built from data that passed the schema."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from convenantgen.loader import JsonPath


@dataclass(frozen=True)
class Person:
    """A representative or the person signing on their behalf."""

    id: str
    naam: str | None
    functie: str | None
    aanhef: str | None = None
    titel: str | None = None
    gemachtigde: Person | None = None
    path: JsonPath = ()


@dataclass(frozen=True)
class Representation:
    """A party's representative: a person defined here, or a reference to one elsewhere."""

    person_id: str
    defined_here: bool
    path: JsonPath


@dataclass(frozen=True)
class Party:
    """A party to the covenant."""

    id: str
    naam: str
    vertegenwoordigers: tuple[Representation, ...]
    korte_naam: str | None = None
    lidwoord: str | None = None
    noot: str | None = None
    path: JsonPath = ()
    gemeente: str | None = None  # the region's municipality this party is, when declared
    centrumgemeente: bool = False
    in_persoon: bool = False  # the representative is the party (a minister): no 'vertegenwoordigd door'


@dataclass(frozen=True)
class Cluster:
    """Parties inside a group that form one entry of the party list ('cluster BAR')."""

    id: str
    naam: str
    partijen: tuple[Party, ...]
    korte_naam: str | None = None
    path: JsonPath = ()


@dataclass(frozen=True)
class Group:
    """A group of parties; a party listed on its own is a group without id.

    ``partijen`` holds every party of the group, those inside its clusters too; ``leden`` the
    entries as printed (parties and clusters), empty when the group has no cluster.
    """

    id: str | None
    naam: str | None
    partijen: tuple[Party, ...]
    path: JsonPath = ()
    korte_naam: str | None = None
    leden: tuple[Party | Cluster, ...] = ()

    @property
    def entries(self) -> tuple[Party | Cluster, ...]:
        """The group's entries in the order of the party list."""
        return self.leden or self.partijen

    @property
    def clusters(self) -> tuple[Cluster, ...]:
        """The group's clusters."""
        return tuple(e for e in self.leden if isinstance(e, Cluster))


@dataclass(frozen=True)
class Item:
    """An onderdeel (a., b.) or a sub-item (i., ii.)."""

    id: str | None
    tekst: str
    items: tuple[Item, ...] = ()
    path: JsonPath = ()
    modeltekst: bool = False  # only overwegingen can be marked


@dataclass(frozen=True)
class Column:
    """A named column of a target table."""

    id: str
    kop: str
    noot: str | None
    path: JsonPath


@dataclass(frozen=True)
class Row:
    """One year of a target table."""

    jaar: int
    values: tuple[tuple[str, int], ...]
    declared_total: int | None
    path: JsonPath

    def value(self, column: str) -> int | None:
        """The number in a column, or None when the row leaves it out."""
        return dict(self.values).get(column)

    @property
    def computed_total(self) -> int:
        """Sum of the row's column values."""
        return sum(v for _, v in self.values)


@dataclass(frozen=True)
class Total:
    """The total column of a target table."""

    kop: str
    berekend: bool
    noot: str | None


@dataclass(frozen=True)
class Table:
    """A target table."""

    id: str
    kolommen: tuple[Column, ...]
    rijen: tuple[Row, ...]
    totaal: Total | None
    cumulatief: bool
    eenheid: str | None
    bijschrift: str | None
    jaar_kop: str
    nulmeting: str | None
    path: JsonPath


@dataclass(frozen=True)
class Moment:
    """A review moment and the date changes take effect."""

    id: str | None
    maand: str
    ingang: date
    path: JsonPath


@dataclass(frozen=True)
class Reviews:
    """The review schedule."""

    elke_jaren: int | None
    momenten: tuple[Moment, ...]
    path: JsonPath


@dataclass(frozen=True)
class Duration:
    """A period in years and months ('tweeënhalf jaar' is 2 years and 6 months)."""

    jaren: int
    maanden: int

    @property
    def months(self) -> int:
        """The whole period in months."""
        return self.jaren * 12 + self.maanden


@dataclass(frozen=True)
class Phase:
    """A phase of the term; it starts the day after the previous one ends."""

    id: str
    naam: str
    duur: Duration | None
    einde: date | None
    tekst: str | None
    path: JsonPath


@dataclass(frozen=True)
class Duty:
    """A reporting, budget, meeting or other duty with its rhythm and deadline."""

    id: str
    soort: str
    omschrijving: str
    frequentie: str
    wie: str | None
    minimaal_per_jaar: int | None
    uiterlijk: tuple[int, int] | None  # (day, month)
    voor_einde_maanden: int
    voor_einde_dagen: int
    has_voor_einde: bool
    datum: date | None
    path: JsonPath


@dataclass(frozen=True)
class Obligation:
    """Obligations of one or more party groups or parties."""

    wie: tuple[str, ...]
    kop: str | None
    items: tuple[Item, ...]
    path: JsonPath


@dataclass(frozen=True)
class Lid:
    """A numbered paragraph of an article."""

    id: str | None
    tekst: str | None
    onderdelen: tuple[Item, ...]
    tabel: Table | None
    herzieningen: Reviews | None
    verplichtingen: tuple[Obligation, ...]
    slot: str | None
    termijnen: tuple[Duty, ...]
    modeltekst: bool
    path: JsonPath
    fasen: tuple[Phase, ...] = ()


@dataclass(frozen=True)
class Article:
    """An article."""

    id: str
    titel: str
    tekst: str | None
    leden: tuple[Lid, ...]
    modeltekst: bool
    path: JsonPath


@dataclass(frozen=True)
class Term:
    """Entry into force and end of the covenant."""

    regel: str
    datum: date | None
    einde: date | None  # the last day: as written, or computed from 'duur'; None when open or not yet known
    path: JsonPath
    duur: Duration | None = None
    einde_gegeven: date | None = None  # the end date as written in the file
    onbepaald: bool = False  # 'einde: onbepaald'
    opzegtermijn: Duration | None = None


@dataclass(frozen=True)
class Relation:
    """A predecessor or successor: a covenant in the repository (id) or an outside document."""

    id: str | None
    titel: str | None
    datum: date | None
    vindplaats: str | None
    path: JsonPath


@dataclass(frozen=True)
class Preamble:
    """How the considerans is set: where, under which heading, lettered or dashed."""

    plaats: str = "na-partijen"
    vorm: str = "letters"
    kop: str | None = None
    aanhef: str | None = None
    modeltekst: bool = False
    alineas: tuple[str, ...] = ()  # the inleiding's paragraphs
    alineas_lijst: bool = False  # the inleiding is written as a list of paragraphs

    @property
    def opening(self) -> str:
        """The words before the overwegingen: 'Overwegende dat:' or, dashed, 'Overwegende dat,'."""
        if self.aanhef:
            return self.aanhef
        return "Overwegende dat," if self.vorm == "streepjes" else "Overwegende dat:"


@dataclass(frozen=True)
class BudgetLine:
    """A line of a budget."""

    id: str
    omschrijving: str
    bedrag: Decimal
    path: JsonPath


@dataclass(frozen=True)
class Budget:
    """An amount of money and what it is allocated to."""

    id: str
    omschrijving: str
    bedrag: Decimal
    posten: tuple[BudgetLine, ...]
    path: JsonPath


@dataclass(frozen=True)
class Footnote:
    """A footnote; its number follows from the reading order of its calls."""

    id: str
    tekst: str
    nummering: str
    onderdelen: tuple[str, ...]
    path: JsonPath
    ontbreekt: str | None = None  # why the text is knowingly missing; then 'tekst' is empty


@dataclass(frozen=True)
class SignatureBlock:
    """The signature block of one party."""

    partij: str
    naam: str | None
    ondertekenaars: tuple[str, ...]
    plaats: str | None
    datum: date | None
    path: JsonPath


@dataclass(frozen=True)
class PartyListWording:
    """How the party list is phrased; the defaults are the reference covenant's words."""

    kop: str | None = None
    gezamenlijk: str | None = None
    hierna: str = "hierna"
    vertegenwoordiging: str = "vertegenwoordigd door"
    komen_overeen: str = "Komen overeen:"

    @property
    def heading(self) -> str:
        """The heading above the party list."""
        if self.kop:
            return self.kop
        return "De ondergetekenden:" if self.gezamenlijk else "De Partijen:"


@dataclass(frozen=True)
class ClosingFormula:
    """'Aldus overeengekomen en in negenvoud ondertekend te Hilversum op 12 juni 2015.'"""

    voud: int | None  # copies signed; None: one per signature block
    plaats: str | None
    datum: date | None
    path: JsonPath


@dataclass(frozen=True)
class Covenant:
    """A whole covenant."""

    id: str
    titel: str
    ondertitel: str | None
    vorige_versie: str | None
    regio_naam: str  # the region's name, or the scope ('reikwijdte'), or '' without either
    gemeenten: tuple[str, ...]
    groepen: tuple[Group, ...]
    personen: tuple[Person, ...]
    inleiding: str | None
    overwegingen: tuple[Item, ...]
    artikelen: tuple[Article, ...]
    looptijd: Term
    budgetten: tuple[Budget, ...]
    noten: tuple[Footnote, ...]
    paraaf: bool
    blokken: tuple[SignatureBlock, ...]
    status: str
    website: str | None
    path: str = ""
    considerans: Preamble = Preamble()
    vorige: Relation | None = None
    volgende: Relation | None = None
    reikwijdte: str | None = None  # the scope of a covenant without region ('landelijk')
    gemeenten_ondertekenen: bool = False
    partijlijst: PartyListWording = PartyListWording()
    slotformule: ClosingFormula | None = None

    @property
    def parties(self) -> tuple[Party, ...]:
        """All parties in the order of the party list."""
        return tuple(p for g in self.groepen for p in g.partijen)

    @property
    def entry_into_force(self) -> date | None:
        """The date the covenant enters into force, when the start rule and signatures tell."""
        term = self.looptijd
        if term.regel in ("datum", "terugwerkend"):
            return term.datum
        signed = {b.partij: b.datum for b in self.blokken}
        dates = [signed.get(p.id) for p in self.parties]
        if not dates or any(d is None for d in dates):
            return None
        return max(d for d in dates if d is not None)

    @property
    def clusters(self) -> tuple[Cluster, ...]:
        """All clusters, in the order of the party list."""
        return tuple(c for g in self.groepen for c in g.clusters)

    def person(self, person_id: str) -> Person | None:
        """The person with this id, if any."""
        return next((p for p in self.personen if p.id == person_id), None)
