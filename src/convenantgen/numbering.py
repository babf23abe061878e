"""The only authority for numbers, labels, anchors and phrases of a covenant's parts.

Article, lid, onderdeel and sub-onderdeel numbers, the letters of groups, parties, recitals
and review moments, footnote numbers, the house-style phrases ("artikel 5, derde lid,
onderdeel a") and the anchors (HTML ids such as ``artikel-3.lid-2``) are decided here and
nowhere else: the layout, the template, the checks, the fingerprint parts, the diff and the
amendment all read them from a :class:`Numbering`.

Nothing is typed by the author: numbers follow from the order of the YAML, footnote numbers
from the order in which the text first calls them (see :func:`number_notes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from convenantgen import dutch
from convenantgen.loader import JsonPath
from convenantgen.model import Article, Covenant, Item

# kinds of Numbered
GROUP = "groep"
CLUSTER = "cluster"
PARTY = "partij"
REPRESENTATIVE = "vertegenwoordiger"
RECITAL = "overweging"
ARTICLE = "artikel"
LID = "lid"
ONDERDEEL = "onderdeel"
SUB = "subonderdeel"
MOMENT = "moment"
DUTY = "termijn"
TABLE = "tabel"
BUDGET = "budget"
LINE = "post"
NOTE = "noot"
NOTE_ITEM = "noot-onderdeel"
BLOCK = "ondertekening"


@dataclass(frozen=True)
class Numbered:
    """One numbered (or labelled) part: its number, its house-style label and its anchor.

    ``number`` is what the page prints before the part ('3', '2', 'b', 'ii'; '' for an
    unnumbered lid); ``label`` names it in running text ('artikel 3, tweede lid');
    ``anchor`` is the element it stands in (``artikel-3.lid-2``; articles and numbered leden
    carry it as their HTML id).
    """

    kind: str
    id: str | None
    number: str
    label: str
    anchor: str
    path: JsonPath
    article: int | None = None
    article_id: str | None = None
    lid: int | None = None
    onderdeel: str | None = None
    sub: str | None = None
    key: str = ""  # the reference key ([[key]]) when the part can be referenced, else ''

    @property
    def here(self) -> str | None:
        """For a numbered lid: the key :func:`phrase` shortens against ("het tweede lid")."""
        return lid_key(self.article_id, self.lid)

    @property
    def heading(self) -> str:
        """'Artikel 3' for an article, the label otherwise."""
        return f"Artikel {self.number}" if self.kind == ARTICLE else self.label


def phrase(part: Numbered, here_article: str | None = None, here_lid: str | None = None) -> str:
    """House style: 'artikel 5, derde lid, onderdeel a', shortened inside the same article.

    ``here_article`` is the id of the article the phrase is written in, ``here_lid`` the
    lid ('<article id>#<lid number>'): "het tweede lid" within the same article.
    """
    if part.article is None:
        if part.kind in (RECITAL, SUB) and part.onderdeel is not None:
            return f"overweging {part.onderdeel}" + (f", onder {part.sub}" if part.sub else "")
        return part.label
    parts: list[str] = []
    same_article = part.article_id is not None and part.article_id == here_article
    if not same_article:
        parts.append(f"artikel {part.article}")
    if part.lid is not None:
        lid_key = f"{part.article_id}#{part.lid}"
        if not (same_article and lid_key == here_lid and part.onderdeel):
            parts.append(("het " if same_article else "") + f"{dutch.rangtelwoord(part.lid)} lid")
    if part.onderdeel:
        parts.append(f"onderdeel {part.onderdeel}")
    if part.sub:
        parts.append(f"onder {part.sub}")
    return ", ".join(parts) if parts else f"artikel {part.article}"


def lid_key(article_id: str | None, lid_no: int | None) -> str | None:
    """The 'here' key of a numbered lid that :func:`phrase` shortens against."""
    return f"{article_id}#{lid_no}" if article_id and lid_no else None


@dataclass(frozen=True)
class Numbering:
    """Every numbered part of one covenant, with lookups by path, by reference key and by kind."""

    parts: tuple[Numbered, ...]
    notes: Mapping[str, int] = field(default_factory=dict)
    lid_numbered: Mapping[str, bool] = field(default_factory=dict)
    # indexes, built from ``parts``
    _by_path: dict[JsonPath, Numbered] = field(init=False, repr=False, compare=False)
    _by_kind: dict[tuple[str, str], Numbered] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, Numbered] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_path: dict[JsonPath, Numbered] = {}
        by_kind: dict[tuple[str, str], Numbered] = {}
        by_key: dict[str, Numbered] = {}
        for part in self.parts:
            # A party listed on its own shares its path with its group: the party wins.
            if part.path not in by_path or part.kind != GROUP:
                by_path[part.path] = part
            if part.id is not None:
                by_kind.setdefault((part.kind, part.id), part)
            if part.key:
                by_key.setdefault(part.key, part)
        object.__setattr__(self, "_by_path", by_path)
        object.__setattr__(self, "_by_kind", by_kind)
        object.__setattr__(self, "_by_key", by_key)

    def by_path(self, path: JsonPath) -> Numbered | None:
        """The part at this data path (a party rather than its one-party group)."""
        return self._by_path.get(tuple(path))

    def at(self, path: JsonPath) -> Numbered:
        """The part at this data path; the template asks only for parts that exist."""
        part = self.by_path(path)
        if part is None:
            raise KeyError(path)
        return part

    def containing(self, path: JsonPath) -> Numbered | None:
        """The article or lid a data path lies in (the lid when the article has leden)."""
        for length in range(len(path), 0, -1):
            part = self.by_path(tuple(path[:length]))
            if part is not None and part.kind in (LID, ARTICLE):
                return part
        return None

    def by_id(self, key: str) -> Numbered | None:
        """The part a reference [[key]] names (articles, leden, onderdelen, moments, duties, ...)."""
        return self._by_key.get(key)

    def get(self, kind: str, part_id: str) -> Numbered | None:
        """The part of this kind with this id ('partij', 'vno-ncw-west')."""
        return self._by_kind.get((kind, part_id))

    def group(self, path: JsonPath) -> Numbered:
        """The letter of a group in the party list (also for a party listed on its own)."""
        return next(p for p in self.parts if p.kind == GROUP and p.path == tuple(path))

    def of_kind(self, kind: str) -> tuple[Numbered, ...]:
        """All parts of one kind, in reading order."""
        return tuple(p for p in self.parts if p.kind == kind)

    @property
    def articles(self) -> tuple[Numbered, ...]:
        """The articles in order."""
        return self.of_kind(ARTICLE)

    def article(self, article_id: str) -> Numbered | None:
        """The article with this id."""
        return self.get(ARTICLE, article_id)

    def note(self, note_id: str) -> int | None:
        """The number of a footnote, or None when nothing calls it."""
        return self.notes.get(note_id)

    def with_notes(self, notes: Mapping[str, int]) -> Numbering:
        """This numbering with the footnote numbers (known once the text is read in order)."""
        extra = tuple(
            Numbered(NOTE, note_id, str(n), f"noot {n}", f"noot-{n}", ("noten", note_id))
            for note_id, n in sorted(notes.items(), key=lambda kv: kv[1])
        )
        return replace(self, parts=self.parts + extra, notes=dict(notes))


def signer_anchor(prefix: str, party_id: str, index: int) -> str:
    """HTML id of the n-th signer's block or field of a party: 'handtekening-fnv', '...--2'."""
    return f"{prefix}-{party_id}" + (f"--{index}" if index > 1 else "")


