"""The diff as values: what changed between two checked versions, named by both numberings."""

from __future__ import annotations

from dataclasses import dataclass

from convenantgen.findings import Finding
from convenantgen.loader import JsonPath
from convenantgen.pipeline import Checked

# Change.kind
ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
MOVED = "moved"
KINDS = (ADDED, REMOVED, CHANGED, MOVED)

# Word ops in Change.words
SAME = "="
DELETED = "-"
INSERTED = "+"


@dataclass(frozen=True)
class Change:
    """One change in substance, in the document's own terms.

    ``subject`` names the kind of part: 'partij', 'groep', 'vertegenwoordiger', 'artikel',
    'lid', 'onderdeel', 'subonderdeel', 'overweging', 'cel', 'looptijd', 'herziening',
    'termijn', 'budget', 'post', 'noot', 'ondertekening', 'titel', 'regio', 'gemeente', ...
    ``key`` is the stable id the two sides were paired by (None for a part without one);
    ``old_label``/``new_label`` name it in each side's numbering ("artikel 2, tweede lid");
    ``old``/``new`` are the values or plain texts; ``words`` the word-level ops of a
    reworded text; ``note`` an effect elsewhere ("totaal 2018: 1.065 → 1.080").
    """

    kind: str
    subject: str
    key: str | None
    old_label: str | None
    new_label: str | None
    old: str | None
    new: str | None
    words: tuple[tuple[str, str], ...] = ()
    old_path: JsonPath = ()
    new_path: JsonPath = ()
    note: str | None = None
    field: str | None = None  # which property of the part changed ('tekst', 'titel', 'naam', 'datum', ...)
    title: str | None = None  # the title of an article added, removed or moved

    @property
    def label(self) -> str:
        """'artikel 3, tweede lid (was: artikel 2, tweede lid)', or the one side's label."""
        if self.new_label and self.old_label and self.new_label != self.old_label:
            return f"{self.new_label} (was: {self.old_label})"
        return self.new_label or self.old_label or self.subject


@dataclass(frozen=True)
class Diff:
    """Two fully checked versions and the changes in substance between them."""

    old: Checked
    new: Checked
    changes: tuple[Change, ...]  # in the new document's reading order (removals where they stood)
    renumbered: tuple[tuple[str, str], ...]  # (old label, new label) of articles renumbered: said once
    # Every part paired or left over, as (old path, new path): the redline marks the page with it.
    pairs: tuple[tuple[JsonPath | None, JsonPath | None], ...] = ()

    @property
    def same(self) -> bool:
        """No change in substance (comments, key order or YAML style at most)."""
        return not self.changes and not self.renumbered


@dataclass(frozen=True)
class FileDiff:
    """The outcome for one covenant file: its diff, or why there is none.

    ``status`` is 'changed' (``diff`` set), 'added' or 'removed' (``checked`` is the side
    that exists), or 'error': a side did not pass check, and ``findings`` says why.
    """

    status: str
    old_name: str | None
    new_name: str | None
    diff: Diff | None = None
    checked: Checked | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def has_changes(self) -> bool:
        """Something to report (for --exit-code): a change in substance, an added or removed file."""
        return self.status in ("added", "removed") or (self.diff is not None and not self.diff.same)
