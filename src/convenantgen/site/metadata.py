"""Publication metadata: the fields Dutch official publications use for covenants.

OEP (officiële elektronische publicaties) describes a covenant with Dublin Core and
OVERHEIDop fields. A region publishing its own covenant can truthfully fill in title,
creators, identifier, type, language, availability, the version it replaces or is replaced
by and the signing date. Fields that only a Staatscourant issue has (jaargang,
publicationIssue, ...) are left out, and so is every field whose value is not known.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from convenantgen.model import Covenant
from convenantgen.site.history import History
from convenantgen.site.status import Standing

DOCUMENT_TYPE = "Convenanten"  # OEP documentsoort
SCHEMAS = (
    ("schema.DC", "http://purl.org/dc/elements/1.1/"),
    ("schema.DCTERMS", "http://purl.org/dc/terms/"),
)


def title(covenant: Covenant) -> str:
    """'Convenant Inclusieve Arbeidsmarkt – Regio Gooi en Vechtstreek 2015-2025'."""
    return covenant.titel + (f" – {covenant.ondertitel}" if covenant.ondertitel else "")


def available(history: History | None) -> date | None:
    """The day this version was committed; unknown when it is not (exactly) in git."""
    if history is None or history.modified or history.latest is None:
        return None
    return history.latest.day


def fields(
    covenant: Covenant,
    standing: Standing,
    history: History | None,
    replaced_by: Sequence[str],
) -> tuple[tuple[str, str], ...]:
    """(name, value) pairs in a fixed order; a repeated name is a field with several values."""
    out: list[tuple[str, str]] = [("DC.title", title(covenant))]
    out += [("DC.creator", party.naam) for party in covenant.parties]
    out += [("DC.identifier", covenant.id), ("DC.type", DOCUMENT_TYPE), ("DCTERMS.language", "nl")]
    when = available(history)
    if when:
        out.append(("DCTERMS.available", when.isoformat()))
    if covenant.vorige_versie:
        out.append(("DCTERMS.replaces", covenant.vorige_versie))
    out += [("DCTERMS.isReplacedBy", newer) for newer in replaced_by]
    if standing.signing_date:
        out.append(("OVERHEIDop.datumOndertekening", standing.signing_date.isoformat()))
    return tuple(out)


def as_json(pairs: Sequence[tuple[str, str]]) -> dict[str, str | list[str]]:
    """The same fields as JSON: repeatable ones (creator, isReplacedBy) as lists."""
    out: dict[str, str | list[str]] = {}
    for name, value in pairs:
        if name in ("DC.creator", "DCTERMS.isReplacedBy"):
            listed = out.setdefault(name, [])
            assert isinstance(listed, list)
            listed.append(value)
        else:
            out[name] = value
    return out
