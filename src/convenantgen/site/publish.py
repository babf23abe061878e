"""Write a whole site at once: into a hidden folder beside the target, then swap it in.

The published folder holds the site and nothing else: no lock, no cache, no temporary
files. It is replaced as a whole, so a reader (or a web server) sees the old site or the
new one, and a build that dies leaves the old site standing. A folder that holds anything
this command did not write is refused rather than replaced.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from convenantgen import __version__
from convenantgen.i18n import _

MANIFEST = "manifest.json"
GENERATOR = "convenantgen site"
TEMP_SUFFIX = ".tmp"


def manifest(files: Mapping[str, bytes], today: str) -> bytes:
    """manifest.json: the SHA-256 and size of every other published file."""
    body = {
        "generator": GENERATOR,
        "version": __version__,
        "reference_date": today,
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for name, data in sorted(files.items())
        },
    }
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _published(folder: Path) -> set[str]:
    """The files a previous site build recorded in ``folder``'s manifest (empty if none)."""
    try:
        body = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(body, dict) or body.get("generator") != GENERATOR:
        return set()
    if not isinstance(body.get("files"), dict):
        return set()
    return {str(name) for name in body["files"]} | {MANIFEST}


def refusal(folder: Path) -> str | None:
    """Why ``folder`` may not be replaced by a site, or None when it may."""
    folder = _absolute(folder)
    if not folder.exists() and not folder.is_symlink():
        return None
    if folder.is_symlink() or not folder.is_dir():
        return _("is not a folder")
    known = _published(folder)
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_dir() and not path.is_symlink():
            continue
        if name not in known:
            return _("holds '{name}', which 'convenantgen site' did not write").format(name=name)
    return None


def _absolute(folder: Path) -> Path:
    """'.' and 'a/../b' spelt out, without following a symbolic link (which is refused)."""
    return Path(os.path.abspath(folder))


def _lock_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.lock"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An flock beside ``folder`` (not in it): two sites built into one folder take turns."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(_lock_path(folder), "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            # Holding the lock, any staging folder left beside the target is from a killed build.
            for stale in folder.parent.glob(f".{folder.name}.*{TEMP_SUFFIX}"):
                with contextlib.suppress(OSError):
                    shutil.rmtree(stale)
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _write_tree(root: Path, files: Mapping[str, bytes]) -> None:
    for name, data in sorted(files.items()):
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(target, 0o644)
    for folder in sorted({root, *(p for p in root.rglob("*") if p.is_dir())}):
        os.chmod(folder, 0o755)


def publish(folder: Path, files: Mapping[str, bytes]) -> str | None:
    """Replace ``folder`` by exactly ``files``; returns why not when it may not be replaced."""
    folder = _absolute(folder)
    with _locked(folder):
        problem = refusal(folder)  # again under the lock: another build may have written since
        if problem:
            return problem
        name = folder.name
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.new-", suffix=TEMP_SUFFIX, dir=folder.parent))
        try:
            _write_tree(staging, files)
            if folder.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{name}.old-", suffix=TEMP_SUFFIX, dir=folder.parent))
                os.replace(folder, old)  # onto the empty folder just made: a name nobody else has
                os.replace(staging, folder)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return None
