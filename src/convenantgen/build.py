"""The build: check every covenant, render what the output folder lacks, then write it all.

Every covenant is checked on every build, so the findings, the facts and every collection
output come from what all the covenants say now; only rendering is cached (see
:mod:`convenantgen.cache`): a file whose cache key is unchanged and that still stands as
written is not rendered again. What a build can make is the table in
:mod:`convenantgen.outputs`. Like mkdocs, nothing is written until everything has rendered:
a covenant with errors stops the whole build and leaves the output folder exactly as it was.
Writing is a commit (:mod:`convenantgen.commit`): per covenant, its old files or its new ones.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from convenantgen import cache, outputs, state
from convenantgen.commit import Outcome, Output, publish, recover
from convenantgen.findings import Finding, Severity, has_errors
from convenantgen.i18n import _
from convenantgen.outputs import Kind, Options, Progress
from convenantgen.pipeline import FAST_BATCH as FAST_BATCH  # re-exported: it used to live here
from convenantgen.pipeline import Checked, Fact, discover
from convenantgen.pipeline import check_all as check_all  # re-exported: it used to live here


@dataclass(frozen=True)
class BuildResult:
    """What a build found, what it rendered and what it wrote."""

    checked: tuple[Checked, ...]  # every covenant: all are checked on every build
    findings: tuple[Finding, ...]
    facts: tuple[Fact, ...]
    written: tuple[Path, ...]
    failed: bool
    rendered: tuple[Checked, ...] = ()  # the covenants of which at least one file was rendered
    collections: tuple[str, ...] = ()  # the collection files rendered (``convenanten.ics``)
    refused: str | None = None  # why the build would not start (a usage problem, not a finding)
    outcome: Outcome = field(default_factory=Outcome)  # what the commit did (see commit.Outcome)
    repaired: Outcome = field(default_factory=Outcome)  # what finishing an interrupted build did

    @property
    def unchanged(self) -> int:
        """The covenants checked of which nothing had to be rendered again."""
        return len(self.checked) - len(self.rendered)


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


@dataclass(frozen=True)
class _Plan:
    """One covenant: its manifest key, the key of each selected file, what must be rendered."""

    item: Checked
    source: str  # the manifest key: the source's resolved path
    keys: dict[str, str]  # output name -> cache key, for every selected kind
    todo: tuple[str, ...]  # the names of the kinds to render


def content_hash(item: Checked) -> str:
    """SHA-256 of the text that was checked: what every output of the covenant is made from."""
    assert item.source is not None
    return hashlib.sha256(item.source.text.encode("utf-8")).hexdigest()


def _plan(
    checked: Sequence[Checked],
    kinds: Sequence[Kind],
    env: str,
    options: Options,
    manifest: cache.Manifest,
    out: Path,
    force: bool,
) -> list[_Plan]:
    plans = []
    for item in checked:
        assert item.covenant is not None
        cid, source = item.covenant.id, str(Path(item.path).resolve())
        entry = manifest.entries.get(source)
        members = [(cid, content_hash(item))]
        keys = {k.file_name(cid): k.key(env, members, options) for k in kinds}
        todo = tuple(
            k.name
            for k in kinds
            if force or entry is None or not entry.fresh(k.file_name(cid), keys[k.file_name(cid)], out)
        )
        plans.append(_Plan(item, source, keys, todo))
    return plans


def _output(plan: _Plan, base: cache.Entry | None, made: Sequence[outputs.Artifact]) -> Output:
    """A covenant's new files, recorded with those of its earlier files that still stand."""
    assert plan.item.covenant is not None
    cid = plan.item.covenant.id
    files = {a.name: cache.sha256(a.data) for a in made}
    keys = {a.name: plan.keys[a.name] for a in made}
    if base is not None and base.covenant_id == cid:  # a changed id leaves its old names stale
        kept = [name for name in base.files if name not in files]
        files = {name: base.files[name] for name in kept} | files
        keys = {name: base.keys[name] for name in kept} | keys
    return Output(plan.source, cache.Entry(cid, files, keys), tuple((a.name, a.data) for a in made))


