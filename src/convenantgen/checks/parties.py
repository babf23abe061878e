"""Party and signature rules."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.model import Party


def _normal(name: str) -> str:
    """The name as printed, compatibility forms unified, spacing collapsed and a leading article dropped."""
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip()
    return re.sub(r"^(de|het)\s+", "", name, flags=re.IGNORECASE)


def _names(party: Party) -> list[str]:
    names = [party.naam] + ([party.korte_naam] if party.korte_naam else [])
    return [_normal(n) for n in names]


def _same(a: str, b: str) -> bool:
    """Equal but for capitals, spacing and a leading 'de'/'het' (not: a tail of a longer name)."""
    return _normal(a).casefold() == _normal(b).casefold()


@rule(
    "CG401",
    Severity.ERROR,
    "parties",
    N_("party, group or person id used twice"),
    N_("give every party, group and representative its own id"),
)
def duplicate_party_ids(ctx: Context) -> Iterator[Hit]:
    """Ids of groups, parties and people are unique."""
    seen: dict[str, object] = {}
    entries = [(g.id, g.path) for g in ctx.covenant.groepen if g.id]
    entries += [(cl.id, cl.path) for cl in ctx.covenant.clusters]
    entries += [(p.id, p.path) for p in ctx.covenant.parties]
    entries += [(p.id, p.path) for p in ctx.covenant.personen]
    for key, path in entries:
        if key in seen:
            yield Hit(
                (*path, "id"),
                _("the id '{key}' is already used by another party, group or person").format(key=key),
                f"partij-{key}",
            )
        seen[key] = path


@rule(
    "CG402",
    Severity.ERROR,
    "parties",
    N_("representative refers to an unknown person"),
    N_("'persoon:' must give the id of a representative defined under another party"),
)
def unknown_person(ctx: Context) -> Iterator[Hit]:
    """'persoon: id' must name a representative defined elsewhere."""
    for party in ctx.covenant.parties:
        for rep in party.vertegenwoordigers:
            if not rep.defined_here and ctx.covenant.person(rep.person_id) is None:
                yield Hit(
                    (*rep.path, "persoon"),
                    _("'{person_id}' is not a representative of any party").format(person_id=rep.person_id),
                    f"partij-{party.id}",
                )


@rule(
    "CG403",
    Severity.ERROR,
    "parties",
    N_("party without exactly one signature block"),
    N_("add one block under 'ondertekening.blokken' per party, and only one"),
)
def signature_count(ctx: Context) -> Iterator[Hit]:
    """Every party signs once."""
    counts = Counter(b.partij for b in ctx.covenant.blokken)
    for party in ctx.covenant.parties:
        if counts[party.id] == 0:
            yield Hit(
                (*party.path, "id"),
                _("party '{id}' ({naam}) has no signature block").format(id=party.id, naam=party.naam),
                f"partij-{party.id}",
            )
    seen: set[str] = set()
    for block in ctx.covenant.blokken:
        if block.partij in seen:
            yield Hit(
                (*block.path, "partij"),
                _("party '{partij}' has a second signature block").format(partij=block.partij),
                f"ondertekening.{block.partij}",
            )
        seen.add(block.partij)


@rule(
    "CG404",
    Severity.ERROR,
    "parties",
    N_("signature block for an unknown party"),
    N_("'partij:' in a signature block must be the id of a party in the party list"),
)
def unknown_signatory(ctx: Context) -> Iterator[Hit]:
    """Signature blocks belong to parties in the party list."""
    known = {p.id for p in ctx.covenant.parties}
    for block in ctx.covenant.blokken:
        if block.partij not in known:
            yield Hit(
                (*block.path, "partij"),
                _("'{partij}' is not a party in the party list").format(partij=block.partij),
                f"ondertekening.{block.partij}",
            )


@rule(
    "CG405",
    Severity.ERROR,
    "parties",
    N_("signature block names the party differently"),
    N_(
        "remove 'naam' from the block (the party list's name is used), correct its "
        "spelling, or print the party's 'korte_naam'"
    ),
)
def signature_name(ctx: Context) -> Iterator[Hit]:
    """The name printed in a signature block is the party's name or short name."""
    parties = {p.id: p for p in ctx.covenant.parties}
    for block in ctx.covenant.blokken:
        party = parties.get(block.partij)
        if party is None or block.naam is None:
            continue
        if any(_same(block.naam, name) for name in _names(party)):
            continue  # the name or the short name (capitals aside: CG406)
        also = (
            _(" (short name '{korte_naam}')").format(korte_naam=party.korte_naam) if party.korte_naam else ""
        )
        yield Hit(
            (*block.path, "naam"),
            _("signature block names '{naam}', the party list '{naam2}'{also}").format(
                naam=block.naam, naam2=party.naam, also=also
            ),
            f"ondertekening.{block.partij}",
        )


