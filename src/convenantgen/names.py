"""How people, parties and groups are named in the text: shared by the page, the site and the diff.

Plain functions without Jinja2, so the diff and check can name parties without the renderer.
"""

from __future__ import annotations

import re

from convenantgen import dutch
from convenantgen.model import Cluster, Covenant, Group, Party, PartyListWording, Person, Representation

UNKNOWN_PERSON = "…………………………………… (naam, functie)"


def person(p: Person | None, style: str = "regel") -> str:
    """'de heer prof. dr. A. Klamer, Voorzitter' ('regel') or '... (Voorzitter)' ('lijst')."""
    if p is None:
        return ""
    if not p.naam and not p.functie:
        return UNKNOWN_PERSON
    who = " ".join(x for x in (p.aanhef, p.titel, p.naam) if x)
    if not p.naam:
        who = " ".join(x for x in (p.aanhef, p.functie) if x)
    elif p.functie:
        who = f"{who} ({p.functie})" if style == "lijst" else f"{who}, {p.functie}"
    if style == "lijst":
        who = who[:1].upper() + who[1:]
    if p.gemachtigde:
        pronoun = {"de heer": "hem", "mevrouw": "haar"}.get(p.aanhef or "", "deze")
        who += f" (namens {pronoun} {person(p.gemachtigde)})"
    return who


def party_name(party: Party, capital: bool = False, short: bool = False) -> str:
    """'het CNV', or 'Het CNV' at the start of an item; ``short`` uses the 'hierna' name."""
    base = party.korte_naam if short and party.korte_naam else party.naam
    name = f"{party.lidwoord} {base}" if party.lidwoord and not (short and party.korte_naam) else base
    return name[:1].upper() + name[1:] if capital else name


_MUNICIPALITY_NAME = re.compile(r"^(?:de\s+)?gemeente\s+(\S.*)$", re.IGNORECASE)


def municipality(party: Party) -> str | None:
    """The municipality a party is: its declared 'gemeente', or X of a party named 'Gemeente X'."""
    if party.gemeente:
        return party.gemeente
    found = _MUNICIPALITY_NAME.match(party.naam.strip())
    return found.group(1).strip() if found else None


def hierna(korte_naam: str | None, wording: PartyListWording, after_name: bool) -> str:
    """' (hierna: UWV)' right after the name, or ', hierna te noemen: UWV' after the representatives."""
    if not korte_naam:
        return ""
    if wording.hierna == "hierna":
        return f" (hierna: {korte_naam})" if after_name else ""
    return "" if after_name else f", hierna te noemen: {korte_naam}"


def cluster_members(cluster: Cluster) -> str | None:
    """'De gemeenten Barendrecht, Albrandswaard en Ridderkerk' when every member is a plain municipality.

    None when a member has a short name, a footnote or is the centrumgemeente: the entry then names
    each member in full, so that nothing the file says of a member is left out.
    """
    towns = [municipality(p) for p in cluster.partijen]
    plain = all(not (p.korte_naam or p.noot or p.centrumgemeente) for p in cluster.partijen)
    if not plain or any(t is None for t in towns):
        return None
    names = [t for t in towns if t]
    return ("De gemeente " if len(names) == 1 else "De gemeenten ") + dutch.opsomming(names)


def cluster_representatives(cluster: Cluster) -> list[Representation]:
    """The cluster's representatives as its entry lists them: each person once, in member order."""
    seen: set[str] = set()
    out = []
    for party in cluster.partijen:
        for rep in party.vertegenwoordigers:
            if rep.person_id not in seen:
                seen.add(rep.person_id)
                out.append(rep)
    return out


def group_heading(group: Group) -> str:
    """'werkgeversorganisaties' → 'Werkgeversorganisaties (VNO NCW West en MKB-Nederland)'."""
    names = [party_name(p, short=True) for p in group.partijen]
    base = (group.naam or "").strip()
    heading = base[:1].upper() + base[1:]
    if names and [n.lower() for n in names] != [base.lower()]:
        heading += f" ({dutch.opsomming(names)})"
    return heading


def obligation_heading(covenant: Covenant, ids: tuple[str, ...]) -> str:
    """'De Partijen', or the groups and parties an obligation is addressed to."""
    if ids == ("partijen",):
        return "De Partijen"
    groups = {g.id: g for g in covenant.groepen if g.id}
    clusters = {cl.id: cl for cl in covenant.clusters}
    parties = {p.id: p for p in covenant.parties}
    names = []
    for key in ids:
        if key in groups:
            names.append(group_heading(groups[key]))
        elif key in clusters:
            name = clusters[key].korte_naam or clusters[key].naam
            names.append(name[:1].upper() + name[1:] if not names else name)
        elif key in parties:
            names.append(party_name(parties[key], capital=not names, short=True))
    return dutch.opsomming(names)


def signers(covenant: Covenant, party: Party, chosen: tuple[str, ...]) -> list[Person]:
    """The people signing for a party: those chosen, or all its representatives."""
    ids = chosen or tuple(r.person_id for r in party.vertegenwoordigers)
    return [p for p in (covenant.person(i) for i in ids) if p is not None]
