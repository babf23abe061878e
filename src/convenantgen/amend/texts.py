"""Author text as the reader of each version sees it: plain words to quote, a form to compare.

A reference reads as it is printed in its own version ("artikel 3, tweede lid"), so an
article renumbered by an insertion changes the words of the texts that refer to it, and the
amendment says so, as the Aanwijzingen ask. Footnote calls are left out of the words (a
quote never holds a footnote number) but kept, by id, in the form that is compared, so a
call added or removed is a change of that text.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

from convenantgen.amend.phrasing import squash
from convenantgen.checks.references import split_target
from convenantgen.layout import Layout
from convenantgen.model import Item, Lid, Table
from convenantgen.text import NOTE, render

_TAG = re.compile(r"<[^>]+>")


def _caller(layout: Layout, keep_notes: bool) -> Any:
    def call(kind: str, meta: dict[str, Any], env: dict[str, Any]) -> Markup:
        target = str(meta["target"])
        if kind == NOTE:
            return Markup("<sup>[^{}]</sup>").format(target) if keep_notes else Markup("")
        key, _ = split_target(target)
        place = layout.places.get(key)
        words = layout.phrase(place, env.get("article"), env.get("lid")) if place else f"[[{key}]]"
        comma = "," if meta.get("continues") and "," in words and place and place.value is None else ""
        return Markup("{}{}").format(words, comma)

    return call


def shape(layout: Layout, text: str | None, article: str | None = None, lid: str | None = None) -> str:
    """The text as HTML without links (references as words, footnote calls by id): to compare."""
    if not text:
        return ""
    env = {"render_call": _caller(layout, True), "article": article, "lid": lid}
    return squash(render(text, env))


def words(layout: Layout, text: str | None, article: str | None = None, lid: str | None = None) -> str:
    """The text as plain words, as printed (no markup, no footnote numbers): to quote."""
    if not text:
        return ""
    env = {"render_call": _caller(layout, False), "article": article, "lid": lid}
    return squash(html.unescape(_TAG.sub(" ", render(text, env)).replace(" ,", ",")))


def item_shape(
    layout: Layout, item: Item, article: str | None, lid: str | None
) -> tuple[str, tuple[str, ...]]:
    """An onderdeel or overweging: its text and its sub-items, to compare."""
    return shape(layout, item.tekst, article, lid), tuple(
        shape(layout, i.tekst, article, lid) for i in item.items
    )


def table_shape(table: Table) -> tuple[Any, ...]:
    """Everything a target table prints except its cells."""
    columns = tuple((c.id, c.kop, c.noot) for c in table.kolommen)
    total = (table.totaal.kop, table.totaal.noot) if table.totaal else None
    return (
        columns,
        total,
        tuple(r.jaar for r in table.rijen),
        table.bijschrift,
        table.jaar_kop,
        table.nulmeting,
    )


def cells(table: Table) -> dict[tuple[int, str], int]:
    """The printed numbers of a table by (year, column id), totals under 'totaal'."""
    out: dict[tuple[int, str], int] = {}
    for row in table.rijen:
        for column, value in row.values:
            out[(row.jaar, column)] = value
        if table.totaal:
            out[(row.jaar, "totaal")] = (
                row.declared_total if row.declared_total is not None else row.computed_total
            )
    return out


def sources(lid: Lid) -> tuple[str, ...]:
    """Every author text of a lid (for the references and footnote calls it makes)."""
    out = [lid.tekst or "", lid.slot or ""]
    out += [t for item in lid.onderdelen for t in item_sources(item)]
    out += [t for ob in lid.verplichtingen for item in ob.items for t in item_sources(item)]
    if lid.tabel and lid.tabel.nulmeting:
        out.append(lid.tabel.nulmeting)
    if lid.tabel:
        out += [f"[^{c.noot}]" for c in lid.tabel.kolommen if c.noot]
        if lid.tabel.totaal and lid.tabel.totaal.noot:
            out.append(f"[^{lid.tabel.totaal.noot}]")
    return tuple(t for t in out if t)


def item_sources(item: Item) -> tuple[str, ...]:
    """The texts of an onderdeel and its sub-items."""
    return (item.tekst, *(t for sub in item.items for t in item_sources(sub)))
