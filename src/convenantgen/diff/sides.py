"""Both versions side by side, and how a change is written down (shared by the diff's stages)."""

from __future__ import annotations

from dataclasses import dataclass

from convenantgen.checks.references import split_target
from convenantgen.diff.model import ADDED, CHANGED, REMOVED, Change
from convenantgen.diff.words import Token, compare, join, same, tokens
from convenantgen.i18n import _
from convenantgen.layout import Layout, Slot
from convenantgen.loader import JsonPath
from convenantgen.model import Covenant
from convenantgen.numbering import Numbering
from convenantgen.pipeline import Checked

OLD, NEW = 0, 1


@dataclass(frozen=True)
class Side:
    """One version: its covenant, layout and numbering."""

    checked: Checked
    covenant: Covenant
    layout: Layout
    slots: dict[JsonPath, Slot]

    @property
    def numbering(self) -> Numbering:
        """The version's numbering."""
        return self.layout.numbering

    def label(self, path: JsonPath | None) -> str | None:
        """The part's label in this version ('artikel 2, tweede lid')."""
        part = self.numbering.by_path(path) if path is not None else None
        return part.label if part else None

    def tokens(self, path: JsonPath, text: str | None) -> tuple[Token, ...]:
        """The words of a text, references shown as this version renders them at that place."""
        slot = self.slots.get(path) or self.slots.get((*path, "tekst"))
        article, lid = (slot.article_id, slot.lid_key) if slot else (None, None)

        def shown(raw: str) -> str:
            if raw.startswith("[^"):
                number = self.numbering.note(raw[2:-1])
                return f"[noot {number}]" if number else raw
            place = self.layout.places.get(split_target(raw[2:-2])[0])
            return self.layout.phrase(place, article, lid) if place else raw

        return tokens(text, shown)

    def plain(self, path: JsonPath, text: str | None) -> str:
        """A text as plain words, references resolved."""
        return join(self.tokens(path, text))


def side(checked: Checked) -> Side:
    """One fully checked version."""
    if checked.covenant is None or checked.layout is None:
        raise ValueError(_("{path} did not pass check").format(path=checked.path))
    return Side(checked, checked.covenant, checked.layout, {s.path: s for s in checked.layout.slots})


class Sides:
    """The two versions and the changes found so far, in the new version's reading order."""

    def __init__(self, old: Checked, new: Checked) -> None:
        self.old = side(old)
        self.new = side(new)
        self.changes: list[Change] = []
        self.pairs: list[tuple[JsonPath | None, JsonPath | None]] = []

    def pair(self, old: JsonPath | None, new: JsonPath | None) -> None:
        """Record that two parts are one (or that a part stands on one side only)."""
        self.pairs.append((old, new))

    def add(self, change: Change) -> None:
        """Record a change."""
        self.changes.append(change)

    def text(
        self,
        subject: str,
        key: str | None,
        paths: tuple[JsonPath, JsonPath],
        texts: tuple[str | None, str | None],
        field: str = "tekst",
        labels: tuple[str | None, str | None] | None = None,
    ) -> bool:
        """A reworded text: 'changed' with word ops, or nothing when the words are the same."""
        old = self.old.tokens(paths[0], texts[0])
        new = self.new.tokens(paths[1], texts[1])
        if same(old, new):
            return False
        owner = (
            (paths[0][:-1] if paths[0][-1:] == ("tekst",) else paths[0]),
            (paths[1][:-1] if paths[1][-1:] == ("tekst",) else paths[1]),
        )
        old_label, new_label = labels or (self.old.label(owner[0]), self.new.label(owner[1]))
        self.add(
            Change(
                CHANGED,
                subject,
                key,
                old_label,
                new_label,
                join(old) or None,
                join(new) or None,
                compare(old, new),
                paths[0],
                paths[1],
                field=field,
            )
        )
        return True

    def value(
        self,
        subject: str,
        key: str | None,
        field: str,
        labels: tuple[str | None, str | None],
        values: tuple[str | None, str | None],
        paths: tuple[JsonPath, JsonPath] = ((), ()),
        note: str | None = None,
    ) -> None:
        """A changed value (a date, an amount, a name): 'changed' with old and new."""
        if values[0] != values[1]:
            self.add(
                Change(
                    CHANGED,
                    subject,
                    key,
                    labels[0],
                    labels[1],
                    values[0],
                    values[1],
                    (),
                    paths[0],
                    paths[1],
                    note,
                    field,
                )
            )

    def one_side(
        self,
        subject: str,
        key: str | None,
        path: JsonPath,
        text: str | None,
        added: bool,
        label: str | None = None,
        note: str | None = None,
        title: str | None = None,
    ) -> None:
        """A part that stands in one version only: 'added' (new) or 'removed' (old)."""
        where = self.new if added else self.old
        label = label or where.label(path) or subject
        if added:
            self.pair(None, path)
            self.add(Change(ADDED, subject, key, None, label, None, text, (), (), path, note, title=title))
        else:
            self.pair(path, None)
            self.add(Change(REMOVED, subject, key, label, None, text, None, (), path, (), note, title=title))
