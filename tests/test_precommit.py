"""The pre-commit hook of .pre-commit-hooks.yaml, run as another repository would run it.

``pre-commit try-repo`` clones this checkout (committed and staged files: an untracked
hooks file is not seen), builds the hook's environment in a fresh venv by pip-installing
this package from the local path, and runs it on the files named. Building that
environment needs pip's index for the dependencies; without it the test skips, except in
CI (``CI`` set), where it must run. One run, two files: it costs one environment
(about 40 s, nearly all of it pip).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import MINIMAL, REPO_ROOT, column_of, line_of, mutate


def _pre_commit() -> list[str]:
    script = Path(sys.executable).parent / "pre-commit"
    if script.exists():
        return [str(script)]
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extras)")
    return [sys.executable, "-m", "pre_commit"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)


def test_hook_manifest_is_what_pre_commit_expects() -> None:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "convenantgen-check"
    assert hook["entry"] == "convenantgen check" and hook["language"] == "python"
    assert hook["pass_filenames"] is True and hook["require_serial"] is True


def test_try_repo_passes_a_good_covenant_and_locates_the_error_in_a_bad_one(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of convenantgen")
    repo = tmp_path / "regio"
    repo.mkdir()
    _git(repo, "init", "-q")
    bad = mutate(MINIMAL, "titel: Convenant Inclusieve Arbeidsmarkt", "titel: 12")
    (repo / "goed.yaml").write_text(MINIMAL, encoding="utf-8")
    (repo / "fout.yaml").write_text(bad.replace("minimaal-2027", "fout-2027"), encoding="utf-8")
    # Not a covenant: the hook's exclude must keep it out of the check.
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    _git(repo, "add", ".")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),  # never the user's cache
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "NO_COLOR": "1",
    }
    env.pop("CONVENANTGEN_DEBUG", None)
    done = subprocess.run(
        [
            *_pre_commit(),
            "try-repo",
            str(REPO_ROOT),
            "convenantgen-check",
            "--color",
            "never",
            "--files",
            "goed.yaml",
            "fout.yaml",
            ".pre-commit-config.yaml",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = done.stdout + done.stderr
    if done.returncode == 3 and "Installing environment" in out and "CalledProcessError" in out:
        reason = (
            "pre-commit could not build the hook's environment (pip's index unreachable?):\n" + out[-2000:]
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    assert done.returncode == 1, out
    assert "convenantgen check" in out and "Failed" in out, out
    line = line_of(bad, "titel: 12")
    column = column_of(bad, "12", line)
    assert f"fout.yaml:{line}:{column}: CG010 error: titel must be text" in out, out
    assert "goed.yaml:" not in out.replace("goed.yaml: CG600", ""), out  # only its fact, no finding
    assert ".pre-commit-config.yaml" not in out, out
    assert "2 files checked: 1 error(s), 0 warning(s)" in out, out
