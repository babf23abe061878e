"""The output folder holds only outputs, and a build deletes or trusts only what it wrote there.

- the manifest, lock, journal and staged files live in ``.convenantgen/<name>/`` beside the
  output folder; what an older version left inside it is moved out and removed;
- outputs of a deleted or renamed covenant are listed as stale, and ``--prune`` removes them,
  but never a file a user put there or changed;
- the manifest and the journal are untrusted input: wrong types or names outside the folder
  make the build neither delete nor trust anything;
- an output that was changed, deleted, or replaced by a link or a FIFO is rebuilt.

HTML-only builds keep these tests fast; the pair logic is in test_atomic.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from convenantgen import state
from convenantgen.build import build
from helpers import GOOI, MINIMAL, REPO_ROOT, ZK, mutate

RunCli = Callable[..., Result]
HTML = ("html",)


def state_dir(out: Path) -> Path:
    return out.resolve().parent / ".convenantgen" / out.name


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """Two small covenants, ``een-2027`` and ``twee-2027``."""
    folder = tmp_path / "bronnen"
    folder.mkdir()
    for cid in ("een-2027", "twee-2027"):
        (folder / f"{cid}.yaml").write_text(mutate(MINIMAL, "id: minimaal-2027", f"id: {cid}"), "utf-8")
    return folder


# --- where things are -------------------------------------------------------------------------------------


def test_the_output_folder_holds_only_outputs(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build([sources], out, formats=HTML)
    assert not result.failed
    assert names(out) == ["een-2027.html", "twee-2027.html"]
    assert names(state_dir(out)) == ["lock", "manifest.json"]
    entries = json.loads((state_dir(out) / "manifest.json").read_text())["entries"]
    assert sorted(Path(k).name for k in entries) == ["een-2027.yaml", "twee-2027.yaml"]


def test_what_an_older_version_left_in_the_output_folder_is_moved_out(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not build([sources], out, formats=HTML).failed
    # as the previous version left it: manifest and lock in the output folder, a temporary file
    (state_dir(out) / "manifest.json").rename(out / ".convenantgen-manifest.json")
    (out / ".convenantgen.lock").write_bytes(b"")
    (out / ".een-2027.html.k3j_x9ab.tmp").write_bytes(b"half")
    (out / ".mijn-notities.tmp").write_text("van iemand anders")  # not a name we make
    (out / "index.html").write_text("de eigen startpagina van de regio")
    result = build([sources], out, formats=HTML)
    assert not result.failed
    assert names(out) == [".mijn-notities.tmp", "een-2027.html", "index.html", "twee-2027.html"]
    # the entries moved with it: nothing had to be rendered again
    assert result.rendered == () and result.unchanged == 2


def test_a_state_folder_that_is_a_link_is_refused(sources: Path, tmp_path: Path, cli_run: RunCli) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (tmp_path / ".convenantgen").mkdir()
    (tmp_path / ".convenantgen" / "site").symlink_to(elsewhere, target_is_directory=True)
    result = cli_run("build", sources, "-o", tmp_path / "site", "--html-only")
    assert result.exit_code == 1
    assert "the state folder is a link or a file, not a folder; nothing was written" in result.stderr
    assert "hint: remove it" in result.stderr
    assert names(elsewhere) == []


def test_an_output_folder_on_another_disk_stages_inside_it_and_cleans_up(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mount point: a rename cannot cross disks, so the staging folder moves into the output."""
    seen = []

    def other_disk(first: Path, second: Path) -> bool:
        seen.append(first)
        return False

    monkeypatch.setattr(state, "same_disk", other_disk)
    out = tmp_path / "site"
    result = build([sources], out, formats=HTML)
    assert not result.failed and seen
    assert names(out) == ["een-2027.html", "twee-2027.html"]


# --- stale outputs --------------------------------------------------------------------------------------


def test_outputs_of_a_deleted_covenant_are_listed_then_pruned(
    sources: Path, tmp_path: Path, cli_run: RunCli
) -> None:
    out = tmp_path / "site"
    assert cli_run("build", sources, "-o", out, "--html-only").exit_code == 0
    (out / "eigen.html").write_text("door de regio zelf neergezet")
    (sources / "twee-2027.yaml").unlink()
    listed = cli_run("build", sources, "-o", out, "--html-only")
    assert listed.exit_code == 0, listed.output
    assert (
        "stale outputs: twee-2027.html (from a covenant no longer in the sources; --prune removes them)"
        in listed.stderr
    )
    assert "eigen.html" not in listed.stderr
    assert (out / "twee-2027.html").exists()
    again = cli_run("build", sources, "-o", out, "--html-only")
    assert "stale outputs: twee-2027.html" in again.stderr  # still known to be ours
    pruned = cli_run("build", sources, "-o", out, "--html-only", "--prune")
    assert pruned.exit_code == 0, pruned.output
    assert f"removed {out / 'twee-2027.html'} (a stale output)" in pruned.stderr
    assert names(out) == ["een-2027.html", "eigen.html"]
    assert "stale" not in cli_run("build", sources, "-o", out, "--html-only", "--prune").stderr


