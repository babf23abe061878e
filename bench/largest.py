"""The largest covenant check accepts: every list, text and whole-document budget at its limit.

All limits are read from ``schemas/convenant.schema.json`` (its maxItems, maxLength,
maxProperties, the Markdown-marks pattern and 'x-budgets'), so tightening the schema
tightens the document. Not every limit can be reached at once (60 parties in all cannot also
be 60 party-list entries of 60 parties each), so the document reaches every list limit but
the party list's once and every whole-document budget exactly; ``shape`` says where the text budget
goes first, since footnotes, running text, list items and names cost WeasyPrint differently
('marks': Markdown emphasis packed into single words; 'brackets': the texts that cost
markdown-it most).

    python bench/largest.py OUT.yaml [--shape notes|prose|items|names|marks|brackets] [--no-paraaf]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "convenant.schema.json"
MODELINE = "# yaml-language-server: $schema=../schemas/convenant.schema.json\n"
SHAPES = ("notes", "prose", "items", "names", "marks", "brackets")
WORDS = (
    "de partijen werken samen aan een inclusieve arbeidsmarkt waarin werkgevers gemeenten "
    "onderwijs en sociale partners afspraken maken over banen voor mensen met een "
    "arbeidsbeperking in de regio met aandacht voor begeleiding scholing matching en duurzame plaatsing"
).split()
FIRST_YEAR = 2000
PERSON = "/$defs/persoon_velden/"
TABLE = "/$defs/tabel/properties/"


@dataclass(frozen=True)
class Limits:
    """The schema's limits, by what they limit."""

    schema: dict[str, Any]

    def at(self, pointer: str, keyword: str) -> int:
        """A limit keyword of the schema node at a JSON pointer (``/$defs/lid/...``)."""
        node: Any = self.schema
        for part in pointer.strip("/").split("/"):
            node = node[part]
        if keyword not in node and "$ref" in node:  # the kind's own limit
            return self.at(node["$ref"].lstrip("#"), keyword)
        return int(node[keyword])

    def items(self, pointer: str) -> int:
        return self.at(pointer, "maxItems")

    def length(self, kind: str) -> int:
        return self.at(f"/$defs/{kind}", "maxLength")

    def budget(self, name: str) -> int:
        return int(self.schema["x-budgets"][name]["limit"])

    @property
    def marks_per_text(self) -> int:
        pattern = self.schema["$defs"]["markdown"]["not"]["pattern"]
        return int(re.findall(r"\{(\d+)\}", pattern)[-1]) - 1


def load_limits(schema: Path = SCHEMA) -> Limits:
    """The limits of a schema file."""
    return Limits(json.loads(schema.read_text(encoding="utf-8")))


class _Text:
    """A text in the document, written last: what kind, how long it is and may grow."""

    def __init__(self, kind: str, limit: int, length: int, start: str = "") -> None:
        self.kind = kind  # a text kind of the schema, or "line" for a one-line field
        self.limit = limit
        self.length = min(length, limit)
        self.start = start  # the words a one-line text begins with
        self.marks = 0
        self.calls = ""  # footnote calls appended to the text


