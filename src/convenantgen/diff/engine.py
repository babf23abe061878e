"""The semantic diff: two fully checked versions → changes in substance, in the document's terms.

Parts are paired by id (see :mod:`convenantgen.diff.pairing`), never by position, and named
by each version's own numbering. An article inserted before others is one insertion plus one
renumbering note; a change of comments, key order or YAML style gives no change at all.
"""

from __future__ import annotations

from convenantgen import dutch
from convenantgen.diff import parts, tables
from convenantgen.diff.model import CHANGED, MOVED, Change, Diff
from convenantgen.diff.pairing import pair
from convenantgen.diff.sides import Side, Sides
from convenantgen.fingerprint import canonical, differences
from convenantgen.fingerprint import parts as part_hashes
from convenantgen.model import Article, Covenant, Group, Item, Lid, Obligation, Party
from convenantgen.names import group_heading, party_name, person
from convenantgen.pipeline import Checked


def diff(old: Checked, new: Checked) -> Diff:
    """Compare two versions that passed check (no errors): every change in substance."""
    s = Sides(old, new)
    _head(s)
    _parties(s)
    _considerans(s)
    renumbered = _articles(s)
    parts.term(s)
    parts.budgets(s)
    parts.notes(s)
    parts.signatures(s)
    parts.publication(s)
    if not s.changes and not renumbered:
        _safety_net(s)
    return Diff(old, new, tuple(s.changes), tuple(renumbered), tuple(s.pairs))


def _safety_net(s: Sides) -> None:
    """Never say 'no change in substance' when the content differs in a way not described above."""
    old, new = s.old.checked.source, s.new.checked.source
    assert old is not None and new is not None
    if canonical(old.data) == canonical(new.data):
        return
    labels = differences(part_hashes(old.data, s.old.numbering), part_hashes(new.data, s.new.numbering)) or [
        "the content"
    ]
    for label in labels:
        s.add(Change(CHANGED, "overig", None, None, label, None, None, note="changed in a way not itemised"))


def _head(s: Sides) -> None:
    o, n = s.old.covenant, s.new.covenant
    s.value("titel", None, "titel", ("titel", "titel"), (o.titel, n.titel), (("titel",), ("titel",)))
    s.value("titel", None, "ondertitel", ("ondertitel", "ondertitel"), (o.ondertitel, n.ondertitel))
    s.value("id", None, "id", ("id", "id"), (o.id, n.id), (("id",), ("id",)))
    s.value(
        "vorige_versie", None, "vorige_versie", ("vorige versie",) * 2, (o.vorige_versie, n.vorige_versie)
    )
    s.value("regio", None, "naam", ("regio",) * 2, (o.regio_naam, n.regio_naam), (("regio", "naam"),) * 2)


def _gemeenten(s: Sides, left: list[str], joined: list[str]) -> None:
    """Municipalities of the region; one that left (or joined) as a party too is said with the party."""
    o, n = s.old.covenant, s.new.covenant
    for name in o.gemeenten:
        if name not in n.gemeenten and name not in left:
            i = o.gemeenten.index(name)
            s.one_side("gemeente", name, ("regio", "gemeenten", i), name, False, f"gemeente {name} (regio)")
    for name in n.gemeenten:
        if name not in o.gemeenten and name not in joined:
            i = n.gemeenten.index(name)
            s.one_side("gemeente", name, ("regio", "gemeenten", i), name, True, f"gemeente {name} (regio)")


def _region_match(party: Party, names: tuple[str, ...], other: tuple[str, ...]) -> str | None:
    """The municipality of the region this party stands for, when it left or joined the region too."""
    for name in names:
        if name not in other and name.casefold() in party.naam.casefold():
            return name
    return None


def _party_line(c: Covenant, party: Party) -> str:
    reps = " en ".join(person(c.person(r.person_id)) for r in party.vertegenwoordigers)
    return f"{party_name(party, True)}, vertegenwoordigd door: {reps}"


def _group_key(g: Group) -> str | None:
    return g.id if g.id else f"partij:{g.partijen[0].id}"


