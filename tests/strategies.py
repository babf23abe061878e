"""Hypothesis strategies: valid covenants as plain data, and mutations of a covenant's text.

``covenants()`` draws covenants that must pass ``check`` without errors: the consistency
rules (CG1xx-CG6xx) are met by construction, with the arithmetic done here independently of
convenantgen (dates, month steps, Dutch number formatting). ``mutations()`` draws edits of a
file's bytes: delete, duplicate or swap lines, insert bytes, truncate, re-indent.

Imported as ``from strategies import ...`` (tests/ is on sys.path, like helpers.py).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

# --- words and texts ------------------------------------------------------------------------------

WORDS = [
    *(
        "de partijen werken samen aan een inclusieve arbeidsmarkt voor mensen met afstand tot "
        "werk regio werkgevers werknemers onderwijs gemeenten bevorderen ondersteunen jaarlijks "
        "overleg inzet plannen afspraken banen ontwikkeling scholing begeleiding en of in op van "
        "café coöperatie reïntegratie één ĳsselmonde zo’n ‘samen’ – ± § €"
    ).split(),
    # What real Dutch text holds and CG009 must leave alone: the no-break space (which
    # split() would cut at), the capital Ĳ, curly double quotes.
    "€\u00a01.000",
    "5\u00a0%",
    "Ĳmuiden",
    "“samen”",
]


@st.composite
def sentence(draw: st.DrawFn, min_words: int = 2, max_words: int = 12) -> str:
    """A sentence that starts with a capital letter (so YAML never reads it as a number)."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words))
    if words and draw(st.booleans()):
        i = draw(st.integers(0, len(words) - 1))
        words[i] = draw(st.sampled_from(["*{}*", "**{}**", "_{}_"])).format(words[i])
    head = draw(st.sampled_from(["De", "Het", "Partijen", "Elke", "Zo", "Één", "Ĳverig"]))
    return " ".join([head, *words]) + draw(st.sampled_from([".", ";", ":", "!", ""]))


def line(prefix: str = "", most: int = 300) -> st.SearchStrategy[str]:
    """One line of text for a 'regel' field (at most 300 characters, or the field's ``most``)."""
    return sentence(1, 6).map(lambda s: (prefix + s)[:most].strip() or "Tekst")


def paragraphs() -> st.SearchStrategy[str]:
    """Markdown text: one or more paragraphs, sometimes a list."""
    return st.lists(sentence(), min_size=1, max_size=3).flatmap(
        lambda ps: st.sampled_from(
            ["\n\n".join(ps), " ".join(ps), ps[0] + "\n\n" + "\n".join(f"- {p}" for p in ps)]
        )
    )


# --- independent date and number arithmetic ------------------------------------------------------


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def month_from_index(i: int) -> tuple[int, int]:
    return i // 12, i % 12 + 1


def month_last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def months_before(end: date, months: int, days: int) -> date:
    """``months`` calendar months before ``end`` (day clamped), then ``days`` days earlier."""
    year, month = month_from_index(month_index(end) - months)
    day = min(end.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) - timedelta(days=days)


def dutch_number(n: int) -> str:
    """1234567 -> '1.234.567'."""
    return f"{n:,}".replace(",", ".")


# --- the valid covenant ---------------------------------------------------------------------------