class Builder:
    """Builds the document with its texts as placeholders, then fills them to the budgets."""

    def __init__(self, limits: Limits, shape: str) -> None:
        self.limits = limits
        self.shape = shape
        self.slots: list[_Text] = []

    def text(self, kind: str, parent: dict[str, Any] | list[Any], key: str | int) -> _Text:
        """A Markdown text of a kind ('tekst', 'onderdeeltekst', ...) at ``parent[key]``."""
        slot = _Text(kind, self.limits.length(kind), 24)
        self.slots.append(slot)
        if isinstance(parent, list):
            parent.append(slot)
        else:
            parent[key] = slot
        return slot

    def line(self, words: str, pointer: str, usual: int, most: int | None = None) -> _Text:
        """A one-line text of ``usual`` characters, which may grow to its field's limit."""
        limit = self.limits.at(pointer, "maxLength")
        slot = _Text("line", min(limit, most or limit), usual, words + " ")
        self.slots.append(slot)
        return slot

    def finish(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Grow the texts to the text budget and give them marks, first where ``shape`` says."""
        from convenantgen.limits import MARKS

        fixed = list(_strings(doc))
        room = self.limits.budget("text_characters") - sum(map(len, fixed))
        room -= sum(slot.length for slot in self.slots)
        for slot in sorted(self.slots, key=self._priority):
            grow = min(slot.limit - slot.length, room)
            if grow > 0:
                slot.length += grow
                room -= grow
        marks_room = self.limits.budget("markdown_marks") - sum(len(MARKS.findall(s)) for s in fixed)
        marks_room -= sum(len(MARKS.findall(slot.calls)) for slot in self.slots)
        # 'brackets': 20 '[' per text, the most markdown-it's link rule looks ahead for
        per_text = 20 if self.shape == "brackets" else self.limits.marks_per_text
        texts = [(i, s) for i, s in enumerate(self.slots) if s.kind != "line"]
        for index, slot in sorted(texts, key=lambda item: -item[1].length):  # marks cost most in long texts
            calls = len(MARKS.findall(slot.calls))
            take = min(per_text - calls, marks_room) // 2 * 2
            if take > 0:
                slot.marks = take
                marks_room -= len(MARKS.findall(self._body(index, slot))) - calls
        bodies = {id(slot): self._body(i, slot) for i, slot in enumerate(self.slots)}
        result: dict[str, Any] = _fill(doc, bodies)
        return result

    def _priority(self, slot: _Text) -> int:
        wanted = {
            "notes": "noottekst",
            "prose": "tekst",
            "brackets": "tekst",
            "items": "onderdeeltekst",
            "names": "line",
        }.get(self.shape)
        return 0 if slot.kind == wanted else 1

    def _body(self, index: int, slot: _Text) -> str:
        length = slot.length - len(slot.calls)
        if slot.kind == "line":
            return _filler(slot.start, slot.length, 0, index)
        if self.shape == "brackets" and slot.marks:
            # what costs markdown-it most per character: each '[' makes it scan ahead for the
            # end of a link label, through characters that each end a run of plain text
            return "[" * slot.marks + ":" * (length - slot.marks) + slot.calls
        if self.shape == "marks" and slot.marks:
            # the marks as one word of emphasis ("*a*b*a*b..."): many inline boxes in one
            # unbreakable word is what costs WeasyPrint most
            word = "Z" + "*a*b" * (slot.marks // 2)
            body = (word + " " + _filler("", max(0, length - len(word) - 1), 0, index))[:length].rstrip()
            return body + "." * (length - len(body)) + slot.calls
        return _filler("", length, slot.marks, index) + slot.calls


def _fill(node: Any, bodies: dict[int, str]) -> Any:
    """The document with every placeholder replaced by its text."""
    if isinstance(node, _Text):
        return bodies[id(node)]
    if isinstance(node, dict):
        return {key: _fill(value, bodies) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, bodies) for value in node]
    return node


def _strings(node: Any) -> Iterator[str]:
    """The strings that are no placeholders (ids, fixed words)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _filler(start: str, length: int, marks: int, seed: int) -> str:
    """Dutch-looking words of exactly ``length`` characters, ``marks // 2`` of them *emphasised*.

    Different for every seed, so no two texts are alike (convenantgen caches parses of
    equal texts). No digits: numbers in text are what some checks compare.
    """
    rng = random.Random(seed)
    out = [start] if start else []
    size = len(start)
    emphasis = marks // 2
    while size < length:
        word = rng.choice(WORDS)
        if emphasis:
            word = f"*{word}*"
            emphasis -= 1
        if not out:
            word = word[:1].upper() + word[1:] if word[0] != "*" else "*" + word[1].upper() + word[2:]
        piece = word if not out else " " + word
        out.append(piece)
        size += len(piece)
    text = "".join(out)
    if len(text) > length:
        text = text[:length].rstrip(" *")
        if text.count("*") % 2:  # a cut-off emphasis: close it within the length
            text = text[:-1].rstrip(" *") + "*"
    return text + "." * (length - len(text))  # exactly ``length``: the budgets are counted


def covenant(limits: Limits, shape: str = "notes", paraaf: bool = True) -> dict[str, Any]:
    """The largest covenant check accepts, as plain data.

    With ``paraaf`` every page carries an initials box per party, which costs WeasyPrint
    more per page than anything else, but allows fewer parties.
    """
    b = Builder(limits, shape)
    lim = limits.items
    n_parties = min(limits.budget("parties"), lim("/$defs/groep/properties/partijen"))
    if paraaf:
        n_parties = min(n_parties, limits.budget("paraaf_parties"))
    label = limits.budget("paraaf_label") if paraaf else None
    signatures = min(limits.budget("signatures"), limits.budget("representatives"))
    max_reps = lim("/$defs/partij/properties/vertegenwoordigers")
    reps = _spread(signatures, n_parties, max_reps)
    parties = []

    def delegate() -> dict[str, Any]:
        return {
            "aanhef": "de heer",
            "titel": b.line("dr.", PERSON + "titel", 3),
            "naam": b.line("B. de Vries", PERSON + "naam", 11),
            "functie": b.line("Regiomanager", PERSON + "functie", 12),
        }

    for p in range(n_parties):
        parties.append(
            {
                "id": f"partij-{p}",
                "naam": b.line(f"Organisatie {p}", "/$defs/partij/properties/naam", 60),
                "korte_naam": b.line(f"Org {p}", "/$defs/partij/properties/korte_naam", 20, label),
                "vertegenwoordigers": [
                    {
                        "id": f"persoon-{p}-{r}",
                        "aanhef": "mevrouw",
                        "titel": b.line("mr.", PERSON + "titel", 3),
                        "naam": b.line(f"A. Jansen {p}.{r}", PERSON + "naam", 16),
                        "functie": b.line("Directeur", PERSON + "functie", 9),
                        **({"gemachtigde": delegate()} if shape == "names" else {}),
                    }
                    for r in range(reps[p])
                ],
            }
        )
    place = "/$defs/ondertekening/properties/blokken/items/properties/plaats"
    blocks: list[dict[str, Any]] = [
        {"partij": f"partij-{p}", "plaats": b.line("Hilversum", place, 9)} for p in range(n_parties)
    ]
    blocks[0]["ondertekenaars"] = [f"persoon-0-{r}" for r in range(reps[0])]
    term_years = lim("/$defs/tabel/properties/rijen")
    doc: dict[str, Any] = {
        "formaat": 1,
        "id": "grootste-convenant",
        "titel": b.line("Convenant Inclusieve Arbeidsmarkt", "/properties/titel", 33),
        "ondertitel": b.line("Het grootste convenant dat check aanvaardt", "/properties/ondertitel", 42),
        "regio": {
            "naam": "Regio Voorbeeld",
            "gemeenten": [f"Gemeente {g}" for g in range(lim("/$defs/regio/properties/gemeenten"))],
        },
        "partijen": [{"id": "deelnemers", "naam": "deelnemers", "partijen": parties}],
    }
    version = "/$defs/versie/else/properties/"
    doc["vorige_versie"] = {
        "titel": b.line("Convenant Inclusieve Arbeidsmarkt", version + "titel", 33),
        "datum": f"{FIRST_YEAR - 5}-06-01",
        "vindplaats": b.line("Staatscourant", version + "vindplaats", 13),
    }
    preamble = "/$defs/considerans/properties/"
    considerans: dict[str, Any] = {
        "kop": b.line("Inleiding", preamble + "kop", 9),
        "aanhef": b.line("Overwegende dat", preamble + "aanhef", 15),
        "inleiding": [],
        "overwegingen": [],
    }
    doc["considerans"] = considerans
    for i in range(lim(preamble + "inleiding/then")):
        paragraph = b.text("tekst", considerans["inleiding"], len(considerans["inleiding"]))
        if i == 0:  # the region's municipalities are printed (else CG424), all 100 of them
            paragraph.calls += " [[regio.gemeenten]]"
    for i in range(lim("/$defs/considerans/properties/overwegingen")):
        if i == 0:  # the first with its sub-items at their limit
            recital: dict[str, Any] = {"id": "overweging-met-sub"}
            b.text("onderdeeltekst", recital, "tekst")
            recital["onderdelen"] = []
            for _ in range(lim("/$defs/overweging/else/properties/onderdelen")):
                b.text("onderdeeltekst", recital["onderdelen"], len(recital["onderdelen"]))
            considerans["overwegingen"].append(recital)
        else:
            b.text("onderdeeltekst", considerans["overwegingen"], len(considerans["overwegingen"]))
    articles: list[dict[str, Any]] = []
    doc["artikelen"] = articles
    doc["looptijd"] = {
        "ingang": {"regel": "datum", "datum": f"{FIRST_YEAR}-01-01"},
        "einde": f"{FIRST_YEAR + term_years - 1}-12-31",
    }
    doc["budgetten"] = _budgets(limits)
    doc["noten"] = {}
    doc["ondertekening"] = {"paraaf": paraaf, "blokken": blocks}
    _articles(b, limits, doc, [p["id"] for p in parties])
    return b.finish(doc)


def _spread(total: int, over: int, most: int) -> list[int]:
    """``total`` split over ``over`` places, the first at ``most``, the rest as even as can be."""
    first = min(most, total - (over - 1))
    rest, extra = divmod(total - first, over - 1)
    return [first] + [min(most, rest + (1 if i < extra else 0)) for i in range(over - 1)]


def _budgets(limits: Limits) -> list[dict[str, Any]]:
    n = limits.items("/properties/budgetten")
    posts = limits.items("/$defs/budget/properties/posten")
    out = [{"id": f"budget-{i}", "omschrijving": f"Budget {i}", "bedrag": 1_000_000} for i in range(n)]
    out[0]["posten"] = [
        {"id": f"post-{j}", "omschrijving": f"Post {j}", "bedrag": 10_000} for j in range(posts)
    ]
    return out


def _articles(b: Builder, limits: Limits, doc: dict[str, Any], party_ids: list[str]) -> None:
    lim = limits.items
    articles: list[dict[str, Any]] = doc["artikelen"]
    notes: dict[str, Any] = doc["noten"]
    n_articles = lim("/properties/artikelen")
    n_leden = lim("/$defs/artikel/properties/leden")
    n_items = lim("/$defs/onderdelen")
    n_sub = lim("/$defs/onderdeel/else/properties/onderdelen")
    for a in range(n_articles):
        title = b.line(f"Onderwerp {a}", "/$defs/artikel/properties/titel", 40)
        articles.append({"id": f"artikel-{a}", "titel": title, "leden": []})
    first = articles[0]["leden"]
    # article 1: every kind of lid at its limit
    lid: dict[str, Any] = {"id": "lijst"}
    b.text("tekst", lid, "tekst")
    lid["onderdelen"] = []
    for i in range(n_items):
        if i == 0:
            item: dict[str, Any] = {"id": "met-sub"}
            b.text("onderdeeltekst", item, "tekst")
            item["onderdelen"] = []
            for _ in range(n_sub):
                b.text("onderdeeltekst", item["onderdelen"], len(item["onderdelen"]))
            lid["onderdelen"].append(item)
        else:
            b.text("onderdeeltekst", lid["onderdelen"], i)
    b.text("onderdeeltekst", lid, "slot")
    first.append(lid)
    first.append(_obligations(b, limits, party_ids))
    cells = limits.budget("table_cells")
    t = 0
    while cells > 0:
        table_lid, used = _table(b, limits, f"tabel-{t}", cells)
        cells -= used
        first.append(table_lid)
        t += 1
    first.append(_reviews(b, limits))
    first.append(_duties(b, limits))
    first.append(_phases(b, limits))
    # footnotes: all of them, the first with its list of items; called from leden below
    n_notes = limits.at("/properties/noten", "maxProperties")
    for n in range(n_notes):
        if n == 0:
            note: dict[str, Any] = {"nummering": "a"}
            b.text("noottekst", note, "tekst")
            note["onderdelen"] = []
            for _ in range(lim("/$defs/noot/else/properties/onderdelen")):
                b.text("noottekst", note["onderdelen"], len(note["onderdelen"]))
            notes[f"noot-{n}"] = note
        else:
            b.text("noottekst", notes, f"noot-{n}")
    # every article gets a lid and the first its limit of leden; the list entries left go
    # to leden of onderdelen, spread over the articles
    lid_texts: list[_Text] = []
    for article in articles:
        while not article["leden"] or (article is articles[0] and len(article["leden"]) < n_leden):
            article["leden"].append({})
            lid_texts.append(b.text("tekst", article["leden"][-1], "tekst"))
    room = limits.budget("list_entries") - _entries(doc)
    a = 0
    while room > 0:
        target = articles[1 + a % (n_articles - 1)]["leden"]
        a += 1
        new: dict[str, Any] = {}
        lid_texts.append(b.text("tekst", new, "tekst"))
        room -= 1
        if room > 0:
            new["onderdelen"] = []
            for _ in range(min(n_items, room)):
                b.text("onderdeeltekst", new["onderdelen"], len(new["onderdelen"]))
                room -= 1
        target.append(new)
    for n in range(n_notes):
        lid_texts[n % len(lid_texts)].calls += f" noot[^noot-{n}]"


def _entries(node: Any) -> int:
    """List entries ('- ' items) under a node, counted as the 'list_entries' budget counts them."""
    if isinstance(node, dict):
        return sum(_entries(v) for v in node.values())
    if isinstance(node, list):
        return len(node) + sum(_entries(v) for v in node)
    return 0


def _obligations(b: Builder, limits: Limits, party_ids: list[str]) -> dict[str, Any]:
    lim = limits.items
    lid: dict[str, Any] = {"id": "verplichtingen", "verplichtingen": []}
    who = lim("/$defs/verplichting/properties/wie")
    for v in range(lim("/$defs/lid/properties/verplichtingen")):
        wie = party_ids[:who] if v == 0 else [party_ids[v % len(party_ids)]]
        ob: dict[str, Any] = {"wie": wie, "onderdelen": []}
        b.text("onderdeeltekst", ob["onderdelen"], 0)
        lid["verplichtingen"].append(ob)
    return lid


def _table(b: Builder, limits: Limits, table_id: str, cells: int) -> tuple[dict[str, Any], int]:
    """A lid with a table of at most ``cells`` cells (year and total included)."""
    lim = limits.items
    columns = lim("/$defs/tabel/properties/kolommen")
    per_row = columns + 2
    rows = min(lim("/$defs/tabel/properties/rijen"), max(1, cells // per_row))
    if cells < per_row:
        columns, per_row = max(1, cells - 2), max(3, cells)
    table: dict[str, Any] = {
        "id": table_id,
        "bijschrift": b.line("Doelen per jaar", TABLE + "bijschrift", 15),
        "eenheid": b.line("banen", TABLE + "eenheid", 5),
        "jaar_kop": b.line("Jaar", TABLE + "jaar_kop", 4),
        "kolommen": [
            {"id": f"k{c}", "kop": b.line(f"Kolom {c}", TABLE + "kolommen/items/properties/kop", 7)}
            for c in range(columns)
        ],
        "totaal": {"kop": b.line("Totaal", TABLE + "totaal/properties/kop", 6), "berekend": False},
        "rijen": [],
    }
    for r in range(rows):
        values = {f"k{c}": 100 * (r + 1) + c for c in range(columns)}
        table["rijen"].append({"jaar": FIRST_YEAR + r, **values, "totaal": sum(values.values())})
    lid: dict[str, Any] = {"id": f"lid-{table_id}"}
    b.text("tekst", lid, "tekst")
    lid["tabel"] = table
    b.text("onderdeeltekst", table, "nulmeting")
    return lid, rows * per_row


def _reviews(b: Builder, limits: Limits) -> dict[str, Any]:
    moments = limits.items("/$defs/herzieningen/properties/momenten")
    lid: dict[str, Any] = {"id": "herziening"}
    b.text("tekst", lid, "tekst")
    lid["herzieningen"] = {
        "elke_jaren": 1,
        "momenten": [
            {"maand": f"{FIRST_YEAR + 1 + m}-10", "ingang": f"{FIRST_YEAR + 2 + m}-01-01"}
            for m in range(moments)
        ],
    }
    return lid


def _phases(b: Builder, limits: Limits) -> dict[str, Any]:
    lid: dict[str, Any] = {"id": "fasen"}
    b.text("tekst", lid, "tekst")
    lid["fasen"] = [
        {
            "id": f"fase-{f}",
            "naam": b.line(f"Fase {f}", "/$defs/fasen/items/properties/naam", 7),
            "duur": {"maanden": 1},
        }
        for f in range(limits.items("/$defs/fasen"))
    ]
    return lid


def _duties(b: Builder, limits: Limits) -> dict[str, Any]:
    lid: dict[str, Any] = {"id": "termijnen"}
    b.text("tekst", lid, "tekst")
    lid["termijnen"] = [
        {
            "id": f"termijn-{d}",
            "soort": "rapportage",
            "omschrijving": f"Rapportage {d}",
            "frequentie": "jaarlijks",
            "uiterlijk": {"dag": 1, "maand": 4},
        }
        for d in range(limits.items("/$defs/lid/properties/termijnen"))
    ]
    return lid


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:  # the format refuses anchors: write repeats out
        return True


def dump(doc: dict[str, Any]) -> str:
    """The document as YAML with a modeline, ready for check."""
    return MODELINE + yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write(path: Path, shape: str = "notes", paraaf: bool = True, limits: Limits | None = None) -> Path:
    """Write the largest accepted covenant of a shape to ``path``."""
    path.write_text(dump(covenant(limits or load_limits(), shape, paraaf)), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shape", choices=SHAPES, default="notes")
    parser.add_argument("--no-paraaf", action="store_true", help="no initials boxes, so more parties")
    options = parser.parse_args(argv)
    write(options.out, options.shape, not options.no_paraaf)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