def _parties(s: Sides) -> None:
    o, n = s.old.covenant, s.new.covenant
    old_of = {p.id: (g, p) for g in o.groepen for p in g.partijen}
    new_of = {p.id: (g, p) for g in n.groepen for p in g.partijen}
    left: list[str] = []
    joined: list[str] = []
    for gp in pair(o.groepen, n.groepen, _group_key, lambda g: g.naam or ""):
        og, ng = gp.old, gp.new
        members = (og.partijen if og else ()), (ng.partijen if ng else ())
        if og and ng:
            s.pair(og.path, ng.path)
            if og.id and ng.id:
                s.value("groep", ng.id, "naam", (og.naam, ng.naam), (og.naam, ng.naam), (og.path, ng.path))
        elif ng and ng.id and any(p.id in old_of for p in ng.partijen):
            s.one_side("groep", ng.id, ng.path, group_heading(ng), True, f"groep {ng.naam}")
        elif og and og.id and any(p.id in new_of for p in og.partijen):
            s.one_side("groep", og.id, og.path, group_heading(og), False, f"groep {og.naam}")
        else:  # a group that came or went with all its parties is said with the parties
            s.pair(og.path if og else None, ng.path if ng else None)
        for pp in pair(members[0], members[1], lambda p: p.id, lambda p: p.naam):
            if pp.old and pp.new:
                _party(s, pp.old, pp.new, moved=pp.moved)
            elif pp.new and pp.new.id in old_of:
                _party(s, old_of[pp.new.id][1], pp.new, moved=True, was=old_of[pp.new.id][0])
            elif pp.new:
                town = _region_match(pp.new, n.gemeenten, o.gemeenten)
                joined += [town] if town else []
                note = "also joins the region" if town else None
                if ng and not og and ng.id:
                    note = "; ".join(x for x in (note, "a new group") if x)
                label = pp.new.naam + (f" ({ng.naam})" if ng and ng.naam else "")
                s.one_side("partij", pp.new.id, pp.new.path, _party_line(n, pp.new), True, label, note)
            elif pp.old and pp.old.id not in new_of:
                town = _region_match(pp.old, o.gemeenten, n.gemeenten)
                left += [town] if town else []
                note = "also leaves the region" if town else None
                label = pp.old.naam + (f" ({og.naam})" if og and og.naam else "")
                s.one_side("partij", pp.old.id, pp.old.path, _party_line(o, pp.old), False, label, note)
    _gemeenten(s, left, joined)


def _party(s: Sides, op: Party, np: Party, moved: bool, was: Group | None = None) -> None:
    o, n = s.old.covenant, s.new.covenant
    s.pair(op.path, np.path)
    labels = (op.naam, np.naam)
    if moved:
        new_group = next(g for g in n.groepen if np in g.partijen)
        note = f"from {was.naam or 'the party list'} to {new_group.naam or 'the party list'}" if was else None
        s.add(Change(MOVED, "partij", np.id, op.naam, np.naam, None, None, (), op.path, np.path, note))
    s.text("partij", np.id, ((*op.path, "naam"), (*np.path, "naam")), (op.naam, np.naam), "naam", labels)
    for field, a, b in (
        ("korte_naam", op.korte_naam, np.korte_naam),
        ("lidwoord", op.lidwoord, np.lidwoord),
        ("noot", op.noot, np.noot),
    ):
        s.value("partij", np.id, field, labels, (a, b), (op.path, np.path))
    for rp in pair(
        op.vertegenwoordigers, np.vertegenwoordigers, lambda r: r.person_id, lambda r: r.person_id
    ):
        if rp.old and rp.new:
            s.pair(rp.old.path, rp.new.path)
            before, after = person(o.person(rp.old.person_id)), person(n.person(rp.new.person_id))
            if rp.new.defined_here or rp.old.defined_here:
                s.text(
                    "vertegenwoordiger",
                    rp.new.person_id,
                    (rp.old.path, rp.new.path),
                    (before, after),
                    "persoon",
                    (f"{op.naam}: {before}", f"{np.naam}: {after}"),
                )
        elif rp.new:
            who = person(n.person(rp.new.person_id))
            s.one_side("vertegenwoordiger", rp.new.person_id, rp.new.path, who, True, f"{np.naam}: {who}")
        elif rp.old:
            who = person(o.person(rp.old.person_id))
            s.one_side("vertegenwoordiger", rp.old.person_id, rp.old.path, who, False, f"{op.naam}: {who}")


