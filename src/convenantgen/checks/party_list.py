"""Party-list rules: municipalities tied to the region, centrumgemeente, parties signing in person.

A party is a municipality when it says so ('gemeente: X') or is named 'Gemeente X'
(:func:`convenantgen.names.municipality`); the region's list and the party list must agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.checks.parties import _normal
from convenantgen.checks.references import split_target
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.layout import iter_calls
from convenantgen.loader import JsonPath
from convenantgen.model import Party
from convenantgen.names import municipality
from convenantgen.text import REF

# Messages: format strings with named placeholders, translated where they are used.
_OUTSIDE = N_("party '{party}' is the municipality '{town}', which is not in regio.gemeenten")
_NO_REGION = N_("party '{party}' is the municipality '{town}', but the covenant has no region")
_NOT_A_PARTY = N_("the municipality '{town}' is in the region but no party, and the municipalities sign")
_NO_MUNICIPALITY = N_("party '{party}' is marked centrumgemeente but is no municipality")
_SECOND_CENTRE = N_("party '{party}' is a second centrumgemeente, after '{first}'")
_MANY_IN_PERSON = N_("party '{party}' signs in person but has {count} representatives")
_DEPUTY_IN_PERSON = N_("party '{party}' signs in person, yet someone signs on its behalf ('gemachtigde')")
_CLUSTER_IN_PERSON = N_("party '{party}' stands in a cluster, which is represented together")
_UNSHOWN = N_("regio.gemeenten is printed nowhere: '{town}' is no party and no text names it")
_GROUP_NAME_TWICE = N_("'{name}' is also the name of '{other}'")


def _fold(name: str) -> str:
    """The name for comparing: invisible format characters (CG009 reports them) do not count."""
    visible = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    return _normal(visible).casefold()


def _where(party: Party) -> JsonPath:
    """The key that makes a party a municipality: its 'gemeente', or else its name."""
    return (*party.path, "gemeente" if party.gemeente else "naam")


@rule(
    "CG420",
    Severity.ERROR,
    "parties",
    N_("municipality party outside the region"),
    N_("add the municipality to 'regio.gemeenten', or correct the party's 'gemeente' or name"),
)
def municipality_outside_region(ctx: Context) -> Iterator[Hit]:
    """A party that is a municipality is one of the region's municipalities."""
    c = ctx.covenant
    region = {_fold(t) for t in c.gemeenten}
    for party in c.parties:
        town = municipality(party)
        if town is None or _fold(town) in region:
            continue
        if not c.gemeenten and not party.gemeente:
            continue  # a national covenant may have municipalities as parties and no region
        if c.gemeenten:
            message = _(_OUTSIDE).format(party=party.id, town=town)
        else:
            message = _(_NO_REGION).format(party=party.id, town=town)
        yield Hit(_where(party), message, f"partij-{party.id}")


@rule(
    "CG421",
    Severity.ERROR,
    "parties",
    N_("municipality of the region that is no party"),
    N_(
        "with 'gemeenten_ondertekenen: true' every municipality of the region is a party: add it to the"
        " party list (named 'Gemeente X' or with 'gemeente: X'), or remove it from regio.gemeenten"
    ),
)
def municipality_not_a_party(ctx: Context) -> Iterator[Hit]:
    """When the municipalities sign, each municipality of the region is a party."""
    c = ctx.covenant
    if not c.gemeenten_ondertekenen:
        return
    parties = {_fold(t) for t in (municipality(p) for p in c.parties) if t}
    for i, town in enumerate(c.gemeenten):
        if _fold(town) not in parties:
            yield Hit(
                ("regio", "gemeenten", i),
                _(_NOT_A_PARTY).format(town=town),
                "regio",
            )


@rule(
    "CG422",
    Severity.ERROR,
    "parties",
    N_("centrumgemeente marked wrongly"),
    N_("mark one party as 'centrumgemeente', and only a party that is a municipality of the region"),
)
def centrumgemeente(ctx: Context) -> Iterator[Hit]:
    """One centrumgemeente at most, and it is a municipality."""
    first: Party | None = None
    for party in ctx.covenant.parties:
        if not party.centrumgemeente:
            continue
        where = (*party.path, "centrumgemeente")
        if municipality(party) is None:
            yield Hit(
                where,
                _(_NO_MUNICIPALITY).format(party=party.id),
                f"partij-{party.id}",
                hint=_("name the party 'Gemeente X' or give it 'gemeente: X'"),
            )
        elif first is not None:
            yield Hit(
                where,
                _(_SECOND_CENTRE).format(party=party.id, first=first.id),
                f"partij-{party.id}",
            )
        first = first or party


