"""The diff of target tables: columns by id, rows by year, cells with their effect on the totals."""

from __future__ import annotations

from convenantgen import dutch
from convenantgen.diff.model import CHANGED, Change
from convenantgen.diff.pairing import pair
from convenantgen.diff.sides import Sides
from convenantgen.model import Lid, Row, Table


def _total(table: Table, row: Row) -> int | None:
    if table.totaal is None:
        return None
    return row.declared_total if row.declared_total is not None else row.computed_total


def _note(table: Table) -> str | None:
    """The footnote of the total column, by id (a number would change with every renumbering)."""
    return table.totaal.noot if table.totaal else None


def _computed(table: Table) -> str | None:
    return ("computed" if table.totaal.berekend else "declared") if table.totaal else None


def table(s: Sides, old_lid: Lid, new_lid: Lid) -> None:
    """Columns, rows and cells of a target table (rows by year, columns by id)."""
    old, new = old_lid.tabel, new_lid.tabel
    if old is None and new is None:
        return
    if old is None or new is None:
        t = new or old
        assert t is not None
        where = s.new if new else s.old
        label = f"{where.label(t.path)}, tabel"
        s.one_side("tabel", t.id, t.path, f"{len(t.rijen)} rows", bool(new), label)
        return
    s.pair(old.path, new.path)
    labels = (f"{s.old.label(old.path)}, tabel", f"{s.new.label(new.path)}, tabel")
    for field, a, b in (
        ("bijschrift", old.bijschrift, new.bijschrift),
        ("eenheid", old.eenheid, new.eenheid),
        ("jaar_kop", old.jaar_kop, new.jaar_kop),
        ("cumulatief", str(old.cumulatief).lower(), str(new.cumulatief).lower()),
        ("totaal", old.totaal.kop if old.totaal else None, new.totaal.kop if new.totaal else None),
        ("totaal_noot", _note(old), _note(new)),
        ("berekend", _computed(old), _computed(new)),
    ):
        s.value("tabel", new.id, field, labels, (a, b), (old.path, new.path))
    paths = ((*old.path, "nulmeting"), (*new.path, "nulmeting"))
    s.text("tabel", new.id, paths, (old.nulmeting, new.nulmeting), "nulmeting", labels)
    for cp in pair(old.kolommen, new.kolommen, lambda c: c.id, lambda c: c.kop):
        if cp.old and cp.new:
            s.pair(cp.old.path, cp.new.path)
            paths = (cp.old.path, cp.new.path)
            s.value("kolom", cp.new.id, "kop", labels, (cp.old.kop, cp.new.kop), paths)
            notes = (cp.old.noot, cp.new.noot)  # footnotes by id: their numbers follow the text
            s.value(
                "kolom",
                cp.new.id,
                "noot",
                (f"{labels[0]}, {cp.old.kop}", f"{labels[1]}, {cp.new.kop}"),
                notes,
                paths,
            )
        elif cp.new or cp.old:
            col = cp.new or cp.old
            assert col is not None
            s.one_side(
                "kolom", col.id, col.path, col.kop, bool(cp.new), f"{labels[1 if cp.new else 0]}, {col.kop}"
            )
    heads = {c.id: c.kop for c in (*old.kolommen, *new.kolommen)}
    for rp in pair(old.rijen, new.rijen, lambda r: str(r.jaar), lambda r: str(r.jaar)):
        if rp.old and rp.new:
            s.pair(rp.old.path, rp.new.path)
            _row(s, old, new, rp.old, rp.new, labels, heads)
        elif rp.new or rp.old:
            row = rp.new or rp.old
            assert row is not None
            t = new if rp.new else old
            values = ", ".join(f"{heads[c]} {dutch.getal(v)}" for c, v in row.values)
            total = _total(t, row)
            values += f", totaal {dutch.getal(total)}" if total is not None else ""
            label = f"{labels[1 if rp.new else 0]}, {row.jaar}"
            s.one_side("rij", f"{t.id}.{row.jaar}", row.path, values, bool(rp.new), label)


def _row(
    s: Sides,
    old_t: Table,
    new_t: Table,
    old: Row,
    new: Row,
    labels: tuple[str, str],
    heads: dict[str, str],
) -> None:
    before, after = _total(old_t, old), _total(new_t, new)
    changed = [
        (c, old.value(c), new.value(c))
        for c in dict.fromkeys([*(c for c, _ in old.values), *(c for c, _ in new.values)])
        if old.value(c) != new.value(c)
    ]
    delta = sum((b or 0) - (a or 0) for _, a, b in changed)
    # A declared total that moved with the one cell that changed is that cell's effect, not a change.
    folded = len(changed) == 1 and before is not None and after is not None and after - before == delta
    for c, a, b in changed:
        note = None
        if folded and before is not None and after is not None and before != after:
            note = f"totaal {new.jaar}: {dutch.getal(before)} → {dutch.getal(after)}"
        s.add(
            Change(
                CHANGED,
                "cel",
                f"{new_t.id}.{new.jaar}.{c}",
                f"{labels[0]}, {old.jaar}, {heads[c]}",
                f"{labels[1]}, {new.jaar}, {heads[c]}",
                dutch.getal(a) if a is not None else None,
                dutch.getal(b) if b is not None else None,
                (),
                (*old.path, c),
                (*new.path, c),
                note,
                c,
            )
        )
    if not folded and before != after:
        total = new_t.totaal or old_t.totaal
        kop = total.kop if total else "totaal"
        s.value(
            "cel",
            f"{new_t.id}.{new.jaar}.totaal",
            "totaal",
            (f"{labels[0]}, {old.jaar}, {kop}", f"{labels[1]}, {new.jaar}, {kop}"),
            (
                dutch.getal(before) if before is not None else None,
                dutch.getal(after) if after is not None else None,
            ),
            ((*old.path, "totaal"), (*new.path, "totaal")),
        )
