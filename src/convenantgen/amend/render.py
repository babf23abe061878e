"""Render a planned wijzigingsconvenant as HTML (screen and print) and PDF, in the house style.

The page is convenant.html.j2 with the new version's party list and signature blocks and
its own middle (wijziging.html.j2): the considerans, Artikel I (parties), Artikel II (the
instructions A, B, C, …) and the article on entry into force. Parts of the new version
that an instruction quotes are printed with the covenant's own macros, without anchors,
their references as words (the places they name are in the consolidated text, not here).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from convenantgen import dutch
from convenantgen.amend.model import Amendment, Block, Instruction
from convenantgen.fingerprint import fingerprint
from convenantgen.layout import Layout
from convenantgen.loader import JsonPath
from convenantgen.model import Covenant
from convenantgen.pipeline import Checked
from convenantgen.render import _Writer, environment, page_context
from convenantgen.schedule import document_date
from convenantgen.text import NOTE


class _QuoteWriter(_Writer):
    """The covenant's writer, with references printed as words instead of links."""

    def _call(self, kind: str, meta: dict[str, Any], env: dict[str, Any]) -> Markup:
        html = super()._call(kind, meta, env)
        if kind == NOTE or not html.startswith('<a class="ref"'):
            return html
        words = html[html.index(">") + 1 : html.rindex("</a>")]
        return Markup('<span class="ref">{}</span>{}').format(
            Markup(words), Markup(html[html.rindex("</a>") + 4 :])
        )

    def ordered_notes(self) -> list[tuple[int, str]]:
        """Only the footnotes of the quoted parts (rendered before the notes section)."""
        return [(n, k) for n, k in super().ordered_notes() if k in self.printed]


@dataclass(frozen=True)
class Quoted:
    """A block resolved to the parts of the new version the template prints."""

    kind: str
    article: Any = None
    lid: Any = None
    item: Any = None
    table: Any = None
    note: Any = None
    text: str = ""
    here: str | None = None


def resolve(covenant: Covenant, block: Block) -> Quoted:
    """The part of the new version a block names."""
    path: JsonPath = block.path
    if block.kind == "zinnen":
        return Quoted("zinnen", text=block.text)
    if block.kind == "inleiding":
        return Quoted("inleiding", text=covenant.inleiding or "")
    if block.kind == "noot":
        return Quoted("noot", note=next(n for n in covenant.noten if n.path == tuple(path)))
    if block.kind == "overweging":
        return Quoted("overweging", item=covenant.overwegingen[int(path[2])])
    article = covenant.artikelen[int(path[1])]
    if block.kind == "artikel":
        return Quoted("artikel", article=article)
    lid = article.leden[int(path[3])]
    if block.kind == "lid":
        return Quoted("lid", article=article, lid=lid)
    if block.kind == "tabel":
        return Quoted("tabel", article=article, lid=lid, table=lid.tabel, here=block.lid)
    item = lid.onderdelen[int(path[5])]
    if block.kind == "subonderdeel":
        item = item.items[int(path[7])]
    return Quoted(block.kind, article=article, lid=lid, item=item, here=block.lid)


_SHORT = ("zinnen", "lid", "onderdeel", "subonderdeel", "overweging", "noot", "inleiding")


def short(instruction: Instruction) -> bool:
    """An instruction that prints at most one short part: kept on one page (see wijziging.css)."""
    blocks = instruction.blocks
    return not instruction.items and (not blocks or (len(blocks) == 1 and blocks[0].kind in _SHORT))


def provenance(old: Checked, new: Checked) -> dict[str, Any]:
    """The fingerprints of both versions, as HTML meta and the PDF footer."""
    assert old.source is not None and new.source is not None
    before, after = fingerprint(old.source.data), fingerprint(new.source.data)
    return {
        "meta": {"convenantgen:wijziging-van": before, "convenantgen:wijziging-naar": after},
        "footer": f"wijziging van {before[:23]} naar {after[:23]}",
    }


def _articles(amendment: Amendment) -> list[tuple[str, str, str, tuple[Instruction, ...]]]:
    """(number, title, opening, instructions) of the wijzigingsconvenant's own articles."""
    out = []
    if amendment.parties:
        out.append(("Partijen", "", amendment.parties))
    if amendment.changes:
        out.append(
            ("Wijziging van het convenant", "Het convenant wordt als volgt gewijzigd:", amendment.changes)
        )
    numbered = [
        (dutch.romeins(i).upper(), title, opening, items) for i, (title, opening, items) in enumerate(out, 1)
    ]
    return numbered


def amendment_html(amendment: Amendment, new: Checked, old: Checked, medium: str = "screen") -> str:
    """The wijzigingsconvenant as one self-contained HTML page for ``screen`` or ``print``."""
    assert new.covenant is not None and new.layout is not None
    covenant, layout = new.covenant, new.layout
    shown = dataclasses.replace(covenant, titel=amendment.title, ondertitel=None)
    context = page_context(shown, layout, medium, provenance(old, new))
    context.update(_context(amendment, covenant, layout, medium, context["css"]))
    return environment().get_template("wijziging.html.j2").render(context)


def _context(
    amendment: Amendment, covenant: Covenant, layout: Layout, medium: str, css: Markup
) -> dict[str, Any]:
    env = environment()
    assert env.loader is not None
    extra_css = env.loader.get_source(env, "wijziging.css")[0]
    articles = _articles(amendment)
    return {
        "a": amendment,
        "w": _QuoteWriter(covenant, layout, medium),
        "css": Markup(str(css) + extra_css),
        "wijziging_artikelen": articles,
        "slot_nummer": dutch.romeins(len(articles) + 1).upper(),
        "quoted": lambda block: resolve(covenant, block),
        "hoofdletter": lambda n: dutch.letter(n).upper(),
        "kort": short,
        "soort": {
            "added": "toegevoegd",
            "removed": "vervallen",
            "changed": "gewijzigd",
            "moved": "verplaatst",
        },
    }


def amendment_name(new: Covenant, extension: str) -> str:
    """'zuid-kennemerland-ijmond-2019-wijziging.pdf'."""
    return f"{new.id}-wijziging.{extension}"


def render_amendment(
    amendment: Amendment, old: Checked, new: Checked, formats: tuple[str, ...] = ("html",)
) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the HTML and/or PDF; the PDF dated by the new version, never by the clock."""
    assert new.covenant is not None
    out = []
    if "html" in formats:
        html = amendment_html(amendment, new, old, "screen")
        out.append((amendment_name(new.covenant, "html"), html.encode("utf-8")))
    if "pdf" in formats:
        from convenantgen.pdf import render_pdf  # WeasyPrint is heavy: only the PDF imports it

        printed = amendment_html(amendment, new, old, "print")
        out.append((amendment_name(new.covenant, "pdf"), render_pdf(printed, document_date(new.covenant))))
    return out
