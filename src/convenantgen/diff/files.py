"""Compare two sides (files or ``REV:PATH``), or every covenant a revision and the working tree
disagree on."""

from __future__ import annotations

from convenantgen.diff.engine import diff
from convenantgen.diff.model import FileDiff
from convenantgen.diff.revisions import ADDED, REMOVED, changed_files, check_spec
from convenantgen.findings import Finding, Severity
from convenantgen.pipeline import Checked


def _errors(checked: Checked) -> tuple[Finding, ...]:
    return tuple(f for f in checked.findings if f.severity == Severity.ERROR)


def compare(old_spec: str, new_spec: str) -> FileDiff:
    """The diff of two sides; a side that does not pass check gives its findings instead."""
    old, new = check_spec(old_spec), check_spec(new_spec)
    problems = _errors(old) + _errors(new)
    if problems or old.covenant is None or new.covenant is None:
        return FileDiff("error", old_spec, new_spec, findings=tuple(sorted(problems)))
    return FileDiff("changed", old_spec, new_spec, diff(old, new))


def compare_revision(base: str, paths: tuple[str, ...] = ()) -> list[FileDiff]:
    """Every covenant added, removed or changed between ``base`` and the working tree."""
    out: list[FileDiff] = []
    for change in changed_files(base, paths):
        if change.status == ADDED:
            assert change.new is not None
            new = check_spec(change.new)
            problems = _errors(new)
            status = "error" if problems else ADDED
            out.append(FileDiff(status, None, change.new, checked=new, findings=problems))
        elif change.status == REMOVED:
            out.append(FileDiff(REMOVED, change.old, None, checked=check_spec(change.old or "")))
        else:
            assert change.old is not None and change.new is not None
            out.append(compare(change.old, change.new))
    return out
