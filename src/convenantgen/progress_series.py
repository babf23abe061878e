"""Progress as series: realised numbers against the cumulative target, for the total and per column.

Targets come from the covenant's target table (each year's number is due on 31 December of
that year; a table that is not cumulative is summed up) and from the progress file's own
'doelen'. Everything is on the file's scale ('aantal' or 'groei', see progress.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from convenantgen import dutch
from convenantgen.layout import Layout
from convenantgen.model import Covenant, Table
from convenantgen.progress import Figure, Progress

TOTAL = "totaal"


@dataclass(frozen=True)
class Point:
    """One number of a series at a date."""

    day: date
    label: str  # the date as the source gives it: '30 juni 2018', 'december 2012'
    value: int
    origin: str  # where it comes from: a source ('bron') or an article
    note: str | None = None
    baseline: bool = False  # the nulmeting
    derived: str | None = None  # how the number was computed, when the source gives another form


@dataclass(frozen=True)
class Row:
    """A line of the report table: a measurement, the cumulative target for its period, the difference."""

    realised: Point
    target: Point | None

    @property
    def difference(self) -> int | None:
        """Realised minus target (negative: below the target)."""
        return None if self.target is None else self.realised.value - self.target.value


@dataclass(frozen=True)
class Series:
    """Realised against target for the total or one column."""

    key: str  # 'totaal' or a column id
    name: str  # 'Totaal', or the column heading
    realised: tuple[Point, ...]
    targets: tuple[Point, ...]

    def target_for(self, day: date) -> Point | None:
        """The cumulative target of the period ``day`` falls in: the first due on or after it."""
        coming = [t for t in self.targets if t.day >= day]
        return coming[0] if coming else (self.targets[-1] if self.targets else None)

    def due_on(self, day: date) -> Point | None:
        """The last target due on or before ``day`` (the one a measurement can fall short of)."""
        due = [t for t in self.targets if t.day <= day]
        return due[-1] if due else None

    @property
    def rows(self) -> tuple[Row, ...]:
        """One row per realised number, with the target of its period."""
        return tuple(Row(p, None if p.baseline else self.target_for(p.day)) for p in self.realised)


def target_table(progress: Progress, covenant: Covenant) -> Table | None:
    """The covenant table the progress is measured against: 'tabel', or the only one."""
    tables = [lid.tabel for a in covenant.artikelen for lid in a.leden if lid.tabel]
    if progress.tabel:
        return next((t for t in tables if t.id == progress.tabel), None)
    return tables[0] if len(tables) == 1 else None


def unit(progress: Progress, covenant: Covenant) -> str:
    """What is counted: 'banen' unless the file or the table says otherwise."""
    table = target_table(progress, covenant)
    return progress.eenheid or (table.eenheid if table and table.eenheid else None) or "banen"


def _table_targets(table: Table, column: str | None, origin: str) -> list[Point]:
    found: list[Point] = []
    running = 0
    for row in table.rijen:
        if column is None:
            value: int | None = row.declared_total if row.declared_total is not None else row.computed_total
        else:
            value = row.value(column)
        if value is None:
            continue
        running = value if table.cumulatief else running + value
        found.append(Point(date(row.jaar, 12, 31), f"eind {row.jaar}", running, origin))
    return found


def _file_target(progress: Progress, figure: Figure, column: str | None) -> Point | None:
    value = progress.on_scale(figure) if column is None else figure.column(column)
    if value is None:
        return None
    return Point(figure.when.day, figure.when.label, value, figure.bron, figure.noot)


def _realised(progress: Progress, figure: Figure, column: str | None) -> Point | None:
    value = progress.on_scale(figure) if column is None else figure.column(column)
    if value is None:
        return None
    derived = None
    base = progress.baseline
    if column is None and base is not None:
        if progress.schaal == "aantal" and figure.aantal is None and figure.groei is not None:
            derived = f"{dutch.getal(base.aantal)} + {dutch.getal(figure.groei)} (groei)"
        elif progress.schaal == "groei" and figure.groei is None and figure.aantal is not None:
            derived = f"{dutch.getal(figure.aantal)} − {dutch.getal(base.aantal)} (nulmeting)"
    return Point(figure.when.day, figure.when.label, value, figure.bron, figure.noot, derived=derived)


def build_series(progress: Progress, covenant: Covenant, layout: Layout) -> tuple[Series, ...]:
    """The total and every column that has realised numbers, each against its targets."""
    table = target_table(progress, covenant)
    place = layout.places.get(table.id) if table else None
    origin = layout.phrase(place, None, None) if place else "het convenant"
    origin = f"{origin} van het convenant"
    keys: list[tuple[str, str]] = [(TOTAL, table.totaal.kop if table and table.totaal else "Totaal")]
    columns = {c for m in progress.measurements for c, _ in m.columns}
    if table:
        keys += [(c.id, c.kop) for c in table.kolommen if c.id in columns]
    found = []
    for key, name in keys:
        column = None if key == TOTAL else key
        targets = _table_targets(table, column, origin) if table else []
        targets += [p for t in progress.targets if (p := _file_target(progress, t, column))]
        realised = [p for m in progress.measurements if (p := _realised(progress, m, column))]
        base = progress.baseline
        if column is None and base is not None:
            value = base.aantal if progress.schaal == "aantal" else 0
            realised.append(Point(base.when.day, base.when.label, value, base.bron, base.noot, True))
        if not realised:
            continue
        found.append(
            Series(
                key,
                name,
                tuple(sorted(realised, key=lambda p: (p.day, not p.baseline))),
                tuple(sorted(targets, key=lambda p: p.day)),
            )
        )
    return tuple(found)
