"""The pages of the site: overviews of all covenants, and one page per covenant.

Every link is relative (``../index.html``, ``<id>.pdf``) and names its file, so the site
works from ``file://`` as well as from any web server. No page needs script.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from convenantgen import __version__, dutch
from convenantgen.model import Covenant
from convenantgen.names import UNKNOWN_PERSON, person, signers
from convenantgen.pipeline import Checked
from convenantgen.provenance import provenance
from convenantgen.render import environment, page_context, stylesheet
from convenantgen.site import metadata, renvooi
from convenantgen.site.history import History
from convenantgen.site.status import EXPLANATION, Standing, Status
from convenantgen.site.voortgang import REPORT_PAGE, Voortgang, report_page

VIEWS = (
    ("index.html", "per status"),
    ("regio.html", "per regio"),
    ("termijnen.html", "per eerstvolgende termijn"),
)


@dataclass(frozen=True)
class Deadline:
    """The next dated duty of a covenant after the reference date."""

    day: date
    title: str
    article: str | None
    provisional: bool = False  # the term has not started: the date assumes a start


@dataclass(frozen=True)
class Entry:
    """One covenant as the site shows it."""

    item: Checked
    standing: Standing
    history: History | None
    deadline: Deadline | None
    replaced_by: tuple[str, ...]
    fingerprint: str
    voortgang: Voortgang | None = None

    @property
    def covenant(self) -> Covenant:
        """The checked covenant."""
        assert self.item.covenant is not None
        return self.item.covenant

    @property
    def title(self) -> str:
        """Title and subtitle."""
        return metadata.title(self.covenant)


@dataclass(frozen=True)
class Download:
    """A file offered on a covenant's page."""

    href: str
    label: str
    kind: str
    mime: str
    size: str


@dataclass(frozen=True)
class Signature:
    """One signature block in words."""

    party_id: str
    party: str
    signers: str
    day: date | None
    place: str | None


def size(data: bytes) -> str:
    """'118 kB' (at least 1 kB)."""
    return f"{dutch.getal(max(1, round(len(data) / 1000)))} kB"


def region_order(entry: Entry) -> tuple[str, str, str]:
    """Sort key: region, then title, then id (so equal names still sort the same every time)."""
    return (entry.covenant.regio_naam.casefold(), entry.title.casefold(), entry.covenant.id)


def _contents(entry: Entry, versions: bool) -> list[tuple[str, str]]:
    c = entry.covenant
    assert entry.item.layout is not None
    # the document's own headings, in its own order (a considerans may stand before the parties)
    toc = [("#kop-partijen", c.partijlijst.heading.rstrip(":,"))]
    pre = c.considerans
    if pre.kop or c.overwegingen:
        entry_ = ("#kop-considerans", (pre.kop or pre.opening).rstrip(":,"))
        toc.insert(0 if pre.plaats == "voor-partijen" else 1, entry_)
    numbers = entry.item.layout.numbering
    toc += [
        (f"#{numbers.at(a.path).anchor}", f"{numbers.at(a.path).heading}. {a.titel}") for a in c.artikelen
    ]
    toc.append(("#kop-ondertekening", "Ondertekening"))
    if any(lid.termijnen or lid.herzieningen or lid.fasen for a in c.artikelen for lid in a.leden):
        toc.append(("#kop-termijnen", "Bijlage: Overzicht van termijnen"))
    notes = {n.id for n in c.noten}
    if any(k in notes for k in entry.item.layout.note_numbers):
        toc.append(("#kop-noten", "Noten"))
    if entry.voortgang is not None:
        toc.append(("#kop-voortgang", "Voortgang"))
    if versions:
        toc.append(("#kop-versies", "Versies"))
    return toc


def _signatures(c: Covenant, standing: Standing) -> list[Signature]:
    parties = {p.id: p for p in c.parties}
    out = []
    for block, day in standing.signed:
        party = parties[block.partij]
        names = [person(p) for p in signers(c, party, block.ondertekenaars)]
        names = [n for n in names if n and n != UNKNOWN_PERSON]
        place = block.plaats if day else None
        out.append(Signature(block.partij, block.naam or party.naam, dutch.opsomming(names), day, place))
    return out


def _relations(entry: Entry, titles: Mapping[str, str]) -> list[tuple[str, list[tuple[str | None, str]]]]:
    def link(covenant_id: str) -> tuple[str | None, str]:
        if covenant_id in titles:
            return f"../{covenant_id}/index.html", titles[covenant_id]
        return None, covenant_id

    out: list[tuple[str, list[tuple[str | None, str]]]] = []
    if entry.covenant.vorige_versie:
        out.append(("Vervangt", [link(entry.covenant.vorige_versie)]))
    if entry.replaced_by:
        out.append(("Vervangen door", [link(i) for i in entry.replaced_by]))
    return out


METADATA = "metadata.json"
DOWNLOADS = (
    (".pdf", "Het convenant als PDF", "PDF, ondertekenbaar", "application/pdf"),
    (".yaml", "De bron in YAML", "YAML", "application/yaml"),
    (".ics", "De termijnen als kalender", "iCalendar", "text/calendar"),
    ("-voortgang.pdf", "De voortgangsrapportage als PDF", "PDF", "application/pdf"),
)


