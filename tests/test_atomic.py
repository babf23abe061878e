"""Safe output: a build killed at any moment, a full disk, or two builds at once never leave a
half file, nor a covenant whose HTML and PDF come from different builds.

The output folder starts with a complete build of an *older* version of the covenants (same
source paths, different titles), so the build under test really replaces every file. After
every kill each file in the folder must be absent, byte-identical to the old build's, or
byte-identical to a complete new build's; and once the next build has run (even one that stops
on an error), each covenant's pair must be wholly old or wholly new. The published folder never
holds anything but ``<id>.html`` and ``<id>.pdf``: temporaries, the manifest, the journal and
the lock live in the state folder beside it (``.convenantgen/<name>/``).

- random kills: ``python -m convenantgen build SRC -o OUT`` is SIGKILLed (its whole process
  group, so the forked render workers die with it) after 0.1 to 3 s, five times;
- kills inside the commit, which random delays rarely hit: right after the first and after
  the third rename of an output into place, and in the middle of writing the first staged file;
- a full disk (``OSError(ENOSPC)`` from ``os.write`` or ``os.replace``) while staging, at one
  rename, from one rename on for good, and while saving the manifest;
- Ctrl-C between a covenant's two renames;
- two builds into one folder at once both succeed and leave exactly one build's bytes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from convenantgen.build import build
from helpers import GOOI, REPO_ROOT, ZK, covenant_files

OLD_MARK = ("titel: Convenant", "titel: Vorige versie van het Convenant")
RunCli = Callable[..., Result]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the published ``folder``, which must hold nothing but outputs."""
    names = sorted(p.name for p in folder.iterdir())
    assert all(n.endswith((".html", ".pdf")) and not n.startswith(".") for n in names), names
    return {n: (folder / n).read_bytes() for n in names}


def state_dir(out: Path) -> Path:
    return out.resolve().parent / ".convenantgen" / out.name


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
    broken: Path  # the same covenants and one with an error: a build of it stops before writing
    old: dict[str, bytes]
    new: dict[str, bytes]
    seconds: float  # how long one complete build takes in a subprocess

    @property
    def ids(self) -> list[str]:
        return sorted({n.rsplit(".", 1)[0] for n in self.new})


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The covenants in a folder of their own, built old (in-process) and new (by the CLI)."""
    root = tmp_path_factory.mktemp("atomic")
    src = root / "src"
    src.mkdir()
    # Two covenants, whatever else convenants/ holds: the tests below kill a build between the
    # first covenant's files and the second's.
    originals = {p.name: p.read_bytes() for p in covenant_files() if p in (GOOI, ZK)}
    for name, data in originals.items():
        text = data.decode("utf-8")
        assert text.count("\n" + OLD_MARK[0]) == 1, name
        (src / name).write_text(text.replace("\n" + OLD_MARK[0], "\n" + OLD_MARK[1]), encoding="utf-8")
    old_out = root / "old"
    result = build([src], old_out, jobs=1)
    assert not result.failed, [f.as_dict() for f in result.findings]
    for name, data in originals.items():
        (src / name).write_bytes(data)
    broken = root / "broken"
    shutil.copytree(src, broken)
    (broken / "kapot.yaml").write_bytes(b"formaat: 1\nid: [\n")
    new_out = root / "new"
    started = time.perf_counter()
    process = start_build(src, new_out)
    stdout, stderr = process.communicate(timeout=300)
    seconds = time.perf_counter() - started
    assert process.returncode == 0, stdout.decode() + stderr.decode()
    old, new = snapshot(old_out), snapshot(new_out)
    assert set(old) == set(new) and len(new) >= 4, (sorted(old), sorted(new))
    for name in new:  # every file really changes, so a half-replaced folder is visible
        assert old[name] != new[name], name
    return Builds(src, broken, old, new, seconds)


def assert_each_file_old_or_new(out: Path, builds: Builds) -> dict[str, str]:
    """Classify every file in ``out``; fail on anything that is neither build's bytes."""
    state = {}
    for name, data in snapshot(out).items():
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


def assert_pairs_whole(out: Path, builds: Builds) -> dict[str, str]:
    """Every covenant's HTML and PDF come from the same build: {id: 'old' | 'new' | 'absent'}."""
    state = assert_each_file_old_or_new(out, builds)
    pairs = {}
    for cid in builds.ids:
        html, pdf = state[f"{cid}.html"], state[f"{cid}.pdf"]
        assert html == pdf, f"{cid}: the HTML is {html}, the PDF {pdf}: {state}"
        pairs[cid] = html
    return pairs


def run_stopped_build(builds: Builds, out: Path) -> str:
    """A build that stops on an error before writing; returns its standard error."""
    process = start_build(builds.broken, out)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 1, stdout.decode() + stderr.decode()
    assert b"Traceback" not in stdout + stderr
    return stderr.decode()


