"""Render stage: a checked covenant to one self-contained HTML document.

Two media share one template: ``screen`` (the published HTML, footnotes as endnotes) and
``print`` (the HTML handed to WeasyPrint, footnotes floated to the foot of their page).
Author text only ever enters the page through the Markdown renderer, which escapes HTML;
it is never used as template source, so '{{ ... }}' in YAML stays literal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from convenantgen import __version__, dutch, overview
from convenantgen.checks.references import split_target
from convenantgen.durations import woorden
from convenantgen.layout import Layout
from convenantgen.loader import JsonPath
from convenantgen.model import Covenant, Party, Person, SignatureBlock
from convenantgen.names import UNKNOWN_PERSON as UNKNOWN_PERSON  # re-exported: it used to live here
from convenantgen.names import (
    cluster_members,
    cluster_representatives,
    hierna,
    obligation_heading,
    party_name,
    person,
    signers,
)
from convenantgen.names import group_heading as group_heading
from convenantgen.numbering import signer_anchor
from convenantgen.resources import data_dir
from convenantgen.schedule import document_date as document_date  # re-exported: it used to live here
from convenantgen.schedule import phase_dates
from convenantgen.text import NOTE, render
from convenantgen.typeset import CALL_ANCHOR, NOTE_ANCHOR, keep_together


@dataclass(frozen=True)
class Rendered:
    """The HTML of one covenant for one medium."""

    covenant_id: str
    medium: str
    html: str


@cache
def environment() -> Environment:
    """The Jinja environment: autoescape on, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(str(data_dir("templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        datum=dutch.datum,
        maand=dutch.maand,
        getal=dutch.getal,
        bedrag=dutch.bedrag,
        heel=lambda value: Markup(keep_together(str(escape(value)))),
        letter=dutch.letter,
        romeins=dutch.romeins,
        label=dutch.label,
        rangtelwoord=dutch.rangtelwoord,
        duur=woorden,
    )
    return env


class _Writer:
    """Renders author text in reading order; remembers which footnotes were printed."""

    def __init__(self, covenant: Covenant, layout: Layout, medium: str) -> None:
        self.covenant = covenant
        self.layout = layout
        self.medium = medium
        self.notes = {n.id: n for n in covenant.noten}
        self.printed: set[str] = set()

    def text(
        self, text: str | None, article: str | None = None, lid: str | None = None, block: bool = False
    ) -> Markup:
        """Author Markdown as safe HTML, with references and footnote calls resolved."""
        if not text:
            return Markup("")
        env = {"render_call": self._call, "article": article, "lid": lid}
        return Markup(keep_together(render(text, env, block=block)))

    def note(self, note_id: str | None) -> Markup:
        """A footnote call outside running text (after a name or a column heading)."""
        return self._note_call(note_id) if note_id else Markup("")

    def _call(self, kind: str, meta: dict[str, Any], env: dict[str, Any]) -> Markup:
        target = str(meta["target"])
        if kind == NOTE:
            return self._note_call(target)
        key, _ = split_target(target)
        place = self.layout.places.get(key)
        if place is None:
            return Markup('<span class="ref-ontbreekt">[[{}]]</span>').format(key)
        words = self.layout.phrase(place, env.get("article"), env.get("lid"))
        if place.kind == "adres":  # the schema allows only https:// addresses without spaces
            return Markup('<a class="ref" href="{0}">{0}</a>').format(words)
        if place.value is not None:
            return Markup('<span class="waarde">{}</span>').format(words)
        comma = "," if meta.get("continues") and "," in words else ""
        return Markup('<a class="ref" href="#{}">{}</a>{}').format(place.element, words, comma)

    def _note_call(self, note_id: str) -> Markup:
        number = self.layout.numbering.note(note_id)
        note = self.notes.get(note_id)
        if number is None or note is None:
            return Markup('<sup class="ref-ontbreekt">[^{}]</sup>').format(note_id)
        first = note_id not in self.printed
        self.printed.add(note_id)
        if self.medium == "print" and first:
            body = self.note_body(note_id, inline=True)
            # the empty mark stands where the call is: tests/test_pdf_layout.py checks that the
            # note is printed on the page of its mark
            mark = Markup('<span class="fn-aanroep" id="{}{}"></span>').format(CALL_ANCHOR, number)
            return mark + Markup('<span class="fn" id="{}{}" data-n="{}">{}</span>').format(
                NOTE_ANCHOR, number, number, body
            )
        if self.medium == "print":  # the note stands at the foot of an earlier page: no link
            return Markup('<sup class="fn-call">{}</sup>').format(number)
        if first:
            return Markup('<sup class="fn-call"><a href="#noot-{0}" id="noot-ref-{0}">{0}</a></sup>').format(
                number
            )
        return Markup('<sup class="fn-call"><a href="#noot-{0}">{0}</a></sup>').format(number)

    def note_body(self, note_id: str, inline: bool = False) -> Markup:
        """The footnote's text and list; spans only when it floats inside a paragraph."""
        note = self.notes[note_id]
        if note.ontbreekt is not None:
            # Shown, never filled in: a concept may lack a text, a covenant to sign may not (CG710).
            return Markup('<span class="modelmerk ontbreekt">tekst ontbreekt</span>')
        item_tag = "span" if inline else "li"
        list_tag = "span" if inline else "ol"
        html = self.text(note.tekst)
        if note.onderdelen:
            items = Markup("").join(
                Markup('<{0} class="fn-item"><span class="label">{1}.</span> {2}</{0}>').format(
                    item_tag, self.layout.numbering.at((*note.path, "onderdelen", k)).number, self.text(line)
                )
                for k, line in enumerate(note.onderdelen)
            )
            html += Markup('<{0} class="fn-list">{1}</{0}>').format(list_tag, items)
        return html

    def ordered_notes(self) -> list[tuple[int, str]]:
        """(number, id) of every called footnote, in number order."""
        return sorted((n, k) for k, n in self.layout.numbering.notes.items() if k in self.notes)


def render_html(
    covenant: Covenant, layout: Layout, medium: str = "screen", extra: dict[str, Any] | None = None
) -> Rendered:
    """Render the covenant to HTML for ``screen`` or ``print``."""
    template = environment().get_template("convenant.html.j2")
    return Rendered(covenant.id, medium, template.render(page_context(covenant, layout, medium, extra)))


def stylesheet() -> str:
    """The house style sheet (templates/convenant.css)."""
    return environment().loader.get_source(environment(), "convenant.css")[0]  # type: ignore[union-attr]


def page_context(
    covenant: Covenant, layout: Layout, medium: str = "screen", extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What convenant.html.j2 (and templates extending it) are rendered with."""
    writer = _Writer(covenant, layout, medium)
    created = document_date(covenant)
    return dict(
        c=covenant,
        layout=layout,
        w=writer,
        num=layout.numbering,
        rk=redline_keys((extra or {}).get("keys")),
        signer_anchor=signer_anchor,
        medium=medium,
        css=Markup(stylesheet()),
        person=person,
        party_name=party_name,
        hierna=hierna,
        cluster_members=cluster_members,
        cluster_representatives=cluster_representatives,
        obligation_heading=obligation_heading,
        parties={p.id: p for p in covenant.parties},
        signers=signers,
        phases=phase_dates,
        termijnen=overview.rows(covenant, layout) if _has_duties(covenant) else (),
        title=document_title(covenant),
        # a redline pairs blocks by key, and rows would shift when a block comes or goes: one
        # wrapping row there, its names as high as the highest, so the boxes still stand level
        rows=signature_rows(covenant, per_row=len(covenant.blokken) * 10 if (extra or {}).get("keys") else 2),
        closing=closing_formula(covenant),
        created=created.isoformat() if created else None,
        version=__version__,
        extra=extra or {},
    )


def _has_duties(covenant: Covenant) -> bool:
    """The annex 'Overzicht van termijnen' is printed when the text states duties, reviews or phases."""
    return any(lid.termijnen or lid.herzieningen or lid.fasen for a in covenant.artikelen for lid in a.leden)


def document_title(covenant: Covenant) -> str:
    """The title that names the region too: every region has a 'Convenant Inclusieve Arbeidsmarkt'."""
    title = covenant.titel + (f" – {covenant.ondertitel}" if covenant.ondertitel else "")
    region = covenant.regio_naam
    return title if region.casefold() in title.casefold() else f"{title} – {region}"


def closing_formula(covenant: Covenant) -> str | None:
    """'Aldus overeengekomen en in negenvoud ondertekend te Hilversum op 12 juni 2015.', or None."""
    formula = covenant.slotformule
    if formula is None:
        return None
    copies = formula.voud or len(covenant.blokken)
    place = formula.plaats or BLANK
    day = dutch.datum(formula.datum) if formula.datum else BLANK
    return keep_together(f"Aldus overeengekomen en in {dutch.voud(copies)} ondertekend te {place} op {day}.")


BLANK = "………………………"
# Characters of a party's name on one line of a signature block (bold sans, half the text
# width), estimated low so that the space above the boxes is never too small.
_NAME_LINE = 30


@dataclass(frozen=True)
class Signer:
    """One signature block on the page: who signs for which party, and the delegate."""

    block: SignatureBlock
    party: Party
    person: Person
    index: int  # 1 for the party's first signer
    heading: str  # the party's name above the box
    name: str  # 'De heer B. Mooren, Directeur'
    delegate: str | None  # 'mevrouw L.P. Tiel, Regiomanager' (who signs 'namens deze')


def _lines(text: str, width: int = _NAME_LINE) -> int:
    """How many lines ``text`` takes when words wrap at ``width`` characters."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def signature_rows(covenant: Covenant, per_row: int = 2) -> list[tuple[int, list[Signer]]]:
    """The signature blocks in rows of two, each with the lines its party names need."""
    parties = {p.id: p for p in covenant.parties}
    entries = []
    for block in covenant.blokken:
        party = parties.get(block.partij)
        if party is None:
            continue
        for index, who in enumerate(signers(covenant, party, block.ondertekenaars), start=1):
            name = person(replace(who, gemachtigde=None))
            delegate = person(who.gemachtigde) if who.gemachtigde else None
            heading = block.naam or party.naam
            entries.append(Signer(block, party, who, index, heading, name[:1].upper() + name[1:], delegate))
    rows = [entries[i : i + per_row] for i in range(0, len(entries), max(per_row, 1))]
    return [(max(_lines(s.heading) for s in row), row) for row in rows]


def redline_keys(keys: Mapping[JsonPath, str] | None) -> Callable[..., Markup]:
    """The template's rk(path[, n]): ' data-k="…"' on the parts a redline pairs, else nothing."""

    def key(path: JsonPath, n: int = 1) -> Markup:
        found = keys.get(tuple(path)) if keys else None
        if found is None:
            return Markup("")
        return Markup(' data-k="{}"').format(found + (f"-{n}" if n > 1 else ""))

    return key


def escape_text(value: str) -> Markup:
    """Escape plain text for HTML (re-exported for templates and tests)."""
    return escape(value)
