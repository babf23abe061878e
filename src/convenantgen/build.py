"""The build: check every covenant, render all of them in memory, then write them all.

Like mkdocs, nothing is written until everything has rendered: a covenant with errors
stops the whole build and leaves the output folder exactly as it was.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import subprocess
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convenantgen import cache
from convenantgen.findings import Finding, Severity, has_errors
from convenantgen.fingerprint import fingerprint, parts
from convenantgen.loader import read_source
from convenantgen.output import locked, write_atomic
from convenantgen.pipeline import Checked, Fact, check_file, discover
from convenantgen.render import render_html
from convenantgen.schedule import document_date

# WeasyPrint keeps only lower-case letters and digits of a <meta> name as the PDF info key.
META_FINGERPRINT = "convenantgenfingerprint"
META_FORMAT = "convenantgenformat"
META_PARTS = "convenantgenparts"
META_COMMIT = "convenantgencommit"
FAST_BATCH = 8

Progress = Callable[[int, int], None]  # (covenants done, covenants in all)


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
    unchanged: int = 0


def check_all(
    paths: Iterable[Path] | Mapping[Path, Path | None], known_ids: dict[str, str] | None = None
) -> tuple[tuple[Checked, ...], tuple[Finding, ...], tuple[Fact, ...]]:
    """Check every covenant file under ``paths``; ids must be unique across files.

    ``paths`` may be what :func:`discover` returned (each file with its root).
    ``known_ids`` maps ids of covenants that are not re-checked to the file that has them.
    """
    files = paths if isinstance(paths, Mapping) else discover(paths)
    # Compiling the fast validator pays off from a handful of files on.
    checked = tuple(check_file(p, len(files) >= FAST_BATCH, root) for p, root in files.items())
    findings = [f for c in checked for f in c.findings]
    owners: dict[str, str] = dict(known_ids or {})
    for c in checked:
        if c.covenant is None or c.source is None:
            continue
        first = owners.setdefault(c.covenant.id, c.path)
        if first != c.path:
            line, column = c.source.position(("id",))
            findings.append(
                Finding(
                    c.path,
                    line,
                    column,
                    "CG011",
                    Severity.ERROR,
                    f"the id '{c.covenant.id}' is also used by {first}",
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


def _render_task(task: tuple[Checked, tuple[str, ...], str | None]) -> list[Artifact]:
    return render_artifacts(*task)


def render_all(
    items: list[Checked],
    formats: tuple[str, ...],
    commit: str | None,
    jobs: int,
    progress: Progress | None = None,
) -> list[Artifact]:
    """Render covenants, over ``jobs`` processes when there is more than one to do.

    ``progress(done, total)`` is called before the first and after every covenant.
    """
    tasks = [(item, formats, commit) for item in items]
    report = progress or _no_progress
    report(0, len(tasks))
    if jobs <= 1 or len(tasks) <= 1:
        return _collect(map(_render_task, tasks), len(tasks), report)
    if "pdf" in formats:
        import weasyprint  # noqa: F401  (imported once here, shared by the forked workers)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
        return _collect(pool.map(_render_task, tasks), len(tasks), report)


def _no_progress(done: int, total: int) -> None:
    return None


def _collect(results: Iterable[list[Artifact]], total: int, progress: Progress) -> list[Artifact]:
    out: list[Artifact] = []
    for done, result in enumerate(results, 1):
        out.extend(result)
        progress(done, total)
    return out


def build(
    paths: Iterable[Path],
    out_dir: Path,
    strict: bool = False,
    formats: tuple[str, ...] = ("html", "pdf"),
    commit: str | None = None,
    jobs: int = 1,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Check, render and (only if all is well) write every covenant under ``paths``.

    Covenants whose source and environment are unchanged since the last build into
    ``out_dir`` are neither checked nor rendered again (unless ``force``). ``progress``
    hears of every covenant rendered (see :func:`render_all`).
    """
    files = discover(paths)
    env = cache.env_key({"formats": formats, "commit": commit, "strict": strict})
    manifest = cache.load(out_dir)
    fresh: dict[str, cache.Entry] = {}
    stale: dict[Path, Path | None] = {}
    hashes: dict[str, str] = {}
    for path, root in files.items():
        # The same reader as check: no link followed out of its root, no FIFO, no device.
        raw = read_source(path, root)
        if isinstance(raw, Finding):
            stale[path] = root
            continue
        key = str(path.resolve())
        hashes[key] = cache.sha256(raw)
        entry = manifest.get(key)
        if not force and entry is not None and cache.is_fresh(entry, hashes[key], env, out_dir):
            fresh[key] = entry
        else:
            stale[path] = root
    checked, findings, facts = check_all(stale, {e.covenant_id: k for k, e in fresh.items()})
    old_findings = tuple(Finding.from_dict(f) for e in fresh.values() for f in e.findings)
    old_facts = tuple(Fact(**f) for e in fresh.values() for f in e.facts)
    all_findings = tuple(sorted(old_findings + findings))
    if has_errors(all_findings, strict) or not files:
        return BuildResult(checked, all_findings, old_facts + facts, (), True, len(fresh))
    artifacts = render_all(list(checked), formats, commit, jobs, progress)
    written = []
    with locked(out_dir):
        manifest = cache.load(out_dir)  # re-read: a build that held the lock before may have added to it
        for artifact in artifacts:
            target = out_dir / artifact.name
            write_atomic(target, artifact.data)
            written.append(target)
        by_id = {a.name: cache.sha256(a.data) for a in artifacts}
        entries = {k: v for k, v in manifest.items() if k in fresh or Path(k).exists()}
        for item in checked:
            assert item.covenant is not None
            key = str(Path(item.path).resolve())
            names = [f"{item.covenant.id}.{ext}" for ext in formats]
            entries[key] = cache.Entry(
                source=hashes.get(key, ""),
                env=env,
                covenant_id=item.covenant.id,
                files={name: by_id[name] for name in names},
                findings=[f.as_dict() for f in item.findings],
                facts=[f.as_dict() for f in item.facts],
            )
        if checked:
            cache.save(out_dir, entries)
    return BuildResult(checked, all_findings, old_facts + facts, tuple(written), False, len(fresh))
