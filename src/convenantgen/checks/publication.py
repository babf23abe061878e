"""Publication rules: the stated status agrees with the signatures and the text."""

from __future__ import annotations

from collections.abc import Iterator

from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.model import Covenant

_MODEL_PREAMBLE = N_("the considerans is model text, and the status is '{status}'")
_MODEL_RECITAL = N_("{label} is model text, and the status is '{status}'")

STATUS = ("publicatie", "status")
# Statuses under which the text is final: offered for signature, or signed.
_FINAL = ("ter-ondertekening", "ondertekend")


def _unsigned(covenant: Covenant) -> list[str]:
    """Ids of the parties whose signature block has no date yet (or who have no block)."""
    dated = {b.partij for b in covenant.blokken if b.datum}
    return [p.id for p in covenant.parties if p.id not in dated]


@rule(
    "CG701",
    Severity.ERROR,
    "publication",
    N_("status 'ondertekend' while parties have not signed"),
    N_(
        "fill in 'datum' (and 'plaats') in each signature block as the signatures come "
        "in, or set 'publicatie.status: ter-ondertekening'"
    ),
)
def signed_status_without_signatures(ctx: Context) -> Iterator[Hit]:
    """A covenant is only signed once every party has signed it."""
    covenant = ctx.covenant
    missing = _unsigned(covenant)
    if covenant.status == "ondertekend" and missing:
        shown = ", ".join(missing[:5]) + (
            _(" and {n_more} more").format(n_more=len(missing) - 5) if len(missing) > 5 else ""
        )
        yield Hit(
            STATUS,
            _(
                "the status is 'ondertekend', but {n_missing} of {n_parties} parties have no "
                "signing date: {shown}"
            ).format(n_missing=len(missing), n_parties=len(covenant.parties), shown=shown),
            "publicatie",
        )


@rule(
    "CG702",
    Severity.WARNING,
    "publication",
    N_("every party has signed, the status says otherwise"),
    N_("set 'publicatie.status: ondertekend'"),
)
def signatures_without_signed_status(ctx: Context) -> Iterator[Hit]:
    """Once the last party has signed, the status should say so, for the published copy."""
    covenant = ctx.covenant
    if covenant.parties and not _unsigned(covenant) and covenant.status in ("concept", "ter-ondertekening"):
        yield Hit(
            STATUS,
            _("all {n_parties} parties have signed, but the status is '{status}'").format(
                n_parties=len(covenant.parties), status=covenant.status
            ),
            "publicatie",
        )


@rule(
    "CG703",
    Severity.ERROR,
    "publication",
    N_("model text in a covenant offered for signature"),
    N_(
        "replace the model text with the agreed text and remove 'modeltekst: true', or "
        "keep 'publicatie.status: concept'"
    ),
)
def model_text_in_final(ctx: Context) -> Iterator[Hit]:
    """Nobody should be asked to sign text that was written as a placeholder."""
    covenant = ctx.covenant
    if covenant.status not in _FINAL:
        return
    numbers = ctx.layout.numbering
    if covenant.considerans.modeltekst:
        yield Hit(
            ("considerans", "modeltekst"),
            _(_MODEL_PREAMBLE).format(status=covenant.status),
            "considerans",
            at_key=True,
        )
    for item in covenant.overwegingen:
        if item.modeltekst and not covenant.considerans.modeltekst:
            yield Hit(
                (*item.path, "modeltekst"),
                _(_MODEL_RECITAL).format(label=numbers.at(item.path).label, status=covenant.status),
                "considerans",
                at_key=True,
            )
    for article in covenant.artikelen:
        part = numbers.at(article.path)
        if article.modeltekst:
            yield Hit(
                (*article.path, "modeltekst"),
                _("{label} is model text, and the status is '{status}'").format(
                    label=part.label, status=covenant.status
                ),
                part.anchor,
                at_key=True,
            )
        for lid in article.leden:
            if lid.modeltekst and not article.modeltekst:
                lid_part = numbers.at(lid.path)
                yield Hit(
                    (*lid.path, "modeltekst"),
                    _("{label} is model text, and the status is '{status}'").format(
                        label=lid_part.label, status=covenant.status
                    ),
                    lid_part.anchor,
                    at_key=True,
                )


_MISSING = N_("footnote '{id}' has no text ({why}), and the status is '{status}'")


@rule(
    "CG710",
    Severity.ERROR,
    "publication",
    N_("footnote without its text in a covenant offered for signature"),
    N_("write the footnote's text in place of 'ontbreekt', or keep 'publicatie.status: concept'"),
)
def missing_text_in_final(ctx: Context) -> Iterator[Hit]:
    """A text marked 'ontbreekt' may stand in a concept, never in what the parties are asked to sign."""
    covenant = ctx.covenant
    if covenant.status not in _FINAL:
        return
    for note in covenant.noten:
        if note.ontbreekt is not None:
            yield Hit(
                (*note.path, "ontbreekt"),
                _(_MISSING).format(id=note.id, why=note.ontbreekt, status=covenant.status),
                f"noot-{note.id}",
                at_key=True,
            )
