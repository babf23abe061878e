"""How often a body meets: the words of the text, 'minimaal_per_jaar' and 'frequentie' (CG210, CG211).

The text is what the parties sign ("komen ten minste driemaal per jaar bijeen"); the duty
under 'termijnen' is what the calendar and the site are made from. Only sentences about
meeting (bijeen, vergaderen, bij elkaar, bijeenkomst, overleg) are read, and only in a lid
whose meeting duties state 'minimaal_per_jaar'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.layout import Slot
from convenantgen.model import Duty

_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
}  # fmt: skip
_WORD = "|".join(sorted(_WORDS, key=len, reverse=True))
_AT_LEAST = r"(?:(?:ten\s?minste|minimaal|minstens)\s+)?"
_TIMES = rf"(?:(?P<w1>{_WORD})maal|(?P<w2>{_WORD}|\d{{1,3}})\s*(?:keer|maal|x))"
_YEAR = r"(?:per|in\s+het|elk|ieder)\s+(?:kalender)?jaar"
# 'driemaal per jaar', 'ten minste vier keer per jaar', 'jaarlijks minimaal één bijeenkomst'
_COUNTS = (
    re.compile(rf"\b{_AT_LEAST}{_TIMES}\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(
        rf"\b(?:jaarlijks|{_YEAR})\s+(?:(?:ten\s?minste|minimaal|minstens)\s+(?P<w3>{_WORD}|\d{{1,3}})\b|{_TIMES})",
        re.IGNORECASE,
    ),
)
# Rhythms said in words, as times a year.
_RHYTHMS = (
    (re.compile(r"\b(?:maandelijks|(?:elke|iedere)\s+maand)\b", re.IGNORECASE), 12),
    (re.compile(r"\b(?:tweemaandelijks|(?:elke|iedere)\s+twee\s+maanden)\b", re.IGNORECASE), 6),
    (re.compile(r"\b(?:driemaandelijks|(?:elk|ieder|per)\s+kwartaal)\b", re.IGNORECASE), 4),
    (re.compile(r"\b(?:halfjaarlijks|(?:elk|ieder|per)\s+half\s+jaar)\b", re.IGNORECASE), 2),
)
_MEETING = re.compile(
    r"bijeen|vergader|bij\s+elkaar|overleg|samenkom|komt\s+samen|komen\s+samen", re.IGNORECASE
)
_SAID = N_("the text says '{words}' ({times} a year), but the duty {said}")
_DUTY = N_("{id} has minimaal_per_jaar: {n}")
_NO_COUNT = N_("'{id}' is {rhythm}, so it has no number of times a year (minimaal_per_jaar: {n})")
_TOO_FEW = N_("'{id}' is {rhythm}: {made} times a year, fewer than minimaal_per_jaar: {n}")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")

# frequentie → times a year; None: the rhythm has no yearly count ('eenmalig', 'tweejaarlijks').
TIMES_A_YEAR: dict[str, int | None] = {
    "eenmalig": None,
    "jaarlijks": 1,
    "halfjaarlijks": 2,
    "per-kwartaal": 4,
    "tweemaandelijks": 6,
    "maandelijks": 12,
    "tweejaarlijks": None,
}


@dataclass(frozen=True)
class Count:
    """A count of meetings said in words: where, as written, and how many a year."""

    start: int
    raw: str
    times: int


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS[word.lower()]


def counts(text: str) -> Iterator[Count]:
    """Every count of meetings a year in the sentences of ``text`` that are about meeting."""
    start = 0
    for end in [*(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]:
        sentence = text[start:end]
        if _MEETING.search(sentence):
            found: list[Count] = []
            for pattern in _COUNTS:
                for match in pattern.finditer(sentence):
                    found.append(Count(start + match.start(), match.group(0), _number(_first(match))))
            for pattern, times in _RHYTHMS:
                found.extend(Count(start + m.start(), m.group(0), times) for m in pattern.finditer(sentence))
            taken: list[Count] = []
            for count in sorted(found, key=lambda c: (c.start, -len(c.raw))):
                if not any(c.start <= count.start < c.start + len(c.raw) for c in taken):
                    taken.append(count)
            yield from taken
        start = end
        if start >= len(text):
            break


def _first(match: re.Match[str]) -> str:
    return next(value for name, value in match.groupdict().items() if name.startswith("w") and value)


def _lid_slots(ctx: Context) -> Iterator[tuple[list[Slot], list[Duty]]]:
    for article in ctx.covenant.artikelen:
        for lid in article.leden:
            meetings = [d for d in lid.termijnen if d.soort == "vergadering" and d.minimaal_per_jaar]
            if not meetings:
                continue
            slots = [s for s in ctx.layout.slots if s.path[: len(lid.path)] == lid.path]
            yield slots, meetings


@rule(
    "CG210",
    Severity.ERROR,
    "schedule",
    N_("the text says the body meets a different number of times a year than 'minimaal_per_jaar'"),
    N_("make the text and the duty's 'minimaal_per_jaar' say the same number"),
)
def meeting_count(ctx: Context) -> Iterator[Hit]:
    """'Driemaal per jaar' in the lid and 'minimaal_per_jaar: 4' in its duty cannot both be true."""
    for slots, meetings in _lid_slots(ctx):
        wanted = {d.minimaal_per_jaar for d in meetings}
        for slot in slots:
            for count in counts(slot.text):
                if count.times in wanted:
                    continue
                said = _(" or ").join(_(_DUTY).format(id=d.id, n=d.minimaal_per_jaar) for d in meetings)
                yield Hit(
                    slot.path,
                    _(_SAID).format(words=count.raw, times=count.times, said=said),
                    slot.element,
                    count.raw,
                    offset=count.start,
                )


@rule(
    "CG211",
    Severity.ERROR,
    "schedule",
    N_("'minimaal_per_jaar' does not fit the duty's 'frequentie'"),
    N_("give 'frequentie: jaarlijks' with the number of times a year, or a rhythm that makes that many"),
)
def count_and_rhythm(ctx: Context) -> Iterator[Hit]:
    """A one-off or two-yearly duty has no yearly count; a rhythm cannot make more than it makes."""
    for article in ctx.covenant.artikelen:
        for lid in article.leden:
            for duty in lid.termijnen:
                wanted = duty.minimaal_per_jaar
                if wanted is None or duty.frequentie not in TIMES_A_YEAR:
                    continue
                made = TIMES_A_YEAR[duty.frequentie]
                if made is None:
                    message = _NO_COUNT
                elif duty.frequentie != "jaarlijks" and wanted > made:
                    message = _TOO_FEW
                else:
                    continue
                yield Hit(
                    (*duty.path, "minimaal_per_jaar"),
                    _(message).format(id=duty.id, rhythm=duty.frequentie, made=made, n=wanted),
                    duty.id,
                )
