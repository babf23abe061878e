"""The redline (renvooi) between a covenant and the earlier version it names, as a page of the site.

``<id>/renvooi-<vorige id>.html`` is what ``convenantgen diff OLD NEW -o X.html`` writes for
the two, and exists only when both covenants are in the site. It needs no script and links
nothing outside its own page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from convenantgen.diff.engine import diff
from convenantgen.diff.redline import redline_html
from convenantgen.pipeline import Checked


def page_name(previous_id: str) -> str:
    """The file name, in the newer covenant's folder, of its redline against ``previous_id``."""
    return f"renvooi-{previous_id}.html"


def _as_published(item: Checked, covenant_id: str) -> Checked:
    # The legend names both sources: by their published names, not by where the build ran.
    return dataclasses.replace(item, path=f"{covenant_id}.yaml")


def redlines(items: Sequence[Checked]) -> dict[str, bytes]:
    """Every redline the site publishes, by its path in the site."""
    by_id = {i.covenant.id: i for i in items if i.covenant is not None}
    out: dict[str, bytes] = {}
    for cid, item in sorted(by_id.items()):
        assert item.covenant is not None
        previous = item.covenant.vorige_versie
        if not previous or previous == cid or previous not in by_id:
            continue
        found = diff(_as_published(by_id[previous], previous), _as_published(item, cid))
        out[f"{cid}/{page_name(previous)}"] = redline_html(found, "screen").encode("utf-8")
    return out


def links(
    covenant_id: str,
    previous: str | None,
    successors: Sequence[str],
    titles: Mapping[str, str],
    files: Mapping[str, bytes],
) -> list[tuple[str, str, str, str]]:
    """(direction, page href, title, redline href) of each redline from or to this covenant in the site.

    Direction is 'vorige' (this covenant against the one it replaces) or 'volgende'.
    """
    out = []
    if previous and f"{covenant_id}/{page_name(previous)}" in files:
        out.append(("vorige", f"../{previous}/index.html", titles[previous], page_name(previous)))
    for later in successors:
        redline = f"{later}/{page_name(covenant_id)}"
        if redline in files:
            out.append(("volgende", f"../{later}/index.html", titles[later], f"../{redline}"))
    return out
