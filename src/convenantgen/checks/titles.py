"""Article titles: two articles with one title make the text and its references ambiguous (CG315)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _

_SAME = N_("{label} has the title '{title}', as {first} has")


def _key(title: str) -> str:
    """'Looptijd', ' looptijd.' and 'LOOPTIJD' are one title."""
    return re.sub(r"\s+", " ", title).strip().rstrip(".:;").casefold()


@rule(
    "CG315",
    Severity.ERROR,
    "references",
    N_("two articles with the same title"),
    N_("give each article its own title, or merge the two articles"),
)
def same_title(ctx: Context) -> Iterator[Hit]:
    """Every article has its own title: a reader (and CG305) finds an article by it."""
    seen: dict[str, str] = {}
    numbers = ctx.layout.numbering
    for article in ctx.covenant.artikelen:
        part = numbers.at(article.path)
        key = _key(article.titel)
        if key in seen:
            yield Hit(
                (*article.path, "titel"),
                _(_SAME).format(label=part.label, title=article.titel, first=seen[key]),
                part.anchor,
            )
        else:
            seen[key] = part.label
