"""The build: check every covenant, render all of them in memory, then write them all.

Like mkdocs, nothing is written until everything has rendered: a covenant with errors
stops the whole build and leaves the output folder exactly as it was. Writing is a commit
(:mod:`convenantgen.commit`): per covenant, the old pair of files or the new one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convenantgen import cache, state, workers
from convenantgen.commit import Outcome, Output, publish, recover
from convenantgen.findings import Finding, has_errors
from convenantgen.fingerprint import fingerprint, parts
from convenantgen.loader import read_source
from convenantgen.pipeline import FAST_BATCH as FAST_BATCH  # re-exported: it used to live here
from convenantgen.pipeline import Checked, Fact, discover
from convenantgen.pipeline import check_all as check_all  # re-exported: it used to live here
from convenantgen.render import render_html
from convenantgen.schedule import document_date

# WeasyPrint keeps only lower-case letters and digits of a <meta> name as the PDF info key.
META_FINGERPRINT = "convenantgenfingerprint"
META_FORMAT = "convenantgenformat"
META_PARTS = "convenantgenparts"
META_COMMIT = "convenantgencommit"
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
    outcome: Outcome = field(default_factory=Outcome)  # what the commit did (see commit.Outcome)
    repaired: Outcome = field(default_factory=Outcome)  # what finishing an interrupted build did


def provenance(item: Checked, commit: str | None = None) -> dict[str, Any]:
    """Fingerprint, format version and (optionally) git commit, as HTML meta and footer text."""
    assert item.source is not None and item.layout is not None
    data = item.source.data
    meta = {
        META_FINGERPRINT: fingerprint(data),
        META_FORMAT: str(data["formaat"]),
        META_PARTS: json.dumps(
            parts(data, item.layout.numbering), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ),
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
) -> list[list[Artifact]]:
    """The files of each covenant, rendered over ``jobs`` processes when there is more than one to do.

    ``progress(done, total)`` is called before the first and after every covenant.
    """
    tasks = [(item, formats, commit) for item in items]
    report = progress or _no_progress
    report(0, len(tasks))
    if jobs <= 1 or len(tasks) <= 1:
        return _collect(map(_render_task, tasks), len(tasks), report)
    if "pdf" in formats:
        import weasyprint  # noqa: F401  (imported once here, shared by the forked workers)
    with workers.pool(min(jobs, len(tasks))) as pool:
        return _collect(pool.map(_render_task, tasks), len(tasks), report)


def _no_progress(done: int, total: int) -> None:
    return None


def _collect(results: Iterable[list[Artifact]], total: int, progress: Progress) -> list[list[Artifact]]:
    out: list[list[Artifact]] = []
    for done, result in enumerate(results, 1):
        out.append(result)
        progress(done, total)
    return out


def maintain(where: state.Place) -> Outcome:
    """Finish an interrupted commit, and move what an older version left in the output folder.

    Runs before anything else, under the lock; does nothing when there is nothing to do.
    """
    old_manifest = where.out / state.OLD_MANIFEST
    if not (where.journal.exists() or os.path.lexists(old_manifest) or state.old_files(where)):
        return Outcome()
    with state.locked(where):
        done = recover(where) if where.journal.exists() else Outcome()
        if os.path.lexists(old_manifest):
            if not where.manifest.exists():
                cache.save(where.manifest, cache.load(old_manifest))
            old_manifest.unlink()
        for path in state.old_files(where):
            with contextlib.suppress(OSError):
                path.unlink()
    return done


def build(
    paths: Iterable[Path],
    out_dir: Path,
    strict: bool = False,
    formats: tuple[str, ...] = ("html", "pdf"),
    commit: str | None = None,
    jobs: int = 1,
    force: bool = False,
    prune: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Check, render and (only if all is well) write every covenant under ``paths``.

    Covenants whose source and environment are unchanged since the last build into
    ``out_dir`` are neither checked nor rendered again (unless ``force``). Outputs of
    covenants no longer in the sources are listed in the result, or removed with ``prune``.
    ``progress`` hears of every covenant rendered (see :func:`render_all`).
    """
    files = discover(paths)
    where = state.place(out_dir)
    repaired = maintain(where)
    env = cache.env_key({"formats": formats, "commit": commit, "strict": strict})
    manifest = cache.load(where.manifest)
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
        entry = manifest.entries.get(key)
        if not force and entry is not None and cache.is_fresh(entry, hashes[key], env, where.out):
            fresh[key] = entry
        else:
            stale[path] = root
    checked, findings, facts = check_all(stale, {e.covenant_id: k for k, e in fresh.items()})
    old_findings = tuple(Finding.from_dict(f) for e in fresh.values() for f in e.findings)
    old_facts = tuple(Fact(**f) for e in fresh.values() for f in e.facts)
    all_findings = tuple(sorted(old_findings + findings))
    if has_errors(all_findings, strict) or not files:
        return BuildResult(checked, all_findings, old_facts + facts, (), True, len(fresh), repaired=repaired)
    groups = render_all(list(checked), formats, commit, jobs, progress)
    outputs = []
    for item, group in zip(checked, groups, strict=True):
        assert item.covenant is not None
        key = str(Path(item.path).resolve())
        entry = cache.Entry(
            source=hashes.get(key, ""),
            env=env,
            covenant_id=item.covenant.id,
            files={a.name: cache.sha256(a.data) for a in group},
            findings=[f.as_dict() for f in item.findings],
            facts=[f.as_dict() for f in item.facts],
        )
        outputs.append(Output(key, entry, tuple((a.name, a.data) for a in group)))
    with state.locked(where):
        if where.journal.exists():  # another build was killed while we rendered
            recover(where)
        manifest = cache.load(where.manifest)  # again: a build that held the lock before may have added to it
        drop = {k for k in manifest.entries if k not in fresh and not Path(k).exists()}
        outcome = publish(where, manifest, drop, outputs, prune)
    return BuildResult(
        checked,
        all_findings,
        old_facts + facts,
        outcome.written,
        False,
        len(fresh),
        outcome=outcome,
        repaired=repaired,
    )
