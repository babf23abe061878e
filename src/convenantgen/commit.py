"""Commit a build: per covenant, its previous files (HTML, PDF, ...) or its new ones, never a mix.

1. Every new file is written to the staging folder and flushed to disk. A full disk here
   changes nothing in the output folder.
2. The current files are hard-linked aside (kept for a roll-back), and a journal lists, per
   covenant, its files and their new SHA-256. Then the pairs are renamed into place, covenant
   by covenant. A rename that fails puts that covenant's old files back and stops.
3. The manifest is saved and the journal removed. A build killed during step 2 leaves the
   journal: the next build (which takes the same lock) completes the pair that was cut off
   from the staged files, or, when that cannot be done, puts the old pair back, before it
   does anything else.

Only names the manifest records as written by a build are ever deleted, and only while
their bytes are still what the build wrote.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convenantgen import cache
from convenantgen.cache import Entry, Manifest
from convenantgen.output import write_atomic
from convenantgen.state import Place, clear_staging, fsync_folder


@dataclass(frozen=True)
class Output:
    """The new files of one covenant (or collection), and the manifest entry that records them.

    The entry may record more files than are new: those of its kinds not rendered again.
    """

    key: str
    entry: Entry
    files: tuple[tuple[str, bytes], ...]


@dataclass(frozen=True)
class Outcome:
    """What a commit (or the repair of an interrupted one) did."""

    written: tuple[Path, ...] = ()
    not_written: tuple[Path, ...] = ()
    stale: tuple[Path, ...] = ()
    pruned: tuple[Path, ...] = ()
    restored: tuple[Path, ...] = ()  # put back to their previous version
    error: OSError | None = None
    half: tuple[Path, ...] = ()  # pairs left half replaced (only when even the roll-back failed)


@dataclass(frozen=True)
class _Pair:
    key: str
    entry: Entry
    files: dict[str, str]  # name -> SHA-256 of the new file
    had: frozenset[str]  # names that had a file before (kept aside in staging/old)


@dataclass(frozen=True)
class _Journal:
    base: Manifest
    drop: frozenset[str]
    pairs: tuple[_Pair, ...]


def publish(where: Place, base: Manifest, drop: set[str], outputs: list[Output], prune: bool) -> Outcome:
    """Put ``outputs`` in place pair by pair and record them; the caller holds the lock."""
    staging = where.staging
    clear_staging(where)
    pairs: list[_Pair] = []
    error: OSError | None = None
    if outputs:
        try:
            pairs = _stage(where, staging, outputs)
            write_atomic(where.journal, json.dumps(_journal_json(base, drop, pairs)).encode("utf-8"))
            fsync_folder(where.state)
        except OSError as exc:  # nothing in the output folder has changed
            clear_staging(where)
            with contextlib.suppress(OSError):
                where.journal.unlink(missing_ok=True)
            return Outcome(not_written=_paths(where, pairs or outputs), error=exc)
        for index, pair in enumerate(pairs):
            try:
                _swap(where, staging, pair)
            except OSError as exc:
                error = exc
                # this pair and those not begun must not be completed: settling puts the old one back
                for later in pairs[index:]:
                    for name in later.files:
                        with contextlib.suppress(OSError):
                            os.unlink(staging / "new" / name)
                break
            except BaseException:  # Ctrl-C: leave every pair whole before going
                with contextlib.suppress(OSError):
                    _finish(where, _settle(where, _Journal(base, frozenset(drop), tuple(pairs)))[0])
                raise
    journal = _Journal(base, frozenset(drop), tuple(pairs))
    try:
        settled, committed, restored = _settle(where, journal)
    except OSError as exc:  # the journal stays; the next build finishes the job
        return _unsettled(where, pairs, error or exc)
    written = [where.out / n for p in pairs if p.key in committed for n in p.files]
    not_written = tuple(where.out / n for p in pairs if p.key not in committed for n in p.files)
    return _finish(where, settled, prune, written, not_written, restored, error)


def recover(where: Place) -> Outcome:
    """Complete (or undo) the commit a killed build left half done; the caller holds the lock."""
    journal = _read_journal(where)
    if journal is None:
        with contextlib.suppress(OSError):
            where.journal.unlink(missing_ok=True)
        return Outcome()
    before = {name: cache.file_digest(where.out, name) for p in journal.pairs for name in p.files}
    settled, _, restored = _settle(where, journal)
    written = tuple(
        where.out / name
        for p in journal.pairs
        for name, digest in p.files.items()
        if before[name] != digest and cache.file_digest(where.out, name) == digest
    )
    return _finish(where, settled, False, list(written), (), restored, None)


def _unsettled(where: Place, pairs: list[_Pair], error: OSError) -> Outcome:
    """What is where after a failure that even the roll-back could not mend."""
    written: list[Path] = []
    not_written: list[Path] = []
    half: list[Path] = []
    for pair in pairs:
        new = [cache.file_digest(where.out, n) == d for n, d in pair.files.items()]
        group = written if all(new) else half if any(new) else not_written
        group.extend(where.out / n for n in pair.files)
    return Outcome(tuple(written), tuple(not_written), error=error, half=tuple(half))


def _paths(where: Place, items: list[_Pair] | list[Output]) -> tuple[Path, ...]:
    return tuple(where.out / name for item in items for name in _names(item))


def _names(item: _Pair | Output) -> list[str]:
    return list(item.files) if isinstance(item, _Pair) else [name for name, _ in item.files]


def _stage(where: Place, staging: Path, outputs: list[Output]) -> list[_Pair]:
    (staging / "new").mkdir(parents=True)
    (staging / "old").mkdir()
    (staging / "restore").mkdir()
    for output in outputs:
        for name, data in output.files:
            _write_new(staging / "new" / name, data)
    fsync_folder(staging / "new")
    pairs = []
    for output in outputs:
        had = set()
        for name, _ in output.files:
            if _keep_aside(where.out / name, staging / "old" / name):
                had.add(name)
        digests = {name: cache.sha256(data) for name, data in output.files}
        pairs.append(_Pair(output.key, output.entry, digests, frozenset(had)))
    fsync_folder(staging / "old")
    return pairs


def _write_new(path: Path, data: bytes) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.fchmod(handle, 0o644)  # whatever the umask: a web server must be able to read it
        os.fsync(handle)
    finally:
        os.close(handle)


def _keep_aside(target: Path, backup: Path) -> bool:
    """Hard-link (or else copy) the current ``target`` to ``backup``; False when there is none."""
    try:
        os.link(target, backup, follow_symlinks=False)
    except FileNotFoundError:
        return False
    except OSError:
        if not os.path.lexists(target):
            return False
        shutil.copy2(target, backup, follow_symlinks=False)
    return True


def _swap(where: Place, staging: Path, pair: _Pair) -> None:
    """Rename one covenant's staged files into place (a failure is mended by :func:`_settle`)."""
    for name in pair.files:
        os.replace(staging / "new" / name, where.out / name)


