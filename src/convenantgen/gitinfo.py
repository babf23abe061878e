"""What git says about the checkout that holds the sources (for ``build --git-commit``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

DIRTY = "+dirty"


def git_commit(path: Path) -> str | None:
    """The commit of the git checkout holding ``path`` ('+dirty' when it has changes), if any.

    Dirty means: a tracked file anywhere in the work tree differs from the commit, or a file
    in the sources' folder ``path`` is not in git at all (a new covenant built before it was
    committed is not what the commit holds). Untracked files elsewhere (build output, notes)
    do not count.
    """

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=path, capture_output=True, text=True, check=True, timeout=20
        )
        return done.stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no")
        # '.' is the sources' folder (cwd): its untracked files, ignored ones excepted.
        new = git("status", "--porcelain", "--untracked-files=all", "--", ".")
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + (DIRTY if changed or new else "")
