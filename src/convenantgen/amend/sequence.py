"""Insertions, removals and moves in one list of parts, numbered as the Aanwijzingen ask (6.18).

The instructions of a wijzigingsconvenant are applied one after the other, so each names
the parts by the numbers they have at that moment. The list is walked from the start: at
position j everything before j already stands as in the new version (and is numbered so),
and the parts from j on still carry the numbers the previous instructions left them.
Removed and inserted parts at one place are paired and restated ("komt te luiden");
the rest are removed or inserted "onder vernummering van" the parts after them.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Protocol

from convenantgen.amend import phrasing as ph
from convenantgen.amend.model import Block, Cover, Instruction


class Parts(Protocol):
    """How one list names, prints and compares its parts (articles, leden, onderdelen, ...)."""

    kind: ph.Kind
    container: str | None  # "artikel 3" for its leden; None for the articles themselves

    def name(self, n: int) -> str:
        """The part numbered n, as the place an instruction is about ("artikel 3, tweede lid")."""

    def short(self, n: int) -> str:
        """The part numbered n as a neighbour in 'na ...' ("het eerste lid", "artikel 2")."""

    def block(self, key: Hashable) -> Block:
        """The new part with this key, to print."""

    def covers(self, key: Hashable, side: str) -> tuple[Cover, ...]:
        """What stating this part (old or new side) states."""

    def sources(self, key: Hashable, side: str) -> tuple[str, ...]:
        """The author texts of this part."""

    def content(self, old: Hashable, new: Hashable, n: int) -> list[Instruction]:
        """The instructions for a part kept at number n whose content may have changed."""

    def punctuation(self, old: Hashable, new: Hashable) -> tuple[str, str] | None:
        """(old, new) end mark when only the mark at the end of the part changed."""


def _whole(parts: Parts, old: Hashable, new: Hashable, n: int) -> Instruction:
    return Instruction(
        ph.replaced(parts.name(n)),
        (parts.block(new),),
        parts.covers(old, "old") + parts.covers(new, "new"),
        sources=parts.sources(old, "old") + parts.sources(new, "new"),
    )


def walk(parts: Parts, old: list[Hashable], new: list[Hashable], paired: bool = True) -> list[Instruction]:
    """Instructions that turn the list ``old`` into ``new`` (keys identify parts across versions).

    ``paired``: a removed and an inserted part at one place are one part restated.
    """
    kind = parts.kind
    old_keys, new_keys = set(old), set(new)
    state = list(old)
    out: list[Instruction] = []
    j = 0
    while j < len(new) or j < len(state):
        r = j
        while r < len(state) and state[r] not in new_keys:
            r += 1
        i = j
        while i < len(new) and new[i] not in old_keys:
            i += 1
        removed, inserted = state[j:r], new[j:i]
        if removed and inserted and paired:
            k = min(len(removed), len(inserted))
            if k == 1:
                out.append(_whole(parts, removed[0], inserted[0], j + 1))
            else:  # 'De overwegingen a tot en met g komen te luiden:'
                out.append(
                    Instruction(
                        f"{ph.subject(_names(parts, j + 1, j + k))} komen te luiden:",
                        tuple(parts.block(key) for key in inserted[:k]),
                        tuple(
                            c
                            for o, n in zip(removed, inserted, strict=False)
                            for c in (*parts.covers(o, "old"), *parts.covers(n, "new"))
                        ),
                        sources=tuple(s for key in removed[:k] for s in parts.sources(key, "old"))
                        + tuple(s for key in inserted[:k] for s in parts.sources(key, "new")),
                    )
                )
            state[j : j + k] = inserted[:k]
            j += k
            continue
        if removed:
            out.append(_removal(parts, state, j, r))
            del state[j:r]
            continue
        if inserted:
            out.append(_insertion(parts, state, j, inserted))
            state[j:j] = inserted
            j += len(inserted)
            continue
        if state[j] != new[j]:
            current = state.index(new[j])
            out.append(_move(parts, state, current, j))
            state.insert(j, state.pop(current))
        key = state[j]
        rest = new[j + 1 :]
        mark = (
            parts.punctuation(key, key) if j + 1 == len(state) and rest and not set(rest) & old_keys else None
        )
        if mark is not None and parts.container is not None:
            # 'Onder vervanging van de punt aan het slot van onderdeel b door een puntkomma
            # wordt ... een onderdeel toegevoegd': one instruction for the two.
            text = ph.added_after_punctuation(kind, len(rest), parts.short(j + 1), *mark, parts.container)
            covers = parts.covers(key, "old") + parts.covers(key, "new")
            out.append(
                Instruction(
                    text,
                    tuple(parts.block(k) for k in rest),
                    covers + tuple(c for k in rest for c in parts.covers(k, "new")),
                    sources=tuple(s for k in rest for s in parts.sources(k, "new")),
                )
            )
            state.extend(rest)
            j = len(state)
            continue
        out.extend(parts.content(key, key, j + 1))
        j += 1
    return out


def _removal(parts: Parts, state: list[Hashable], j: int, r: int) -> Instruction:
    kind, n = parts.kind, r - j
    followers = len(state) - r
    renumber = ph.renumbering(kind, r + 1, len(state), -n) if followers else None
    where = _names(parts, j + 1, r)
    removed = state[j:r]
    return Instruction(
        ph.lapses(where, n, renumber),
        covers=tuple(c for k in removed for c in parts.covers(k, "old")),
        sources=tuple(s for k in removed for s in parts.sources(k, "old")),
    )


def _names(parts: Parts, first: int, last: int) -> str:
    """The place of parts first..last: one part by :meth:`Parts.name`, several as a range."""
    if first == last:
        return parts.name(first)
    if parts.container and parts.kind is not ph.OVERWEGING:
        # "artikel 3, tweede en derde lid" / "artikel 3, eerste lid, onderdelen b en c"
        inner = ph.names(parts.kind, first, last, bare=True)
        if not parts.kind.ordinal:
            inner = f"{parts.kind.plural} {inner}"
        return f"{parts.container}, {inner}"
    return ph.names(parts.kind, first, last)


def _insertion(parts: Parts, state: list[Hashable], j: int, inserted: list[Hashable]) -> Instruction:
    kind, n = parts.kind, len(inserted)
    followers = len(state) - j
    renumber = ph.renumbering(kind, j + 1, len(state), n) if followers else None
    after = parts.short(j) if j > 0 else None
    before = parts.short(j + 1) if followers else None
    text = ph.inserted(kind, n, after, before, parts.container, renumber)
    return Instruction(
        text,
        tuple(parts.block(k) for k in inserted),
        tuple(c for k in inserted for c in parts.covers(k, "new")),
        sources=tuple(s for k in inserted for s in parts.sources(k, "new")),
    )


def _move(parts: Parts, state: list[Hashable], current: int, j: int) -> Instruction:
    kind = parts.kind
    renumber = ph.renumbering(kind, j + 1, current, 1)
    after = parts.short(j) if j > 0 else None
    text = ph.moved(kind, current + 1, j + 1, after, parts.short(j + 1), renumber, parts.container)
    key = state[current]
    return Instruction(text, covers=parts.covers(key, "old") + parts.covers(key, "new"))
