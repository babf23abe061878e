"""Reference rules: every [[id]] and [^note] resolves, every note is called, no typed numbers."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.layout import Place, iter_calls
from convenantgen.text import NOTE, REF, plain

_LITERAL = re.compile(r"\b(?:[Aa]rtikel|[Ll]id)\s+\d+[a-z]?(?:\.\d+)?\b")
_EXTERNAL = re.compile(r"\bvan (?:de|het|die) [A-Z]|\bwet\b", re.IGNORECASE)
_NAMING = re.compile(r"genoemd|bedoeld|vermeld")
_NAMED_AFTER = re.compile(r"\bin\s+\[\[([^\]]+)\]\]\s+(?:genoemde|bedoelde|vermelde)\s+([\w()\-]+)")
_NAMED_BEFORE = re.compile(
    r"([\w()\-]+)\s+(?:zoals|als)\s+(?:genoemd|bedoeld|vermeld)\s+(?:in|onder)\s+\[\[([^\]]+)\]\]"
)


def split_target(target: str) -> tuple[str, str | None]:
    """'doelen.2025.totaal = 1.462' -> ('doelen.2025.totaal', '1.462')."""
    key, _unused, quoted = target.partition("=")
    return key.strip(), (quoted.strip() or None) if quoted else None


@rule(
    "CG301",
    Severity.ERROR,
    "references",
    N_("reference to an id that does not exist"),
    N_("write [[id]] with the id of an article, lid, onderdeel, duty, table cell or budget"),
)
def unknown_reference(ctx: Context) -> Iterator[Hit]:
    """[[id]] must name a place."""
    keys = sorted(ctx.layout.places)
    for slot, kind, target, raw in iter_calls(ctx.layout):
        key, _unused = split_target(target)
        if kind == REF and key not in ctx.layout.places:
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
            hint = _("did you mean [[{close}]]?").format(close=close[0]) if close else None
            if key == "looptijd.einde" and ctx.covenant.looptijd.duur:
                hint = _(
                    "the end follows from 'duur' once every party has signed; until then write "
                    "the term as [[looptijd.duur]]"
                )
            elif key == "looptijd.einde":
                hint = _("[[looptijd.einde]] needs an end date under looptijd.einde (the term is open-ended)")
            elif key == "looptijd.ingang":
                hint = _(
                    "[[looptijd.ingang]] needs a start date: a fixed or retroactive start, or, for a "
                    "start on signature, the signing dates of every party"
                )
            yield Hit(
                slot.path,
                _("reference {raw} names no article, lid, onderdeel or value").format(raw=raw),
                slot.element,
                raw,
                hint=hint,
            )


@rule(
    "CG302",
    Severity.ERROR,
    "references",
    N_("footnote call without a footnote"),
    N_("add the footnote under 'noten:' or correct the id in [^id]"),
)
def unknown_note(ctx: Context) -> Iterator[Hit]:
    """[^id] must name a footnote."""
    notes = {n.id for n in ctx.covenant.noten}
    for slot, kind, target, raw in iter_calls(ctx.layout):
        if kind == NOTE and target not in notes:
            yield Hit(
                slot.path,
                _("footnote call {raw} has no footnote '{target}' under 'noten'").format(
                    raw=raw, target=target
                ),
                slot.element,
                raw,
            )


@rule(
    "CG303",
    Severity.ERROR,
    "references",
    N_("footnote that is never called"),
    N_("call it with [^id] where its number belongs, or delete it"),
)
def uncalled_note(ctx: Context) -> Iterator[Hit]:
    """Every footnote must be called somewhere, or it is never printed."""
    for note in ctx.covenant.noten:
        if note.id not in ctx.layout.note_numbers:
            yield Hit(
                note.path,
                _("footnote '{id}' is never called with [^{id}]").format(id=note.id),
                f"noot-{note.id}",
                at_key=True,
            )


@rule(
    "CG304",
    Severity.WARNING,
    "references",
    N_("article or lid number typed in the text"),
    N_("replace the typed number with a reference [[id]] so it follows renumbering"),
)
def typed_number(ctx: Context) -> Iterator[Hit]:
    """'artikel 4' typed as text does not follow renumbering (laws of others are fine)."""
    for slot in ctx.layout.slots:
        text = plain(slot.text)
        for match in _LITERAL.finditer(text):
            sentence = re.split(r"[.;:]\s", text[match.end() :], maxsplit=1)[0]
            if _EXTERNAL.search(sentence):
                continue
            yield Hit(
                slot.path,
                _("'{group}' is typed as text").format(group=match.group(0)),
                slot.element,
                match.group(0),
            )


def _stem(word: str) -> str:
    word = re.sub(r"\(.*?\)", "", word).lower().strip("-")
    for ending in ("'s", "en", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def _text_at(ctx: Context, place: Place, skip: object = None) -> str:
    prefix = place.element
    parts = [
        plain(s.text)
        for s in ctx.layout.slots
        if (s.element == prefix or s.element.startswith(prefix + ".")) and s is not skip
    ]
    for article in ctx.covenant.artikelen:
        if ctx.layout.numbering.at(article.path).anchor == prefix:
            parts.append(article.titel)
        for lid in article.leden:
            parts.extend(
                f"{d.soort} {d.omschrijving}"
                for d in lid.termijnen
                if ctx.layout.places.get(d.id) and ctx.layout.places[d.id].element.startswith(prefix)
            )
    return " ".join(parts).lower()


@rule(
    "CG305",
    Severity.WARNING,
    "references",
    N_("reference to a place that does not mention what the text says it does"),
    N_("point the reference at the article that does, e.g. the one suggested"),
)
def wrong_target(ctx: Context) -> Iterator[Hit]:
    """'de in artikel 4 genoemde rapportages' while artikel 4 says nothing of rapportages."""
    for slot in ctx.layout.slots:
        if "[[" not in slot.text or not _NAMING.search(slot.text):
            continue
        pairs = [(m.group(1), m.group(2)) for m in _NAMED_AFTER.finditer(slot.text)]
        pairs += [(m.group(2), m.group(1)) for m in _NAMED_BEFORE.finditer(slot.text)]
        for target, noun in pairs:
            place = ctx.layout.places.get(split_target(target)[0])
            stem = _stem(noun)
            if place is None or place.value is not None or len(stem) < 4 or stem in _text_at(ctx, place):
                continue
            counts = {
                p.key: _text_at(ctx, p, skip=slot).count(stem)
                for p in ctx.layout.places.values()
                if p.kind in ("artikel", "lid") and p.element != place.element
            }
            others = [ctx.layout.places[k] for k, n in counts.items() if n]
            if not others:
                continue
            best = min(others, key=lambda p: (-counts[p.key], p.kind != "lid", p.element))
            phrase = ctx.layout.phrase(best, None, None)
            yield Hit(
                slot.path,
                _(
                    "[[{target}]] is said to name '{noun}', but {phrase} does not mention them; "
                    "{phrase2} does"
                ).format(
                    target=target, noun=noun, phrase=ctx.layout.phrase(place, None, None), phrase2=phrase
                ),
                slot.element,
                f"[[{target}]]",
                hint=_("did you mean [[{key}]] ({phrase})?").format(key=best.key, phrase=phrase),
            )


@rule(
    "CG306",
    Severity.ERROR,
    "references",
    N_("id used twice"),
    N_("give each article, lid, onderdeel, table, duty and budget its own id"),
)
def duplicate_ids(ctx: Context) -> Iterator[Hit]:
    """Ids that references use must be unique."""
    for key, _first, second in ctx.layout.duplicates:
        yield Hit((*second, "id"), _("the id '{key}' is already used").format(key=key), at_key=False)
