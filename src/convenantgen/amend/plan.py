"""Plan a wijzigingsconvenant from a diff: every change stated, or reported where it stands.

The instructions are worked out from the two checked versions (parts paired by id), in
the order of the text: title, considerans, articles, footnotes. Then every change the diff
engine found must be stated by one of them (:class:`Cover`); a change none states is a
finding CG951 at its place in the file, never left out silently. Changes of signature
blocks are not amended: the wijzigingsconvenant has its own signature section.
"""

from __future__ import annotations

from dataclasses import replace

from convenantgen import dutch
from convenantgen.amend import phrasing as ph
from convenantgen.amend import texts
from convenantgen.amend.articles import Articles
from convenantgen.amend.codes import CODES
from convenantgen.amend.model import NEW, OLD, Amendment, Block, Cover, Instruction
from convenantgen.amend.parties import joined_and_left, party_instructions
from convenantgen.amend.parts import Items, Side
from convenantgen.amend.sequence import walk
from convenantgen.diff.model import REMOVED, Change, Diff
from convenantgen.findings import Finding
from convenantgen.i18n import _
from convenantgen.model import Covenant
from convenantgen.pipeline import Checked

# Not amended: the signature blocks (the wijzigingsconvenant has its own signature page), and
# what is about the file rather than the agreement: its id, the version it continues, its
# publication status and address, and the 'modeltekst' mark of a drafting stage.
NOT_AMENDED = ("ondertekening", "id", "vorige_versie", "publicatie")
NOT_AMENDED_FIELDS = ("modeltekst",)
_TEXT_STATES = {"looptijd": "[[looptijd", "budget": "[[", "post": "[["}


def title_of(old: Covenant) -> str:
    """'Wijziging van het Convenant Werkbedrijf Zuid-Kennemerland en IJmond'."""
    if old.titel.lower().startswith("convenant"):
        return f"Wijziging van het {old.titel}"
    return f"Wijziging van het convenant {old.titel}"


def entry_text(new: Covenant) -> str:
    """The article on entry into force, from the new version's term."""
    term = new.looptijd
    if term.regel == "datum" and term.datum:
        return f"Deze wijziging treedt in werking op {dutch.datum(term.datum)}."
    text = "Deze wijziging treedt in werking op de dag van ondertekening door de laatste Partij"
    if term.regel == "terugwerkend" and term.datum:
        return f"{text} en werkt terug tot en met {dutch.datum(term.datum)}."
    return f"{text}."


def recitals(old: Covenant, new: Covenant) -> tuple[str, ...]:
    """The considerans of the wijzigingsconvenant: model text, printed as such."""
    start = old.entry_into_force
    when = f"op {dutch.datum(start)} in werking is getreden" if start else "is gesloten"
    joined, left = joined_and_left(old, new)
    who = ""
    if joined or left:
        parts = []
        if left:
            parts.append(f"{dutch.opsomming(left)} {'uittreedt' if len(left) == 1 else 'uittreden'}")
        if joined:
            parts.append(f"{dutch.opsomming(joined)} {'toetreedt' if len(joined) == 1 else 'toetreden'}")
        who = ", waarbij " + " en ".join(parts)
    return (
        f"het {old.titel} (hierna: het convenant) {when};",
        f"de Partijen het convenant willen wijzigen{who}.",
    )


def _head(old: Covenant, new: Covenant) -> list[Instruction]:
    out = []
    if old.titel != new.titel:
        out.append(
            Instruction(f"De titel van het convenant komt te luiden: {new.titel}.", covers=_at(("titel",)))
        )
    if old.ondertitel != new.ondertitel:
        covers = _at(("ondertitel",))
        if not new.ondertitel:
            out.append(Instruction("De ondertitel vervalt.", covers=covers))
        elif not old.ondertitel:
            out.append(
                Instruction(
                    f"Na de titel wordt een ondertitel ingevoegd, luidende: {new.ondertitel}.", covers=covers
                )
            )
        else:
            out.append(Instruction(f"De ondertitel komt te luiden: {new.ondertitel}.", covers=covers))
    if old.regio_naam != new.regio_naam:
        out.append(
            Instruction(
                f"De naam van de regio op de titelpagina komt te luiden: {new.regio_naam}.",
                covers=_at(("regio", "naam")) + _at(("regio",), under=False),
            )
        )
    return out


def _at(path: tuple[str, ...], under: bool = True) -> tuple[Cover, ...]:
    return (Cover(OLD, path, under=under), Cover(NEW, path, under=under))