def number_notes(texts: Iterable[str]) -> dict[str, int]:
    """Footnote numbers from the author texts in reading order: the first call numbers a note."""
    from convenantgen.text import NOTE as NOTE_CALL
    from convenantgen.text import calls

    numbers: dict[str, int] = {}
    for text in texts:
        for call in calls(text):
            if call.kind == NOTE_CALL and call.target not in numbers:
                numbers[call.target] = len(numbers) + 1
    return numbers


class _Counter:
    def __init__(self) -> None:
        self.parts: list[Numbered] = []

    def add(self, part: Numbered) -> Numbered:
        part = replace(part, label=part.label or phrase(part))
        self.parts.append(part)
        return part


def _items(out: _Counter, items: tuple[Item, ...], parent: Numbered, prefix: str, nested: bool) -> None:
    for i, item in enumerate(items, 1):
        number = dutch.romeins(i) if nested else dutch.letter(i)
        anchor = f"{parent.anchor}.{number}" if nested else f"{parent.anchor}.onderdeel-{number}"
        key = f"{prefix}.{item.id}" if item.id else ""
        part = out.add(
            Numbered(
                SUB if nested else ONDERDEEL,
                item.id,
                number,
                "",
                anchor,
                item.path,
                parent.article,
                parent.article_id,
                parent.lid,
                parent.onderdeel if nested else number,
                number if nested else None,
                key,
            )
        )
        if not nested:
            _items(out, item.items, part, key or f"{prefix}.?", nested=True)


