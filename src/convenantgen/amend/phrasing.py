"""Amendment phrasing after the Aanwijzingen voor de regelgeving (6.9, 6.11, 6.15-6.18).

Pure functions on numbers and plain text: what a wijzigingsconvenant says about a part,
given where it stands. The planner (plan.py) decides which of these sentences a change needs.

- 6.9: a whole part "komt te luiden:", followed by the new text, unquoted, starting with its
  label; a few words "worden vervangen door" (old and new words quoted). Here: at most
  :data:`MAX_HUNKS` places and :data:`MAX_WORDS` changed words, else the whole part.
- 6.11: "toevoegen" after the last part ("Aan artikel 3 wordt een lid toegevoegd"), "invoegen"
  elsewhere.
- 6.16/6.18: inserted and removed parts are numbered through, "onder vernummering van ..."
  (letters: "onder verlettering van ..."), never 14a: convenantgen numbers the consolidated
  text from the order of the YAML, so the amendment must say what that text will say.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from convenantgen import dutch

OPEN, CLOSE = "‘", "’"
MAX_HUNKS = 3
MAX_WORDS = 24
SHARE = 0.4  # changed words as a share of all words, old and new, above which the text is restated
_COUNTS = ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf")
_PUNCTUATION = {".": "punt", ";": "puntkomma", ":": "dubbele punt", ",": "komma"}


@dataclass(frozen=True)
class Kind:
    """A kind of numbered part, with the words the Aanwijzingen use for it."""

    noun: str
    plural: str
    renumbering: str  # 'vernummering' (numbers) or 'verlettering' (letters)
    number: Callable[[int], str]
    ordinal: bool = False  # leden: "het tweede lid", "het tweede en derde lid"


ARTIKEL = Kind("artikel", "artikelen", "vernummering", str)
LID = Kind("lid", "leden", "vernummering", dutch.rangtelwoord, ordinal=True)
ONDERDEEL = Kind("onderdeel", "onderdelen", "verlettering", dutch.letter)
SUBONDERDEEL = Kind("subonderdeel", "subonderdelen", "vernummering", dutch.romeins)
OVERWEGING = Kind("overweging", "overwegingen", "verlettering", dutch.letter)


def count(n: int) -> str:
    """'een', 'twee', ... 'twaalf', then digits."""
    return _COUNTS[n - 1] if 1 <= n <= len(_COUNTS) else str(n)


def quote(text: str) -> str:
    """‘text’."""
    return f"{OPEN}{text}{CLOSE}"


def capital(text: str) -> str:
    """The sentence form: first letter upper case."""
    return text[:1].upper() + text[1:]


def name(kind: Kind, n: int, bare: bool = False) -> str:
    """'artikel 3', 'het derde lid' ('derde lid' when ``bare``), 'onderdeel c'."""
    if kind.ordinal:
        return f"{kind.number(n)} {kind.noun}" if bare else f"het {kind.number(n)} {kind.noun}"
    return f"{kind.noun} {kind.number(n)}"


def names(kind: Kind, first: int, last: int, bare: bool = False) -> str:
    """One part or a range: 'de artikelen 3 en 4', 'het tweede tot en met vierde lid'."""
    if first == last:
        return name(kind, first, bare)
    joint = " en " if last == first + 1 else " tot en met "
    numbers = f"{kind.number(first)}{joint}{kind.number(last)}"
    if kind.ordinal:
        return f"{numbers} {kind.noun}" if bare else f"het {numbers} {kind.noun}"
    return numbers if bare else f"de {kind.plural} {numbers}"


def renumbering(kind: Kind, first: int, last: int, shift: int) -> str:
    """'onder vernummering van de artikelen 3 tot en met 6 tot 4 tot en met 7' (6.18).

    The target is written without the noun, as in the Aanwijzing ("van het tweede lid tot
    derde lid", "van de onderdelen c tot en met f tot d tot en met g"), except for a single
    article, which reads "van artikel 3 tot artikel 4".
    """
    source = names(kind, first, last)
    if kind is ARTIKEL and first == last:
        target = name(kind, first + shift)
    else:
        target = names(kind, first + shift, last + shift, bare=True)
    return f"onder {kind.renumbering} van {source} tot {target}"


def parts(kind: Kind, n: int) -> str:
    """'een artikel', 'twee leden'."""
    return f"{count(n)} {kind.noun if n == 1 else kind.plural}"


def verb(n: int, singular: str, plural: str) -> str:
    """The verb agreeing with a count."""
    return singular if n == 1 else plural


def subject(where: str) -> str:
    """A place as the subject at the start of a sentence, with the comma of a longer place.

    'artikel 1, eerste lid' → 'Artikel 1, eerste lid,'; 'artikel 4' → 'Artikel 4'.
    """
    return capital(where) + ("," if "," in where else "")


def _comma(where: str) -> str:
    """A place inside a sentence closes with a comma when it has one: 'artikel 3, eerste lid,'."""
    return where + ("," if "," in where else "")


def in_(where: str) -> str:
    """'In artikel 3, eerste lid,' / 'In artikel 4'."""
    return f"In {_comma(where)}"


def replaced(where: str) -> str:
    """'Artikel 1, eerste lid, komt te luiden:' (6.9: the new text follows, unquoted)."""
    return f"{subject(where)} komt te luiden:"


def lapses(where: str, n: int = 1, renumber: str | None = None) -> str:
    """'Artikel 4 vervalt.' / 'De artikelen 4 en 5 vervallen, onder vernummering van ...'."""
    tail = f", {renumber}" if renumber else ""
    return f"{subject(where)} {verb(n, 'vervalt', 'vervallen')}{tail}."


def inserted(
    kind: Kind,
    n: int,
    after: str | None,
    before: str | None,
    container: str | None,
    renumber: str | None,
) -> str:
    """Insertion (6.11, 6.18): 'Na artikel 2 wordt een artikel ingevoegd, luidende:'.

    ``after``/``before`` name the neighbours in the text being amended; with no part after
    the new ones, they are added ('toegevoegd') to ``container``. ``container`` is the part
    the list belongs to ("artikel 3"), '' for the article an instruction group is about
    ("Er wordt een lid toegevoegd"), None for the articles of the covenant.
    """
    wordt = verb(n, "wordt", "worden")
    what = parts(kind, n)
    if before is None:  # nothing follows: 6.11 'toevoegen'
        if container:
            return f"Aan {_comma(container)} {wordt} {what} toegevoegd, luidende:"
        if container == "":
            return f"Er {wordt} {what} toegevoegd, luidende:"
        return f"Na {after} {wordt} {what} toegevoegd, luidende:"
    place = f"na {after}" if after else f"voor {before}"
    if container:
        middle = f", {renumber}," if renumber else ""
        return f"{in_(container)} {wordt}{middle} {place} {what} ingevoegd, luidende:"
    if renumber:
        return f"{capital(renumber)} {wordt} {place} {what} ingevoegd, luidende:"
    return f"{capital(place)} {wordt} {what} ingevoegd, luidende:"


def added_after_punctuation(
    kind: Kind, n: int, previous: str, old_mark: str, new_mark: str, container: str
) -> str:
    """'Onder vervanging van de punt aan het slot van onderdeel b door een puntkomma wordt
    aan artikel 3, eerste lid, een onderdeel toegevoegd, luidende:' ('' container: no 'aan')."""
    to = f"aan {_comma(container)} " if container else ""
    return (
        f"Onder vervanging van de {_PUNCTUATION[old_mark]} aan het slot van {previous} door een "
        f"{_PUNCTUATION[new_mark]} {verb(n, 'wordt', 'worden')} {to}{parts(kind, n)} toegevoegd, luidende:"
    )


def moved(
    kind: Kind,
    current: int,
    target: int,
    after: str | None,
    before: str | None,
    renumber: str,
    container: str | None = None,
) -> str:
    """'Artikel 5 wordt, onder vernummering van ..., vernummerd tot artikel 3 en geplaatst na artikel 2.'"""
    place = f"na {after}" if after else f"voor {before}"
    what = name(kind, current)
    rest = f"{renumber}, {_participle(kind)} tot {name(kind, target, bare=True)} en geplaatst {place}."
    if container:
        return f"{in_(container)} wordt {what}, {rest}"
    return f"{capital(what)} wordt, {rest}"


def _participle(kind: Kind) -> str:
    return "verletterd" if kind.renumbering == "verlettering" else "vernummerd"


# --- words -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """How a reworded text is stated: clauses after 'In <place>', or sentences added at its end."""

    clauses: tuple[str, ...] = ()
    sentences: int = 0  # > 0: this many whole sentences are added at the end
    added: str = ""
    punctuation: tuple[str, str] | None = None  # only the mark at the end changed: (old, new)

    def sentence(self, where: str) -> str:
        """The whole instruction for a text at ``where``."""
        if self.sentences:  # the sentences follow, unquoted, like a text that 'komt te luiden'
            zin = "een zin" if self.sentences == 1 else f"{count(self.sentences)} zinnen"
            wordt = verb(self.sentences, "wordt", "worden")
            return f"Aan {_comma(where)} {wordt} {zin} toegevoegd, luidende:"
        if self.punctuation:
            old, new = self.punctuation
            return (
                f"{in_(where)} wordt de {_PUNCTUATION[old]} aan het slot vervangen door een "
                f"{_PUNCTUATION[new]}."
            )
        return f"{in_(where)} {_join(self.clauses)}."


def _join(clauses: tuple[str, ...]) -> str:
    if len(clauses) == 1:
        return clauses[0]
    return ", ".join(clauses[:-1]) + " en " + clauses[-1]


def words(text: str) -> list[str]:
    """The words of a plain text, punctuation attached, as the diff and the quotes see them."""
    return text.split()


def _occurrences(tokens: list[str], fragment: list[str]) -> int:
    size = len(fragment)
    return sum(1 for i in range(len(tokens) - size + 1) if tokens[i : i + size] == fragment)


def _ends_sentence(token: str) -> bool:
    return token.endswith((".", "?", "!"))


def _sentences(tokens: list[str]) -> int:
    """How many sentences ``tokens`` holds, if they are whole sentences; 0 otherwise."""
    if not tokens or not tokens[0][:1].isupper() or not _ends_sentence(tokens[-1]):
        return 0
    return sum(
        1
        for i, t in enumerate(tokens)
        if _ends_sentence(t) and (i + 1 == len(tokens) or tokens[i + 1][:1].isupper())
    )


def _hunks(old: list[str], new: list[str]) -> list[tuple[int, int, int, int]]:
    """Changed stretches (old i1:i2 → new j1:j2); stretches two equal words apart are merged."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    hunks: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if hunks and i1 - hunks[-1][1] <= 2 and j1 - hunks[-1][3] <= 2:
            a1, _, b1, _ = hunks[-1]
            hunks[-1] = (a1, i2, b1, j2)
        else:
            hunks.append((i1, i2, j1, j2))
    return hunks


def _widen(old: list[str], i1: int, i2: int, left: bool, right: bool) -> tuple[int, int] | None:
    """Grow old[i1:i2] with its neighbours (as allowed) until it occurs once in the text and
    holds a word: '5,' alone says less than 'artikel 5,'. The word before is taken first."""
    while i2 <= i1 or _occurrences(old, old[i1:i2]) > 1 or not any(c.isalpha() for c in "".join(old[i1:i2])):
        prefer_left = (i2 - i1) % 2 == 1
        if left and i1 > 0 and (prefer_left or not (right and i2 < len(old))):
            i1 -= 1
        elif right and i2 < len(old):
            i2 += 1
        else:
            return None
    return i1, i2


def wording(old: str, new: str) -> Wording | None:
    """How to state that ``old`` became ``new``; None when the whole text should be restated."""
    a, b = words(old), words(new)
    if a == b:
        return None
    hunks = _hunks(a, b)
    if len(hunks) == 1:
        i1, i2, j1, j2 = hunks[0]
        if i1 == i2 == len(a) and a and _ends_sentence(a[-1]) and _sentences(b[j1:j2]):
            return Wording(sentences=_sentences(b[j1:j2]), added=" ".join(b[j1:j2]))
        if i2 == len(a) and j2 == len(b) and i2 - i1 == j2 - j1 == 1:
            x, y = a[-1], b[-1]
            if x[:-1] == y[:-1] and x[-1:] in _PUNCTUATION and y[-1:] in _PUNCTUATION and x != y:
                return Wording(punctuation=(x[-1], y[-1]))
    changed = sum((i2 - i1) + (j2 - j1) for i1, i2, j1, j2 in hunks)
    if len(hunks) > MAX_HUNKS or changed > MAX_WORDS or changed > SHARE * (len(a) + len(b)):
        return None
    clauses = []
    taken = -1  # the quoted stretches of the old text may not overlap
    for n, (i1, i2, j1, j2) in enumerate(hunks):
        limit = hunks[n + 1][0] if n + 1 < len(hunks) else len(a)
        inserted_words = quote(" ".join(b[j1:j2]))
        if i1 < i2:
            span = _widen(a, i1, i2, left=True, right=True)
            if span is None or span[0] <= taken or span[1] > limit:
                return None
            k1, k2 = span
            before, after = _trimmed(" ".join(a[k1:k2]), " ".join(a[k1:i1] + b[j1:j2] + a[i2:k2]), old)
            clause = (
                f"vervalt {quote(before)}"
                if not after
                else f"wordt {quote(before)} vervangen door {quote(after)}"
            )
        elif i1 > 0:
            span = _widen(a, i1 - 1, i1, left=True, right=False)
            if span is None or span[0] <= taken:
                return None
            k1, k2 = span
            clause = f"wordt na {quote(' '.join(a[k1:k2]))} ingevoegd {inserted_words}"
        else:
            span = _widen(a, 0, 1, left=False, right=True)
            if span is None or span[1] > limit:
                return None
            k1, k2 = span
            clause = f"wordt voor {quote(' '.join(a[k1:k2]))} ingevoegd {inserted_words}"
        taken = k2 - 1
        clauses.append(clause)
    return Wording(clauses=tuple(clauses))


def _trimmed(before: str, after: str, text: str) -> tuple[str, str]:
    """Leave a mark both quotes end with outside them ('‘artikel 5’', not '‘artikel 5,’'), if still unique."""
    mark = before[-1:]
    same_mark = mark in _PUNCTUATION and after[-1:] == mark and len(before) > 1 and len(after) > 1
    if same_mark and text.count(before[:-1]) == 1:
        return before[:-1], after[:-1]
    return before, after


_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Whitespace as one space, trimmed: how plain texts are compared and quoted."""
    return _SPACE.sub(" ", text).strip()
