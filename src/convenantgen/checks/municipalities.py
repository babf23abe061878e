"""Municipalities named in footnotes and recitals belong to the region (CG426).

The names come from CBS's list of municipalities (``convenantgen/data/gemeenten.csv``, its
source in ``data/README.md``). A footnote or recital that names a municipality the region
does not list has usually been copied from another region's covenant.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _

_DATA = Path(__file__).resolve().parent.parent / "data" / "gemeenten.csv"
# The names people write besides CBS's own.
_ALSO = {"'s-Gravenhage": ("Den Haag",), "'s-Hertogenbosch": ("Den Bosch",)}
# Names that are also Dutch words: not a municipality at the start of a sentence.
_WORDS = frozenset({"Best", "Beek", "Buren", "Goes", "Putten", "Sluis", "Stein", "Echt", "Ede", "Epe"})
# A sentence that says a municipality is not (or no longer) in the region names it on purpose.
_ELSEWHERE = re.compile(
    r"uittred|uitgetreden|uit\s+te\s+treden|verlaat|verlaten|buiten\s+de|niet\s+langer|niet\s+meer|"
    r"voormalig|naburig|andere\s+(?:arbeidsmarkt)?regio",
    re.IGNORECASE,
)


_OUTSIDE = N_("the {kind} names {name}, which is not a municipality of the region {region}")


@cache
def names() -> tuple[str, ...]:
    """Every municipality name as written in text: CBS's name without its qualifier, and aliases."""
    with _DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found: set[str] = set()
    for row in rows:
        name = re.sub(r"\s*\([A-Z.]+\)$", "", row["naam"])
        found.add(name)
        found.update(_ALSO.get(name, ()))
    return tuple(sorted(found, key=lambda n: (-len(n), n)))


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w'-])(?:" + "|".join(re.escape(n) for n in names()) + r")(?![\w-])")


def _plain(name: str) -> str:
    return re.sub(r"\s*\([A-Z.]+\)$", "", name).casefold()


def _in_recital_or_note(path: tuple[object, ...]) -> str | None:
    if path[:1] == ("noten",):
        return _("footnote")
    if path[:1] == ("considerans",):
        return _("recital")
    return None


def _sentence_at(text: str, index: int) -> str:
    start = max(text.rfind(end, 0, index) for end in ".;!?") + 1
    ends = [e for e in (text.find(end, index) for end in ".;!?") if e >= 0]
    return text[start : min(ends) + 1 if ends else len(text)]


@rule(
    "CG426",
    Severity.WARNING,
    "parties",
    N_("footnote or recital names a municipality outside the region"),
    N_("add the municipality to 'regio.gemeenten', or correct the name in the text"),
)
def outside_region(ctx: Context) -> Iterator[Hit]:
    """A footnote or recital names only municipalities of 'regio.gemeenten' (or of the parties)."""
    covenant = ctx.covenant
    if not covenant.gemeenten:
        return
    region = {_plain(g) for g in covenant.gemeenten}
    own = [covenant.regio_naam, *(p.naam for p in covenant.parties)]
    for slot in ctx.layout.slots:
        kind = _in_recital_or_note(slot.path)
        if kind is None:
            continue
        for match in _pattern().finditer(slot.text):
            name = match.group(0)
            if name.casefold() in region or any(name in n for n in own):
                continue
            before = slot.text[: match.start()].rstrip()
            if name in _WORDS and (not before or before[-1] in ".!?:;"):
                continue
            if _ELSEWHERE.search(_sentence_at(slot.text, match.start())):
                continue
            yield Hit(
                slot.path,
                _(_OUTSIDE).format(kind=kind, name=name, region=covenant.regio_naam),
                slot.element,
                name,
                offset=match.start(),
            )
