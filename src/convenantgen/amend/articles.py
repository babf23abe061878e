"""The articles of a wijzigingsconvenant's Artikel II: what each changed article needs said.

An article is restated whole ("Artikel 5 komt te luiden:") when that is the clearer
instruction: its leden change numbering, its opening text changes, or most of its leden
change (at least three and at least half of them). Otherwise each lid gets its own
instruction, and an article with two or more is one group: "Artikel 3 wordt als volgt
gewijzigd:" with numbered instructions that name the leden relative to it (6.15).
"""

from __future__ import annotations

from collections.abc import Hashable

from convenantgen import dutch
from convenantgen.amend import phrasing as ph
from convenantgen.amend import texts
from convenantgen.amend.model import Block, Cover, Instruction
from convenantgen.amend.parts import (
    Items,
    Restate,
    Side,
    article_texts,
    covers_both,
    keys,
    lid_here,
    lid_name,
)
from convenantgen.amend.sequence import walk
from convenantgen.model import Article, Lid

_CELLS = 4  # more changed cells than this: the table is restated


class Articles:
    """The articles of the covenant."""

    kind = ph.ARTIKEL
    container: str | None = None

    def __init__(
        self, sides: tuple[Side, Side], lists: tuple[tuple[Article, ...], tuple[Article, ...]]
    ) -> None:
        self.sides = sides
        self.keys = tuple(keys(articles, lambda a: a.id, lambda a: a.titel) for articles in lists)
        self.by_key = tuple(dict(zip(k, a, strict=True)) for k, a in zip(self.keys, lists, strict=True))

    def name(self, n: int) -> str:
        """'artikel 3'."""
        return f"artikel {n}"

    short = name

    def block(self, key: Hashable) -> Block:
        """The new article."""
        article = self.by_key[1][key]
        return Block("artikel", article.path, article=article.id)

    def covers(self, key: Hashable, side: str) -> tuple[Cover, ...]:
        """The article and everything in it."""
        return (Cover(side, self.by_key[0 if side == "old" else 1][key].path),)

    def sources(self, key: Hashable, side: str) -> tuple[str, ...]:
        """Its texts."""
        return article_texts(self.by_key[0 if side == "old" else 1][key])

    def punctuation(self, old: Hashable, new: Hashable) -> tuple[str, str] | None:
        """Articles end with no mark of their own."""
        return None

    def content(self, old: Hashable, new: Hashable, n: int) -> list[Instruction]:
        """The instructions for one article kept at number n."""
        before, after = self.by_key[0][old], self.by_key[1][new]
        whole = Instruction(
            ph.replaced(f"artikel {n}"),
            (self.block(new),),
            self.covers(old, "old") + self.covers(new, "new"),
            sources=article_texts(before) + article_texts(after),
        )
        try:
            found = _article(self.sides, before, after, n, relative=False)
            if len(found) < 2:
                return found
            grouped = _article(self.sides, before, after, n, relative=True)
        except Restate:
            return [whole]
        return [Instruction(f"Artikel {n} wordt als volgt gewijzigd:", items=tuple(grouped))]


def _article(
    sides: tuple[Side, Side], old: Article, new: Article, n: int, relative: bool
) -> list[Instruction]:
    numbered = (sides[0].numbered(old), sides[1].numbered(new))
    if numbered[0] != numbered[1]:
        raise Restate
    title = []
    if old.titel != new.titel:
        where = "Het opschrift" if relative else f"Het opschrift van artikel {n}"
        title.append(
            Instruction(
                f"{where} komt te luiden: {new.titel}.",
                covers=covers_both((*old.path, "titel"), (*new.path, "titel"), ("artikel",), under=False),
            )
        )
    text = (texts.shape(sides[0].layout, old.tekst, old.id), texts.shape(sides[1].layout, new.tekst, new.id))
    if not old.leden and not new.leden:
        if text[0] == text[1]:
            return title
        wording = ph.wording(
            texts.words(sides[0].layout, old.tekst, old.id), texts.words(sides[1].layout, new.tekst, new.id)
        )
        if wording is None or title:
            raise Restate
        return [
            Instruction(
                wording.sentence(f"artikel {n}"),
                (Block("zinnen", text=wording.added),) if wording.sentences else (),
                covers_both((*old.path, "tekst"), (*new.path, "tekst"), ("artikel",), under=False),
                sources=(old.tekst or "", new.tekst or ""),
            )
        ]
    if text[0] != text[1] or not old.leden or not new.leden:
        raise Restate
    leden = Leden(sides, (old, new), n, relative, numbered[1])
    if not numbered[1]:  # one lid without a number: it is named as its article
        if leden.keys[0] != leden.keys[1]:
            raise Restate
        where = lid_name(n, False, 0, relative)
        return title + lid_changes(
            sides, (old, new), (old.leden[0], new.leden[0]), (None, None), where, False
        )
    found = walk(leden, leden.keys[0], leden.keys[1])
    if len(found) >= 3 and 2 * len(found) >= len(new.leden):
        raise Restate
    return title + found


