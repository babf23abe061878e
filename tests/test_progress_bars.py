"""Progress bars: drawn on stderr when it is a terminal (a pseudo-terminal here), never on
stdout, and not at all when stderr is a pipe or the report is JSON.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from convenantgen.outputs import Options, render_all
from convenantgen.pipeline import check_file
from helpers import REPO_ROOT, covenant_files

BAR = "[#"  # click draws the done part of a bar with '#', after an opening '['


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CONVENANTGEN_DEBUG"}
    env.update(NO_COLOR="1", COLUMNS="100", TERM="xterm")
    env["PYTHONPATH"] = str(REPO_ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_with_terminal(*args: str | Path) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal: (exit status, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "convenantgen", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        cwd=REPO_ROOT,
        env=_env(),
    )
    os.close(slave)
    received = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        received += chunk
    os.close(master)
    assert process.stdout is not None
    out = process.stdout.read().decode("utf-8")
    process.stdout.close()
    return process.wait(timeout=300), out, received.decode("utf-8", "replace")


def run_with_pipes(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "convenantgen", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=_env(),
        timeout=300,
    )


def test_build_draws_a_bar_on_a_terminal(tmp_path: Path) -> None:
    code, out, terminal = run_with_terminal("build", "convenants/", "-o", tmp_path, "--html-only", "-j", "1")
    assert code == 0, terminal
    assert BAR in terminal and "rendering" in terminal
    assert f"{len(covenant_files())}/{len(covenant_files())}" in terminal
    assert BAR not in out


def test_build_is_quiet_off_a_terminal_and_with_json(tmp_path: Path) -> None:
    done = run_with_pipes("build", "convenants/", "-o", tmp_path / "a", "--html-only")
    assert done.returncode == 0, done.stderr
    assert BAR not in done.stderr and "rendering" not in done.stderr and "wrote" in done.stderr
    code, out, terminal = run_with_terminal(
        "build", "convenants/", "-o", tmp_path / "b", "--html-only", "--format", "json"
    )
    assert code == 0, terminal
    assert BAR not in terminal and BAR not in out
    assert json.loads(out)["files"] == len(covenant_files())


def test_site_draws_a_bar_on_a_terminal_and_none_with_json(tmp_path: Path) -> None:
    code, out, terminal = run_with_terminal(
        "site", "convenants/", "-o", tmp_path / "a", "--today", "2019-03-01"
    )
    assert code == 0, terminal
    assert BAR in terminal and f"{len(covenant_files())}/{len(covenant_files())}" in terminal
    assert BAR not in out
    code, out, terminal = run_with_terminal(
        "site", "convenants/", "-o", tmp_path / "b", "--today", "2019-03-01", "--format", "json"
    )
    assert code == 0, terminal
    assert BAR not in terminal and BAR not in out


@pytest.mark.parametrize("jobs", [1, 2])
def test_render_all_reports_every_covenant(jobs: int) -> None:
    items = [check_file(p) for p in covenant_files()]
    calls: list[tuple[int, int]] = []
    tasks = [(item, ("html",)) for item in items]
    artifacts = render_all(tasks, Options(), jobs, lambda done, total: calls.append((done, total)))
    total = len(items)
    assert calls == [(n, total) for n in range(total + 1)]
    assert len(artifacts) == total
