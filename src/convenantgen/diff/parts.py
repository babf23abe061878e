"""The diff of the covenant's values: reviews, duties, term, budgets, notes, signatures, status."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from convenantgen import dutch
from convenantgen.diff.pairing import pair
from convenantgen.diff.sides import Sides
from convenantgen.model import Duty, Lid
from convenantgen.names import person, signers

_START = {
    "ondertekening": "on signature by the last party",
    "datum": "from a fixed date",
    "terugwerkend": "retroactively from a date",
}


def _date(value: date | None) -> str | None:
    return dutch.datum(value) if value else None


def _money(value: Decimal | None) -> str | None:
    return dutch.bedrag(value) if value is not None else None


def reviews(s: Sides, old: Lid, new: Lid) -> None:
    """The review schedule: rhythm and moments (by id, else by month)."""
    a, b = old.herzieningen, new.herzieningen
    if a is None and b is None:
        return
    labels = (s.old.label(old.path), s.new.label(new.path))
    every = (
        str(a.elke_jaren) if a and a.elke_jaren else None,
        str(b.elke_jaren) if b and b.elke_jaren else None,
    )
    s.value("herziening", None, "elke_jaren", labels, every, (old.path, new.path))
    for mp in pair(a.momenten if a else (), b.momenten if b else (), lambda m: m.id, lambda m: m.maand):
        if mp.old and mp.new:
            s.pair(mp.old.path, mp.new.path)
            m_labels = (s.old.label(mp.old.path), s.new.label(mp.new.path))
            paths = (mp.old.path, mp.new.path)
            s.value(
                "herziening",
                mp.new.id,
                "maand",
                m_labels,
                (dutch.maand(mp.old.maand), dutch.maand(mp.new.maand)),
                paths,
            )
            s.value(
                "herziening",
                mp.new.id,
                "ingang",
                m_labels,
                (_date(mp.old.ingang), _date(mp.new.ingang)),
                paths,
            )
        elif mp.new or mp.old:
            m = mp.new or mp.old
            assert m is not None
            text = f"{dutch.maand(m.maand)}, changes take effect {dutch.datum(m.ingang)}"
            s.one_side("herziening", m.id, m.path, text, bool(mp.new))


def _duty_values(d: Duty) -> dict[str, str | None]:
    return {
        "soort": d.soort,
        "omschrijving": d.omschrijving,
        "frequentie": d.frequentie,
        "wie": d.wie,
        "minimaal_per_jaar": str(d.minimaal_per_jaar) if d.minimaal_per_jaar is not None else None,
        "uiterlijk": dutch.dag_maand(*d.uiterlijk) if d.uiterlijk else None,
        "voor_einde": (
            f"{d.voor_einde_maanden} maanden, {d.voor_einde_dagen} dagen" if d.has_voor_einde else None
        ),
        "datum": _date(d.datum),
    }


def duties(s: Sides, old: Lid, new: Lid) -> None:
    """Reporting, budget and meeting duties of a lid, by id."""
    for dp in pair(old.termijnen, new.termijnen, lambda d: d.id, lambda d: d.omschrijving):
        if dp.old and dp.new:
            s.pair(dp.old.path, dp.new.path)
            labels = (
                f"{s.old.label(dp.old.path)}: {dp.old.omschrijving}",
                f"{s.new.label(dp.new.path)}: {dp.new.omschrijving}",
            )
            a, b = _duty_values(dp.old), _duty_values(dp.new)
            for field in a:
                s.value("termijn", dp.new.id, field, labels, (a[field], b[field]), (dp.old.path, dp.new.path))
        elif dp.new or dp.old:
            d = dp.new or dp.old
            assert d is not None
            where = s.new if dp.new else s.old
            text = ", ".join(f"{k}: {v}" for k, v in _duty_values(d).items() if v)
            s.one_side(
                "termijn", d.id, d.path, text, bool(dp.new), f"{where.label(d.path)}: {d.omschrijving}"
            )


def term(s: Sides) -> None:
    """Entry into force and end."""
    a, b = s.old.covenant.looptijd, s.new.covenant.looptijd
    paths = (a.path, b.path)
    s.value(
        "looptijd",
        None,
        "ingang",
        ("looptijd, ingang",) * 2,
        (_START[a.regel], _START[b.regel]),
        ((*a.path, "ingang"), (*b.path, "ingang")),
    )
    s.value(
        "looptijd", None, "datum", ("looptijd, ingangsdatum",) * 2, (_date(a.datum), _date(b.datum)), paths
    )
    end = (_date(a.einde) or "onbepaald", _date(b.einde) or "onbepaald")
    s.value(
        "looptijd", None, "einde", ("looptijd, einde",) * 2, end, ((*a.path, "einde"), (*b.path, "einde"))
    )


def budgets(s: Sides) -> None:
    """Budgets and their lines, by id."""
    for bp in pair(
        s.old.covenant.budgetten, s.new.covenant.budgetten, lambda b: b.id, lambda b: b.omschrijving
    ):
        if bp.old and bp.new:
            s.pair(bp.old.path, bp.new.path)
            labels = (f"budget {bp.old.id}", f"budget {bp.new.id}")
            paths = (bp.old.path, bp.new.path)
            s.value(
                "budget", bp.new.id, "bedrag", labels, (_money(bp.old.bedrag), _money(bp.new.bedrag)), paths
            )
            s.text(
                "budget",
                bp.new.id,
                ((*bp.old.path, "omschrijving"), (*bp.new.path, "omschrijving")),
                (bp.old.omschrijving, bp.new.omschrijving),
                "omschrijving",
                labels,
            )
            for lp in pair(bp.old.posten, bp.new.posten, lambda p: p.id, lambda p: p.omschrijving):
                if lp.old and lp.new:
                    s.pair(lp.old.path, lp.new.path)
                    post = (f"{labels[0]}, post {lp.old.id}", f"{labels[1]}, post {lp.new.id}")
                    s.value(
                        "post",
                        f"{bp.new.id}.{lp.new.id}",
                        "bedrag",
                        post,
                        (_money(lp.old.bedrag), _money(lp.new.bedrag)),
                        (lp.old.path, lp.new.path),
                    )
                    s.value(
                        "post",
                        f"{bp.new.id}.{lp.new.id}",
                        "omschrijving",
                        post,
                        (lp.old.omschrijving, lp.new.omschrijving),
                        (lp.old.path, lp.new.path),
                    )
                elif lp.new or lp.old:
                    line = lp.new or lp.old
                    assert line is not None
                    s.one_side(
                        "post",
                        line.id,
                        line.path,
                        f"{line.omschrijving}: {_money(line.bedrag)}",
                        bool(lp.new),
                        f"budget {bp.new.id}, post {line.id}",
                    )
        elif bp.new or bp.old:
            b = bp.new or bp.old
            assert b is not None
            s.one_side(
                "budget",
                b.id,
                b.path,
                f"{b.omschrijving}: {_money(b.bedrag)}",
                bool(bp.new),
                f"budget {b.id}",
            )


def notes(s: Sides) -> None:
    """Footnotes, by id, named by their number on each side."""

    def label(where_new: bool, note_id: str) -> str:
        number = (s.new if where_new else s.old).numbering.note(note_id)
        return f"noot {number}" if number else f"noot {note_id}"

    for np in pair(s.old.covenant.noten, s.new.covenant.noten, lambda n: n.id, lambda n: n.tekst):
        if np.old and np.new:
            s.pair(np.old.path, np.new.path)
            labels = (label(False, np.old.id), label(True, np.new.id))
            old_path = (*np.old.path, "tekst") if np.old.onderdelen else np.old.path
            new_path = (*np.new.path, "tekst") if np.new.onderdelen else np.new.path
            s.text("noot", np.new.id, (old_path, new_path), (np.old.tekst, np.new.tekst), labels=labels)
            s.value(
                "noot",
                np.new.id,
                "nummering",
                labels,
                (np.old.nummering, np.new.nummering),
                (np.old.path, np.new.path),
            )
            entries = (
                [(k, t) for k, t in enumerate(np.old.onderdelen)],
                [(k, t) for k, t in enumerate(np.new.onderdelen)],
            )
            for ep in pair(entries[0], entries[1], lambda e: None, lambda e: e[1]):
                o = (*np.old.path, "onderdelen", ep.old[0]) if ep.old else ()
                n = (*np.new.path, "onderdelen", ep.new[0]) if ep.new else ()
                if ep.old and ep.new:
                    s.pair(o, n)
                    sub = (s.old.label(o), s.new.label(n))
                    s.text(
                        "noot",
                        np.new.id,
                        (o, n),
                        (ep.old[1], ep.new[1]),
                        labels=(f"{labels[0]}, {sub[0]}", f"{labels[1]}, {sub[1]}"),
                    )
                elif ep.new:
                    s.one_side(
                        "noot",
                        np.new.id,
                        n,
                        s.new.plain(n, ep.new[1]),
                        True,
                        f"{labels[1]}, {s.new.label(n)}",
                    )
                elif ep.old:
                    s.one_side(
                        "noot",
                        np.old.id,
                        o,
                        s.old.plain(o, ep.old[1]),
                        False,
                        f"{labels[0]}, {s.old.label(o)}",
                    )
        elif np.new or np.old:
            note = np.new or np.old
            assert note is not None
            where = s.new if np.new else s.old
            path = (*note.path, "tekst") if note.onderdelen else note.path
            s.one_side(
                "noot",
                note.id,
                note.path,
                where.plain(path, note.tekst),
                bool(np.new),
                label(bool(np.new), note.id),
            )


def _signed(place: str | None, day: date | None) -> str | None:
    """'Hilversum, 12 januari 2016': where and when a block was signed, as far as recorded."""
    return ", ".join(x for x in (place, _date(day)) if x) or None


def signatures(s: Sides) -> None:
    """Signature blocks: who signs, and the signatures recorded (place, date)."""
    o, n = s.old.covenant, s.new.covenant
    old_parties = {p.id: p for p in o.parties}
    new_parties = {p.id: p for p in n.parties}
    s.value("ondertekening", None, "paraaf", ("paraaf",) * 2, (str(o.paraaf).lower(), str(n.paraaf).lower()))
    for bp in pair(o.blokken, n.blokken, lambda b: b.partij, lambda b: b.partij):
        if bp.old and bp.new:
            s.pair(bp.old.path, bp.new.path)
            op, np = old_parties[bp.old.partij], new_parties[bp.new.partij]
            labels = (f"ondertekening {bp.old.naam or op.naam}", f"ondertekening {bp.new.naam or np.naam}")
            paths = (bp.old.path, bp.new.path)
            s.value("ondertekening", bp.new.partij, "naam", labels, (bp.old.naam, bp.new.naam), paths)
            who = (
                ", ".join(person(p) for p in signers(o, op, bp.old.ondertekenaars)),
                ", ".join(person(p) for p in signers(n, np, bp.new.ondertekenaars)),
            )
            s.value("ondertekening", bp.new.partij, "ondertekenaars", labels, who, paths)
            where = (_signed(bp.old.plaats, bp.old.datum), _signed(bp.new.plaats, bp.new.datum))
            note = "signature recorded" if bp.new.datum and not bp.old.datum else None
            s.value("ondertekening", bp.new.partij, "getekend", labels, where, paths, note)
        elif bp.new and bp.new.partij in old_parties:  # a party of both versions gets a block
            s.one_side(
                "ondertekening",
                bp.new.partij,
                bp.new.path,
                None,
                True,
                f"ondertekening {new_parties[bp.new.partij].naam}",
            )
        elif bp.old and bp.old.partij in new_parties:
            s.one_side(
                "ondertekening",
                bp.old.partij,
                bp.old.path,
                None,
                False,
                f"ondertekening {old_parties[bp.old.partij].naam}",
            )
        else:  # the block of a party that joined or left is said with the party
            s.pair(bp.old.path if bp.old else None, bp.new.path if bp.new else None)


def publication(s: Sides) -> None:
    """Status and website."""
    o, n = s.old.covenant, s.new.covenant
    path = ("publicatie", "status")
    s.value("publicatie", None, "status", ("status",) * 2, (o.status, n.status), (path, path))
    s.value("publicatie", None, "website", ("website",) * 2, (o.website, n.website))