def _article(out: _Counter, number: int, article: Article, numbered: bool) -> None:
    art = out.add(
        Numbered(
            ARTICLE,
            article.id,
            str(number),
            "",
            f"artikel-{number}",
            article.path,
            number,
            article.id,
            key=article.id,
        )
    )
    for i, lid in enumerate(article.leden, 1):
        lid_no = i if numbered else None
        key = f"{article.id}.{lid.id}" if lid.id else f"{article.id}.?{lid_no}"
        anchor = f"{art.anchor}.lid-{lid_no}" if lid_no else art.anchor
        part = out.add(
            Numbered(
                LID,
                lid.id,
                str(lid_no or ""),
                "",
                anchor,
                lid.path,
                number,
                article.id,
                lid_no,
                key=key if lid.id else "",
            )
        )
        _items(out, lid.onderdelen, part, key, nested=False)
        if lid.tabel:
            out.add(
                replace(part, kind=TABLE, id=lid.tabel.id, number="", path=lid.tabel.path, key=lid.tabel.id)
            )
        if lid.herzieningen:
            for m, moment in enumerate(lid.herzieningen.momenten, 1):
                letter = dutch.letter(m)
                out.add(
                    Numbered(
                        MOMENT,
                        moment.id,
                        letter,
                        "",
                        f"{anchor}.onderdeel-{letter}",
                        moment.path,
                        number,
                        article.id,
                        lid_no,
                        letter,
                        key=moment.id or "",
                    )
                )
        for duty in lid.termijnen:
            out.add(replace(part, kind=DUTY, id=duty.id, number="", path=duty.path, key=duty.id))
        for obligation in lid.verplichtingen:
            _items(out, obligation.items, part, key, nested=False)


def number(covenant: Covenant) -> Numbering:
    """Number the covenant's parts (footnotes follow once the text is read: :func:`numbering`)."""
    out = _Counter()
    from convenantgen.party_numbers import party_parts  # it builds on this module's Numbered

    for part in party_parts(covenant):
        out.add(part)
    for i, item in enumerate(covenant.overwegingen, 1):
        letter = dutch.letter(i)
        recital = out.add(
            Numbered(
                RECITAL,
                item.id,
                letter,
                "",
                f"considerans.{letter}",
                item.path,
                onderdeel=letter,
                key=item.id or "",
            )
        )
        _items(out, item.items, recital, item.id or "considerans", nested=True)
    lid_numbered: dict[str, bool] = {}
    for n, article in enumerate(covenant.artikelen, 1):
        numbered = len(article.leden) > 1 or article.tekst is not None
        lid_numbered.setdefault(article.id, numbered)
        _article(out, n, article, numbered)
    for budget in covenant.budgetten:
        out.add(
            Numbered(
                BUDGET, budget.id, "", budget.omschrijving, f"budget-{budget.id}", budget.path, key=budget.id
            )
        )
        for line in budget.posten:
            out.add(
                Numbered(
                    LINE,
                    line.id,
                    "",
                    line.omschrijving,
                    f"budget-{budget.id}",
                    line.path,
                    key=f"{budget.id}.{line.id}",
                )
            )
    for note in covenant.noten:
        for k, _entry in enumerate(note.onderdelen):
            label = dutch.label(k + 1, note.nummering)
            out.add(
                Numbered(
                    NOTE_ITEM,
                    None,
                    label,
                    f"noot {note.id}, onder {label}",
                    f"noot-{note.id}",
                    (*note.path, "onderdelen", k),
                )
            )
    for block in covenant.blokken:
        out.add(
            Numbered(
                BLOCK,
                block.partij,
                "",
                f"ondertekening {block.partij}",
                f"ondertekening-{block.partij}",
                block.path,
            )
        )
    return Numbering(tuple(out.parts), lid_numbered=lid_numbered)


def numbering(covenant: Covenant) -> Numbering:
    """The whole numbering of a covenant, footnotes included."""
    # The reading order of the text (which numbers the footnotes) is the layout's walk;
    # imported here because the layout itself is built on :func:`number`.
    from convenantgen.layout import build_layout

    return build_layout(covenant).numbering