class Leden:
    """The leden of one article."""

    kind = ph.LID

    def __init__(
        self,
        sides: tuple[Side, Side],
        articles: tuple[Article, Article],
        n: int,
        relative: bool,
        numbered: bool,
    ) -> None:
        self.sides, self.articles, self.n = sides, articles, n
        self.relative, self.numbered = relative, numbered
        self.container: str | None = "" if relative else f"artikel {n}"
        self.keys = tuple(self._keys(side) for side in (0, 1))
        self.by_key = tuple(
            dict(zip(k, a.leden, strict=True)) for k, a in zip(self.keys, articles, strict=True)
        )

    def _keys(self, side: int) -> list[Hashable]:
        return keys(self.articles[side].leden, lambda lid: lid.id, lambda lid: self._shape(lid, side))

    def _shape(self, lid: Lid, side: int) -> tuple[object, ...]:
        article = self.articles[side]
        here = lid_here(article, self.numbered, article.leden.index(lid))
        return _lid_shape(self.sides[side], lid, article.id, here)

    def name(self, n: int) -> str:
        """'artikel 3, tweede lid' or, within the article's own group, 'het tweede lid'."""
        return lid_name(self.n, True, n - 1, self.relative)

    def short(self, n: int) -> str:
        """'het tweede lid'."""
        return ph.name(ph.LID, n)

    def _lid(self, key: Hashable, side: str) -> Lid:
        return self.by_key[0 if side == "old" else 1][key]

    def _here(self, key: Hashable, side: int) -> str | None:
        article = self.articles[side]
        return lid_here(article, self.numbered, article.leden.index(self.by_key[side][key]))

    def block(self, key: Hashable) -> Block:
        """The new lid."""
        return Block("lid", self._lid(key, "new").path, article=self.articles[1].id, lid=self._here(key, 1))

    def covers(self, key: Hashable, side: str) -> tuple[Cover, ...]:
        """The lid and everything in it."""
        return (Cover(side, self._lid(key, side).path),)

    def sources(self, key: Hashable, side: str) -> tuple[str, ...]:
        """Its texts."""
        return texts.sources(self._lid(key, side))

    def punctuation(self, old: Hashable, new: Hashable) -> tuple[str, str] | None:
        """Leden end with a full stop: a changed mark is a change of its words."""
        return None

    def content(self, old: Hashable, new: Hashable, n: int) -> list[Instruction]:
        """The instructions for one lid kept at number n."""
        before, after = self._lid(old, "old"), self._lid(new, "new")
        here = (self._here(old, 0), self._here(new, 1))
        where = lid_name(self.n, self.numbered, n - 1, self.relative)
        return lid_changes(self.sides, self.articles, (before, after), here, where, self.numbered)


def _lid_shape(side: Side, lid: Lid, article: str, here: str | None) -> tuple[object, ...]:
    """What a lid prints, part by part: tekst, onderdelen, tabel, herzieningen, verplichtingen, slot."""
    layout = side.layout
    table = (
        (texts.table_shape(lid.tabel), tuple(sorted(texts.cells(lid.tabel).items()))) if lid.tabel else None
    )
    reviews = tuple((m.maand, m.ingang) for m in lid.herzieningen.momenten) if lid.herzieningen else None
    obligations = tuple(
        (ob.wie, ob.kop, tuple(texts.item_shape(layout, i, article, here) for i in ob.items))
        for ob in lid.verplichtingen
    )
    return (
        texts.shape(layout, lid.tekst, article, here),
        tuple(texts.item_shape(layout, i, article, here) for i in lid.onderdelen),
        table,
        reviews,
        obligations,
        texts.shape(layout, lid.slot, article, here),
    )


