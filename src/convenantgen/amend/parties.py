"""Artikel I of a wijzigingsconvenant: parties leaving and joining, and the party list.

"… treedt uit als Partij" / "… treedt toe als Partij" is covenant practice. A party that
stays but reads differently in the party list (name, short name, representatives) gets
its entry restated; a party that moves to another group or place is said to be listed there.
"""

from __future__ import annotations

import difflib

from convenantgen import dutch
from convenantgen.amend import phrasing as ph
from convenantgen.amend.model import Cover, Instruction
from convenantgen.model import Covenant, Group, Party
from convenantgen.names import hierna, party_name, person

_LIST = "In de opsomming van de Partijen"


def entry(covenant: Covenant, party: Party) -> str:
    """The party's line in the party list, as printed: 'Gemeente Haarlem, vertegenwoordigd door: …'."""
    wording = covenant.partijlijst
    name = party_name(party, capital=True) + hierna(party.korte_naam, wording, after_name=True)
    people = " en ".join(person(covenant.person(r.person_id)) for r in party.vertegenwoordigers)
    by = "" if party.in_persoon else f" {wording.vertegenwoordiging}:"
    return f"{name},{by} {people}{hierna(party.korte_naam, wording, after_name=False)}"


def _note(party: Party) -> tuple[str, ...]:
    """The footnote call a party makes after its name, as a text (see Instruction.sources)."""
    return (f"[^{party.noot}]",) if party.noot else ()


def _members(covenant: Covenant) -> dict[str, tuple[Party, Group]]:
    return {p.id: (p, g) for g in covenant.groepen for p in g.partijen}


def _membership(
    these: dict[str, tuple[Party, Group]], others: dict[str, tuple[Party, Group]], side: str, verb: str
) -> list[Instruction]:
    """'X treedt uit/toe als Partij' for each party of ``these`` not among ``others``."""
    out: list[Instruction] = []
    for pid, (party, group) in these.items():
        if pid in others:
            continue
        covers = [Cover(side, party.path)]
        if group.id and not any(p.id in others for p in group.partijen):
            covers.append(Cover(side, group.path, ("groep",), under=False))
        out.append(
            Instruction(
                f"{party_name(party, capital=True)} {verb}.", covers=tuple(covers), sources=_note(party)
            )
        )
    return out


def party_instructions(old: Covenant, new: Covenant) -> list[Instruction]:
    """The instructions of Artikel I, in the order: leaving, joining, changed."""
    before, after = _members(old), _members(new)
    out = _membership(before, after, "old", "treedt uit als Partij") + _membership(
        after, before, "new", "treedt toe als Partij"
    )
    out += _groups(old, new)
    kept = [pid for pid in after if pid in before]
    for pid in kept:
        (was, old_group), (now, new_group) = before[pid], after[pid]
        both = (
            Cover("old", was.path, ("partij", "vertegenwoordiger")),
            Cover("new", now.path, ("partij", "vertegenwoordiger")),
        )
        if party_name(was) != party_name(now):
            out.append(
                Instruction(
                    f"In het convenant wordt {ph.quote(party_name(was))} telkens vervangen door "
                    f"{ph.quote(party_name(now))}.",
                    covers=both,
                )
            )
        if entry(old, was) != entry(new, now) or was.noot != now.noot:
            out.append(
                Instruction(
                    f"{_LIST} komt de vermelding van {party_name(was)} te luiden: {entry(new, now)}.",
                    covers=both,
                    sources=_note(was) + _note(now),
                )
            )
        if old_group.id != new_group.id:
            where = f"onder de {new_group.naam}" if new_group.id else "als afzonderlijke Partij"
            out.append(
                Instruction(
                    f"{_LIST} wordt {party_name(now)} vermeld {where}.",
                    covers=(Cover("old", was.path, ("partij",)), Cover("new", now.path, ("partij",))),
                )
            )
    out += _order(before, after, kept)
    return out


def _groups(old: Covenant, new: Covenant) -> list[Instruction]:
    """Groups that stay under another name."""
    names = {g.id: g for g in old.groepen if g.id}
    out = []
    for group in new.groepen:
        was = names.get(group.id) if group.id else None
        if was is not None and was.naam != group.naam:
            out.append(
                Instruction(
                    f"{_LIST} wordt {ph.quote(f'Namens de {was.naam}')} vervangen door "
                    f"{ph.quote(f'Namens de {group.naam}')}.",
                    covers=(
                        Cover("old", was.path, ("groep",), under=False),
                        Cover("new", group.path, ("groep",), under=False),
                    ),
                )
            )
    return out


def _order(
    before: dict[str, tuple[Party, Group]], after: dict[str, tuple[Party, Group]], kept: list[str]
) -> list[Instruction]:
    """Parties kept but listed in another order: each one moved is said to follow its neighbour."""
    old_order = [pid for pid in before if pid in after]
    matcher = difflib.SequenceMatcher(None, old_order, kept, autojunk=False)
    stable = {pid for block in matcher.get_matching_blocks() for pid in kept[block.b : block.b + block.size]}
    out = []
    listed = list(after)
    for pid in kept:
        if pid in stable:
            continue
        party = after[pid][0]
        place = listed.index(pid)
        previous = party_name(after[listed[place - 1]][0]) if place else None
        where = f"na {previous}" if previous else "als eerste"
        out.append(
            Instruction(
                f"{_LIST} wordt {party_name(party)} vermeld {where}.",
                covers=(
                    Cover("old", before[pid][0].path, ("partij",)),
                    Cover("new", party.path, ("partij",)),
                ),
            )
        )
    return out


def joined_and_left(old: Covenant, new: Covenant) -> tuple[list[str], list[str]]:
    """Names of the parties that join and that leave (for the recitals and the coverage)."""
    before, after = _members(old), _members(new)
    joined = [party_name(p) for pid, (p, _) in after.items() if pid not in before]
    left = [party_name(p) for pid, (p, _) in before.items() if pid not in after]
    return joined, left


def opsomming(names: list[str]) -> str:
    """'A, B en C'."""
    return dutch.opsomming(names)
