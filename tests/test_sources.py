"""Sources are regular files in the folder named: links out, FIFOs, devices and sockets are refused.

A pull request can add a ``*.yaml`` that is a symbolic link to /etc/passwd or a CI secret,
or a file that never ends. Every refusal is a located CG001 with a hint, exit status 1, and
nothing of the refused file in any message; the secret below must never be printed.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import Result

from convenantgen import loader, sources
from convenantgen.build import build, check_all
from convenantgen.loader import load_file
from helpers import MINIMAL

RunCli = Callable[..., Result]
SECRET = "S3CR3T-d0-n0t-sh0w"
# What a link may point at: YAML that would be quoted back, text that is no YAML, bytes that are no UTF-8.
SECRETS = {
    "yaml": f"{SECRET}: 1\n".encode(),
    "not-yaml": f"{SECRET}: [\n  {SECRET}".encode(),
    "not-utf8": b"\xff\xfe " + SECRET.encode() + b" \x80",
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/repo/conv/ holding one good covenant; tmp/outside/ next to the repo."""
    conv = tmp_path / "repo" / "conv"
    conv.mkdir(parents=True)
    (conv / "minimaal.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    return conv


def _no_secret(result: Result) -> None:
    assert SECRET not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- links -------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", SECRETS.values(), ids=SECRETS.keys())
@pytest.mark.parametrize("how", ["check-folder", "check-file", "check-json", "build", "verify"])
def test_link_out_of_the_folder_is_refused_unread(
    cli_run: RunCli, tree: Path, tmp_path: Path, content: bytes, how: str
) -> None:
    (tmp_path / "outside" / "secret.yaml").write_bytes(content)
    link = tree / "evil.yaml"
    link.symlink_to(Path("..", "..", "outside", "secret.yaml"))
    args = {
        "check-folder": ("check", tree),
        "check-file": ("check", link),
        "check-json": ("check", "--format", "json", tree),
        "build": ("build", tree, "-o", tmp_path / "out", "--html-only"),
        "verify": ("verify", tree / "minimaal.yaml", link),  # the PDF is never reached
    }[how]
    result = cli_run(*args)
    assert result.exit_code == 1, result.output
    assert "CG001" in result.output
    assert "symbolic link to a place outside" in result.output
    _no_secret(result)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ", "/dev/zero"])
def test_link_to_a_system_file_is_refused(tree: Path, target: str) -> None:
    link = tree / "system.yaml"
    link.symlink_to(target)
    _, findings, _ = check_all([tree])
    (finding,) = [f for f in findings if f.path == str(link)]
    assert (finding.code, finding.line, finding.column) == ("CG001", 1, 1)
    assert "outside" in finding.message and target not in finding.message
    assert finding.hint


def test_a_link_out_cannot_tell_whether_its_target_exists(tree: Path, tmp_path: Path) -> None:
    """Otherwise a pull request could probe the runner for files such as ~/.aws/credentials."""
    (tmp_path / "outside" / "er.yaml").write_text("a: 1\n", encoding="utf-8")
    (tree / "er.yaml").symlink_to(tmp_path / "outside" / "er.yaml")
    (tree / "weg.yaml").symlink_to(tmp_path / "outside" / "weg.yaml")
    (there,), (missing,) = load_file(tree / "er.yaml")[1], load_file(tree / "weg.yaml")[1]
    assert there.message == missing.message
    assert "outside" in there.message


def test_link_inside_the_folder_is_followed(cli_run: RunCli, tree: Path) -> None:
    (tree / "minimaal.yaml").unlink()
    (tree / "data").mkdir()
    (tree / "data" / "minimaal.txt").write_text(MINIMAL, encoding="utf-8")
    (tree / "minimaal.yaml").symlink_to(Path("data", "minimaal.txt"))
    for named in (tree, tree / "minimaal.yaml"):
        result = cli_run("check", named)
        assert result.exit_code == 0, result.output
        assert "1 file checked: 0 error(s)" in result.output


def test_link_up_is_followed_only_from_the_folder_named(tree: Path) -> None:
    """A file named directly has its own folder as root; one found in a folder, that folder."""
    (tree / "sub").mkdir()
    (tree / "minimaal.yaml").rename(tree / "minimaal.txt")
    up = tree / "sub" / "up.yaml"
    up.symlink_to(Path("..", "minimaal.txt"))
    _, findings, _ = check_all([tree])
    assert [f for f in findings if f.code == "CG001"] == []
    source, (finding,) = load_file(up)
    assert source is None and finding.code == "CG001"
    assert f"outside '{tree / 'sub'}'" in finding.message


@pytest.mark.parametrize("kind", ["broken", "loop"])
def test_link_that_leads_nowhere_is_a_finding_in_check_and_build(
    tree: Path, tmp_path: Path, kind: str
) -> None:
    if kind == "broken":
        (tree / "weg.yaml").symlink_to("bestaat-niet.yaml")
    else:
        (tree / "a.yaml").symlink_to("b.yaml")
        (tree / "b.yaml").symlink_to("a.yaml")
    result = build([tree], tmp_path / "out", formats=("html",))
    assert result.failed and not result.written
    refused = [f for f in result.findings if f.code == "CG001"]
    assert refused and all("leads nowhere" in f.message for f in refused)
    assert len(refused) == (1 if kind == "broken" else 2)


# --- folders -----------------------------------------------------------------------------------


def test_linked_folder_out_is_not_walked(cli_run: RunCli, tree: Path, tmp_path: Path) -> None:
    (tmp_path / "outside" / "secret.yaml").write_bytes(SECRETS["yaml"])
    (tree / "gedeeld").symlink_to(tmp_path / "outside", target_is_directory=True)
    result = cli_run("check", tree)
    assert result.exit_code == 0, result.output
    assert "1 file checked" in result.output
    _no_secret(result)


def test_linked_folder_inside_is_not_walked_twice(tree: Path) -> None:
    (tree / "sub").mkdir()
    (tree / "minimaal.yaml").rename(tree / "sub" / "minimaal.yaml")
    (tree / "alias").symlink_to("sub", target_is_directory=True)
    assert list(sources.discover([tree])) == [tree / "sub" / "minimaal.yaml"]


def test_folder_named_as_a_link_out_is_refused(cli_run: RunCli, tree: Path, tmp_path: Path) -> None:
    (tmp_path / "outside" / "secret.yaml").write_bytes(SECRETS["yaml"])
    linked = tree.parent / "linked"
    linked.symlink_to(tmp_path / "outside", target_is_directory=True)
    result = cli_run("check", linked)
    assert result.exit_code == 1, result.output
    assert f"{linked}:1:1: CG001 error: a symbolic link to a place outside '{tree.parent}'" in result.output
    _no_secret(result)


def test_folder_named_as_a_link_inside_is_walked(cli_run: RunCli, tree: Path) -> None:
    alias = tree.parent / "alias"
    alias.symlink_to("conv", target_is_directory=True)
    result = cli_run("check", alias)
    assert result.exit_code == 0, result.output
    assert f"{alias / 'minimaal.yaml'}: CG600" in result.output


# --- FIFOs, devices, sockets -------------------------------------------------------------------


class _Writer(threading.Thread):
    """Feeds ``data`` into a FIFO as soon as a reader opens it, so a reader that should not
    have opened it ends instead of hanging; ``opened`` records whether one ever did."""

    def __init__(self, fifo: Path, data: bytes) -> None:
        super().__init__(daemon=True)
        self.fifo = fifo
        self.data = data
        self.stop = threading.Event()
        self.opened = False

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: nobody reads yet
                self.stop.wait(0.01)
                continue
            self.opened = True
            try:
                os.set_blocking(fd, True)
                os.write(fd, self.data)
            except OSError:  # EPIPE: the reader gave up first
                pass
            finally:
                os.close(fd)
            return


@contextmanager
def fed_fifo(path: Path, data: bytes) -> Iterator[_Writer]:
    """A FIFO at ``path`` with a writer standing by."""
    os.mkfifo(path)
    writer = _Writer(path, data)
    writer.start()
    try:
        yield writer
    finally:
        writer.stop.set()
        writer.join(timeout=30)


FIFO_DATA = MINIMAL.encode() + f"# {SECRET}\n".encode() + b"#" * (loader.MAX_BYTES + 10)


@pytest.mark.parametrize("named", ["file", "folder"])
def test_fifo_is_refused_without_hanging(cli_run: RunCli, tree: Path, named: str) -> None:
    fifo = tree / "pijp.yaml"
    with fed_fifo(fifo, FIFO_DATA):
        result = cli_run("check", fifo if named == "file" else tree)
    assert result.exit_code == 1, result.output
    assert f"{fifo}:1:1: CG001 error: the file is a named pipe (FIFO), not a regular file" in result.output
    _no_secret(result)


def test_fifo_without_a_writer_does_not_block(tree: Path) -> None:
    fifo = tree / "pijp.yaml"
    os.mkfifo(fifo)
    done: list[tuple[object, ...]] = []
    reader = threading.Thread(target=lambda: done.append(load_file(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=30)  # a guard against hanging the suite, not a speed test
    blocked = reader.is_alive()
    if blocked:  # release the reader, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join()
    assert not blocked, "opening a FIFO with no writer blocked"
    ((source, (finding,)),) = done
    assert source is None and "named pipe" in finding.message


def test_build_hashes_sources_through_the_same_reader(tree: Path, tmp_path: Path) -> None:
    """build() reads every source for its manifest before check does: that read must not
    follow a link out either (here to a FIFO, which a plain read would open and drain)."""
    with fed_fifo(tmp_path / "outside" / "pijp", FIFO_DATA) as writer:
        (tree / "pijp.yaml").symlink_to(tmp_path / "outside" / "pijp")
        result = build([tree], tmp_path / "out", formats=("html",))
    assert result.failed
    assert [f.code for f in result.findings if f.path == str(tree / "pijp.yaml")] == ["CG001"]
    assert not writer.opened


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_device_is_refused_before_reading(device: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} does not exist here")
    read: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    source, (finding,) = load_file(Path(device))
    assert source is None
    assert (finding.code, finding.line, finding.column) == ("CG001", 1, 1)
    assert "the file is a device, not a regular file" in finding.message
    assert read == []


def test_socket_is_refused(tree: Path) -> None:
    path = tree / "sok.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        for findings in (load_file(path)[1], check_all([tree])[1]):
            (finding,) = [f for f in findings if f.path == str(path)]
            assert finding.code == "CG001"
            assert "not a regular file" in finding.message
    finally:
        server.close()


# --- the size limit applies to what is read ----------------------------------------------------


def test_proc_file_that_stats_as_empty_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    status = Path("/proc/self/status")
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("no /proc here")
    monkeypatch.setattr(loader, "MAX_BYTES", 100)  # /proc/self/status holds about 1.4 kB
    source, (finding,) = load_file(status)
    assert source is None and finding.code == "CG001"
    assert finding.message == "the file is more than 100 bytes; the limit is 100"


def test_no_more_than_the_limit_is_read_whatever_stat_says(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tree / "groot.yaml"
    big.write_bytes(b"a: 1\n" + b"#" * 10_000)
    monkeypatch.setattr(loader, "MAX_BYTES", 1000)
    real_fstat = os.fstat

    def lying_fstat(fd: int) -> os.stat_result:
        fields = list(real_fstat(fd))
        fields[stat.ST_SIZE] = 0
        return os.stat_result(fields)

    read: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        chunk = real_read(fd, n)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "fstat", lying_fstat)
    monkeypatch.setattr(os, "read", counting_read)
    source, (finding,) = load_file(big)
    assert source is None and "more than 1,000 bytes" in finding.message
    assert sum(read) == 1001


# --- neighbours --------------------------------------------------------------------------------


def test_hard_link_is_an_ordinary_file(tree: Path, tmp_path: Path) -> None:
    """Git never checks out a hard link; one made locally is a regular file like any other."""
    elsewhere = tmp_path / "outside" / "minimaal.yaml"
    (tree / "minimaal.yaml").rename(elsewhere)
    os.link(elsewhere, tree / "minimaal.yaml")
    _, findings, _ = check_all([tree])
    assert [f for f in findings if f.severity.value == "error"] == []


def test_a_name_with_a_line_break_stays_on_one_line(cli_run: RunCli, tree: Path) -> None:
    odd = tree / "minimaal.yaml\n1.yaml:1:1: CG000 error: forged"
    odd.write_text("a: [\n", encoding="utf-8")
    result = cli_run("check", odd)
    assert result.exit_code == 1
    assert not any(line.startswith("1.yaml") for line in result.output.splitlines())
    assert "minimaal.yaml\\u000a1.yaml" in result.output