@rule(
    "CG406",
    Severity.WARNING,
    "parties",
    N_("signature block capitalises the party name differently"),
    N_("write the name exactly as in the party list, or remove 'naam' from the block"),
)
def signature_case(ctx: Context) -> Iterator[Hit]:
    """'VNO NCW WEST' for 'VNO NCW West'."""
    parties = {p.id: p for p in ctx.covenant.parties}
    for block in ctx.covenant.blokken:
        party = parties.get(block.partij)
        if party is None or block.naam is None:
            continue
        shown, wanted = _normal(block.naam), _names(party)
        if shown not in wanted and any(_same(shown, w) for w in wanted):
            yield Hit(
                (*block.path, "naam"),
                _("signature block writes '{naam}', the party list '{naam2}'").format(
                    naam=block.naam, naam2=party.naam
                ),
                f"ondertekening.{block.partij}",
            )


@rule(
    "CG407",
    Severity.ERROR,
    "parties",
    N_("obligation addressed to an unknown party group"),
    N_("'wie:' lists ids of party groups or parties, or 'partijen' for all"),
)
def unknown_addressee(ctx: Context) -> Iterator[Hit]:
    """Obligations name groups or parties that exist."""
    known = {"partijen"} | {g.id for g in ctx.covenant.groepen if g.id} | {p.id for p in ctx.covenant.parties}
    known |= {cl.id for cl in ctx.covenant.clusters}
    for article in ctx.covenant.artikelen:
        for lid in article.leden:
            for obligation in lid.verplichtingen:
                for i, who in enumerate(obligation.wie):
                    if who not in known:
                        yield Hit(
                            (*obligation.path, "wie", i),
                            _("'{who}' is no party group or party").format(who=who),
                            article.id,
                        )


@rule(
    "CG408",
    Severity.ERROR,
    "parties",
    N_("municipality listed twice"),
    N_("list each municipality of the region once"),
)
def duplicate_municipality(ctx: Context) -> Iterator[Hit]:
    """A municipality appears once in the region."""
    seen: set[str] = set()
    for i, name in enumerate(ctx.covenant.gemeenten):
        if name.strip().lower() in seen:
            yield Hit(("regio", "gemeenten", i), _("'{name}' is listed twice").format(name=name), "regio")
        seen.add(name.strip().lower())


@rule(
    "CG409",
    Severity.ERROR,
    "parties",
    N_("signatory who does not represent the party"),
    N_("'ondertekenaars' lists ids of the party's own representatives"),
)
def foreign_signer(ctx: Context) -> Iterator[Hit]:
    """Only a party's representatives sign for it."""
    parties = {p.id: p for p in ctx.covenant.parties}
    for block in ctx.covenant.blokken:
        party = parties.get(block.partij)
        if party is None:
            continue
        own = {r.person_id for r in party.vertegenwoordigers}
        for i, signer in enumerate(block.ondertekenaars):
            if signer not in own:
                yield Hit(
                    (*block.path, "ondertekenaars", i),
                    _("'{signer}' does not represent '{id}'").format(signer=signer, id=party.id),
                    f"ondertekening.{block.partij}",
                )


@rule(
    "CG410",
    Severity.ERROR,
    "parties",
    N_("two parties with the same name"),
    N_("give every party its own name; one party is listed once"),
)
def duplicate_party_name(ctx: Context) -> Iterator[Hit]:
    """Two parties that read alike would get signature blocks that read alike."""
    seen: dict[str, Party] = {}
    for party in ctx.covenant.parties:
        names = [("naam", party.naam)] + ([("korte_naam", party.korte_naam)] if party.korte_naam else [])
        for key, name in names:
            first = seen.get(_normal(name).casefold())
            if first is not None and first is not party:
                yield Hit(
                    (*party.path, key),
                    _("'{name}' is also the name of party '{id}' ({naam})").format(
                        name=name, id=first.id, naam=first.naam
                    ),
                    f"partij-{party.id}",
                )
                break
        for _key, name in names:
            seen.setdefault(_normal(name).casefold(), party)