@rule(
    "CG423",
    Severity.ERROR,
    "parties",
    N_("party signing in person with other representatives"),
    N_(
        "a party with 'in_persoon: true' (a minister) has exactly one representative: the office-holder"
        " who is the party; leave 'in_persoon' out when others represent it"
    ),
)
def in_person(ctx: Context) -> Iterator[Hit]:
    """'in_persoon': one representative, who signs without a deputy, outside a cluster."""
    in_cluster = {p.id for cl in ctx.covenant.clusters for p in cl.partijen}
    for party in ctx.covenant.parties:
        if not party.in_persoon:
            continue
        where = (*party.path, "in_persoon")
        if len(party.vertegenwoordigers) != 1:
            yield Hit(
                where,
                _(_MANY_IN_PERSON).format(party=party.id, count=len(party.vertegenwoordigers)),
                f"partij-{party.id}",
            )
            continue
        person = ctx.covenant.person(party.vertegenwoordigers[0].person_id)
        if person is not None and person.gemachtigde is not None:
            yield Hit(
                where,
                _(_DEPUTY_IN_PERSON).format(party=party.id),
                f"partij-{party.id}",
            )
        if party.id in in_cluster:
            yield Hit(
                where,
                _(_CLUSTER_IN_PERSON).format(party=party.id),
                f"partij-{party.id}",
                hint=_("move the party out of the cluster, or leave 'in_persoon' out"),
            )


@rule(
    "CG424",
    Severity.WARNING,
    "parties",
    N_("the region's municipalities are never shown"),
    N_(
        "print them with [[regio.gemeenten]] in a recital or a footnote (it reads 'A, B en C'), or make every"
        " municipality a party ('gemeenten_ondertekenen: true')"
    ),
)
def municipalities_unshown(ctx: Context) -> Iterator[Hit]:
    """regio.gemeenten is stored to be read: by reference, typed in a text, or as the parties."""
    c = ctx.covenant
    if not c.gemeenten or c.gemeenten_ondertekenen:
        return  # with gemeenten_ondertekenen, CG421 sees to it that every municipality is a party
    shown = (split_target(target)[0] for _, kind, target, _ in iter_calls(ctx.layout) if kind == REF)
    if "regio.gemeenten" in shown:
        return
    parties = {_fold(t) for t in (municipality(p) for p in c.parties) if t}
    typed = _fold(" ".join(slot.text for slot in ctx.layout.slots))
    missing = [
        t
        for t in c.gemeenten
        if _fold(t) not in parties and not re.search(rf"(?<!\w){re.escape(_fold(t))}(?!\w)", typed)
    ]
    if missing:
        yield Hit(
            ("regio", "gemeenten"),
            _(_UNSHOWN).format(town=missing[0]),
            "regio",
            at_key=True,
        )


@rule(
    "CG425",
    Severity.ERROR,
    "parties",
    N_("short name of a group used twice"),
    N_("give every group and cluster a short name of its own, different from every party's name"),
)
def duplicate_group_name(ctx: Context) -> Iterator[Hit]:
    """A group's 'hierna' name names one thing only."""
    seen: dict[str, str] = {}
    for party in ctx.covenant.parties:
        for name in (party.naam, party.korte_naam):
            if name:
                seen.setdefault(_fold(name), party.id)
    groups = [(g.id, g.korte_naam, g.path) for g in ctx.covenant.groepen if g.id]
    groups += [(cl.id, cl.korte_naam, cl.path) for cl in ctx.covenant.clusters]
    for key, short, path in groups:
        if not short or not key:
            continue
        other = seen.get(_fold(short))
        if other is not None:
            yield Hit(
                (*path, "korte_naam"),
                _(_GROUP_NAME_TWICE).format(name=short, other=other),
                f"groep-{key}",
            )
        seen.setdefault(_fold(short), key)
