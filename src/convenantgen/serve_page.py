"""The page `convenantgen serve` shows: the covenant's HTML with its findings, or the findings alone.

Findings stand twice: in a list at the top, and at the part of the covenant they concern
(the article, or the section of parties, recitals, signatures or notes), found from the
line of the finding. Everything added here is escaped text from findings; nothing from
the YAML becomes markup or script.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from convenantgen.findings import Finding, Severity
from convenantgen.i18n import N_, _
from convenantgen.pipeline import Checked

SCRIPT_PATH = "/__serve.js"
VERSION_PATH = "/__version"
VERSION_META = "convenantgen-serve"
# The sections of the page that top-level keys of the YAML end up in (see convenant.html.j2).
_SECTIONS = {
    "partijen": "kop-partijen",
    "considerans": "kop-considerans",
    "ondertekening": "kop-ondertekening",
    "noten": "kop-noten",
}
_EXCERPT_BYTES = 4 * 1024 * 1024  # beyond the loader's size limit there is nothing to show
_LABELS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning"), Severity.INFO: N_("note")}

# Polls the server for the file's version and reloads the page when it changed. Fixed
# text, served same-origin from SCRIPT_PATH: the page carries no inline script.
SCRIPT = """\
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="@META@"]');
  var shown = meta ? meta.getAttribute("content") : "";
  function poll() {
    fetch("@PATH@", {cache: "no-store"})
      .then(function (answer) { return answer.text(); })
      .then(function (now) {
        if (now !== shown) { window.location.reload(); } else { window.setTimeout(poll, 500); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 500);
})();
""".replace("@META@", VERSION_META).replace("@PATH@", VERSION_PATH)

STYLE = """\
.cg-serve { font-family: system-ui, sans-serif; font-size: 0.95rem; line-height: 1.4; margin: 0 0 1.5rem;
  padding: 0.75rem 1rem; border: 2px solid #8a1c1c; background: #fff6f6; color: #222; }
.cg-serve.cg-clean { border-color: #1d6b33; background: #f3fbf5; }
.cg-serve h2 { font-size: 1rem; margin: 0 0 0.5rem; }
.cg-serve ol { margin: 0; padding-left: 1.25rem; }
.cg-serve li { margin: 0.25rem 0; overflow-wrap: anywhere; }
.cg-serve .cg-where { font-family: ui-monospace, monospace; }
.cg-serve .cg-hint { display: block; color: #444; }
.cg-serve pre { margin: 0.25rem 0 0; padding: 0.25rem 0.5rem; background: #fff; border: 1px solid #ddd;
  overflow-x: auto; white-space: pre; font-size: 0.85rem; }
.cg-serve .cg-error .cg-code { color: #8a1c1c; font-weight: bold; }
.cg-serve .cg-warning .cg-code { color: #7a5500; font-weight: bold; }
aside.cg-serve.cg-here { margin: 0.5rem 0; }
"""


@dataclass(frozen=True)
class Placed:
    """A finding with its number in the top list and the page section it belongs to."""

    number: int
    finding: Finding
    section: str | None  # the id or aria-labelledby of a <section>, or None: the list only


def place(checked: Checked) -> tuple[Placed, ...]:
    """Number the findings and find, from its line, the part of the page each concerns."""
    starts = _section_starts(checked)
    placed = []
    for number, finding in enumerate(sorted(checked.findings), start=1):
        section = None
        for line, name in starts:
            if line > finding.line:
                break
            section = name
        placed.append(Placed(number, finding, section))
    return tuple(placed)


def _section_starts(checked: Checked) -> list[tuple[int, str | None]]:
    """(first line, section) of every top-level key and every article, in line order."""
    source, layout, covenant = checked.source, checked.layout, checked.covenant
    if source is None or layout is None or covenant is None or not isinstance(source.data, dict):
        return []
    starts: list[tuple[int, str | None]] = []
    for key in source.data:
        line = source.position((key,), key=True)[0]
        starts.append((line, _SECTIONS.get(str(key))))
    for article in covenant.artikelen:
        line = source.position(article.path)[0]
        starts.append((line, layout.numbering.at(article.path).anchor))
    return sorted(starts, key=lambda s: s[0])


def _lines(checked: Checked) -> list[str]:
    """The file's lines, for the excerpt under each finding (also when it could not be loaded)."""
    if checked.source is not None:
        return checked.source.text.splitlines()
    if not os.path.isfile(checked.path):  # a FIFO or device would block or never end
        return []
    try:
        with open(checked.path, "rb") as handle:
            raw = handle.read(_EXCERPT_BYTES)
    except OSError:
        return []
    return raw.decode("utf-8", errors="replace").splitlines()


def _item(placed: Placed, lines: Sequence[str], link: bool) -> str:
    f = placed.finding
    label = _(_LABELS[f.severity]) if f.severity in _LABELS else str(f.severity)
    where = f"{f.path}:{f.line}:{f.column}"
    text = (
        f'<span class="cg-where">{html.escape(where)}</span> '
        f'<span class="cg-code">{html.escape(f.code)}</span> {label}: {html.escape(f.message)}'
    )
    if link and placed.section is not None:
        text = f'<a href="#cg-finding-{placed.number}">{text}</a>'
    if f.element:
        text += f' <span class="cg-element">({html.escape(f.element)})</span>'
    if f.hint:
        hint = _("hint: {hint}").format(hint=html.escape(f.hint))
        text += f'<span class="cg-hint">{hint}</span>'
    if 1 <= f.line <= len(lines):
        text += f"<pre>{html.escape(lines[f.line - 1].rstrip())}</pre>"
    ident = "" if link else f' id="cg-finding-{placed.number}"'
    return f'<li class="cg-{f.severity.value}"{ident} value="{placed.number}">{text}</li>'


def summary(findings: Sequence[Finding]) -> str:
    """'2 error(s), 1 warning(s)' of findings (facts not counted)."""
    errors = sum(f.severity == Severity.ERROR for f in findings)
    warnings = sum(f.severity == Severity.WARNING for f in findings)
    return _("{errors} error(s), {warnings} warning(s)").format(errors=errors, warnings=warnings)


def findings_list(checked: Checked, placed: Sequence[Placed], note: str = "") -> str:
    """The list of every finding for the top of the page."""
    lines = _lines(checked)
    problems = [p for p in placed if p.finding.severity != Severity.INFO]
    clean = "" if problems else " cg-clean"
    items = "".join(_item(p, lines, link=True) for p in placed)
    heading = f"{checked.path}: {summary([p.finding for p in placed])}"
    extra = f"<p>{html.escape(note)}</p>" if note else ""
    return (
        f'<section class="cg-serve{clean}" id="cg-findings" aria-labelledby="cg-findings-kop" role="status">'
        f'<h2 id="cg-findings-kop">{html.escape(heading)}</h2>{extra}<ol>{items}</ol></section>'
    )


def with_findings(page: str, checked: Checked, version: str) -> str:
    """The rendered covenant with the reload script, the list at the top and findings in place."""
    placed = place(checked)
    lines = _lines(checked)
    by_section: dict[str, list[Placed]] = {}
    for p in placed:
        if p.section is not None:
            by_section.setdefault(p.section, []).append(p)
    for section, here in by_section.items():
        items = "".join(_item(p, lines, link=False) for p in here)
        label = html.escape(_("findings"))
        aside = f'<aside class="cg-serve cg-here" aria-label="{label}"><ol>{items}</ol></aside>'
        start = re.compile(rf'<section\b[^>]*\b(?:id|aria-labelledby)="{re.escape(section)}"[^>]*>')
        found = start.search(page)
        if found is not None:
            page = page[: found.end()] + aside + page[found.end() :]
    page = _head(page, version)
    body = re.search(r"<body\b[^>]*>", page)
    top = findings_list(checked, placed)
    if body is None:
        return top + page
    return page[: body.end()] + top + page[body.end() :]


def findings_page(checked: Checked, version: str, note: str = "") -> str:
    """A page of findings alone, for a file that cannot be shown (yet)."""
    title = _("{path}: cannot be shown").format(path=checked.path)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n"
        f"{findings_list(checked, place(checked), note)}\n</body>\n</html>\n"
    )
    return _head(page, version)


def _head(page: str, version: str) -> str:
    extra = (
        f'<meta name="{VERSION_META}" content="{html.escape(version)}">\n<style>\n{STYLE}</style>\n'
        f'<script src="{SCRIPT_PATH}" defer></script>\n'
    )
    return page.replace("</head>", extra + "</head>", 1)