class _Ids:
    """Every id in a covenant is unique, whatever namespace convenantgen puts it in."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, kind: str) -> str:
        self.n += 1
        return f"{kind}-{self.n}"


@dataclass
class _Holder:
    """A Markdown text field, so calls can be added to it afterwards."""

    container: dict[str, Any] | list[Any]
    key: str | int

    def append(self, text: str) -> None:
        current = self.container[self.key]  # type: ignore[index]
        if isinstance(current, dict):
            current["tekst"] += text
        else:
            self.container[self.key] = current + text  # type: ignore[index]


@dataclass
class _State:
    ids: _Ids
    holders: list[_Holder]
    refs: list[str]  # keys [[...]] may name
    cells: list[tuple[str, int]]  # table cells with their values, for [[t.y.k = n]]
    notes: list[str]
    lower: date  # no check counts the term as starting later than this
    end: date | None


def _draw_person(draw: st.DrawFn, state: _State, deputy: bool = True) -> dict[str, Any]:
    person: dict[str, Any] = {}
    if draw(st.booleans()):
        person["aanhef"] = draw(st.sampled_from(["de heer", "mevrouw"]))
    if draw(st.integers(0, 4)) == 0:
        person["titel"] = draw(st.sampled_from(["prof. dr.", "mr.", "drs.", "ir."]))
    shape = draw(st.sampled_from(["naam", "functie", "beide", "onbekend"]))
    if shape in ("naam", "beide"):
        person["naam"] = draw(
            st.sampled_from(["A. Klamer", "J. Bakker-Klein", "W.A.M. te Riele", "Ö. Çelik"])
        )
    if shape in ("functie", "beide"):
        person["functie"] = draw(line(most=150))
    if shape == "onbekend":
        person.pop("aanhef", None)
        person.pop("titel", None)
    if deputy and shape != "onbekend" and draw(st.integers(0, 5)) == 0:
        sub = _draw_person(draw, state, deputy=False)
        if "naam" not in sub and "functie" not in sub:
            sub["naam"] = "L.P. Tiel"
        person["gemachtigde"] = sub
    return person


def _draw_party(draw: st.DrawFn, state: _State, people: list[str], names: set[str]) -> dict[str, Any]:
    pid = state.ids("partij")
    name = f"Partij {pid} {draw(line())}"[:150].strip()
    names.add(name)
    party: dict[str, Any] = {"id": pid, "naam": name}
    if draw(st.booleans()):
        party["lidwoord"] = draw(st.sampled_from(["de", "het"]))
    if draw(st.integers(0, 3)) == 0:
        party["korte_naam"] = f"K{pid}"
    reps = []
    for _ in range(draw(st.integers(1, 3))):
        if people and draw(st.integers(0, 3)) == 0:
            reps.append({"persoon": draw(st.sampled_from(people))})
        else:
            rid = state.ids("persoon")
            reps.append({"id": rid, **_draw_person(draw, state)})
            people.append(rid)
    party["vertegenwoordigers"] = reps
    return party


def _draw_items(draw: st.DrawFn, state: _State, prefix: str | None, nested: bool = False) -> list[Any]:
    items: list[Any] = []
    for i in range(draw(st.integers(1, 4))):
        text = draw(paragraphs() if not nested else sentence())
        if draw(st.booleans()):
            items.append(text)
            state.holders.append(_Holder(items, i))
            continue
        item: dict[str, Any] = {"tekst": text}
        if draw(st.booleans()):
            item["id"] = state.ids("onderdeel")
            if prefix is not None:
                state.refs.append(f"{prefix}.{item['id']}")
        if not nested and draw(st.integers(0, 2)) == 0:
            item["onderdelen"] = _draw_items(draw, state, None, nested=True)
        items.append(item)
        state.holders.append(_Holder(item, "tekst"))
    return items


def _draw_table(draw: st.DrawFn, state: _State) -> dict[str, Any]:
    tid = state.ids("tabel")
    state.refs.append(tid)
    columns = [{"id": state.ids("kolom"), "kop": draw(line(most=60))} for _ in range(draw(st.integers(1, 3)))]
    for column in columns:
        if draw(st.integers(0, 4)) == 0:
            note = state.ids("noot")
            state.notes.append(note)
            column["noot"] = note
    last_year = state.end.year if state.end else state.lower.year + 4
    first = draw(st.integers(state.lower.year, last_year))
    count = draw(st.integers(1, last_year - first + 1))
    cumulative = draw(st.booleans())
    total_kind = draw(st.sampled_from(["geen", "berekend", "opgegeven"]))
    rows = []
    current = {c["id"]: draw(st.integers(0, 1000)) for c in columns}
    for year in range(first, first + count):
        if cumulative:
            current = {k: v + draw(st.integers(0, 500)) for k, v in current.items()}
        else:
            current = {c["id"]: draw(st.integers(0, 100_000)) for c in columns}
        row: dict[str, Any] = {"jaar": year, **current}
        total = sum(current.values())
        if total_kind == "opgegeven":
            row["totaal"] = total
        rows.append(row)
        for key, value in current.items():
            state.cells.append((f"{tid}.{year}.{key}", value))
        if total_kind != "geen":
            state.cells.append((f"{tid}.{year}.totaal", total))
    table: dict[str, Any] = {"id": tid, "kolommen": columns, "rijen": rows}
    if cumulative or draw(st.booleans()):
        table["cumulatief"] = cumulative
    if total_kind != "geen":
        table["totaal"] = {"kop": "Totaal", "berekend": total_kind == "berekend"}
    for key, most in (("bijschrift", 300), ("eenheid", 60), ("jaar_kop", 60)):
        if draw(st.integers(0, 3)) == 0:
            table[key] = draw(line(most=most))
    if draw(st.integers(0, 3)) == 0:
        table["nulmeting"] = draw(paragraphs())
    return table


def _draw_reviews(draw: st.DrawFn, state: _State) -> dict[str, Any] | None:
    first = month_index(state.lower)
    # review month m, changes from the first day of a later month, all before the end
    last = month_index(state.end) - 3 if state.end else first + 120
    if last < first:
        return None
    every = draw(st.integers(1, 4))
    start = draw(st.integers(first, min(last, first + 24)))
    count = draw(st.integers(1, max(1, min(4, (last - start) // (12 * every) + 1))))
    moments = []
    for k in range(count):
        year, month = month_from_index(start + 12 * every * k)
        after = draw(st.integers(1, 3))
        in_year, in_month = month_from_index(start + 12 * every * k + after)
        moment: dict[str, Any] = {
            "maand": f"{year:04d}-{month:02d}",
            "ingang": date(in_year, in_month, 1).isoformat(),
        }
        if draw(st.booleans()):
            moment["id"] = state.ids("herziening")
            state.refs.append(moment["id"])
        moments.append(moment)
    reviews: dict[str, Any] = {"momenten": moments}
    if count > 1 or draw(st.booleans()):
        reviews["elke_jaren"] = every
    return reviews


def _draw_duties(draw: st.DrawFn, state: _State) -> list[dict[str, Any]]:
    duties = []
    for _ in range(draw(st.integers(1, 3))):
        duty: dict[str, Any] = {
            "id": state.ids("termijn"),
            "soort": draw(
                st.sampled_from(["rapportage", "begroting", "jaarrekening", "vergadering", "overig"])
            ),
            "omschrijving": draw(line()),
        }
        state.refs.append(duty["id"])
        if state.end and draw(st.booleans()):
            months, days = draw(st.integers(0, 3)), draw(st.integers(0, 20))
            duty["frequentie"] = "eenmalig"
            duty["voor_einde"] = {"maanden": months} if days == 0 else {"maanden": months, "dagen": days}
            if draw(st.booleans()):
                duty["datum"] = months_before(state.end, months, days).isoformat()
        else:
            duty["frequentie"] = draw(
                st.sampled_from(["jaarlijks", "halfjaarlijks", "per-kwartaal", "maandelijks"])
            )
            if draw(st.booleans()):
                duty["uiterlijk"] = {"dag": draw(st.integers(1, 28)), "maand": draw(st.integers(1, 12))}
            if draw(st.booleans()):
                duty["minimaal_per_jaar"] = draw(st.integers(1, 12))
        if draw(st.booleans()):
            duty["wie"] = draw(line())
        duties.append(duty)
    return duties


def _draw_lid(draw: st.DrawFn, state: _State, article_id: str, addressees: list[str]) -> dict[str, Any]:
    lid: dict[str, Any] = {}
    key = None
    if draw(st.booleans()):
        lid["id"] = state.ids("lid")
        key = f"{article_id}.{lid['id']}"
        state.refs.append(key)
    if draw(st.booleans()):
        lid["modeltekst"] = draw(st.booleans())
    if draw(st.booleans()):
        lid["tekst"] = draw(paragraphs())
        state.holders.append(_Holder(lid, "tekst"))
    if draw(st.integers(0, 2)) == 0:
        lid["onderdelen"] = _draw_items(draw, state, key)
    if draw(st.integers(0, 3)) == 0:
        lid["tabel"] = _draw_table(draw, state)
    if draw(st.integers(0, 4)) == 0:
        reviews = _draw_reviews(draw, state)
        if reviews:
            lid["herzieningen"] = reviews
    if draw(st.integers(0, 3)) == 0:
        obligations = []
        for _ in range(draw(st.integers(1, 2))):
            who = draw(st.lists(st.sampled_from(addressees), min_size=1, max_size=3, unique=True))
            obligation: dict[str, Any] = {"wie": who, "onderdelen": _draw_items(draw, state, key)}
            if draw(st.booleans()):
                obligation["kop"] = draw(line(most=150))
            obligations.append(obligation)
        lid["verplichtingen"] = obligations
    if draw(st.integers(0, 3)) == 0:
        lid["slot"] = draw(paragraphs())
        state.holders.append(_Holder(lid, "slot"))
    if draw(st.integers(0, 3)) == 0:
        lid["termijnen"] = _draw_duties(draw, state)
    if not {"tekst", "onderdelen", "tabel", "herzieningen", "verplichtingen"} & set(lid):
        lid["tekst"] = draw(paragraphs())
        state.holders.append(_Holder(lid, "tekst"))
    return lid


@st.composite
def covenants(draw: st.DrawFn) -> dict[str, Any]:
    """A covenant that passes check with zero errors, as the data its YAML holds."""
    ids = _Ids()
    start = draw(st.dates(date(2000, 1, 1), date(2060, 12, 31)))
    years = draw(st.integers(1, 8))
    open_ended = draw(st.integers(0, 5)) == 0
    end = None if open_ended else date(start.year + years, 12, 31)
    rule = draw(st.sampled_from(["ondertekening", "datum", "terugwerkend"]))
    # signatures fall within 200 days after 'start'; nothing counts the term as starting later
    lower = start + timedelta(days=200)
    state = _State(ids, [], [], [], [], lower, end)

    # parties
    people: list[str] = []
    names: set[str] = set()
    entries: list[dict[str, Any]] = []
    addressees = ["partijen"]
    parties: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            group = {"id": ids("groep"), "naam": draw(line(most=100)), "partijen": []}
            for _ in range(draw(st.integers(1, 3))):
                group["partijen"].append(_draw_party(draw, state, people, names))
            entries.append(group)
            addressees.append(group["id"])
            parties.extend(group["partijen"])
        else:
            party = _draw_party(draw, state, people, names)
            entries.append(party)
            parties.append(party)
    addressees.extend(p["id"] for p in parties)

    covenant: dict[str, Any] = {
        "formaat": 1,
        "id": f"fuzz-{start.year}",
        "titel": draw(line("Convenant ")),
    }
    if draw(st.booleans()):
        covenant["ondertitel"] = draw(line())
    municipalities = draw(
        st.lists(
            st.sampled_from(
                ["Hilversum", "Weesp", "Huizen", "Laren", "Blaricum", "’s-Graveland", "Zaanstad", "IJmuiden"]
            ),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    covenant["regio"] = {"naam": draw(line()), "gemeenten": municipalities}
    covenant["partijen"] = entries

    if draw(st.integers(0, 3)) != 0:
        considerans: dict[str, Any] = {}
        if draw(st.booleans()):
            considerans["inleiding"] = draw(paragraphs())
            state.holders.append(_Holder(considerans, "inleiding"))
        if draw(st.booleans()) or not considerans:
            considerans["overwegingen"] = _draw_items(draw, state, None)
            # an overweging's id is a place of its own, without a prefix
            state.refs.extend(
                i["id"] for i in considerans["overwegingen"] if isinstance(i, dict) and "id" in i
            )
        covenant["considerans"] = considerans

    articles = []
    for _ in range(draw(st.integers(1, 5))):
        article: dict[str, Any] = {"id": ids("artikel"), "titel": draw(line())}
        state.refs.append(article["id"])
        if draw(st.integers(0, 3)) == 0:
            article["modeltekst"] = True
        shape = draw(st.sampled_from(["tekst", "leden", "beide"]))
        if shape in ("tekst", "beide"):
            article["tekst"] = draw(paragraphs())
            state.holders.append(_Holder(article, "tekst"))
        if shape in ("leden", "beide"):
            article["leden"] = [
                _draw_lid(draw, state, article["id"], addressees) for _ in range(draw(st.integers(1, 4)))
            ]
        articles.append(article)
    covenant["artikelen"] = articles

    term: dict[str, Any] = {"ingang": {"regel": rule}, "einde": end.isoformat() if end else "onbepaald"}
    if rule != "ondertekening":
        term["ingang"]["datum"] = start.isoformat()
        state.refs.append("looptijd.ingang")
    if end:
        state.refs.append("looptijd.einde")
    covenant["looptijd"] = term

    budgets = []
    for _ in range(draw(st.integers(0, 2))):
        amount = Decimal(draw(st.integers(1_000, 10_000_000)))
        if draw(st.booleans()):
            amount += Decimal(draw(st.integers(1, 99))) / 100
        budget: dict[str, Any] = {
            "id": ids("budget"),
            "omschrijving": draw(line()),
            "bedrag": int(amount) if amount == int(amount) else float(amount),
        }
        state.refs.append(budget["id"])
        left = amount
        posts = []
        for _ in range(draw(st.integers(0, 3))):
            share = Decimal(draw(st.integers(0, int(left))))
            left -= share
            post = {"id": ids("post"), "omschrijving": draw(line()), "bedrag": int(share)}
            state.refs.append(f"{budget['id']}.{post['id']}")
            posts.append(post)
        if posts or draw(st.booleans()):
            budget["posten"] = posts
        budgets.append(budget)
    if budgets:
        covenant["budgetten"] = budgets

    # footnotes: some from columns and parties, some from the text; every one is called
    for party in parties:
        if draw(st.integers(0, 4)) == 0:
            party["noot"] = ids("noot")
            state.notes.append(party["noot"])
    text_notes = [ids("noot") for _ in range(draw(st.integers(0, 3)))]
    notes: dict[str, Any] = {}
    for note in state.notes + text_notes:
        if draw(st.booleans()):
            notes[note] = draw(sentence())
        else:
            notes[note] = {
                "tekst": draw(sentence()),
                "nummering": draw(st.sampled_from(["a", "i", "I", "1"])),
                "onderdelen": draw(st.lists(sentence(), min_size=1, max_size=3)),
            }
    for note in text_notes:
        draw(st.sampled_from(state.holders)).append(f"[^{note}]")
    if notes:
        covenant["noten"] = notes

    # references to places that exist, some quoting a table value
    if state.refs and state.holders:
        for _ in range(draw(st.integers(0, 6))):
            draw(st.sampled_from(state.holders)).append(f" Zie [[{draw(st.sampled_from(state.refs))}]].")
    if state.cells and state.holders:
        for _ in range(draw(st.integers(0, 2))):
            key, value = draw(st.sampled_from(state.cells))
            draw(st.sampled_from(state.holders)).append(f" Dat zijn er [[{key} = {dutch_number(value)}]].")

    # one signature block per party, in any order, dated within the term
    blocks = []
    order = draw(st.permutations(parties))
    for party in order:
        block: dict[str, Any] = {"partij": party["id"]}
        if draw(st.integers(0, 3)) == 0:
            block["naam"] = draw(st.sampled_from([party["naam"], party.get("korte_naam") or party["naam"]]))
        own = [r.get("id") or r.get("persoon") for r in party["vertegenwoordigers"]]
        if draw(st.integers(0, 2)) == 0:
            block["ondertekenaars"] = draw(st.lists(st.sampled_from(own), min_size=1, unique=True))
        if draw(st.booleans()):
            block["plaats"] = draw(st.sampled_from(["Hilversum", "Den Haag", "’s-Hertogenbosch"]))
        if draw(st.booleans()):
            # a fixed start lies on or after the last signature (CG603); the others after the start
            days = timedelta(days=draw(st.integers(0, 200)))
            block["datum"] = (start - days if rule == "datum" else start + days).isoformat()
        blocks.append(block)
    if rule == "terugwerkend" and any("datum" in b for b in blocks):
        # a retroactive start lies before the last signature (CG601)
        latest = max(date.fromisoformat(b["datum"]) for b in blocks if "datum" in b)
        if latest < start:
            blocks[0]["datum"] = start.isoformat()
    covenant["ondertekening"] = {"blokken": blocks}
    if draw(st.booleans()):
        covenant["ondertekening"]["paraaf"] = draw(st.booleans())
    if covenant["ondertekening"].get("paraaf"):
        for party in parties:  # an initials box holds 40 characters: a long name needs a short one
            if len(party.get("korte_naam") or party["naam"]) > 40:
                party["korte_naam"] = f"K{party['id']}"
    if draw(st.booleans()):
        # 'ondertekend' needs every party's signing date (CG701); text marked as model text
        # may only stand in a concept (CG703)
        statuses = ["concept"]
        if not _has_model_text(covenant["artikelen"]):
            statuses.append("ter-ondertekening")
            signed = {b["partij"] for b in blocks if "datum" in b}
            if all(p["id"] in signed for p in parties):
                statuses.append("ondertekend")
        covenant["publicatie"] = {"status": draw(st.sampled_from(statuses))}
        if draw(st.booleans()):
            covenant["publicatie"]["website"] = "https://example.org/convenant"
    return covenant


def _has_model_text(articles: list[dict[str, Any]]) -> bool:
    return any(
        a.get("modeltekst") or any(lid.get("modeltekst") for lid in a.get("leden", [])) for a in articles
    )


# --- mutations of a text -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """One edit of a file's bytes, described for Hypothesis' failure report."""

    kind: str
    a: int
    b: int
    data: bytes

    def apply(self, raw: bytes) -> bytes:
        lines = raw.split(b"\n")
        i, j = self.a % len(lines), self.b % len(lines)
        if self.kind == "delete-line":
            del lines[i]
        elif self.kind == "duplicate-line":
            lines.insert(i, lines[i])
        elif self.kind == "swap-lines":
            lines[i], lines[j] = lines[j], lines[i]
        elif self.kind == "indent-line":
            stripped = lines[i].lstrip(b" ")
            lines[i] = b" " * max(0, len(lines[i]) - len(stripped) + (self.b % 9) - 4) + stripped
        elif self.kind == "insert-bytes":
            at = self.a % (len(raw) + 1)
            return raw[:at] + self.data + raw[at:]
        elif self.kind == "truncate":
            return raw[: self.a % (len(raw) + 1)]
        return b"\n".join(lines)


_TRICKY = st.sampled_from(
    [
        b":",
        b": ",
        b"- ",
        b"'",
        b'"',
        b"[",
        b"]",
        b"{",
        b"}",
        b"&a ",
        b"*a",
        b"!!python/none ",
        b"!x ",
        b"\t",
        b"#",
        b"---\n",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\xc3",
        b"\x00",
        b"\x1b",
        b"\r",
        b"\r\n",
        b"\xe2\x80\xa8",
        b"\xc2\x85",
        b"[[",
        b"]]",
        b"[^",
        b"012",
        b"1.0",
        b"no",
        b"~",
        b"|\n",
        b">-\n",
        b"%",
        b"@",
        b"`",
        b"\\",
        b"\n  ",
        b"9" * 5,
    ]
)
_BYTES = st.one_of(
    _TRICKY,
    st.binary(min_size=1, max_size=8),
    st.text(max_size=6).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


def mutation() -> st.SearchStrategy[Mutation]:
    return st.builds(
        Mutation,
        kind=st.sampled_from(
            ["delete-line", "duplicate-line", "swap-lines", "indent-line", "insert-bytes", "truncate"]
        ),
        a=st.integers(0, 10**6),
        b=st.integers(0, 10**6),
        data=_BYTES,
    )


def mutations(max_edits: int = 3) -> st.SearchStrategy[list[Mutation]]:
    return st.lists(mutation(), min_size=1, max_size=max_edits)


def apply_all(raw: bytes, edits: list[Mutation]) -> bytes:
    for edit in edits:
        raw = edit.apply(raw)
    return raw