def test_a_changed_id_leaves_the_old_outputs_stale(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not build([sources], out, formats=HTML).failed
    path = sources / "twee-2027.yaml"
    path.write_text(mutate(path.read_text("utf-8"), "id: twee-2027", "id: drie-2027"), "utf-8")
    result = build([sources], out, formats=HTML)
    assert [p.name for p in result.outcome.stale] == ["twee-2027.html"]
    pruned = build([sources], out, formats=HTML, prune=True)
    assert [p.name for p in pruned.outcome.pruned] == ["twee-2027.html"]
    assert names(out) == ["drie-2027.html", "een-2027.html"]


def test_a_renamed_source_with_the_same_id_leaves_nothing_stale(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not build([sources], out, formats=HTML).failed
    (sources / "twee-2027.yaml").rename(sources / "tweede.yaml")
    result = build([sources], out, formats=HTML, prune=True)
    assert result.outcome.stale == () and result.outcome.pruned == ()
    assert names(out) == ["een-2027.html", "twee-2027.html"]


def test_building_one_file_does_not_make_the_others_stale(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not build([sources], out, formats=HTML).failed
    result = build([sources / "een-2027.yaml"], out, formats=HTML, prune=True, force=True)
    assert result.outcome.stale == () and result.outcome.pruned == ()
    assert names(out) == ["een-2027.html", "twee-2027.html"]


def test_a_stale_output_someone_changed_is_left_alone(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not build([sources], out, formats=HTML).failed
    (sources / "twee-2027.yaml").unlink()
    (out / "twee-2027.html").write_text("met de hand aangepast, nu van de regio")
    result = build([sources], out, formats=HTML, prune=True)
    assert result.outcome.stale == () and result.outcome.pruned == ()
    assert (out / "twee-2027.html").read_text() == "met de hand aangepast, nu van de regio"


# --- a tampered manifest or journal -----------------------------------------------------------------------


def _tamper(out: Path, change: Callable[[dict[str, object]], None]) -> None:
    path = state_dir(out) / "manifest.json"
    body = json.loads(path.read_text())
    change(body)
    path.write_text(json.dumps(body))


def test_a_manifest_naming_files_outside_the_folder_deletes_and_trusts_nothing(
    sources: Path, tmp_path: Path, cli_run: RunCli
) -> None:
    out = tmp_path / "a" / "site"
    victim = tmp_path / "victim.html"
    victim.write_text("not the build's to delete")
    outside = os.path.relpath(victim, out)  # ../../victim.html
    assert not build([sources], out, formats=HTML).failed

    def change(body: dict[str, object]) -> None:
        body["orphans"] = {outside: digest(victim), "/etc/passwd": digest(victim)}
        entries = body["entries"]
        assert isinstance(entries, dict)
        for entry in entries.values():
            entry["files"][outside] = digest(victim)

    _tamper(out, change)
    result = cli_run("build", sources, "-o", out, "--html-only", "--prune")
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "not the build's to delete"
    assert "victim" not in result.output
    # the tampered entries were not trusted: both covenants were rendered again
    assert "rendered 2 covenant(s), 0 unchanged" in result.stderr


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body.update(entries=[1, 2]),
        lambda body: body.update(orphans={"een-2027.html": 5}),
        lambda body: [e.update(files=["een-2027.html"]) for e in body["entries"].values()],
        lambda body: [e.update(covenant_id=5) for e in body["entries"].values()],
        lambda body: [e["keys"].update({n: 5 for n in e["keys"]}) for e in body["entries"].values()],
        lambda body: [e["keys"].update({"een-2027.pdf": "0" * 64}) for e in body["entries"].values()],
        lambda body: [e.update(keys={}) for e in body["entries"].values()],
        lambda body: [e.update(extra=1) for e in body["entries"].values()],
        lambda body: body["entries"].update({"relative\u0000key": next(iter(body["entries"].values()))}),
    ],
    ids=[
        "entries-list",
        "orphan-digest-int",
        "files-list",
        "id-int",
        "key-int",
        "key-without-file",
        "keys-missing",
        "extra-key",
        "nul-key",
    ],
)
def test_a_manifest_with_wrong_types_is_not_trusted(
    change: Callable[[dict[str, object]], object], sources: Path, tmp_path: Path, cli_run: RunCli
) -> None:
    out = tmp_path / "site"
    assert not build([sources], out, formats=HTML).failed
    _tamper(out, change)
    result = cli_run("build", sources, "-o", out, "--html-only")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "error(s)" in result.stdout and "CG1 " not in result.stdout


def test_a_manifest_that_is_not_json_is_ignored(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not build([sources], out, formats=HTML).failed
    (state_dir(out) / "manifest.json").write_bytes(b"[" * 100_000)
    result = build([sources], out, formats=HTML)
    assert not result.failed and len(result.rendered) == 2


def test_a_journal_naming_files_outside_the_folder_is_ignored(sources: Path, tmp_path: Path) -> None:
    """A journal whose pair names '../../victim.html' must not make recovery rename over it."""
    out = tmp_path / "a" / "site"
    assert not build([sources], out, formats=HTML).failed
    victim = tmp_path / "victim.html"
    victim.write_text("not the build's to touch")
    outside = os.path.relpath(victim, out)  # ../../victim.html
    # a 'staged' file where staging/new/../../victim.html points: the state folder itself
    (state_dir(out) / "victim.html").write_text("planted")
    (state_dir(out) / "staging" / "new").mkdir(parents=True)
    manifest = json.loads((state_dir(out) / "manifest.json").read_text())
    key, entry = next((k, e) for k, e in manifest["entries"].items() if k.endswith("een-2027.yaml"))
    files = {"een-2027.html": digest(out / "een-2027.html"), outside: "0" * 64}
    pair = {"key": key, "entry": {**entry, "files": files}, "files": files, "had": []}
    (state_dir(out) / "journal.json").write_text(json.dumps({"base": manifest, "drop": [], "pairs": [pair]}))
    result = build([sources], out, formats=HTML)
    assert not result.failed
    assert victim.read_text() == "not the build's to touch"
    assert not (state_dir(out) / "journal.json").exists()
    assert names(out) == ["een-2027.html", "twee-2027.html"]


# --- outputs changed on disk ------------------------------------------------------------------------------


def test_a_deleted_output_is_rebuilt(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not build([sources], out, formats=HTML).failed
    (out / "een-2027.html").unlink()
    result = build([sources], out, formats=HTML)
    assert [c.path for c in result.rendered] == [str(sources / "een-2027.yaml")]
    assert (out / "een-2027.html").is_file()


def test_an_output_replaced_by_a_link_to_the_same_bytes_is_not_trusted(sources: Path, tmp_path: Path) -> None:
    """The link could point anywhere; it is replaced by a real file, its target left alone."""
    out = tmp_path / "site"
    assert not build([sources], out, formats=HTML).failed
    copy = tmp_path / "elsewhere.html"
    shutil.copy(out / "een-2027.html", copy)
    (out / "een-2027.html").unlink()
    (out / "een-2027.html").symlink_to(copy)
    result = build([sources], out, formats=HTML)
    assert [c.path for c in result.rendered] == [str(sources / "een-2027.yaml")]
    assert not (out / "een-2027.html").is_symlink()
    assert digest(out / "een-2027.html") == digest(copy)


def test_an_output_replaced_by_a_fifo_does_not_hang_the_build(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not build([sources], out, formats=HTML).failed
    (out / "een-2027.html").unlink()
    os.mkfifo(out / "een-2027.html")
    done = subprocess.run(
        [sys.executable, "-m", "convenantgen", "build", str(sources), "-o", str(out), "--html-only"],
        capture_output=True,
        text=True,
        timeout=120,  # a blocking open of the FIFO would wait here for ever
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")},
    )
    assert done.returncode == 0, done.stderr
    assert (out / "een-2027.html").is_file()


def test_the_real_covenants_rebuild_incrementally(tmp_path: Path) -> None:
    """One unchanged, one changed: only the changed one is rendered, and both pairs stay whole."""
    src = tmp_path / "src"
    src.mkdir()
    for path in (GOOI, ZK):
        shutil.copy(path, src / path.name)
    out = tmp_path / "site"
    assert not build([src], out, formats=HTML).failed
    text = (src / ZK.name).read_text("utf-8")
    (src / ZK.name).write_text(text.replace("\ntitel: Convenant", "\ntitel: Nieuw Convenant", 1), "utf-8")
    result = build([src], out, formats=HTML)
    assert [Path(c.path).name for c in result.rendered] == [ZK.name]
    assert result.unchanged == 1
