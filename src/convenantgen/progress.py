"""Progress: realised numbers recorded beside a covenant, as immutable values.

A progress file is ``<covenant file stem>.voortgang.yaml`` beside the covenant. It is read
by the same strict loader as a covenant and validated against ``schemas/voortgang.schema.json``,
so its errors are located findings too; discovery of covenants skips it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from convenantgen import dutch
from convenantgen.findings import Finding
from convenantgen.loader import JsonPath, Source, load_file
from convenantgen.sources import PROGRESS_SUFFIX, is_progress_file
from convenantgen.validate import validate


def progress_path_for(covenant_path: Path) -> Path:
    """Where the progress file of a covenant lives: beside it, ``<stem>.voortgang.yaml``."""
    return covenant_path.with_name(f"{covenant_path.stem}{PROGRESS_SUFFIX}{covenant_path.suffix or '.yaml'}")


@dataclass(frozen=True)
class When:
    """A day measured, or a month when the source names no day."""

    day: date  # the day itself, or the last day of the month
    month_only: bool

    @property
    def label(self) -> str:
        """'30 juni 2018' or 'december 2012'."""
        if self.month_only:
            return dutch.maand(f"{self.day.year:04d}-{self.day.month:02d}")
        return dutch.datum(self.day)

    @property
    def first_day(self) -> date:
        """The first day the date can mean (the first of the month for a month)."""
        return self.day.replace(day=1) if self.month_only else self.day


@dataclass(frozen=True)
class Figure:
    """A measurement or a target: a date and a number, as the source gives it."""

    when: When
    aantal: int | None  # the stand, the baseline included
    groei: int | None  # growth since the nulmeting
    columns: tuple[tuple[str, int], ...]  # per column, on the file's scale
    bron: str
    noot: str | None
    before_term: bool  # 'voor_looptijd: true'
    path: JsonPath

    def column(self, column_id: str) -> int | None:
        """The number for a column, when the figure has it."""
        return dict(self.columns).get(column_id)


@dataclass(frozen=True)
class Baseline:
    """The nulmeting: the number growth is counted from."""

    when: When
    aantal: int
    bron: str
    noot: str | None
    path: JsonPath


@dataclass(frozen=True)
class Progress:
    """A whole progress file."""

    path: str
    covenant_id: str
    titel: str | None
    datum: date | None
    schaal: str  # 'aantal' or 'groei'
    eenheid: str | None
    tabel: str | None
    toelichting: str | None
    baseline: Baseline | None
    targets: tuple[Figure, ...]
    measurements: tuple[Figure, ...]

    def on_scale(self, figure: Figure) -> int | None:
        """The figure's total on the file's scale, converted through the baseline when needed."""
        base = self.baseline.aantal if self.baseline else None
        if self.schaal == "aantal":
            if figure.aantal is not None:
                return figure.aantal
            if figure.groei is not None and base is not None:
                return base + figure.groei
        else:
            if figure.groei is not None:
                return figure.groei
            if figure.aantal is not None and base is not None:
                return figure.aantal - base
        return sum(v for _, v in figure.columns) if figure.columns else None

    @property
    def report_date(self) -> date | None:
        """The report's own date: 'datum', or the last measurement."""
        days = [m.when.day for m in self.measurements]
        return self.datum or (max(days) if days else None)


def _when(raw: dict[str, Any]) -> When:
    if "datum" in raw:
        return When(date.fromisoformat(raw["datum"]), False)
    year, month = (int(x) for x in str(raw["maand"]).split("-"))
    return When(date(year, month, calendar.monthrange(year, month)[1]), True)


def _figure(raw: dict[str, Any], path: JsonPath) -> Figure:
    return Figure(
        when=_when(raw),
        aantal=raw.get("aantal"),
        groei=raw.get("groei"),
        columns=tuple((str(k), int(v)) for k, v in (raw.get("kolommen") or {}).items()),
        bron=str(raw["bron"]),
        noot=raw.get("noot"),
        before_term=bool(raw.get("voor_looptijd", False)),
        path=path,
    )


def build_progress(data: dict[str, Any], path: str) -> Progress:
    """Build the model from data that passed the voortgang schema."""
    base = data.get("nulmeting")
    baseline = (
        Baseline(_when(base), int(base["aantal"]), str(base["bron"]), base.get("noot"), ("nulmeting",))
        if base
        else None
    )
    return Progress(
        path=path,
        covenant_id=str(data["convenant"]),
        titel=data.get("titel"),
        datum=date.fromisoformat(data["datum"]) if data.get("datum") else None,
        schaal=str(data["schaal"]),
        eenheid=data.get("eenheid"),
        tabel=data.get("tabel"),
        toelichting=data.get("toelichting"),
        baseline=baseline,
        targets=tuple(_figure(t, ("doelen", i)) for i, t in enumerate(data.get("doelen") or [])),
        measurements=tuple(_figure(m, ("metingen", i)) for i, m in enumerate(data["metingen"])),
    )


def load_progress(
    path: Path, root: Path | None = None
) -> tuple[Progress | None, Source | None, tuple[Finding, ...]]:
    """Read and validate a progress file; bad input becomes located findings, never exceptions."""
    source, problems = load_file(path, root)
    if source is None:
        return None, None, problems
    problems = validate(source, schema="voortgang")
    if problems:
        return None, source, problems
    return build_progress(source.data, source.path), source, ()


__all__ = ["is_progress_file", "load_progress", "progress_path_for"]
