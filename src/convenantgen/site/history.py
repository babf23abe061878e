"""Version history of a covenant file from git, when it lives in a git checkout.

Only the local repository is read (``git log``), never a remote. No git, no checkout or an
untracked file simply means no history; the site leaves the section out or says so.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_FIELD = "\x1f"
_RECORD = "\x1e"


@dataclass(frozen=True)
class Version:
    """One commit that changed the file."""

    commit: str
    day: date
    subject: str


@dataclass(frozen=True)
class History:
    """The commits of one file, newest first, and whether the file has uncommitted changes."""

    versions: tuple[Version, ...]
    modified: bool

    @property
    def latest(self) -> Version | None:
        """The newest commit, if the file has one."""
        return self.versions[0] if self.versions else None


def _git(folder: Path, *args: str) -> str:
    # A fixed environment: no pager, no prompts, no user configuration that changes the output.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    done = subprocess.run(
        ["git", "-c", "core.quotepath=off", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=True,
        timeout=30,
        env=env,
    )
    return done.stdout


def history(path: Path) -> History | None:
    """The git history of ``path``, or None when it is not in a git checkout (or git is missing)."""
    folder = path.resolve().parent
    name = path.name
    try:
        log = _git(
            folder,
            "log",
            "--follow",
            "--no-show-signature",
            "--no-color",
            f"--format=%H{_FIELD}%cs{_FIELD}%s{_RECORD}",
            "--",
            name,
        )
        status = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", name)
    except (OSError, subprocess.SubprocessError, UnicodeError):
        return None
    versions = []
    for record in log.split(_RECORD):
        fields = record.strip("\n").split(_FIELD)
        if len(fields) != 3:
            continue
        commit, day, subject = fields
        try:
            versions.append(Version(commit, date.fromisoformat(day), subject))
        except ValueError:
            continue
    return History(tuple(versions), bool(status.strip()))
