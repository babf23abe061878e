"""Killing a build ends its render workers: ``kill -9`` of the parent leaves no process behind.

Each test starts a real ``convenantgen build -j 2`` in a session of its own, waits (bounded,
by polling /proc) until both forked workers exist, SIGKILLs only the parent, and then waits
(bounded) until the workers are gone. Whatever happens, the session's process group is killed
at the end, so a failing test leaves nothing running either.

Workers watch their parent in two ways (see convenantgen.workers); the last two tests switch
one off and slow rendering down, so each way is shown to suffice on its own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import GOOI, REPO_ROOT, mutate

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

WAIT = 60.0  # seconds: generous bounds on a loaded machine; no test asserts on how long it took


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of ``pid`` from /proc, or None when there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the command name may hold spaces and brackets
    return fields[0], int(fields[1]), int(fields[19])


def children(parent: int) -> dict[int, int]:
    """{pid: start time} of the living processes whose parent is ``parent``."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            info = _stat(int(entry.name))
            if info and info[1] == parent and info[0] not in "ZX":
                found[int(entry.name)] = info[2]
    return found


def running(pid: int, started: int) -> bool:
    """True while that very process (not a later one with its pid) runs; a zombie has ended."""
    info = _stat(pid)
    return info is not None and info[2] == started and info[0] not in "ZX"


def wait_until(condition: Callable[[], bool], seconds: float = WAIT) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six copies of the Gooi covenant under their own ids: seconds of PDF rendering at -j 2."""
    folder = tmp_path_factory.mktemp("workers")
    text = GOOI.read_text(encoding="utf-8")
    for n in range(6):
        new_id = f"gooi-kopie-{n}"
        (folder / f"{new_id}.yaml").write_text(
            mutate(text, "\nid: gooi-en-vechtstreek-2015\n", f"\nid: {new_id}\n"), encoding="utf-8"
        )
    return folder


@contextlib.contextmanager
def started_build(
    src: Path, out: Path, prelude: str = "", *options: str
) -> Iterator[subprocess.Popen[bytes]]:
    code = prelude + "\nfrom convenantgen.cli import main\nmain()\n"
    env = {k: v for k, v in os.environ.items() if k != "CONVENANTGEN_DEBUG"}
    env["PYTHONPATH"] = str(REPO_ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    process = subprocess.Popen(
        [sys.executable, "-c", code, "build", str(src), "-o", str(out), "-j", "2", *options],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the workers are in this group too
        process.wait(timeout=60)


def kill_parent_and_watch_workers(process: subprocess.Popen[bytes]) -> list[int]:
    """SIGKILL the build once its two workers run; the workers still running after the wait."""
    assert wait_until(lambda: len(children(process.pid)) >= 2), "the build never started two workers"
    workers = children(process.pid)
    assert process.poll() is None, "the build finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    wait_until(lambda: not any(running(pid, start) for pid, start in workers.items()))
    return [pid for pid, start in workers.items() if running(pid, start)]


def test_killing_the_build_ends_its_workers(sources: Path, tmp_path: Path) -> None:
    with started_build(sources, tmp_path / "out") as process:
        assert kill_parent_and_watch_workers(process) == []


# Rendering that would keep a worker busy far longer than the wait: only a watch can end it.
SLOW = """
import time
import convenantgen.outputs as outputs
_render = outputs.render_covenant
def _slow(*args, **kwargs):
    time.sleep(600)
    return _render(*args, **kwargs)
outputs.render_covenant = _slow
import convenantgen.workers as workers
"""


def test_the_pipe_alone_ends_the_workers(sources: Path, tmp_path: Path) -> None:
    prelude = SLOW + "workers._die_with_parent = lambda: None\n"
    with started_build(sources, tmp_path / "out", prelude, "--html-only") as process:
        assert kill_parent_and_watch_workers(process) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_the_kernel_alone_ends_the_workers(sources: Path, tmp_path: Path) -> None:
    prelude = SLOW + "workers._watch_parent = lambda fd: None\n"
    with started_build(sources, tmp_path / "out", prelude, "--html-only") as process:
        assert kill_parent_and_watch_workers(process) == []