def _considerans(sides: tuple[Side, Side], old: Covenant, new: Covenant) -> list[Instruction]:
    out = []
    intro = (texts.shape(sides[0].layout, old.inleiding), texts.shape(sides[1].layout, new.inleiding))
    if intro[0] != intro[1]:
        covers = _at(("considerans", "inleiding"))
        block = (Block("inleiding", ("considerans", "inleiding")),)
        if not new.inleiding:
            out.append(Instruction("De inleiding van de considerans vervalt.", covers=covers))
        elif not old.inleiding:
            out.append(
                Instruction("Voor de overwegingen wordt een inleiding ingevoegd, luidende:", block, covers)
            )
        else:
            out.append(Instruction("De inleiding van de considerans komt te luiden:", block, covers))
    items = Items(
        ph.OVERWEGING,
        sides,
        (old.overwegingen, new.overwegingen),
        "de considerans",
        ((None, None), (None, None)),
    )
    out += walk(items, items.keys[0], items.keys[1])
    return out


def _notes(sides: tuple[Side, Side], old: Covenant, new: Covenant) -> list[Instruction]:
    before = {n.id: n for n in old.noten}
    out = []
    for note in new.noten:
        was = before.get(note.id)
        number = sides[1].layout.numbering.note(note.id)
        if was is None or number is None:
            continue  # a new footnote comes with the text that calls it
        shape = (
            (
                texts.shape(sides[0].layout, was.tekst),
                was.nummering,
                tuple(texts.shape(sides[0].layout, t) for t in was.onderdelen),
            ),
            (
                texts.shape(sides[1].layout, note.tekst),
                note.nummering,
                tuple(texts.shape(sides[1].layout, t) for t in note.onderdelen),
            ),
        )
        if shape[0] != shape[1]:
            out.append(
                Instruction(
                    f"Voetnoot {number} komt te luiden:",
                    (Block("noot", note.path),),
                    (Cover(OLD, was.path), Cover(NEW, note.path)),
                    sources=(was.tekst, note.tekst),
                )
            )
    return out


def _stated(change: Change, instructions: tuple[Instruction, ...], parties: tuple[Instruction, ...]) -> bool:
    if change.subject in NOT_AMENDED or change.field in NOT_AMENDED_FIELDS:
        return True
    if change.subject == "titel" and not change.new_path and change.field:
        change = replace(change, old_path=(change.field,), new_path=(change.field,))
    if any(cover.covers(change) for i in instructions for cover in i.covers):
        return True
    said = [s for i in instructions for s in i.sources]
    if change.subject in _TEXT_STATES:
        call = _TEXT_STATES[change.subject] + ("" if change.subject == "looptijd" else (change.key or "\0"))
        return any(call in s for s in said)
    if change.subject == "noot" and change.key:
        return any(f"[^{change.key}]" in s for s in said)
    if change.subject == "gemeente":
        town = change.old or change.new or "\0"
        return any(town in i.text and ("treedt" in i.text or "telkens" in i.text) for i in parties)
    return False


def _finding(change: Change, old: Checked, new: Checked) -> Finding:
    severity, _title, hint = CODES["CG951"]
    side, path = (
        (new, change.new_path) if change.new_path and change.kind != REMOVED else (old, change.old_path)
    )
    exact = (*path, change.field) if change.field and path[-1:] != (change.field,) else path
    line, column = side.source.position(exact) if side.source else (1, 1)  # the field, or its part
    what = {"added": _("added"), "removed": _("removed"), "changed": _("changed"), "moved": _("moved")}.get(
        change.kind, change.kind
    )
    message = _("{label}: {subject} {what}, and no instruction of the wijzigingsconvenant states it").format(
        label=change.label, subject=change.subject, what=what
    )
    if change.subject in ("termijn", "looptijd", "budget", "post", "gemeente"):
        message += _(" (it is not printed, and no printed text that states it changes with it)")
    return Finding(
        side.path, line, column, "CG951", severity, message, _(hint), ".".join(str(p) for p in path)
    )


def plan(diff: Diff, title: str | None = None) -> Amendment:
    """The wijzigingsconvenant that turns ``diff.old`` into ``diff.new``."""
    old, new = diff.old, diff.new
    assert old.covenant and new.covenant and old.layout and new.layout, "plan needs two checked versions"
    a, b = old.covenant, new.covenant
    sides = (Side(old.layout), Side(new.layout))
    articles = Articles(sides, (a.artikelen, b.artikelen))
    changes = (
        _head(a, b)
        + _considerans(sides, a, b)
        + walk(articles, articles.keys[0], articles.keys[1])
        + _notes(sides, a, b)
    )
    parties = party_instructions(a, b)
    every = tuple(i for top in (*parties, *changes) for i in top.walk())
    unstated = tuple(c for c in diff.changes if not _stated(c, every, tuple(parties)))
    return Amendment(
        title or title_of(a),
        tuple(parties),
        tuple(changes),
        entry_text(b),
        recitals(a, b),
        tuple(_finding(c, old, new) for c in unstated),
        unstated,
    )
