"""Predecessors and successors across files: every `vorige_versie` / `volgende_versie` id resolves.

A covenant names another one by id; that covenant is one of the files checked together, or a
covenant file in the same folder (so that checking one file alone resolves its sibling). What
is not found, or is found under another title than the text prints, is a warning: the file
itself is fine, the history it tells is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from convenantgen.findings import Finding, Severity
from convenantgen.i18n import N_, _
from convenantgen.loader import Source, load_file
from convenantgen.model import Covenant, Relation
from convenantgen.sources import discover

NOT_FOUND = "CG608"
OTHER_TITLE = "CG609"
_NOT_FOUND = N_("'{key}' names the covenant '{id}', which is not in this folder")
_OTHER_TITLE = N_("'{key}' calls '{id}' '{said}', but its title is '{title}'")


def _sibling_titles(folders: Iterable[Path]) -> dict[str, str]:
    """id → title of every readable covenant file directly in these folders."""
    found: dict[str, str] = {}
    for folder in sorted(set(folders)):
        for path in discover([folder]):
            if path.parent != folder:
                continue
            source, _problems = load_file(path, folder)
            data = source.data if source else None
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                title = data.get("titel")
                found.setdefault(data["id"], title if isinstance(title, str) else "")
    return found


def _relations(covenant: Covenant) -> Iterable[tuple[str, Relation]]:
    for key, relation in (("vorige_versie", covenant.vorige), ("volgende_versie", covenant.volgende)):
        if relation and relation.id:
            yield key, relation


def relation_findings(
    covenants: Iterable[tuple[Covenant, Source]], known: Mapping[str, str]
) -> list[Finding]:
    """Warnings for ids of other versions that name no covenant, or one with another title.

    ``covenants``: each checked covenant with its source;
    ``known``: id → title of the covenants checked together.
    """
    items = list(covenants)
    titles = dict(known)
    wanted = [(c, s) for c, s in items if any(r.id not in titles for _k, r in _relations(c))]
    if wanted:
        for key, title in _sibling_titles(Path(c.path).resolve().parent for c, _s in wanted).items():
            titles.setdefault(key, title)
    out = []
    for covenant, source in items:
        for key, relation in _relations(covenant):
            path = (key, "id") if relation.titel or relation.datum or relation.vindplaats else (key,)
            line, column = source.position(path)
            if relation.id not in titles:
                out.append(
                    Finding(
                        covenant.path,
                        line,
                        column,
                        NOT_FOUND,
                        Severity.WARNING,
                        _(_NOT_FOUND).format(key=key, id=relation.id),
                        _(
                            "check the id, or check the other covenant together with this one; for a "
                            "document outside the repository write its 'titel' and 'datum' instead of an id"
                        ),
                        key,
                    )
                )
            elif relation.titel and titles[relation.id] and relation.titel != titles[relation.id]:
                line, column = source.position((key, "titel"))
                out.append(
                    Finding(
                        covenant.path,
                        line,
                        column,
                        OTHER_TITLE,
                        Severity.WARNING,
                        _(_OTHER_TITLE).format(
                            key=key, id=relation.id, said=relation.titel, title=titles[relation.id]
                        ),
                        _("write the other covenant's title as it is, or leave 'titel' out"),
                        key,
                    )
                )
    return out
