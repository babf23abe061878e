"""Finding codes of `convenantgen amend` (CG95x), documented in docs/checks.md."""

from __future__ import annotations

from convenantgen.findings import Severity
from convenantgen.i18n import N_

CODES: dict[str, tuple[Severity, str, str]] = {
    "CG951": (
        Severity.ERROR,
        N_("change the wijzigingsconvenant cannot state"),
        N_(
            "an amendment changes text: change the printed text that states it as well, or "
            "pass --force to write the document with the change listed as not stated"
        ),
    ),
    "CG952": (
        Severity.WARNING,
        N_("the new version does not name the old one as its previous version"),
        N_("set 'vorige_versie' in the new version to the id of the old one, or compare the right pair"),
    ),
    "CG953": (
        Severity.ERROR,
        N_("nothing to amend: no change in substance"),
        N_("compare two versions that differ in what they print; comments and layout are not amended"),
    ),
}
