"""The build: check every covenant, render all of them in memory, then write them all.

Like mkdocs, nothing is written until everything has rendered: a covenant with errors
stops the whole build and leaves the output folder exactly as it was. Writing is a commit
(:mod:`convenantgen.commit`): per covenant, the old pair of files or the new one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from convenantgen import cache, state, workers
from convenantgen.commit import Outcome, Output, publish, recover
from convenantgen.findings import Finding, Severity, has_errors
from convenantgen.loader import read_source
from convenantgen.pipeline import Checked, Fact, check_file, discover
from convenantgen.provenance import provenance
from convenantgen.render import render_html
from convenantgen.schedule import document_date

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
    outcome: Outcome = field(default_factory=Outcome)  # what the commit did (see commit.Outcome)
    repaired: Outcome = field(default_factory=Outcome)  # what finishing an interrupted build did


def check_all(
    paths: Iterable[Path] | Mapping[Path, Path | None], known_ids: dict[str, str] | None = None
) -> tuple[tuple[Checked, ...], tuple[Finding, ...], tuple[Fact, ...]]:
    """Check every covenant file under ``paths``; ids must be unique across files.

    ``known_ids`` maps ids of covenants that are not re-checked to the file that has them.
    ``paths`` may be what :func:`discover` returned (each file with its root).
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