def _item_path(item: Item) -> tuple[str | int, ...]:
    return (*item.path, "tekst") if item.id or item.items else item.path


def _items(s: Sides, old: tuple[Item, ...], new: tuple[Item, ...], subject: str, suffix: str = "") -> None:
    for ip in pair(old, new, lambda i: i.id, lambda i: i.tekst):
        if ip.old and ip.new:
            s.pair(ip.old.path, ip.new.path)
            labels = (s.old.label(ip.old.path), s.new.label(ip.new.path))
            labels = (labels[0] and labels[0] + suffix, labels[1] and labels[1] + suffix)
            if ip.moved:
                s.add(Change(MOVED, subject, ip.new.id, *labels, None, None, (), ip.old.path, ip.new.path))
            s.text(
                subject,
                ip.new.id,
                (_item_path(ip.old), _item_path(ip.new)),
                (ip.old.tekst, ip.new.tekst),
                labels=labels,
            )
            _items(
                s, ip.old.items, ip.new.items, "subonderdeel" if subject == "onderdeel" else subject, suffix
            )
        elif ip.new or ip.old:
            item = ip.new or ip.old
            assert item is not None
            where = s.new if ip.new else s.old
            label = (where.label(item.path) or subject) + suffix
            s.one_side(subject, item.id, item.path, _item_text(where, item), bool(ip.new), label)


def _item_text(where: Side, item: Item) -> str:
    text = where.plain(_item_path(item), item.tekst)
    for k, sub in enumerate(item.items, 1):
        text += f" {dutch.romeins(k)}. " + _item_text(where, sub)
    return text


def _considerans(s: Sides) -> None:
    o, n = s.old.covenant, s.new.covenant
    path = ("considerans", "inleiding")
    s.text(
        "considerans", None, (path, path), (o.inleiding, n.inleiding), labels=("considerans", "considerans")
    )
    _items(s, o.overwegingen, n.overwegingen, "overweging")


def _articles(s: Sides) -> list[tuple[str, str]]:
    o, n = s.old.covenant, s.new.covenant
    renumbered: list[tuple[str, str]] = []
    for ap in pair(o.artikelen, n.artikelen, lambda a: a.id, lambda a: a.titel):
        if ap.old and ap.new:
            s.pair(ap.old.path, ap.new.path)
            old_label, new_label = s.old.label(ap.old.path), s.new.label(ap.new.path)
            if ap.moved:
                s.add(
                    Change(
                        MOVED,
                        "artikel",
                        ap.new.id,
                        old_label,
                        new_label,
                        ap.old.titel,
                        ap.new.titel,
                        (),
                        ap.old.path,
                        ap.new.path,
                        title=ap.new.titel,
                    )
                )
            elif old_label != new_label and old_label and new_label:
                renumbered.append((old_label, new_label))
            _article(s, ap.old, ap.new)
        elif ap.new:
            s.one_side(
                "artikel", ap.new.id, ap.new.path, _article_text(s, ap.new, True), True, title=ap.new.titel
            )
        elif ap.old:
            s.one_side(
                "artikel", ap.old.id, ap.old.path, _article_text(s, ap.old, False), False, title=ap.old.titel
            )
    return renumbered


def _article_text(s: Sides, article: Article, new: bool) -> str:
    where = s.new if new else s.old
    text = f"{where.numbering.at(article.path).heading}. {article.titel} —"
    if article.tekst:
        text += " " + where.plain((*article.path, "tekst"), article.tekst)
    for lid in article.leden:
        text += " " + _lid_text(s, lid, new)
    return text