_TEKST, _ONDERDELEN, _TABEL, _SLOT = 0, 1, 2, 5


def lid_changes(
    sides: tuple[Side, Side],
    articles: tuple[Article, Article],
    lids: tuple[Lid, Lid],
    here: tuple[str | None, str | None],
    where: str,
    numbered: bool,
) -> list[Instruction]:
    """A changed lid: its words, its onderdelen or its table, or the whole lid."""
    old, new = lids
    shapes = (
        _lid_shape(sides[0], old, articles[0].id, here[0]),
        _lid_shape(sides[1], new, articles[1].id, here[1]),
    )
    differ = {k for k in range(6) if shapes[0][k] != shapes[1][k]}
    if not differ:
        return []

    def whole() -> list[Instruction]:
        if not numbered:
            raise Restate  # a lid without a number is restated as its article
        return [
            Instruction(
                ph.replaced(where),
                (Block("lid", new.path, article=articles[1].id, lid=here[1]),),
                (Cover("old", old.path), Cover("new", new.path)),
                sources=texts.sources(old) + texts.sources(new),
            )
        ]

    stated = (Cover("old", old.path, ("lid", "termijn")), Cover("new", new.path, ("lid", "termijn")))
    if differ in ({_TEKST}, {_SLOT}):
        field = "tekst" if differ == {_TEKST} else "slot"
        before = texts.words(sides[0].layout, getattr(old, field), articles[0].id, here[0])
        after = texts.words(sides[1].layout, getattr(new, field), articles[1].id, here[1])
        wording = ph.wording(before, after) if before and after else None
        if wording is None:
            return whole()
        rest = bool(new.onderdelen or new.tabel or new.herzieningen or new.verplichtingen or new.slot)
        if field == "slot":
            place = f"{where}, slotzin" if where else "de slotzin"
        else:
            place = f"{where}, aanhef" if rest and where else ("de aanhef" if rest else where or "de tekst")
        return [
            Instruction(
                wording.sentence(place),
                (Block("zinnen", text=wording.added),) if wording.sentences else (),
                stated,
                sources=(getattr(old, field) or "", getattr(new, field) or ""),
            )
        ]
    if differ == {_ONDERDELEN}:
        items = Items(
            ph.ONDERDEEL,
            sides,
            (old.onderdelen, new.onderdelen),
            where,
            ((articles[0].id, here[0]), (articles[1].id, here[1])),
        )
        found = walk(items, items.keys[0], items.keys[1])
        if len(found) >= 3 and 2 * len(found) >= len(new.onderdelen):
            return whole()
        return found
    if differ == {_TABEL} and old.tabel and new.tabel:
        return _table(old, new, where, articles[1].id, here[1])
    return whole()


def _table(old: Lid, new: Lid, where: str, article: str, here: str | None) -> list[Instruction]:
    assert old.tabel is not None and new.tabel is not None
    covers = (Cover("old", old.tabel.path), Cover("new", new.tabel.path))
    place = f"de tabel in {where}" if where else "de tabel"
    if texts.table_shape(old.tabel) != texts.table_shape(new.tabel):
        return [
            Instruction(
                ph.replaced(place), (Block("tabel", new.tabel.path, article=article, lid=here),), covers
            )
        ]
    before, after = texts.cells(old.tabel), texts.cells(new.tabel)
    changed = [key for key in after if before.get(key) != after[key]]
    if not changed:
        return []
    if len(changed) > _CELLS:
        return [
            Instruction(
                ph.replaced(place), (Block("tabel", new.tabel.path, article=article, lid=here),), covers
            )
        ]
    headings = {c.id: c.kop for c in new.tabel.kolommen}
    if new.tabel.totaal:
        headings["totaal"] = new.tabel.totaal.kop
    clauses = tuple(
        f"wordt in de rij {year}, kolom {headings[column]}, {ph.quote(dutch.getal(before[(year, column)]))} "
        f"vervangen door {ph.quote(dutch.getal(after[(year, column)]))}"
        for year, column in changed
    )
    return [Instruction(ph.Wording(clauses=clauses).sentence(place), covers=covers)]
