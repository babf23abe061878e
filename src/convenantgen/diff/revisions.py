"""The two sides of a diff: files, ``REV:PATH`` read from git, and the covenants a revision changed.

Git is only asked locally (``git show``, ``git diff --name-status``, ``git ls-files``):
nothing is fetched. What git cannot give becomes a finding on that side, never a traceback.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from convenantgen.findings import Finding, Severity
from convenantgen.i18n import _
from convenantgen.loader import load_bytes
from convenantgen.pipeline import Checked, check_file, check_source
from convenantgen.sources import is_progress_file

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
_SUFFIXES = (".yaml", ".yml")
_TIMEOUT = 60


class GitError(Exception):
    """Git is missing, this is not a repository, or the revision is unknown."""


def _git(args: list[str], cwd: Path | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError as exc:
        raise GitError(_("git is not installed")) from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(
            _("git {args} took longer than {TIMEOUT} s").format(args=args[0], TIMEOUT=_TIMEOUT)
        ) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"git {args[0]} failed")
    return done.stdout


def is_revision_spec(spec: str) -> bool:
    """'main:convenants/x.yaml' names a file in git; an existing file of that name wins."""
    return (
        ":" in spec and not Path(spec).exists() and not spec.startswith(":") and len(spec.split(":")[0]) > 1
    )


def _unreadable(shown: str, why: str) -> Checked:
    hint = _("check the revision and the path (git show REV:PATH must print the file)")
    return Checked(shown, None, None, None, (Finding(shown, 1, 1, "CG001", Severity.ERROR, why, hint),))


def check_bytes(raw: bytes, shown: str) -> Checked:
    """Load, validate and check a covenant given as bytes."""
    source, problems = load_bytes(raw, shown)
    if source is None:
        return Checked(shown, None, None, None, problems)
    return check_source(source)


def check_spec(spec: str) -> Checked:
    """Check one side: a file, or ``REV:PATH`` from git."""
    if not is_revision_spec(spec):
        return check_file(Path(spec))
    revision, _unused, path = spec.partition(":")
    try:
        raw = _git(["show", f"{revision}:{path}"])
    except GitError as exc:
        return _unreadable(spec, _("cannot be read from git: {exc}").format(exc=exc))
    return check_bytes(raw, spec)


@dataclass(frozen=True)
class FileChange:
    """A covenant file the revision and the working tree disagree on."""

    status: str  # added | removed | changed
    old: str | None  # 'BASE:path' (as git shows it)
    new: str | None  # path in the working tree


def _covenant_file(path: str) -> bool:
    return path.endswith(_SUFFIXES) and not is_progress_file(Path(path))


def changed_files(base: str, paths: tuple[str, ...] = ()) -> list[FileChange]:
    """Covenant files added, removed or changed between ``base`` and the working tree (renames paired)."""
    top = Path(_git(["rev-parse", "--show-toplevel"]).decode().strip())
    _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"])
    here = Path.cwd().resolve()
    scope = ["--", *paths] if paths else []
    listing = _git(["diff", "--name-status", "-z", "--find-renames", base, *scope])
    fields = listing.decode("utf-8", "replace").split("\0")
    found: list[FileChange] = []
    i = 0
    while i < len(fields) - 1:
        status = fields[i]
        count = 2 if status[:1] in ("R", "C") else 1
        names = fields[i + 1 : i + 1 + count]
        i += 1 + count
        old_name, new_name = names[0], names[-1]
        shown_new = _relative(top / new_name, here)
        if status[:1] == "A" and _covenant_file(new_name):
            found.append(FileChange(ADDED, None, shown_new))
        elif status[:1] == "D" and _covenant_file(old_name):
            found.append(FileChange(REMOVED, f"{base}:{old_name}", None))
        elif status[:1] in ("M", "R", "T", "C") and (_covenant_file(old_name) or _covenant_file(new_name)):
            found.append(FileChange(CHANGED, f"{base}:{old_name}", shown_new))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name", *scope], here)
    for name in untracked.decode("utf-8", "replace").split("\0"):
        if name and _covenant_file(name):
            found.append(FileChange(ADDED, None, _relative(top / name, here)))
    return sorted(found, key=lambda f: f.new or (f.old or "").partition(":")[2])


def _relative(path: Path, here: Path) -> str:
    try:
        return str(path.resolve().relative_to(here))
    except ValueError:
        return str(path)
