"""The build: check every covenant, render all of them in memory, then write them all.

Like mkdocs, nothing is written until everything has rendered: a covenant with errors
stops the whole build and leaves the output folder exactly as it was.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convenantgen.findings import Finding, Severity, has_errors
from convenantgen.fingerprint import fingerprint, parts
from convenantgen.output import write_atomic
from convenantgen.pipeline import Checked, Fact, check_file, discover
from convenantgen.render import document_date, render_html

# WeasyPrint keeps only lower-case letters and digits of a <meta> name as the PDF info key.
META_FINGERPRINT = "convenantgenfingerprint"
META_FORMAT = "convenantgenformat"
META_PARTS = "convenantgenparts"
META_COMMIT = "convenantgencommit"


@dataclass(frozen=True)
class Artifact:
    """One output file, rendered but not yet written."""

    name: str
    data: bytes


@dataclass(frozen=True)
class BuildResult:
    """What a build found and what it wrote."""

    checked: tuple[Checked, ...]
    findings: tuple[Finding, ...]
    facts: tuple[Fact, ...]
    written: tuple[Path, ...]
    failed: bool


def check_all(paths: Iterable[Path]) -> tuple[tuple[Checked, ...], tuple[Finding, ...], tuple[Fact, ...]]:
    """Check every covenant file under ``paths``; ids must be unique across files."""
    checked = tuple(check_file(p) for p in discover(paths))
    findings = [f for c in checked for f in c.findings]
    owners: dict[str, Checked] = {}
    for c in checked:
        if c.covenant is None or c.source is None:
            continue
        first = owners.setdefault(c.covenant.id, c)
        if first is not c:
            line, column = c.source.position(("id",))
            findings.append(
                Finding(
                    c.path,
                    line,
                    column,
                    "CG011",
                    Severity.ERROR,
                    f"the id '{c.covenant.id}' is also used by {first.path}",
                    "give every covenant its own id; it names the output files",
                    "id",
                )
            )
    facts = tuple(f for c in checked for f in c.facts)
    return checked, tuple(findings), facts


def provenance(item: Checked, commit: str | None = None) -> dict[str, Any]:
    """Fingerprint, format version and (optionally) git commit, as HTML meta and footer text."""
    assert item.source is not None
    data = item.source.data
    meta = {
        META_FINGERPRINT: fingerprint(data),
        META_FORMAT: str(data["formaat"]),
        META_PARTS: json.dumps(parts(data), ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    }
    footer = f"{meta[META_FINGERPRINT]} · formaat {meta[META_FORMAT]}"
    if commit:
        meta[META_COMMIT] = commit
        footer += f" · commit {commit[:12]}"
    # The footer goes into CSS content: it must stay plain (hex digits and fixed words).
    assert re.fullmatch(r"[\w:·+. -]+", footer), footer
    return {"meta": meta, "footer": footer}


def git_commit(path: Path) -> str | None:
    """The commit of the git checkout holding ``path`` ('+dirty' when it has changes), if any."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=path, capture_output=True, text=True, check=True, timeout=20
        )
        return done.stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("+dirty" if dirty else "")


def render_artifacts(item: Checked, formats: tuple[str, ...], commit: str | None = None) -> list[Artifact]:
    """HTML and/or PDF of one checked covenant."""
    assert item.covenant is not None and item.layout is not None
    extra = provenance(item, commit)
    out = []
    if "html" in formats:
        page = render_html(item.covenant, item.layout, "screen", extra)
        out.append(Artifact(f"{item.covenant.id}.html", page.html.encode("utf-8")))
    if "pdf" in formats:
        from convenantgen.pdf import render_pdf  # WeasyPrint is heavy: only builds import it

        printed = render_html(item.covenant, item.layout, "print", extra)
        out.append(
            Artifact(f"{item.covenant.id}.pdf", render_pdf(printed.html, document_date(item.covenant)))
        )
    return out


def build(
    paths: Iterable[Path],
    out_dir: Path,
    strict: bool = False,
    formats: tuple[str, ...] = ("html", "pdf"),
    commit: str | None = None,
) -> BuildResult:
    """Check, render and (only if all is well) write every covenant under ``paths``."""
    checked, findings, facts = check_all(paths)
    if has_errors(findings, strict) or not checked:
        return BuildResult(checked, findings, facts, (), True)
    artifacts = [a for item in checked for a in render_artifacts(item, formats, commit)]
    written = []
    for artifact in artifacts:
        target = out_dir / artifact.name
        write_atomic(target, artifact.data)
        written.append(target)
    return BuildResult(checked, findings, facts, tuple(written), False)