def fresh_out(builds: Builds, root: Path) -> Path:
    out = root / "out"
    if out.exists():
        shutil.rmtree(out)
    shutil.rmtree(state_dir(out), ignore_errors=True)
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
        assert "absent" not in state.values(), state  # files are replaced, never removed
        run_stopped_build(builds, out)
        outcomes.append((round(delay, 2), finished, assert_pairs_whole(out, builds)))
    print(f"a complete build takes {builds.seconds:.1f} s; kills (delay s, had finished, pairs):")
    print(*outcomes, sep="\n  ")


# Kill the build right after the n-th output file is renamed into the output folder.
KILL_AFTER_RENAME = """
import os, signal
_replace, _count = os.replace, [0]
def _replace_then_die(a, b):
    _replace(a, b)
    if str(b).endswith((".html", ".pdf")) and "/.convenantgen/" not in str(b):
        _count[0] += 1
        if _count[0] == {n}:
            os.kill(os.getpid(), signal.SIGKILL)
os.replace = _replace_then_die
"""

KILL_WHILE_WRITING = """
import os, signal
def _die(fd):
    os.kill(os.getpid(), signal.SIGKILL)
os.fsync = _die
"""


@pytest.mark.parametrize(("renames", "mended"), [(1, ["new", "old"]), (3, ["new", "new"])])
def test_kill_between_two_renames_is_mended_by_the_next_build(
    builds: Builds, tmp_path: Path, renames: int, mended: list[str]
) -> None:
    """Killed between a covenant's HTML and its PDF, the next build completes the pair first."""
    out = fresh_out(builds, tmp_path)
    process = start_build(builds.src, out, prelude=KILL_AFTER_RENAME.replace("{n}", str(renames)))
    process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL
    state = assert_each_file_old_or_new(out, builds)
    assert sorted(state.values()).count("new") == renames, state  # the kill hit where meant
    assert (state_dir(out) / "journal.json").exists()
    # a build that stops on an error writes nothing of its own, but completes the cut-off pair
    stderr = run_stopped_build(builds, out)
    assert "completed the build that was cut off before" in stderr, stderr
    assert "nothing was written" in stderr
    pairs = assert_pairs_whole(out, builds)
    assert [pairs[cid] for cid in builds.ids] == mended, pairs
    assert not (state_dir(out) / "journal.json").exists()
    assert not (state_dir(out) / "staging").exists()
    # and the next real build finishes the job
    process = start_build(builds.src, out)
    stdout, stderr_bytes = process.communicate(timeout=300)
    assert process.returncode == 0, stdout.decode() + stderr_bytes.decode()
    assert snapshot(out) == builds.new


@dataclass(frozen=True)
class KilledWhileWriting:
    after_kill: dict[str, str]
    staged_after_kill: list[str]
    after_next_build: dict[str, bytes]
    staging_after_next_build: bool


@pytest.fixture(scope="module")
def killed_while_writing(builds: Builds, tmp_path_factory: pytest.TempPathFactory) -> KilledWhileWriting:
    """A build killed half-way through writing its first file, then the next build."""
    out = fresh_out(builds, tmp_path_factory.mktemp("killed-while-writing"))
    process = start_build(builds.src, out, prelude=KILL_WHILE_WRITING)
    process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL
    after_kill = assert_each_file_old_or_new(out, builds)
    staging = state_dir(out) / "staging"
    staged = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
    process = start_build(builds.src, out)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stdout.decode() + stderr.decode()
    return KilledWhileWriting(after_kill, staged, snapshot(out), staging.exists())


def test_kill_while_writing_leaves_the_output_folder_as_it_was(
    killed_while_writing: KilledWhileWriting, builds: Builds
) -> None:
    assert set(killed_while_writing.after_kill.values()) == {"old"}, killed_while_writing.after_kill
    # what a SIGKILL during a write leaves: one staged file, in the state folder, never a final name
    staged = killed_while_writing.staged_after_kill
    assert len(staged) == 1 and staged[0].startswith("new/"), staged
    assert Path(staged[0]).name in builds.new, staged


def test_next_build_repairs_final_names_after_a_kill_while_writing(
    killed_while_writing: KilledWhileWriting, builds: Builds
) -> None:
    assert killed_while_writing.after_next_build == builds.new


def test_next_build_removes_what_a_killed_build_staged(killed_while_writing: KilledWhileWriting) -> None:
    assert killed_while_writing.staged_after_kill
    assert not killed_while_writing.staging_after_next_build


# --- (b) a full disk ---------------------------------------------------------------------------------------


def _no_space(args: tuple[Any, ...]) -> OSError:
    target = args[1] if len(args) > 1 and isinstance(args[1], str | os.PathLike) else None
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)


