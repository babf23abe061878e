"""The lists a wijzigingsconvenant changes: articles, leden, onderdelen and overwegingen.

Each list tells :func:`convenantgen.amend.sequence.walk` how its parts are named, printed
and compared. Parts are paired by id; parts without an id by their text (a changed part
without an id is a part removed and one inserted at the same place: it is restated).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from convenantgen import dutch
from convenantgen.amend import phrasing as ph
from convenantgen.amend import texts
from convenantgen.amend.model import Block, Cover, Instruction
from convenantgen.layout import Layout
from convenantgen.loader import JsonPath
from convenantgen.model import Article, Item


class Restate(Exception):
    """A change inside an article that only restating the whole article can state."""


@dataclass(frozen=True)
class Side:
    """One version as the planner reads it."""

    layout: Layout

    def numbered(self, article: Article) -> bool:
        """Whether the article's leden are numbered."""
        return bool(self.layout.numbering.lid_numbered.get(article.id, False))


def keys(
    elements: Sequence[Any], ident: Callable[[Any], str | None], shape: Callable[[Any], Hashable]
) -> list[Hashable]:
    """Keys pairing parts across versions: the id, or the text (numbered when repeated)."""
    seen: dict[Hashable, int] = {}
    out: list[Hashable] = []
    for element in elements:
        part_id = ident(element)
        if part_id:
            out.append(("id", part_id))
            continue
        form = shape(element)
        seen[form] = seen.get(form, 0) + 1
        out.append(("text", form, seen[form]))
    return out


def article_texts(article: Article) -> tuple[str, ...]:
    """Every author text of an article."""
    return ((article.tekst,) if article.tekst else ()) + tuple(
        t for lid in article.leden for t in texts.sources(lid)
    )


def lid_here(article: Article, numbered: bool, index: int) -> str | None:
    """The key references inside a lid are shortened against ('<article>#<n>')."""
    return f"{article.id}#{index + 1}" if numbered else None


def covers_both(
    old: JsonPath, new: JsonPath, subjects: tuple[str, ...] = (), under: bool = True
) -> tuple[Cover, ...]:
    """The same part on both sides."""
    return (Cover("old", old, subjects, under), Cover("new", new, subjects, under))


# --- onderdelen and overwegingen ---------------------------------------------------------------


class Items:
    """The onderdelen of a lid (or the sub-items of an onderdeel, or the overwegingen)."""

    def __init__(
        self,
        kind: ph.Kind,
        sides: tuple[Side, Side],
        lists: tuple[tuple[Item, ...], tuple[Item, ...]],
        container: str | None,
        here: tuple[tuple[str | None, str | None], tuple[str | None, str | None]],
    ) -> None:
        self.kind = kind
        self.sides = sides
        self.container = container
        self.here = here  # (article id, lid key) on each side, for references
        self.subject = "overweging" if kind is ph.OVERWEGING else kind.noun
        self.old, self.new = lists
        self.keys = (self._keys(0, self.old), self._keys(1, self.new))
        self.by_key = (
            dict(zip(self.keys[0], self.old, strict=True)),
            dict(zip(self.keys[1], self.new, strict=True)),
        )

    def _keys(self, side: int, items: tuple[Item, ...]) -> list[Hashable]:
        layout = self.sides[side].layout
        article, lid = self.here[side]
        return keys(items, lambda i: i.id, lambda i: texts.item_shape(layout, i, article, lid))

    def name(self, n: int) -> str:
        """'artikel 3, eerste lid, onderdeel b' / 'overweging b'."""
        short = self.short(n)
        return f"{self.container}, {short}" if self.container and self.kind is not ph.OVERWEGING else short

    def short(self, n: int) -> str:
        """'onderdeel b'."""
        return ph.name(self.kind, n)

    def _item(self, key: Hashable, side: str) -> Item:
        return self.by_key[0 if side == "old" else 1][key]

    def block(self, key: Hashable) -> Block:
        """The new onderdeel."""
        article, lid = self.here[1]
        return Block(self.subject, self._item(key, "new").path, article=article, lid=lid)

    def covers(self, key: Hashable, side: str) -> tuple[Cover, ...]:
        """The onderdeel and all under it."""
        return (Cover(side, self._item(key, side).path),)

    def sources(self, key: Hashable, side: str) -> tuple[str, ...]:
        """Its texts."""
        return texts.item_sources(self._item(key, side))

    def _words(self, key: Hashable, side: int) -> str:
        article, lid = self.here[side]
        return texts.words(self.sides[side].layout, self.by_key[side][key].tekst, article, lid)

    def _shape(self, key: Hashable, side: int) -> tuple[str, tuple[str, ...]]:
        article, lid = self.here[side]
        return texts.item_shape(self.sides[side].layout, self.by_key[side][key], article, lid)

    def punctuation(self, old: Hashable, new: Hashable) -> tuple[str, str] | None:
        """The end mark, when nothing else changed."""
        before, after = self._shape(old, 0), self._shape(new, 1)
        if before[1] != after[1] or before == after:
            return None
        wording = ph.wording(self._words(old, 0), self._words(new, 1))
        return wording.punctuation if wording else None

    def content(self, old: Hashable, new: Hashable, n: int) -> list[Instruction]:
        """A reworded onderdeel: its words, or the whole onderdeel."""
        before, after = self._shape(old, 0), self._shape(new, 1)
        if before == after:
            return []
        where = self.name(n)
        whole = Instruction(
            ph.replaced(where),
            (self.block(new),),
            self.covers(old, "old") + self.covers(new, "new"),
            sources=self.sources(old, "old") + self.sources(new, "new"),
        )
        if before[1] != after[1]:
            return [whole]
        wording = ph.wording(self._words(old, 0), self._words(new, 1))
        if wording is None:
            return [whole]
        place = f"{where}, aanhef" if self._item(new, "new").items else where
        return [
            Instruction(
                wording.sentence(place),
                (Block("zinnen", text=wording.added),) if wording.sentences else (),
                covers_both(self._item(old, "old").path, self._item(new, "new").path, (self.subject,)),
                sources=(self._item(old, "old").tekst, self._item(new, "new").tekst),
            )
        ]


def lid_name(article_no: int, numbered: bool, index: int, relative: bool) -> str:
    """'artikel 3, tweede lid' / 'het tweede lid' / 'artikel 3' (one unnumbered lid) / ''."""
    if relative:
        return f"het {dutch.rangtelwoord(index + 1)} lid" if numbered else ""
    return (
        f"artikel {article_no}, {dutch.rangtelwoord(index + 1)} lid" if numbered else f"artikel {article_no}"
    )