def _collections(
    checked: Sequence[Checked],
    kinds: Sequence[Kind],
    env: str,
    options: Options,
    manifest: cache.Manifest,
    out: Path,
    force: bool,
) -> list[Output]:
    """The collection files to make again: those one of whose members changed, came or went."""
    members = [(c.covenant.id, content_hash(c)) for c in checked if c.covenant is not None]
    made = []
    for kind in kinds:
        name, key = kind.file_name(), kind.key(env, members, options)
        entry = manifest.entries.get(cache.COLLECTION + kind.name)
        if force or entry is None or not entry.fresh(name, key, out):
            artifact = outputs.render_collection(kind, checked, options)
            record = cache.Entry("", {name: cache.sha256(artifact.data)}, {name: key})
            made.append(Output(cache.COLLECTION + kind.name, record, ((name, artifact.data),)))
    return made


def _name_clashes(checked: Sequence[Checked], kinds: Sequence[Kind]) -> list[Finding]:
    """A covenant whose id gives one of its files the name of a collection file ('convenanten')."""
    taken = {k.file_name(): k.name for k in kinds if k.collection}
    found = []
    for c in checked:
        if c.covenant is None or c.source is None:
            continue
        for kind in kinds:
            name = kind.file_name(c.covenant.id)
            if not kind.collection and name in taken:
                line, column = c.source.position(("id",))
                found.append(
                    Finding(
                        c.path,
                        line,
                        column,
                        "CG011",
                        Severity.ERROR,
                        _("the id '{id}' names {name}, the file of the '{taken}' output").format(
                            id=c.covenant.id, name=name, taken=taken[name]
                        ),
                        _("give the covenant another id, or build without the '{taken}' kind").format(
                            taken=taken[name]
                        ),
                        "id",
                    )
                )
    return found


def _refusal(files: Iterable[Path], out: Path, kinds: Sequence[Kind]) -> str | None:
    """Why the build may not start with these kinds: a copy of a source could land on a source."""
    if "yaml" not in {k.name for k in kinds}:
        return None
    inside = sorted(p for p in files if Path(os.path.realpath(p)).is_relative_to(out))
    if inside:
        return _("holds covenant sources (such as {name}), which the 'yaml' copies could overwrite").format(
            name=inside[0].name
        )
    return None


def build(
    paths: Iterable[Path],
    out_dir: Path,
    strict: bool = False,
    formats: Sequence[str] = outputs.DEFAULT,
    commit: str | None = None,
    jobs: int = 1,
    force: bool = False,
    prune: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Check every covenant under ``paths``, render what is not already there, write it if all is well.

    ``formats`` names the kinds of :data:`convenantgen.outputs.KINDS` to make. A file whose
    cache key is unchanged since the last build into ``out_dir`` and that still stands as
    written is not rendered again (unless ``force``); every covenant is checked all the same.
    Outputs of covenants no longer in the sources are listed in the result, or removed with
    ``prune``. ``progress`` hears of every covenant rendered.
    """
    kinds = outputs.select(formats)
    files = discover(paths)
    where = state.place(out_dir)
    refused = _refusal(files, where.out, kinds)
    if refused:
        return BuildResult((), (), (), (), True, refused=refused)
    repaired = maintain(where)
    checked, findings, facts = check_all(files)
    findings = tuple(sorted(findings + tuple(_name_clashes(checked, kinds))))
    if has_errors(findings, strict) or not files:
        return BuildResult(checked, findings, facts, (), True, repaired=repaired)
    env, options = cache.env_key(), Options(commit)
    manifest = cache.load(where.manifest)
    own = [k for k in kinds if not k.collection]
    plans = _plan(checked, own, env, options, manifest, where.out, force)
    busy = [p for p in plans if p.todo]
    groups = outputs.render_all([(p.item, p.todo) for p in busy], options, jobs, progress)
    results = [_output(p, manifest.entries.get(p.source), g) for p, g in zip(busy, groups, strict=True)]
    wholes = [k for k in kinds if k.collection]
    collected = _collections(checked, wholes, env, options, manifest, where.out, force)
    results += collected
    current = {p.source for p in plans}
    with state.locked(where):
        if where.journal.exists():  # another build was killed while we rendered
            recover(where)
        manifest = cache.load(where.manifest)  # again: a build that held the lock before may have added to it
        drop = {
            k
            for k in manifest.entries
            if not k.startswith(cache.COLLECTION) and k not in current and not Path(k).exists()
        }
        outcome = publish(where, manifest, drop, results, prune)
    return BuildResult(
        checked,
        findings,
        facts,
        outcome.written,
        False,
        tuple(p.item for p in busy),
        tuple(name for c in collected for name, _unused in c.files),
        outcome=outcome,
        repaired=repaired,
    )
