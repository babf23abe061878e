"""The wijzigingsconvenant as values: instructions in the words of the Aanwijzingen, and what each states."""

from __future__ import annotations

from dataclasses import dataclass, field

from convenantgen.diff.model import Change
from convenantgen.findings import Finding
from convenantgen.loader import JsonPath

OLD, NEW = "old", "new"


@dataclass(frozen=True)
class Block:
    """A part of the new version printed after 'komt te luiden:' or 'luidende:'.

    ``kind``: 'artikel', 'lid', 'onderdeel', 'subonderdeel', 'overweging', 'tabel', 'noot',
    'inleiding' (paths in the new version), or 'zinnen' (``text``: sentences added to a text).
    """

    kind: str
    path: JsonPath = ()
    text: str = ""
    article: str | None = None  # the article the part stands in, for its references
    lid: str | None = None  # the numbered lid it stands in ('<article>#<n>'), likewise


@dataclass(frozen=True)
class Cover:
    """Which changes of the diff an instruction states: those at (or under) a path of one side."""

    side: str  # OLD or NEW
    path: JsonPath
    subjects: tuple[str, ...] = ()  # () = every subject
    under: bool = True  # False: only a change at exactly this path

    def covers(self, change: Change) -> bool:
        """True when this instruction states ``change``."""
        path = change.old_path if self.side == OLD else change.new_path
        if self.subjects and change.subject not in self.subjects:
            return False
        if not path:
            return False
        path = tuple(path)
        return path == self.path or (self.under and path[: len(self.path)] == self.path)


@dataclass(frozen=True)
class Instruction:
    """One numbered instruction (A, B, ...): a sentence, the parts that follow, what it states.

    ``items`` makes it a group ("Artikel 3 wordt als volgt gewijzigd:") of numbered
    instructions (1., 2., ...), Aanwijzing 6.15.
    """

    text: str
    blocks: tuple[Block, ...] = ()
    covers: tuple[Cover, ...] = ()
    items: tuple[Instruction, ...] = ()
    sources: tuple[str, ...] = ()  # author texts it states (the references and notes they make)

    def walk(self) -> tuple[Instruction, ...]:
        """This instruction and the ones grouped under it."""
        return (self, *(i for item in self.items for i in item.walk()))


@dataclass(frozen=True)
class Amendment:
    """A planned wijzigingsconvenant: Artikel I (parties), II (text), the entry into force."""

    title: str
    parties: tuple[Instruction, ...]
    changes: tuple[Instruction, ...]
    entry: str
    recitals: tuple[str, ...]
    findings: tuple[Finding, ...] = ()
    unstated: tuple[Change, ...] = field(default=())

    @property
    def instructions(self) -> tuple[Instruction, ...]:
        """Every instruction, grouped ones included."""
        return tuple(i for top in self.parties + self.changes for i in top.walk())