def _lid_text(s: Sides, lid: Lid, new: bool) -> str:
    where = s.new if new else s.old
    number = where.numbering.at(lid.path).number
    text = (f"{number}. " if number else "") + where.plain((*lid.path, "tekst"), lid.tekst)
    for item in (*lid.onderdelen, *(i for ob in lid.verplichtingen for i in ob.items)):
        text += f" {where.numbering.at(item.path).number}. " + _item_text(where, item)
    if lid.slot:
        text += " " + where.plain((*lid.path, "slot"), lid.slot)
    return text.strip()


def _flag(value: bool) -> str:
    return "yes" if value else "no"


def _article(s: Sides, old: Article, new: Article) -> None:
    paths = ((*old.path, "titel"), (*new.path, "titel"))
    s.text(
        "artikel",
        new.id,
        paths,
        (old.titel, new.titel),
        "titel",
        (s.old.label(old.path), s.new.label(new.path)),
    )
    paths = ((*old.path, "tekst"), (*new.path, "tekst"))
    s.text(
        "artikel",
        new.id,
        paths,
        (old.tekst, new.tekst),
        labels=(s.old.label(old.path), s.new.label(new.path)),
    )
    labels = (s.old.label(old.path), s.new.label(new.path))
    s.value(
        "artikel",
        new.id,
        "modeltekst",
        labels,
        (_flag(old.modeltekst), _flag(new.modeltekst)),
        (old.path, new.path),
    )
    for lp in pair(old.leden, new.leden, lambda lid: lid.id, lambda lid: lid.tekst or ""):
        if lp.old and lp.new:
            s.pair(lp.old.path, lp.new.path)
            if lp.moved:
                s.add(
                    Change(
                        MOVED,
                        "lid",
                        lp.new.id,
                        s.old.label(lp.old.path),
                        s.new.label(lp.new.path),
                        None,
                        None,
                        (),
                        lp.old.path,
                        lp.new.path,
                    )
                )
            _lid(s, new.id, lp.old, lp.new)
        elif lp.new:
            s.one_side("lid", lp.new.id, lp.new.path, _lid_text(s, lp.new, True), True)
        elif lp.old:
            s.one_side("lid", lp.old.id, lp.old.path, _lid_text(s, lp.old, False), False)


def _obligation_key(ob: Obligation) -> str:
    return ",".join(ob.wie)


def _lid(s: Sides, article_id: str, old: Lid, new: Lid) -> None:
    key = f"{article_id}.{new.id}" if new.id else None
    labels = (s.old.label(old.path), s.new.label(new.path))
    s.text("lid", key, ((*old.path, "tekst"), (*new.path, "tekst")), (old.tekst, new.tekst), labels=labels)
    s.value(
        "lid", key, "modeltekst", labels, (_flag(old.modeltekst), _flag(new.modeltekst)), (old.path, new.path)
    )
    _items(s, old.onderdelen, new.onderdelen, "onderdeel")
    tables.table(s, old, new)
    parts.reviews(s, old, new)
    for op in pair(old.verplichtingen, new.verplichtingen, _obligation_key, lambda ob: ob.kop or ""):
        if op.old and op.new:
            s.pair(op.old.path, op.new.path)
            heading = f" ({op.new.kop or _obligation_key(op.new)})"
            s.text(
                "verplichting",
                key,
                ((*op.old.path, "kop"), (*op.new.path, "kop")),
                (op.old.kop, op.new.kop),
                "kop",
                (labels[0], labels[1]),
            )
            _items(s, op.old.items, op.new.items, "onderdeel", heading)
        elif op.new or op.old:
            ob = op.new or op.old
            assert ob is not None
            where = s.new if op.new else s.old
            text = (
                (ob.kop or _obligation_key(ob))
                + ": "
                + " ".join(f"{where.numbering.at(i.path).number}. {_item_text(where, i)}" for i in ob.items)
            )
            s.one_side(
                "verplichting", key, ob.path, text, bool(op.new), (labels[1] if op.new else labels[0]) or ""
            )
    parts.duties(s, old, new)
    s.text("lid", key, ((*old.path, "slot"), (*new.path, "slot")), (old.slot, new.slot), "slot", labels)
