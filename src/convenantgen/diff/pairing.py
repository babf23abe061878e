"""Pairing the parts of two versions: by id, never by position.

Parts with an id are paired by it. Parts without one (most onderdelen are plain strings) are
paired by their text: identical texts first, in order, then a reworded part with the old
part it shares most words with (at least half). Two parts with different ids are never
paired. What is left was added or removed; a paired part whose order changed among the
others was moved (an insertion before it only renumbers it).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from convenantgen.diff.words import similarity

T = TypeVar("T")
_ALIKE = 0.5


@dataclass(frozen=True)
class Pair(Generic[T]):
    """One part in one or both versions (old or new is None when it was added or removed)."""

    old: T | None
    new: T | None
    moved: bool = False


def _by_text(
    old: list[int],
    new: list[int],
    old_text: list[str],
    new_text: list[str],
    keys: tuple[list[str | None], ...],
) -> dict[int, int]:
    """Pairs (old index → new index) among parts the ids left unpaired."""
    found: dict[int, int] = {}
    a = [" ".join(old_text[i].split()) for i in old]
    b = [" ".join(new_text[j].split()) for j in new]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            found.update((old[i1 + k], new[j1 + k]) for k in range(i2 - i1))
        elif tag == "replace":
            start = j1
            for i in range(i1, i2):
                scores = [
                    (similarity(a[i], b[j]), j)
                    for j in range(start, j2)
                    if None in (keys[0][old[i]], keys[1][new[j]]) or keys[0][old[i]] == keys[1][new[j]]
                ]
                best = max(scores, default=(0.0, -1), key=lambda s: (s[0], -s[1]))
                if best[0] >= _ALIKE:
                    found[old[i]] = new[best[1]]
                    start = best[1] + 1
    return found


def _stable(pairs: dict[int, int]) -> set[int]:
    """Old indices of the longest run of pairs in the same order on both sides."""
    order = sorted(pairs.items(), key=lambda p: p[1])
    olds = [o for o, _ in order]
    best: list[list[int]] = []
    for value in olds:  # patience-style LIS, small inputs
        for k, run in enumerate(best):
            if value < run[-1]:
                best[k] = (best[k - 1] if k else []) + [value]
                break
        else:
            best.append((best[-1] if best else []) + [value])
    return set(best[-1]) if best else set()


def pair(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], str | None],
    text: Callable[[T], str],
) -> list[Pair[T]]:
    """Pair two sequences of parts; the result follows the new order, removals where they stood."""
    old_keys: list[str | None] = [key(x) for x in old]
    new_keys: list[str | None] = [key(x) for x in new]
    new_index = {k: j for j, k in reversed(list(enumerate(new_keys))) if k is not None}
    matched: dict[int, int] = {}
    for i, k in enumerate(old_keys):
        if k is not None and k in new_index and new_index[k] not in matched.values():
            matched[i] = new_index[k]
    rest_old = [i for i in range(len(old)) if i not in matched]
    taken = set(matched.values())
    rest_new = [j for j in range(len(new)) if j not in taken]
    matched.update(
        _by_text(rest_old, rest_new, [text(x) for x in old], [text(x) for x in new], (old_keys, new_keys))
    )
    stable = _stable(matched)
    back = {j: i for i, j in matched.items()}
    out: list[Pair[T]] = []
    emitted: set[int] = set()
    # the old index of the next part that stays in place, from each new position on
    anchors = [len(old)] * (len(new) + 1)
    for j in range(len(new) - 1, -1, -1):
        was = back.get(j)
        anchors[j] = was if was is not None and was in stable else anchors[j + 1]
    for j, item in enumerate(new):
        # what was removed before the next part that stays goes first, as in 'git diff' (- before +)
        for r in range(anchors[j]):
            if r not in matched and r not in emitted:
                out.append(Pair(old[r], None))
                emitted.add(r)
        was = back.get(j)
        out.append(Pair(old[was] if was is not None else None, item, was is not None and was not in stable))
    out.extend(Pair(old[r], None) for r in range(len(old)) if r not in matched and r not in emitted)
    return out
