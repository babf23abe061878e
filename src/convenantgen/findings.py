"""Findings: every problem or fact convenantgen reports, as plain immutable values."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from convenantgen.i18n import N_


class Severity(StrEnum):
    """How serious a finding is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem (or fact) at a place in a covenant file."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str = ""
    element: str = ""
    place: str = ""  # in the document's terms: "artikel 2, derde lid", "partij b (UWV)"

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Finding:
        """Rebuild a finding from :meth:`as_dict` output."""
        return cls(
            raw["path"],
            raw["line"],
            raw["column"],
            raw["code"],
            Severity(raw["severity"]),
            raw["message"],
            raw.get("hint", ""),
            raw.get("element", ""),
            raw.get("place", ""),
        )

    def as_dict(self) -> dict[str, object]:
        """Return the finding as a JSON-ready dict."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "element": self.element,
            "place": self.place,
            "message": self.message,
            "hint": self.hint,
        }


def has_errors(findings: tuple[Finding, ...] | list[Finding], strict: bool = False) -> bool:
    """True when the findings should fail a run (warnings count in strict mode)."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(f.severity in failing for f in findings)


# Codes of findings that are not consistency rules (those live in convenantgen.checks.RULES):
# problems found while reading and validating files, and the facts check reports.
FILE_CODES: dict[str, tuple[Severity, str]] = {
    "CG001": (Severity.ERROR, N_("the file cannot be read (not UTF-8, too large or unreadable)")),
    "CG002": (Severity.ERROR, N_("YAML syntax error")),
    "CG003": (Severity.ERROR, N_("duplicate key")),
    "CG004": (Severity.ERROR, N_("anchor, alias or tag")),
    "CG005": (Severity.ERROR, N_("nesting too deep")),
    "CG006": (Severity.ERROR, N_("empty file")),
    "CG007": (Severity.WARNING, N_("the file does not name its schema")),
    "CG008": (Severity.WARNING, N_("text cut off by a YAML comment")),
    "CG009": (Severity.ERROR, N_("invisible, direction-changing or look-alike character")),
    "CG010": (Severity.ERROR, N_("does not match the schema")),
    "CG011": (Severity.ERROR, N_("covenant id used by another file")),
    "CG012": (Severity.WARNING, N_("word in Greek, Cyrillic or a similar alphabet")),
    "CG600": (Severity.INFO, N_("entry into force")),
    "CG608": (Severity.WARNING, N_("predecessor or successor not found")),
    "CG609": (Severity.WARNING, N_("predecessor or successor under another title")),
}
