"""What git says about the checkout that holds the sources (for ``build --git-commit``)."""

from __future__ import annotations

import subprocess
from pathlib import Path


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
