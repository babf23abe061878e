"""The CI examples in docs/ci/: they parse, and every command they run exists as they call it.

A workflow is only run where it is copied to, long after it was written; these tests are
what stands between a renamed option and a region's broken pipeline. Each `convenantgen`
command line in the files is read word by word: the command must exist, each option must
be one of its options, and a --format value one of its choices.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import Result
from markdown_it import MarkdownIt

from convenantgen.cli import cli
from helpers import CONVENANTS, MINIMAL, REPO_ROOT

CI = REPO_ROOT / "docs" / "ci"
GITHUB = CI / "github" / "convenanten.yml"
GITLAB = CI / "gitlab" / ".gitlab-ci.yml"
REVIEW = CI / "review.sh"  # what both run to make the diff and the redlines
FORK_CONDITION = "github.event.pull_request.head.repo.full_name == github.repository"


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def _github_steps() -> list[dict[str, Any]]:
    return [step for job in _load(GITHUB)["jobs"].values() for step in job["steps"]]


def _scripts() -> Iterator[tuple[Path, str]]:
    """Every shell script in the examples: GitHub's run: and GitLab's (before_)script: lines."""
    for step in _github_steps():
        if "run" in step:
            yield GITHUB, step["run"]
    for name, job in _load(GITLAB).items():
        if isinstance(job, dict) and not str(name).startswith(("variables", "workflow")):
            for key in ("before_script", "script"):
                for line in job.get(key, []):
                    yield GITLAB, line
    yield REVIEW, REVIEW.read_text(encoding="utf-8")


def _command_lines() -> list[tuple[Path, list[str]]]:
    """The words of every line that runs convenantgen or comment.py (continuations joined)."""
    found = []
    for path, script in _scripts():
        for line in script.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            for i, word in enumerate(words):
                if word == "convenantgen" or word.endswith(("/docs/ci/comment.py", "/docs/ci/review.sh")):
                    found.append((path, words[i:]))
    return found


def test_every_example_parses_as_yaml() -> None:
    files = sorted(CI.rglob("*.yml"))
    assert {GITHUB, GITLAB} <= set(files)
    for path in files:
        _load(path)


def test_every_convenantgen_command_and_option_exists(cli_run: Callable[..., Result]) -> None:
    seen = set()
    for path, words in _command_lines():
        if words[0] != "convenantgen":
            continue
        name = words[1]
        command = cli.commands.get(name)
        assert command is not None, f"{path.name}: convenantgen has no command {name!r}"
        result = cli_run(name, "--help")
        assert result.exit_code == 0, (name, result.output)
        options = {opt: p for p in command.params if isinstance(p, click.Option) for opt in p.opts}
        rest = iter(words[2:])
        for word in rest:
            if word in ("||", "&&", ">", ">>", "|", ";"):
                break
            if not word.startswith("-"):
                continue
            assert word in options, f"{path.name}: convenantgen {name} has no option {word}"
            param = options[word]
            if not param.is_flag:
                value = next(rest)
                if isinstance(param.type, click.Choice) and "$" not in value:
                    assert value in param.type.choices, f"{path.name}: {name} {word} {value}"
        seen.add(name)
    assert {"check", "build", "diff", "amend"} <= seen


def test_comment_script_is_called_with_its_own_subcommands() -> None:
    calls = [(path, words) for path, words in _command_lines() if words[0].endswith("comment.py")]
    used = {(path.name, words[1]) for path, words in calls}
    assert used == {
        ("convenanten.yml", "summary"),
        ("convenanten.yml", "github"),
        (".gitlab-ci.yml", "gitlab"),
    }
    for _, words in calls:
        assert words[0] == "$CONVENANTGEN_DIR/docs/ci/comment.py"
    assert (REPO_ROOT / "docs" / "ci" / "comment.py").is_file()


def test_both_forges_make_the_review_with_the_same_script() -> None:
    calls = [(path, words) for path, words in _command_lines() if words[0].endswith("review.sh")]
    assert {path for path, _ in calls} == {GITHUB, GITLAB}
    for _, words in calls:
        assert words == ["$CONVENANTGEN_DIR/docs/ci/review.sh", "$base", "$COVENANTS", "review/"]
    assert REVIEW.is_file()


def test_github_actions_are_pinned_by_commit() -> None:
    for step in _github_steps():
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    text = GITHUB.read_text(encoding="utf-8")
    assert all(re.search(r"@[0-9a-f]{40} # v\d", line) for line in text.splitlines() if "uses:" in line)


def test_github_comments_only_on_pull_requests_from_the_same_repository() -> None:
    workflow = _load(GITHUB)
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    (comment,) = [s for s in _github_steps() if 'comment.py" github' in s.get("run", "")]
    assert FORK_CONDITION in comment["if"] and "github.event_name == 'pull_request'" in comment["if"]
    (summary,) = [s for s in _github_steps() if 'comment.py" summary' in s.get("run", "")]
    assert "!cancelled()" in summary["if"]  # the summary is written on every run, even after a failed check


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_script(path: Path) -> None:
    # ${{ ... }} inside run: is text injection from a branch name or title; pass values by env.
    scripts = [script for where, script in _scripts() if where == path]
    assert scripts
    for script in scripts:
        assert "${{" not in script, script


def test_pairs_are_the_changed_covenants_and_the_new_versions_beside_their_predecessor(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "regio"
    folder = repo / "convenants"
    folder.mkdir(parents=True)
    for name in ("gooi-en-vechtstreek-2015.yaml", "zuid-kennemerland-ijmond-2015.yaml"):
        shutil.copy(CONVENANTS / name, folder / name)
    (folder / "weg-2027.yaml").write_text(MINIMAL.replace("minimaal-2027", "weg-2027"), encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "basis"], check=True)
    gooi = folder / "gooi-en-vechtstreek-2015.yaml"
    gooi.write_text(
        gooi.read_text(encoding="utf-8").replace("Wajongers en Wsw’ers", "Wajongers"), encoding="utf-8"
    )
    shutil.copy(
        CONVENANTS / "zuid-kennemerland-ijmond-2019.yaml", folder / "zuid-kennemerland-ijmond-2019.yaml"
    )
    (folder / "nieuw-2027.yaml").write_text(MINIMAL.replace("minimaal-2027", "nieuw-2027"), encoding="utf-8")
    (folder / "nieuw-2027.voortgang.yaml").write_text("convenant: nieuw-2027\n", encoding="utf-8")
    (folder / "weg-2027.yaml").unlink()
    done = subprocess.run(
        [sys.executable, str(CI / "pairs.py"), "HEAD", "convenants/"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "HEAD:convenants/gooi-en-vechtstreek-2015.yaml\tconvenants/gooi-en-vechtstreek-2015.yaml\tgooi-en-vechtstreek-2015",
        "convenants/zuid-kennemerland-ijmond-2015.yaml\tconvenants/zuid-kennemerland-ijmond-2019.yaml\t"
        "zuid-kennemerland-ijmond-2019",
    ]


def test_review_script_writes_the_diff_and_a_redline_per_pair(tmp_path: Path) -> None:
    """docs/ci/review.sh as a workflow runs it: a covenant changed in place, a new version beside the old.

    Each gets its redline and its wijzigingsconvenant, HTML and PDF.
    """
    repo = tmp_path / "regio"
    folder = repo / "convenants"
    folder.mkdir(parents=True)
    for name in ("gooi-en-vechtstreek-2015.yaml", "zuid-kennemerland-ijmond-2015.yaml"):
        shutil.copy(CONVENANTS / name, folder / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "basis"], check=True)
    gooi = folder / "gooi-en-vechtstreek-2015.yaml"
    gooi.write_text(
        gooi.read_text(encoding="utf-8").replace("Wajongers en Wsw’ers", "Wajongers"), encoding="utf-8"
    )
    shutil.copy(
        CONVENANTS / "zuid-kennemerland-ijmond-2019.yaml", folder / "zuid-kennemerland-ijmond-2019.yaml"
    )
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "2019"], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CONVENANTGEN_DEBUG")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        ["bash", str(REVIEW), "HEAD~1", "convenants/", "review/"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning:" not in done.stdout + done.stderr  # the prefix of review.sh's warnings
    markdown = (repo / "review" / "diff.md").read_text(encoding="utf-8")
    assert "gooi-en-vechtstreek-2015.yaml" in markdown and "Wsw" in markdown
    new_version = markdown.index("is a new version of `convenants/zuid-kennemerland-ijmond-2015.yaml`")
    assert markdown.count("<!-- convenantgen-diff -->") <= 1
    assert "Gemeente Uitgeest" in markdown[new_version:] and "Dunamare" in markdown[new_version:]
    MarkdownIt("commonmark").enable("table").parse(markdown)
    redlines = sorted(p.name for p in (repo / "review" / "redline").iterdir())
    assert redlines == [
        "gooi-en-vechtstreek-2015.html",
        "gooi-en-vechtstreek-2015.pdf",
        "zuid-kennemerland-ijmond-2019.html",
        "zuid-kennemerland-ijmond-2019.pdf",
    ]
    assert (repo / "review" / "redline" / "gooi-en-vechtstreek-2015.pdf").read_bytes().startswith(b"%PDF-")
    amendments = sorted(p.name for p in (repo / "review" / "wijziging").iterdir())
    assert amendments == [
        "gooi-en-vechtstreek-2015-wijziging.html",
        "gooi-en-vechtstreek-2015-wijziging.pdf",
        "zuid-kennemerland-ijmond-2019-wijziging.html",
        "zuid-kennemerland-ijmond-2019-wijziging.pdf",
    ]
    amendment = (repo / "review" / "wijziging" / "zuid-kennemerland-ijmond-2019-wijziging.html").read_text()
    assert "treedt uit als Partij" in amendment and "treedt toe als Partij" in amendment


def test_review_doc_links_and_screenshots_resolve() -> None:
    doc = REPO_ROOT / "docs" / "review.md"
    text = doc.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if not re.match(r"^[a-z]+:", t)]
    assert {"img/review-comment.png", "img/review-redline.png", "ci/github/convenanten.yml"} <= set(local)
    for target in local:
        assert (doc.parent / target).exists(), target
    anchors = set(re.findall(r"\]\(#([^)]+)\)", text))
    headings = {
        re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", text, re.M)
    }
    assert anchors <= headings, anchors - headings
