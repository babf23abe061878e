"""Checks of a progress file against its covenant: dates in the term, columns that exist,
numbers that add up, and the shortfall against the cumulative target as a notice."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from convenantgen import dutch
from convenantgen.findings import Finding, Severity
from convenantgen.i18n import N_, _
from convenantgen.layout import Layout
from convenantgen.loader import JsonPath, Source
from convenantgen.model import Covenant
from convenantgen.pipeline import Checked, check_file, discover
from convenantgen.progress import Figure, Progress, load_progress
from convenantgen.progress_series import build_series, target_table, unit
from convenantgen.schedule import term_start

# code: (severity, title, default hint)
CODES: dict[str, tuple[Severity, str, str]] = {
    "CG801": (
        Severity.ERROR,
        N_("progress file for another covenant"),
        N_("write the id of the covenant beside it under 'convenant', or pass the right covenant"),
    ),
    "CG802": (
        Severity.WARNING,
        N_("measurement or target outside the term"),
        N_(
            "correct the date; a figure from before the term (an earlier covenant's) is "
            "marked 'voor_looptijd: true'"
        ),
    ),
    "CG803": (
        Severity.ERROR,
        N_("'voor_looptijd' on a date that is not before the term"),
        N_("remove 'voor_looptijd: true': the date lies inside the term"),
    ),
    "CG804": (
        Severity.ERROR,
        N_("table or column that the covenant does not have"),
        N_("use the id of a target table of the covenant and the ids of its columns"),
    ),
    "CG805": (
        Severity.ERROR,
        N_("numbers that do not add up"),
        N_(
            "correct one of the numbers; 'aantal' is the nulmeting plus the 'groei', and the "
            "columns add up to the total"
        ),
    ),
    "CG806": (
        Severity.ERROR,
        N_("number that cannot be counted without a nulmeting"),
        N_("add 'nulmeting' with its 'aantal', or give the number on the file's 'schaal'"),
    ),
    "CG807": (
        Severity.ERROR,
        N_("two measurements or targets on one date"),
        N_("keep one number per date; put the other source in 'noot'"),
    ),
    "CG808": (
        Severity.ERROR,
        N_("measurement dated before the nulmeting"),
        N_("correct the date of the measurement or of the nulmeting"),
    ),
    "CG809": (
        Severity.INFO,
        N_("realised below the cumulative target"),
        N_("a notice, not an error: the report shows the difference"),
    ),
}


@dataclass(frozen=True)
class _Hit:
    code: str
    path: JsonPath
    message: str
    at_key: bool = False
    hint: str | None = None


def _figures(progress: Progress) -> Iterator[tuple[str, Figure]]:
    for figure in progress.measurements:
        yield "measurement", figure
    for figure in progress.targets:
        yield "target", figure


def _covenant(progress: Progress, covenant: Covenant) -> Iterator[_Hit]:
    if progress.covenant_id != covenant.id:
        yield _Hit(
            "CG801",
            ("convenant",),
            _("this progress file is for '{covenant_id}', not for '{id}'").format(
                covenant_id=progress.covenant_id, id=covenant.id
            ),
        )


def _term(progress: Progress, covenant: Covenant) -> Iterator[_Hit]:
    start, end = term_start(covenant), covenant.looptijd.einde
    for kind, figure in _figures(progress):
        day, label = figure.when.day, figure.when.label
        before = start is not None and day < start
        key = "datum" if not figure.when.month_only else "maand"
        if figure.before_term and start is not None and not before:
            yield _Hit(
                "CG803",
                (*figure.path, "voor_looptijd"),
                _("{kind} of {label} is marked 'voor_looptijd', but the term starts on {start}").format(
                    kind=kind, label=label, start=dutch.datum(start)
                ),
                at_key=True,
            )
        elif start is not None and before and not figure.before_term:
            yield _Hit(
                "CG802",
                (*figure.path, key),
                _("{kind} of {label} lies before the term, which starts on {start}").format(
                    kind=kind, label=label, start=dutch.datum(start)
                ),
            )
        if end is not None and day > end:
            yield _Hit(
                "CG802",
                (*figure.path, key),
                _("{kind} of {label} lies after the end of the term ({end})").format(
                    kind=kind, label=label, end=dutch.datum(end)
                ),
                hint=_("a number measured after the end belongs to the next covenant's progress"),
            )


def _columns(progress: Progress, covenant: Covenant) -> Iterator[_Hit]:
    tables = [lid.tabel for a in covenant.artikelen for lid in a.leden if lid.tabel]
    table = target_table(progress, covenant)
    if progress.tabel and table is None:
        known = ", ".join(t.id for t in tables) or "none"
        yield _Hit(
            "CG804",
            ("tabel",),
            _("the covenant has no target table '{tabel}' (tables: {known})").format(
                tabel=progress.tabel, known=known
            ),
        )
        return
    if table is None and len(tables) > 1:
        yield _Hit(
            "CG804",
            ("schaal",),
            _("the covenant has {n_tables} target tables; say which one with 'tabel'").format(
                n_tables=len(tables)
            ),
            at_key=True,
            hint=_("add 'tabel: <id>' with one of: {tables}").format(tables=", ".join(t.id for t in tables)),
        )
    known_columns = [c.id for c in table.kolommen] if table else []
    for _kind, figure in _figures(progress):
        for column, _unused in figure.columns:
            if column not in known_columns:
                where = (
                    _("table '{id}' has {known_columns}").format(
                        id=table.id, known_columns=", ".join(known_columns)
                    )
                    if table
                    else _("it has no table")
                )
                yield _Hit(
                    "CG804",
                    (*figure.path, "kolommen", column),
                    _("column '{column}' is not a column of the covenant's target table ({where})").format(
                        column=column, where=where
                    ),
                    at_key=True,
                )


def _numbers(progress: Progress) -> Iterator[_Hit]:
    base = progress.baseline
    seen: dict[tuple[str, object], Figure] = {}
    for kind, figure in _figures(progress):
        label = figure.when.label
        both = figure.aantal is not None and figure.groei is not None and base is not None
        if both and base and figure.groei is not None and figure.aantal != base.aantal + figure.groei:
            yield _Hit(
                "CG805",
                (*figure.path, "groei"),
                _("{label}: aantal {aantal} is not the nulmeting {aantal2} + groei {groei} = {value}").format(
                    label=label,
                    aantal=figure.aantal,
                    aantal2=base.aantal,
                    groei=figure.groei,
                    value=base.aantal + figure.groei,
                ),
            )
        total = figure.aantal if progress.schaal == "aantal" else figure.groei
        if figure.columns and total is not None:
            parts = sum(v for _unused, v in figure.columns)
            if parts != total:
                shown = " + ".join(str(v) for _unused, v in figure.columns)
                yield _Hit(
                    "CG805",
                    (*figure.path, "kolommen"),
                    _("{label}: the columns add up to {shown} = {parts}, not {total}").format(
                        label=label, shown=shown, parts=parts, total=total
                    ),
                    at_key=True,
                )
        if progress.on_scale(figure) is None and base is None:
            given = "groei" if figure.groei is not None else "aantal"
            yield _Hit(
                "CG806",
                (*figure.path, given),
                _("{label}: '{given}' cannot be counted as '{schaal}' without a nulmeting").format(
                    label=label, given=given, schaal=progress.schaal
                ),
                at_key=True,
            )
        previous = seen.setdefault((kind, figure.when.day), figure)
        if previous is not figure:
            yield _Hit(
                "CG807",
                figure.path,
                _("a second {kind} on {label}").format(kind=kind, label=label),
            )
        if kind == "measurement" and base is not None and figure.when.day < base.when.day:
            yield _Hit(
                "CG808",
                figure.path,
                _("measurement of {label} lies before the nulmeting of {label2}").format(
                    label=label, label2=base.when.label
                ),
            )


def _shortfall(progress: Progress, covenant: Covenant, layout: Layout) -> Iterator[_Hit]:
    counted = unit(progress, covenant)
    figures = {m.when.day: m for m in progress.measurements}
    for series in build_series(progress, covenant, layout):
        for point in series.realised:
            due = None if point.baseline else series.due_on(point.day)
            figure = figures.get(point.day)
            if due is None or figure is None or point.value >= due.value:
                continue
            if series.key != "totaal":
                path: JsonPath = (*figure.path, "kolommen", series.key)
            else:
                given = [k for k in (progress.schaal, "aantal", "groei") if getattr(figure, k) is not None]
                path = (*figure.path, given[0] if given else "kolommen")
            what = "" if series.key == "totaal" else f" ({series.name})"
            yield _Hit(
                "CG809",
                path,
                _(
                    "{label}: {value} {counted} realised{what}, {value2} below the cumulative target "
                    "of {value3} due on {day}"
                ).format(
                    label=point.label,
                    value=point.value,
                    counted=counted,
                    what=what,
                    value2=due.value - point.value,
                    value3=due.value,
                    day=dutch.datum(due.day),
                ),
            )


def check_progress(
    progress: Progress, source: Source, covenant: Covenant, layout: Layout
) -> tuple[Finding, ...]:
    """Every finding of a valid progress file against its covenant, sorted by place."""
    hits = [*_covenant(progress, covenant)]
    if not hits:
        hits += [*_term(progress, covenant), *_columns(progress, covenant), *_numbers(progress)]
    if not any(CODES[h.code][0] is Severity.ERROR for h in hits):
        hits += _shortfall(progress, covenant, layout)
    found = set()
    for hit in hits:
        severity, _title, hint = CODES[hit.code]
        line, column = source.position(hit.path, key=hit.at_key)
        found.add(Finding(source.path, line, column, hit.code, severity, hit.message, hit.hint or hint))
    return tuple(sorted(found))


def check_progress_file(
    path: Path, covenant: Covenant, layout: Layout
) -> tuple[Progress | None, tuple[Finding, ...]]:
    """Load, validate and check one progress file against its covenant."""
    progress, source, problems = load_progress(path)
    if progress is None or source is None:
        return None, problems
    return progress, check_progress(progress, source, covenant, layout)


def check_progress_files(
    paths: Iterable[Path], checked: Iterable[Checked]
) -> tuple[int, tuple[Finding, ...]]:
    """Check every progress file under ``paths`` against its covenant (for ``convenantgen check``).

    The covenant is the one with the id the file names among ``checked``, else the file it
    stands beside. Returns the number of progress files and their findings.
    """
    files = discover(paths, progress=True)
    by_id = {c.covenant.id: c for c in checked if c.covenant is not None}
    found: list[Finding] = []
    for path, root in files.items():
        progress, source, problems = load_progress(path, root)
        found += problems
        if progress is None or source is None:
            continue
        item = by_id.get(progress.covenant_id)
        beside = path.with_name(path.name.replace(".voortgang", "", 1))
        if item is None and beside.is_file():
            item = check_file(beside)
        if item is None or item.covenant is None or item.layout is None:
            if item is None:
                line, column = source.position(("convenant",))
                severity, _title, hint = CODES["CG801"]
                message = _(
                    "no covenant '{covenant_id}' among the files checked, nor beside this file"
                ).format(covenant_id=progress.covenant_id)
                found.append(Finding(source.path, line, column, "CG801", severity, message, hint))
            continue
        found += check_progress(progress, source, item.covenant, item.layout)
    return len(files), tuple(found)
