"""Load → validate → check for one file or many, and discovery of covenant files in folders.

Nothing here imports Jinja2 or WeasyPrint: ``check`` (and the diff) stay light.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from convenantgen.checks import Context, run_checks
from convenantgen.checks.term import describe_entry, entry_into_force
from convenantgen.deceptive import deceptive_text
from convenantgen.findings import Finding, Severity
from convenantgen.i18n import _
from convenantgen.layout import Layout, build_layout
from convenantgen.loader import Source, load_file
from convenantgen.model import Covenant
from convenantgen.parse import build_covenant
from convenantgen.partial import checkable
from convenantgen.places import placed
from convenantgen.recover import recover, relocate, text_of
from convenantgen.relations import relation_findings
from convenantgen.sources import discover as discover  # re-exported for build and the CLI
from convenantgen.validate import validate

FAST_BATCH = 8  # from this many files on, compiling the fast validator pays off
_MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=\S+", re.MULTILINE)


@dataclass(frozen=True)
class Fact:
    """Something check computes and reports, such as the entry-into-force date."""

    path: str
    code: str
    message: str
    value: str | None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"path": self.path, "code": self.code, "message": self.message, "value": self.value}


@dataclass(frozen=True)
class Checked:
    """The outcome of loading, validating and checking one file."""

    path: str
    source: Source | None
    covenant: Covenant | None
    layout: Layout | None
    findings: tuple[Finding, ...]
    facts: tuple[Fact, ...] = ()


def _cut_off(source: Source) -> tuple[Finding, ...]:
    return tuple(
        Finding(
            source.path,
            line,
            column,
            "CG008",
            Severity.WARNING,
            _("the rest of this line is read as a YAML comment and left out of the text"),
            _("put the whole text between double quotes, or use a block (>-) for long text"),
        )
        for line, column in source.cut_off
    )


def _modeline(source: Source) -> tuple[Finding, ...]:
    head = "\n".join(source.text.splitlines()[:5])
    if _MODELINE.search(head):
        return ()
    return (
        Finding(
            source.path,
            1,
            1,
            "CG007",
            Severity.WARNING,
            _("the file does not name its schema"),
            _(
                "start the file with "
                "'# yaml-language-server: $schema=<path to schemas/convenant.schema.json>'"
            ),
        ),
    )


def _rules_on_valid_parts(source: Source, problems: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The schema findings placed in the document, and the rule findings of the parts left valid."""
    mended = checkable(source)
    if mended is None:
        return problems
    fixed, invalid = mended
    covenant = build_covenant(fixed.data, source.path)
    layout = build_layout(covenant)
    entry = None if invalid & {"looptijd", "ondertekening"} else entry_into_force(covenant)
    found = run_checks(Context(fixed, covenant, layout, entry, invalid))
    return placed(problems, layout.numbering, invalid) + found


def check_source(source: Source, fast: bool = False) -> Checked:
    """Validate and check a loaded source (``fast``: see :func:`validate`)."""
    problems = validate(source, fast)
    # Text that lies is refused whatever else is wrong: it is how a bad file looks right.
    file_level = deceptive_text(source) + _modeline(source) + _cut_off(source)
    if problems:
        found = _rules_on_valid_parts(source, problems)
        return Checked(source.path, source, None, None, tuple(sorted({*found, *file_level})))
    covenant = build_covenant(source.data, source.path)
    layout = build_layout(covenant)
    context = Context(source, covenant, layout, entry_into_force(covenant))
    findings = run_checks(context) + file_level
    fact = entry_into_force(covenant)
    facts = (Fact(source.path, "CG600", describe_entry(covenant), fact.isoformat() if fact else None),)
    return Checked(source.path, source, covenant, layout, tuple(sorted(findings)), facts)


def check_file(path: Path, fast: bool = False, root: Path | None = None) -> Checked:
    """Load, validate and check one covenant file; bad input becomes findings, never exceptions.

    ``root``: the folder a symbolic link at ``path`` may point into (see :func:`discover`).
    """
    source, problems = load_file(path, root)
    if source is None and problems and problems[0].code == "CG002":
        text = text_of(path, root)
        mended, syntax = recover(text, str(path), problems[0]) if text is not None else (None, problems)
        if mended is None:
            return Checked(str(path), None, None, None, syntax)
        # Checked further so that one run shows every problem; nothing is built from it.
        rest = relocate(check_source(mended, fast).findings, text or "", mended.text)
        return Checked(str(path), None, None, None, tuple(sorted({*syntax, *rest})))
    if source is None:
        return Checked(str(path), None, None, None, problems)
    return check_source(source, fast)


def check_all(
    paths: Iterable[Path] | Mapping[Path, Path | None], known_ids: dict[str, str] | None = None
) -> tuple[tuple[Checked, ...], tuple[Finding, ...], tuple[Fact, ...]]:
    """Check every covenant file under ``paths``; ids must be unique across files.

    ``known_ids`` maps ids of covenants that are not re-checked to the file that has them.
    ``paths`` may be what :func:`discover` returned (each file with its root).
    """
    files = paths if isinstance(paths, Mapping) else discover(paths)
    # Compiling the fast validator pays off from a handful of files on.
    checked = tuple(check_file(p, len(files) >= FAST_BATCH, root) for p, root in files.items())
    findings = [f for c in checked for f in c.findings]
    owners: dict[str, str] = dict(known_ids or {})
    for c in checked:
        if c.covenant is None or c.source is None:
            continue
        first = owners.setdefault(c.covenant.id, c.path)
        if first != c.path:
            line, column = c.source.position(("id",))
            findings.append(
                Finding(
                    c.path,
                    line,
                    column,
                    "CG011",
                    Severity.ERROR,
                    _("the id '{id}' is also used by {first}").format(id=c.covenant.id, first=first),
                    _("give every covenant its own id; it names the output files"),
                    "id",
                )
            )
    pairs = [(c.covenant, c.source) for c in checked if c.covenant is not None and c.source is not None]
    findings.extend(relation_findings(pairs, {c.id: c.titel for c, _s in pairs}))
    facts = tuple(f for c in checked for f in c.facts)
    return checked, tuple(findings), facts
