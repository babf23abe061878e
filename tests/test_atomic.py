"""Safe output: a build killed at any moment, or two builds at once, never leave a half file.

The output folder starts with a complete build of an *older* version of the covenants (same
source paths, different titles), so the build under test really replaces every file. After
every kill each file in the folder must be absent, byte-identical to the old build's, or
byte-identical to a complete new build's; temporary files ('.<name>.<random>.tmp') may stay
behind, but never under a final name.

- random kills: ``python -m convenantgen build SRC -o OUT`` is SIGKILLed (its whole process
  group, so the forked render workers die with it) after 0.1 to 3 s, five times;
- kills inside the write phase, which random delays rarely hit: right after the second file
  is renamed into place, and in the middle of writing the first temporary file;
- two builds into one folder at once both succeed and leave exactly one build's bytes.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from convenantgen.build import build
from helpers import REPO_ROOT, covenant_files

OLD_MARK = ("titel: Convenant", "titel: Vorige versie van het Convenant")
TEMP_SUFFIX = ".tmp"
LOCK = ".convenantgen.lock"  # the (empty) file a build holds an flock on while it writes


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` but the lock file, which must stay empty."""
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    assert files.pop(LOCK, b"") == b"", "the lock file holds data"
    return files


def temporaries(names: object) -> list[str]:
    return sorted(n for n in names if n.startswith(".") and n.endswith(TEMP_SUFFIX))  # type: ignore[attr-defined]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CONVENANTGEN_DEBUG"}
    env["NO_COLOR"] = "1"
    env["PYTHONPATH"] = str(REPO_ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def start_build(src: Path, out: Path, prelude: str | None = None) -> subprocess.Popen[bytes]:
    """``python -m convenantgen build SRC -o OUT`` in its own process group."""
    if prelude is None:
        command = [sys.executable, "-m", "convenantgen", "build", str(src), "-o", str(out)]
    else:  # run code first (to place a kill), then the CLI exactly as __main__ does
        code = prelude + "\nfrom convenantgen.cli import main\nmain()\n"
        command = [sys.executable, "-c", code, "build", str(src), "-o", str(out)]
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the build and every worker it forked (they share its new session's group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)


@dataclass(frozen=True)
class Builds:
    src: Path
    old: dict[str, bytes]
    new: dict[str, bytes]
    seconds: float  # how long one complete build takes in a subprocess


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The covenants in a folder of their own, built old (in-process) and new (by the CLI)."""
    root = tmp_path_factory.mktemp("atomic")
    src = root / "src"
    src.mkdir()
    originals = {p.name: p.read_bytes() for p in covenant_files()}
    for name, data in originals.items():
        text = data.decode("utf-8")
        assert text.count("\n" + OLD_MARK[0]) == 1, name
        (src / name).write_text(text.replace("\n" + OLD_MARK[0], "\n" + OLD_MARK[1]), encoding="utf-8")
    old_out = root / "old"
    result = build([src], old_out, jobs=1)
    assert not result.failed, [f.as_dict() for f in result.findings]
    for name, data in originals.items():
        (src / name).write_bytes(data)
    new_out = root / "new"
    started = time.perf_counter()
    process = start_build(src, new_out)
    stdout, stderr = process.communicate(timeout=300)
    seconds = time.perf_counter() - started
    assert process.returncode == 0, stdout.decode() + stderr.decode()
    old, new = snapshot(old_out), snapshot(new_out)
    assert set(old) == set(new) and len(new) >= 3, (sorted(old), sorted(new))
    for name in new:  # every file really changes, so a half-replaced folder is visible
        assert old[name] != new[name], name
    return Builds(src, old, new, seconds)


def assert_each_file_old_or_new(out: Path, builds: Builds) -> dict[str, str]:
    """Classify every file in ``out``; fail on anything that is neither build's bytes."""
    state = {}
    current = snapshot(out)
    for name, data in current.items():
        if name in temporaries([name]):
            state[name] = "temporary"
            continue
        assert name in builds.new, f"unexpected file {name}"
        if data == builds.old[name]:
            state[name] = "old"
        elif data == builds.new[name]:
            state[name] = "new"
        else:
            raise AssertionError(f"{name} is neither the old nor the new build: {len(data)} bytes")
    for name in builds.new:
        state.setdefault(name, "absent")
    return state


def fresh_out(builds: Builds, root: Path) -> Path:
    out = root / "out"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    for name, data in builds.old.items():
        (out / name).write_bytes(data)
    return out


# --- (a) killed builds ------------------------------------------------------------------------------------

_RANDOM = random.Random(20261123)
# one random delay in each fifth of 0.1-3 s, so the end of a build (where it writes) is sampled
DELAYS = [0.1 + 0.58 * (k + _RANDOM.random()) for k in range(5)]


def test_killed_builds_leave_old_or_new_files_only(builds: Builds, tmp_path: Path) -> None:
    outcomes = []
    for delay in DELAYS:
        out = fresh_out(builds, tmp_path)
        process = start_build(builds.src, out)
        time.sleep(delay)
        finished = process.poll() is not None
        kill_group(process)
        state = assert_each_file_old_or_new(out, builds)
        outcomes.append((round(delay, 2), finished, state))
        assert "absent" not in state.values(), state  # files are replaced, never removed
    print(f"a complete build takes {builds.seconds:.1f} s; kills (delay s, had finished, state):")
    print(*outcomes, sep="\n  ")


KILL_AFTER_SECOND_RENAME = """
import os, signal
_replace, _count = os.replace, [0]
def _replace_then_die(a, b):
    _replace(a, b)
    _count[0] += 1
    if _count[0] == 2:
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = _replace_then_die
"""

KILL_WHILE_WRITING = """
import os, signal
def _die(fd):
    os.kill(os.getpid(), signal.SIGKILL)
os.fsync = _die
"""


def test_kill_between_two_renames_leaves_a_mix_of_whole_files(builds: Builds, tmp_path: Path) -> None:
    out = fresh_out(builds, tmp_path)
    process = start_build(builds.src, out, prelude=KILL_AFTER_SECOND_RENAME)
    process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL
    state = assert_each_file_old_or_new(out, builds)
    assert sorted(state.values()).count("new") == 2, state
    assert "temporary" not in state.values(), state
    # and the next build finishes the job
    process = start_build(builds.src, out)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stdout.decode() + stderr.decode()
    assert snapshot(out) == builds.new


@dataclass(frozen=True)
class KilledWhileWriting:
    after_kill: dict[str, str]
    after_next_build: dict[str, bytes]


@pytest.fixture(scope="module")
def killed_while_writing(builds: Builds, tmp_path_factory: pytest.TempPathFactory) -> KilledWhileWriting:
    """A build killed half-way through writing its first file, then the next build."""
    out = fresh_out(builds, tmp_path_factory.mktemp("killed-while-writing"))
    process = start_build(builds.src, out, prelude=KILL_WHILE_WRITING)
    process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL
    after_kill = assert_each_file_old_or_new(out, builds)
    process = start_build(builds.src, out)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stdout.decode() + stderr.decode()
    return KilledWhileWriting(after_kill, snapshot(out))


def test_kill_while_writing_leaves_every_final_name_whole(
    killed_while_writing: KilledWhileWriting, builds: Builds
) -> None:
    state = killed_while_writing.after_kill
    finals = {k: v for k, v in state.items() if v != "temporary"}
    assert set(finals.values()) == {"old"}, state
    # what a SIGKILL during a write leaves: one hidden temporary file, never a final name
    left = temporaries(state)
    assert len(left) == 1, state
    base = left[0][1:].rsplit(".", 2)[0]
    assert base in builds.new, left


def test_next_build_repairs_final_names_after_a_kill_while_writing(
    killed_while_writing: KilledWhileWriting, builds: Builds
) -> None:
    final = killed_while_writing.after_next_build
    assert {k: v for k, v in final.items() if k not in temporaries(final)} == builds.new


def test_next_build_removes_stale_temporary_files(killed_while_writing: KilledWhileWriting) -> None:
    """A killed build's temporary file does not stay in the published folder for ever."""
    assert temporaries(killed_while_writing.after_kill)
    assert temporaries(killed_while_writing.after_next_build) == []


# --- (b) two builds at once --------------------------------------------------------------------------------


def test_two_builds_into_one_folder_at_once(builds: Builds, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = start_build(builds.src, out)
    second = start_build(builds.src, out)
    results = [p.communicate(timeout=300) for p in (first, second)]
    for process, (stdout, stderr) in zip((first, second), results, strict=True):
        assert process.returncode == 0, stdout.decode() + stderr.decode()
        assert b"Traceback" not in stderr
    assert snapshot(out) == builds.new


# --- planted files ---------------------------------------------------------------------------------------


def test_a_symlink_in_the_output_folder_is_replaced_not_followed(tmp_path: Path) -> None:
    """A link planted under an output name must not redirect the write to its target."""
    src = tmp_path / "src"
    src.mkdir()
    gooi = next(p for p in covenant_files() if p.name.startswith("gooi"))
    shutil.copy(gooi, src / gooi.name)
    victim = tmp_path / "victim.txt"
    victim.write_text("do not overwrite\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{gooi.stem}.html").symlink_to(victim)
    result = build([src], out, formats=("html",), jobs=1)
    assert not result.failed
    assert victim.read_text() == "do not overwrite\n"
    assert not (out / f"{gooi.stem}.html").is_symlink()
    assert (out / f"{gooi.stem}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