def fail_from(
    original: Callable[..., Any], nth: int, once: bool, counts: Callable[..., bool]
) -> Callable[..., Any]:
    """``original``, but the ``nth`` call that ``counts`` (and, unless ``once``, every later call) fails."""
    seen = [0]

    def call(*args: Any, **kwargs: Any) -> Any:
        if counts(*args):
            seen[0] += 1
            if seen[0] == nth or (not once and seen[0] > nth):
                raise _no_space(args)
        return original(*args, **kwargs)

    return call


def _into_output(out: Path) -> Callable[..., bool]:
    return lambda _source, target, *rest: (
        Path(target).parent == out.resolve() and str(target).endswith((".html", ".pdf"))
    )


def test_full_disk_while_staging_changes_nothing(
    builds: Builds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_run: RunCli
) -> None:
    out = fresh_out(builds, tmp_path)
    monkeypatch.setattr(os, "write", fail_from(os.write, 3, once=False, counts=lambda *a: True))
    result = cli_run("build", builds.src, "-o", out, "-j", "1")
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert snapshot(out) == builds.old
    assert "cannot write output: No space left on device" in result.stderr, result.stderr
    listed = result.stderr.split("not written: ", 1)[1].split(" (", 1)[0].split(", ")
    assert sorted(listed) == sorted(builds.new), result.stderr
    assert "wrote " not in result.stderr
    assert "hint: free some space on the disk" in result.stderr
    assert "Traceback" not in result.output
    assert not (state_dir(out) / "staging").exists()
    assert not (state_dir(out) / "journal.json").exists()


def test_full_disk_at_one_rename_keeps_that_covenant_whole(
    builds: Builds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_run: RunCli
) -> None:
    """The PDF of the second covenant cannot be renamed: its new HTML is taken back."""
    out = fresh_out(builds, tmp_path)
    monkeypatch.setattr(os, "replace", fail_from(os.replace, 4, once=True, counts=_into_output(out)))
    result = cli_run("build", builds.src, "-o", out, "-j", "1")
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    first, second = builds.ids
    assert assert_pairs_whole(out, builds) == {first: "new", second: "old"}
    assert f"wrote {out / (first + '.html')}" in result.stderr, result.stderr
    assert f"wrote {out / (first + '.pdf')}" in result.stderr
    assert f"not written: {second}.html, {second}.pdf (each keeps its previous version" in result.stderr
    assert "Traceback" not in result.output
    # the manifest records only what was written: the next build renders the second covenant only
    again = build([builds.src], out, jobs=1)
    assert [c.covenant.id for c in again.checked if c.covenant] == [second]
    assert snapshot(out) == builds.new


def test_full_disk_for_good_is_mended_by_the_next_build(
    builds: Builds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_run: RunCli
) -> None:
    """Even putting the old HTML back fails: the CLI says so, and the next build puts it back."""
    out = fresh_out(builds, tmp_path)
    inside = str(out.resolve())
    monkeypatch.setattr(
        os, "replace", fail_from(os.replace, 4, once=False, counts=lambda *a: str(a[1]).startswith(inside))
    )
    result = cli_run("build", builds.src, "-o", out, "-j", "1")
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    first, second = builds.ids
    assert "half written: " in result.stderr and f"{second}.html" in result.stderr, result.stderr
    assert "the next build completes them, or puts the previous version back" in result.stderr
    assert "Traceback" not in result.output
    stderr = run_stopped_build(builds, out)
    assert f"undid the build that was cut off before: put back {second}.html" in stderr, stderr
    assert assert_pairs_whole(out, builds) == {first: "new", second: "old"}


def test_full_disk_while_saving_the_manifest_loses_no_record(
    builds: Builds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_run: RunCli
) -> None:
    """The outputs are in place but the manifest cannot be saved: the journal still records them."""
    out = fresh_out(builds, tmp_path)
    is_manifest = lambda _source, target, *rest: Path(target).name == "manifest.json"  # noqa: E731
    monkeypatch.setattr(os, "replace", fail_from(os.replace, 1, once=True, counts=is_manifest))
    result = cli_run("build", builds.src, "-o", out, "-j", "1")
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert "cannot write output: No space left on device" in result.stderr
    assert "not written" not in result.stderr
    assert snapshot(out) == builds.new
    again = build([builds.src], out, jobs=1)
    assert not again.failed and again.checked == () and again.unchanged == len(builds.ids)


def test_ctrl_c_between_two_renames_leaves_every_pair_whole(
    builds: Builds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted right after the second covenant's HTML is in place: its PDF follows before exit."""
    out = fresh_out(builds, tmp_path)
    original, into_output, seen = os.replace, _into_output(out), [0]

    def replace_then_interrupt(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        if into_output(*args):
            seen[0] += 1
            if seen[0] == 3:
                raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        build([builds.src], out, jobs=1)
    monkeypatch.undo()
    assert assert_pairs_whole(out, builds) == dict.fromkeys(builds.ids, "new")
    assert not (state_dir(out) / "journal.json").exists()


# --- (c) two builds at once --------------------------------------------------------------------------------


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