def _put_back(where: Place, staging: Path, pair: _Pair, names: list[str]) -> list[Path]:
    """Restore the previous version of ``names`` (remove those that had none)."""
    restored = []
    for name in reversed(names):
        target = where.out / name
        if name in pair.had:
            # through a second link, so the kept copy survives for a later repair
            with contextlib.suppress(FileNotFoundError):
                os.unlink(staging / "restore" / name)
            os.link(staging / "old" / name, staging / "restore" / name, follow_symlinks=False)
            os.replace(staging / "restore" / name, target)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
        restored.append(target)
    return restored


def _settle(where: Place, journal: _Journal) -> tuple[Manifest, set[str], list[Path]]:
    """Make every pair of ``journal`` wholly new or wholly old; the manifest that results."""
    staging = where.staging
    committed: dict[str, Entry] = {}
    restored: list[Path] = []
    for pair in journal.pairs:
        new = {n for n, d in pair.files.items() if cache.file_digest(where.out, n) == d}
        if new and new != set(pair.files):
            missing = [n for n in pair.files if n not in new]
            if all((staging / "new" / n).is_file() for n in missing):
                for name in missing:  # the pair was cut off half-way: finish it
                    os.replace(staging / "new" / name, where.out / name)
                new = set(pair.files)
            elif all(os.path.lexists(staging / "old" / n) for n in new & pair.had):
                restored += _put_back(where, staging, pair, sorted(new))
                new = set()
        if new == set(pair.files):
            committed[pair.key] = pair.entry
    fsync_folder(where.out)
    entries = {k: v for k, v in journal.base.entries.items() if k not in journal.drop} | committed
    claimed = {name for entry in entries.values() for name in entry.files}
    orphans = {n: d for n, d in journal.base.owned().items() if n not in claimed}
    for entry in journal.base.entries.values():  # an id that changed leaves its old names behind
        orphans |= {n: d for n, d in entry.files.items() if n not in claimed}
    return Manifest(entries, orphans), set(committed), restored


def _finish(
    where: Place,
    manifest: Manifest,
    prune: bool = False,
    written: list[Path] | None = None,
    not_written: tuple[Path, ...] = (),
    restored: list[Path] | None = None,
    error: OSError | None = None,
) -> Outcome:
    """Prune or list the stale outputs, save the manifest and remove the journal."""
    stale, pruned, orphans = [], [], {}
    for name, digest in sorted(manifest.orphans.items()):
        if cache.file_digest(where.out, name) != digest:
            continue  # gone, or changed by someone: no longer ours to list or remove
        if prune:
            try:
                os.unlink(where.out / name)
                pruned.append(where.out / name)
                continue
            except OSError as exc:
                error = error or exc
        stale.append(where.out / name)
        orphans[name] = digest
    try:
        cache.save(where.manifest, Manifest(manifest.entries, orphans))
        where.journal.unlink(missing_ok=True)
        clear_staging(where)
    except OSError as exc:
        error = error or exc
    return Outcome(
        tuple(written or ()), not_written, tuple(stale), tuple(pruned), tuple(restored or ()), error
    )


def _journal_json(base: Manifest, drop: set[str], pairs: list[_Pair]) -> dict[str, Any]:
    return {
        "base": cache.as_json(base),
        "drop": sorted(drop),
        "pairs": [
            {"key": p.key, "entry": vars(p.entry), "files": p.files, "had": sorted(p.had)} for p in pairs
        ],
    }


def _read_journal(where: Place) -> _Journal | None:
    """The journal, read as untrusted input: None unless every part is what a build writes."""
    try:
        raw = json.loads(where.journal.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("pairs"), list):
        return None
    drop = raw.get("drop")
    if not (isinstance(drop, list) and all(isinstance(k, str) for k in drop)):
        return None
    pairs = []
    for item in raw["pairs"]:
        if not isinstance(item, dict):
            return None
        key, files, had = item.get("key"), item.get("files"), item.get("had")
        if not isinstance(key, str):
            return None
        entry = cache.entry_from(item.get("entry"), key)
        if entry is None or not isinstance(files, dict) or not set(files) <= set(entry.files):
            return None
        if not all(entry.files[name] == digest for name, digest in files.items()):
            return None
        if not (isinstance(had, list) and set(had) <= set(files)):
            return None
        pairs.append(_Pair(key, entry, dict(files), frozenset(had)))
    return _Journal(cache.parse(raw.get("base")), frozenset(drop), tuple(pairs))
