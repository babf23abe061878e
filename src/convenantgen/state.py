"""Where a build keeps its own files: in a state folder beside the output folder, never in it.

The output folder is what a region publishes, so it holds only ``<id>.html`` and ``<id>.pdf``.
The manifest, the lock, the journal of a commit in progress and the staged new files live in
``<parent>/.convenantgen/<name>/`` for an output folder ``<parent>/<name>``: on the same disk,
so a staged file is renamed into place, and next to the output, so it travels with it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from convenantgen.i18n import _

STATE_ROOT = ".convenantgen"
# What older versions kept inside the output folder; they are ours, and go on the next build.
OLD_MANIFEST = ".convenantgen-manifest.json"
OLD_LOCK = ".convenantgen.lock"
_OLD_TEMPORARY = re.compile(
    r"\.(?:[a-z0-9]+(?:-[a-z0-9]+)*\.(?:html|pdf)|\.convenantgen-manifest\.json)\.[a-z0-9_]{8}\.tmp\Z"
)
# Only when the output folder is on another disk than its parent (a mount point).
FALLBACK_STAGING = ".convenantgen-staging"


class StateError(OSError):
    """The state folder cannot be used (it is a symbolic link, or not a folder)."""


@dataclass(frozen=True)
class Place:
    """An output folder and the state folder that belongs to it (both absolute)."""

    out: Path
    state: Path

    @property
    def manifest(self) -> Path:
        """The incremental-build manifest."""
        return self.state / "manifest.json"

    @property
    def journal(self) -> Path:
        """The record of a commit in progress; present only while one is, or was cut off."""
        return self.state / "journal.json"

    @property
    def lock(self) -> Path:
        """The (empty) file a build holds an flock on while it writes."""
        return self.state / "lock"

    @property
    def staging(self) -> Path:
        """Where new files are written before they are renamed into the output folder."""
        if same_disk(self.state, self.out):
            return self.state / "staging"
        return self.out / FALLBACK_STAGING  # a rename cannot cross disks


def same_disk(first: Path, second: Path) -> bool:
    """True when a file can be renamed from ``first`` into ``second`` (or either is missing)."""
    try:
        return os.stat(first).st_dev == os.stat(second).st_dev
    except OSError:
        return True


def place(out_dir: Path) -> Place:
    """The state folder of ``out_dir``: ``.convenantgen/<name>`` in the folder above it."""
    out = out_dir.resolve()
    return Place(out, out.parent / STATE_ROOT / (out.name or "root"))


def _refuse_links(where: Place) -> None:
    for folder in (where.state.parent, where.state):
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode):
            raise StateError(
                errno.ENOTDIR, _("the state folder is a link or a file, not a folder"), str(folder)
            )


@contextlib.contextmanager
def locked(where: Place) -> Iterator[None]:
    """Hold the exclusive lock of ``where``; two builds into one folder write one after the other.

    The lock dies with a killed process, so whatever the lock holder finds in the staging
    folder (and no journal refers to) is left over from a killed build and can go.
    """
    where.out.mkdir(parents=True, exist_ok=True)  # first, so a bad -o is named in the message
    where.state.mkdir(parents=True, exist_ok=True)
    _refuse_links(where)
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    handle = os.open(where.lock, flags, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


def clear_staging(where: Place) -> None:
    """Remove the staging folder (ours alone: only the lock holder writes in it)."""
    for folder in (where.state / "staging", where.out / FALLBACK_STAGING):
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
    for temporary in where.state.glob(".*.tmp"):  # of a manifest or journal write that was cut off
        with contextlib.suppress(OSError):
            temporary.unlink()


def old_files(where: Place) -> list[Path]:
    """Files an older version of convenantgen left in the output folder: its lock and temporaries.

    (The old manifest is read and removed by the cache, which moves its entries.)
    """
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(where.out):
            ours = entry.name == OLD_LOCK or _OLD_TEMPORARY.match(entry.name)
            if ours and entry.is_file(follow_symlinks=False):
                found.append(where.out / entry.name)
    return found


def fsync_folder(folder: Path) -> None:
    """Make renames and new names in ``folder`` durable."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
