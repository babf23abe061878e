"""Letters and anchors of the party list: groups, parties, clusters and representatives.

Part of :mod:`convenantgen.numbering` (the only authority for numbers), kept apart because
the party list nests: a group holds parties and clusters, a cluster holds parties whose
representatives are listed together.
"""

from __future__ import annotations

from collections.abc import Iterator

from convenantgen import dutch
from convenantgen.model import Cluster, Covenant, Group
from convenantgen.names import cluster_representatives
from convenantgen.numbering import CLUSTER, GROUP, PARTY, REPRESENTATIVE, Numbered


def _rep_name(covenant: Covenant, person_id: str) -> str:
    person = covenant.person(person_id)
    return (person.naam if person else None) or person_id


def _cluster(covenant: Covenant, cluster: Cluster, letter: str) -> Iterator[Numbered]:
    """A cluster is one entry ('b.'); its parties stand in it, its representatives are i., ii., ..."""
    anchor = f"partij-{cluster.id}"
    yield Numbered(CLUSTER, cluster.id, letter, cluster.naam, anchor, cluster.path)
    listed = {rep.path: r for r, rep in enumerate(cluster_representatives(cluster), 1)}
    for party in cluster.partijen:
        yield Numbered(PARTY, party.id, letter, party.naam, anchor, party.path)
        for rep in party.vertegenwoordigers:
            r = listed.get(rep.path)
            # a person listed under an earlier member is not numbered again
            number = dutch.romeins(r) if r else ""
            name = _rep_name(covenant, rep.person_id)
            yield Numbered(REPRESENTATIVE, rep.person_id, number, name, anchor, rep.path)


def _group(covenant: Covenant, group: Group, letter: str) -> Iterator[Numbered]:
    first = group.partijen[0].id if group.partijen else ""
    yield Numbered(GROUP, group.id, letter, group.naam or first, f"groep-{group.id or first}", group.path)
    for p, entry in enumerate(group.entries, 1):
        if isinstance(entry, Cluster):
            yield from _cluster(covenant, entry, dutch.letter(p))
            continue
        own = group.id is None
        # a group of one party with several representatives reads "Namens <party>, a. ... b. ...":
        # the party stands in the group's own item
        alone = len(group.partijen) == 1 and len(entry.vertegenwoordigers) > 1
        anchor = f"groep-{group.id or first}" if own or alone else f"partij-{entry.id}"
        yield Numbered(PARTY, entry.id, letter if own else dutch.letter(p), entry.naam, anchor, entry.path)
        for r, rep in enumerate(entry.vertegenwoordigers, 1):
            name = _rep_name(covenant, rep.person_id)
            yield Numbered(REPRESENTATIVE, rep.person_id, dutch.letter(r), name, anchor, rep.path)


def party_parts(covenant: Covenant) -> Iterator[Numbered]:
    """The numbered parts of the party list, in its order."""
    for g, group in enumerate(covenant.groepen, 1):
        yield from _group(covenant, group, dutch.letter(g))
