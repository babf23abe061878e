"""`build --git-commit`: the commit of the sources, marked '+dirty' when they are not what it holds."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from convenantgen.gitinfo import git_commit
from helpers import ZK

Run = Callable[..., Result]
CLEAN = re.compile(r"[0-9a-f]{40}")


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with one committed covenant in convenants/."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "convenants").mkdir(parents=True)
    shutil.copy(ZK, root / "convenants" / ZK.name)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "covenant")
    return root


def test_a_clean_checkout_gives_the_bare_commit(repo: Path) -> None:
    commit = git_commit(repo / "convenants")
    assert commit == _git(repo, "rev-parse", "HEAD")
    assert commit is not None and CLEAN.fullmatch(commit)


def test_a_changed_tracked_file_marks_the_commit_dirty(repo: Path) -> None:
    source = repo / "convenants" / ZK.name
    source.write_text(source.read_text(encoding="utf-8") + "# een wijziging\n", encoding="utf-8")
    assert git_commit(repo / "convenants") == _git(repo, "rev-parse", "HEAD") + "+dirty"
    _git(repo, "checkout", "--", ".")
    assert git_commit(repo / "convenants") == _git(repo, "rev-parse", "HEAD")


def test_a_staged_change_is_dirty_too(repo: Path) -> None:
    (repo / "README").write_text("nieuw\n", encoding="utf-8")
    _git(repo, "add", "README")
    assert str(git_commit(repo / "convenants")).endswith("+dirty")


def test_an_untracked_source_in_the_folder_is_dirty_but_not_an_untracked_file_elsewhere(repo: Path) -> None:
    (repo / "notes.txt").write_text("elders\n", encoding="utf-8")
    (repo / "build").mkdir()
    (repo / "build" / "out.html").write_text("<p>uitvoer</p>\n", encoding="utf-8")
    assert git_commit(repo / "convenants") == _git(repo, "rev-parse", "HEAD")
    shutil.copy(ZK, repo / "convenants" / "nieuw-2027.yaml")
    assert str(git_commit(repo / "convenants")).endswith("+dirty")


def test_outside_a_checkout_there_is_no_commit(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    assert git_commit(tmp_path) is None


def test_the_page_footer_keeps_the_dirty_mark(repo: Path, cli_run: Run, tmp_path: Path) -> None:
    source = repo / "convenants" / ZK.name
    source.write_text(source.read_text(encoding="utf-8") + "# een wijziging\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli_run("build", repo / "convenants", "-o", out, "--html-only", "--git-commit")
    assert result.exit_code == 0, result.output
    html = (out / f"{ZK.stem}.html").read_text(encoding="utf-8")
    head = _git(repo, "rev-parse", "HEAD")
    assert f'content="{head}+dirty"' in html
    assert f"commit {head[:12]}+dirty" in html