def downloads(covenant_id: str, files: Mapping[str, bytes]) -> list[Download]:
    """The files of a covenant's folder that its page offers, with their size."""
    out = []
    for ext, label, kind, mime in DOWNLOADS:
        name = f"{covenant_id}{ext}"
        data = files.get(f"{covenant_id}/{name}")
        if data is not None:
            out.append(Download(name, label, kind, mime, size(data)))
    data = files.get(f"{covenant_id}/{METADATA}")
    if data is not None:
        out.append(Download(METADATA, "De gegevens van deze pagina", "JSON", "application/json", size(data)))
    return out


def _common(today: date) -> dict[str, Any]:
    return {"today": today, "explanation": EXPLANATION, "views": VIEWS}


def covenant_page(entry: Entry, today: date, files: Mapping[str, bytes], titles: Mapping[str, str]) -> bytes:
    """The HTML page of one covenant (``<id>/index.html``)."""
    item = entry.item
    assert item.layout is not None and item.source is not None
    c = entry.covenant
    context = page_context(c, item.layout, "screen", provenance(item))
    context.update(_common(today))
    redlines = renvooi.links(c.id, c.vorige_versie, entry.replaced_by, titles, files)
    context["site"] = {
        "standing": entry.standing,
        "deadline": entry.deadline,
        "fingerprint": entry.fingerprint,
        "relations": _relations(entry, titles),
        "downloads": downloads(c.id, files),
        "toc": _contents(entry, entry.history is not None or bool(redlines)),
        "signatures": _signatures(c, entry.standing),
        "history": entry.history,
        "redlines": redlines,
        "voortgang": entry.voortgang,
        "source_name": f"{c.id}.yaml",
        "schemas": metadata.SCHEMAS,
        "metadata": metadata.fields(c, entry.standing, entry.history, entry.replaced_by),
    }
    return environment().get_template("site/convenant.html.j2").render(context).encode("utf-8")


def progress_page(entry: Entry, today: date) -> bytes:
    """The voortgangsrapportage of a covenant as a page of the site."""
    assert entry.voortgang is not None and entry.item.layout is not None
    return report_page(entry.voortgang.progress, entry.covenant, entry.item.layout, _common(today))


def overview_pages(entries: Sequence[Entry], today: date) -> dict[str, bytes]:
    """index.html (grouped by status), regio.html and termijnen.html (one sorted table each)."""
    template = environment().get_template("site/index.html.j2")
    by_region = sorted(entries, key=region_order)
    groups = [(s, [e for e in by_region if e.standing.status == s]) for s in Status]
    far = date.max
    by_deadline = sorted(by_region, key=lambda e: e.deadline.day if e.deadline else far)
    pages = {
        "index.html": ("Convenanten per status", [(s, rows) for s, rows in groups if rows], by_region, ""),
        "regio.html": ("Convenanten per regio", None, by_region, "Alle convenanten, geordend op regio"),
        "termijnen.html": (
            "Convenanten per eerstvolgende termijn",
            None,
            by_deadline,
            "Alle convenanten, de eerstvolgende termijn eerst",
        ),
    }
    out = {}
    for name, (heading, grouped, rows, caption) in pages.items():
        html = template.render(
            _common(today),
            heading=heading,
            groups=grouped,
            entries=rows,
            caption=caption,
            intro="" if grouped is None else "Per status geordend op regio.",
            current=name,
            version=__version__,
        )
        out[name] = html.encode("utf-8")
    return out


def site_css() -> bytes:
    """site.css: the house style, the progress report's additions, then the site's."""
    env = environment()
    assert env.loader is not None
    parts = [stylesheet()] + [
        env.loader.get_source(env, name)[0] for name in ("voortgang.css", "site/site.css")
    ]
    return "\n".join(parts).encode("utf-8")


def entry_json(entry: Entry, files: Mapping[str, bytes]) -> dict[str, Any]:
    """What a covenant's page says, for programs (``<id>/metadata.json`` and convenanten.json)."""
    c = entry.covenant
    s = entry.standing
    deadline = entry.deadline
    return {
        "id": c.id,
        "title": entry.title,
        "region": c.regio_naam,
        "status": s.status.value,
        "term": {"start": _iso(s.start), "end": _iso(s.end)},
        "parties": len(c.parties),
        "parties_signed": s.parties_signed,
        "next_deadline": None
        if deadline is None
        else {
            "date": deadline.day.isoformat(),
            "title": deadline.title,
            "article": deadline.article,
            "provisional": deadline.provisional,
        },
        "fingerprint": entry.fingerprint,
        "page": f"{c.id}/index.html",
        "progress_report": f"{c.id}/{REPORT_PAGE}" if entry.voortgang else None,
        "files": [f"{c.id}/{d.href}" for d in downloads(c.id, files) if d.href != METADATA],
        "metadata": metadata.as_json(metadata.fields(c, s, entry.history, entry.replaced_by)),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def dumps(body: Any) -> bytes:
    """JSON as the site writes it: sorted, indented, UTF-8, one trailing newline."""
    return (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
