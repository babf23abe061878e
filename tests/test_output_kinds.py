"""The table of output kinds, and a build that checks everything but renders only what changed.

- every kind of :data:`convenantgen.outputs.KINDS` renders what it says; ``--formats``
  selects kinds, and the default stays HTML and PDF;
- a per-covenant calendar is byte for byte what ``convenantgen calendar FILE`` writes, and
  the collection calendar what ``convenantgen calendar`` writes for all of them;
- a collection file is rendered again when one of its covenants changes, comes or goes,
  and not otherwise;
- an unchanged covenant is not rendered again, but it is checked again: its findings come
  from the covenants as they are now (a duplicate id in a new file is reported on it);
- a file is rendered again when what it is made of changed, and only then (the git commit
  is in the HTML and PDF, not in a calendar); kinds not asked for keep their files;
- a build that prints no PDF does not import WeasyPrint.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from convenantgen.build import BuildResult, build
from convenantgen.ical import build_calendar
from convenantgen.outputs import DEFAULT, KINDS, Options, select
from convenantgen.pipeline import Checked, check_file
from convenantgen.provenance import provenance
from convenantgen.render import render_html
from helpers import GOOI, MINIMAL, ZK, Built, mutate

RunCli = Callable[..., Result]
CALENDARS = ("ics", "calendar")


def _calendar(*items: Checked) -> bytes:
    return build_calendar((c.covenant, c.layout) for c in items if c.covenant and c.layout)


def _screen(item: Checked) -> bytes:
    assert item.covenant is not None and item.layout is not None
    extra = {**provenance(item), "pdf": f"{item.covenant.id}.pdf"}  # the page links to its PDF
    return render_html(item.covenant, item.layout, "screen", extra).html.encode("utf-8")


@pytest.fixture(scope="module")
def real() -> tuple[Checked, Checked]:
    return check_file(GOOI), check_file(ZK)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """Two small covenants, ``een-2027`` and ``twee-2027``."""
    folder = tmp_path / "bronnen"
    folder.mkdir()
    for cid in ("een-2027", "twee-2027"):
        (folder / f"{cid}.yaml").write_text(mutate(MINIMAL, "id: minimaal-2027", f"id: {cid}"), "utf-8")
    return folder


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def rendered(result: BuildResult) -> list[str]:
    return sorted(p.name for p in result.written)


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(mutate(path.read_text("utf-8"), old, new), "utf-8")


# --- the table --------------------------------------------------------------------------------------------


EXPECTED: dict[str, Callable[[Checked, Checked, Built], tuple[str, bytes]]] = {
    "html": lambda gooi, zk, built: (f"{GOOI.stem}.html", _screen(gooi)),
    "pdf": lambda gooi, zk, built: (f"{GOOI.stem}.pdf", built.pdf(GOOI.stem).read_bytes()),
    "ics": lambda gooi, zk, built: (f"{GOOI.stem}.ics", _calendar(gooi)),
    "yaml": lambda gooi, zk, built: (f"{GOOI.stem}.yaml", GOOI.read_bytes()),
    "calendar": lambda gooi, zk, built: ("convenanten.ics", _calendar(gooi, zk)),
}


def test_every_kind_of_the_table_is_tested_here() -> None:
    assert set(EXPECTED) == set(KINDS)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_kind_renders_what_it_says(name: str, real: tuple[Checked, Checked], built: Built) -> None:
    gooi, zk = real
    kind = KINDS[name]
    items = (gooi, zk) if kind.collection else (gooi,)
    file_name, data = EXPECTED[name](gooi, zk, built)
    assert kind.file_name(gooi.covenant.id if gooi.covenant else "") == file_name
    assert kind.render(items, Options()) == data


def test_only_the_pdf_needs_weasyprint_and_only_pages_print_the_commit() -> None:
    assert {k.name for k in KINDS.values() if k.needs_weasyprint} == {"pdf"}
    assert {k.name for k in KINDS.values() if k.uses_commit} == {"html", "pdf"}
    assert {k.name for k in KINDS.values() if k.collection} == {"calendar"}


def test_select_keeps_table_order_and_names_an_unknown_kind() -> None:
    assert [k.name for k in select(["calendar", "html", "html"])] == ["html", "calendar"]
    assert [k.name for k in select(DEFAULT)] == ["html", "pdf"]
    with pytest.raises(KeyError, match="docx"):
        select(["html", "docx"])


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), ["{}.html", "{}.pdf"]),
        (("--html-only",), ["{}.html"]),
        (("--formats", "ics,calendar"), ["convenanten.ics", "{}.ics"]),
        (("--formats", " yaml , html "), ["{}.html", "{}.yaml"]),
    ],
    ids=["default", "html-only", "calendars", "spaces"],
)
def test_formats_selects_what_is_written(
    options: tuple[str, ...], expected: list[str], cli_run: RunCli, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    source = src / "een-2027.yaml"
    source.write_text(mutate(MINIMAL, "id: minimaal-2027", "id: een-2027"), "utf-8")
    result = cli_run("build", src, "-o", tmp_path / "out", *options)
    assert result.exit_code == 0, result.output
    assert names(tmp_path / "out") == sorted(n.format("een-2027") for n in expected)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ("--formats", "html,docx"),
            "--formats: unknown kind 'docx'; choose from html, pdf, ics, yaml, calendar",
        ),
        (("--formats", ","), "--formats: no kind given"),
        (("--formats", "html", "--html-only"), "--html-only is short for --formats html"),
    ],
)
def test_formats_refuses_what_it_does_not_know(
    options: tuple[str, ...], message: str, cli_run: RunCli, sources: Path, tmp_path: Path
) -> None:
    result = cli_run("build", sources, "-o", tmp_path / "out", *options)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "out").exists()


# --- calendars: the same bytes as `convenantgen calendar` ------------------------------------------------


def test_calendars_of_a_build_are_those_of_the_calendar_command(cli_run: RunCli, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for path in (GOOI, ZK):
        shutil.copy(path, src / path.name)
    result = build([src], tmp_path / "out", formats=CALENDARS)
    assert not result.failed
    for path in (GOOI, ZK):
        assert cli_run("calendar", src / path.name, "-o", tmp_path / "one.ics").exit_code == 0
        assert (tmp_path / "out" / f"{path.stem}.ics").read_bytes() == (tmp_path / "one.ics").read_bytes()
    assert cli_run("calendar", src, "-o", tmp_path / "all.ics").exit_code == 0
    assert (tmp_path / "out" / "convenanten.ics").read_bytes() == (tmp_path / "all.ics").read_bytes()


# --- what is rendered again --------------------------------------------------------------------------------


def test_a_collection_is_rendered_again_when_a_member_changes_and_not_otherwise(
    sources: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = build([sources], out, formats=CALENDARS)
    assert rendered(first) == ["convenanten.ics", "een-2027.ics", "twee-2027.ics"]
    assert first.collections == ("convenanten.ics",)
    whole = (out / "convenanten.ics").read_bytes()

    again = build([sources], out, formats=CALENDARS)
    assert again.written == () and again.collections == () and again.unchanged == 2
    assert (out / "convenanten.ics").read_bytes() == whole

    edit(sources / "twee-2027.yaml", "titel: Convenant Inclusieve Arbeidsmarkt", "titel: Tweede Convenant")
    changed = build([sources], out, formats=CALENDARS)
    assert rendered(changed) == ["convenanten.ics", "twee-2027.ics"]
    assert [c.path for c in changed.rendered] == [str(sources / "twee-2027.yaml")]
    assert (out / "convenanten.ics").read_bytes() != whole
    assert b"Tweede Convenant" in (out / "convenanten.ics").read_bytes()

    (sources / "een-2027.yaml").unlink()  # a member that goes changes the collection too
    gone = build([sources], out, formats=CALENDARS)
    assert rendered(gone) == ["convenanten.ics"] and gone.rendered == ()
    assert (out / "convenanten.ics").read_bytes() == _calendar(check_file(sources / "twee-2027.yaml"))


def test_a_deleted_collection_file_is_rendered_again(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not build([sources], out, formats=CALENDARS).failed
    (out / "convenanten.ics").write_text("met de hand bewerkt")
    again = build([sources], out, formats=CALENDARS)
    assert rendered(again) == ["convenanten.ics"] and again.rendered == ()


def test_an_unchanged_covenant_is_checked_again_but_not_rendered_again(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not build([sources], out, formats=("html",)).failed
    page = out / "een-2027.html"
    written = page.stat().st_ino, page.read_bytes()

    edit(sources / "twee-2027.yaml", "titel: Convenant Inclusieve Arbeidsmarkt", "titel: Tweede Convenant")
    result = build([sources], out, formats=("html",))
    assert [Path(c.path).name for c in result.rendered] == ["twee-2027.yaml"]
    assert sorted(Path(c.path).name for c in result.checked) == ["een-2027.yaml", "twee-2027.yaml"]
    assert sorted(Path(f.path).name for f in result.facts) == ["een-2027.yaml", "twee-2027.yaml"]
    assert (page.stat().st_ino, page.read_bytes()) == written

    # a new file, sorted before it, takes its id: the unchanged covenant is now the second one
    (sources / "aaa.yaml").write_text(mutate(MINIMAL, "id: minimaal-2027", "id: een-2027"), "utf-8")
    clash = build([sources], out, formats=("html",))
    assert clash.failed and clash.written == ()
    duplicate = [f for f in clash.findings if f.code == "CG011"]
    assert [(Path(f.path).name, f.message) for f in duplicate] == [
        ("een-2027.yaml", f"the id 'een-2027' is also used by {sources / 'aaa.yaml'}")
    ]
    assert (page.stat().st_ino, page.read_bytes()) == written


def test_a_warning_of_an_unchanged_covenant_comes_from_checking_it_now(sources: Path, tmp_path: Path) -> None:
    """The manifest holds no findings: what a rebuild reports is what the covenant says now."""
    out = tmp_path / "out"
    edit(sources / "een-2027.yaml", "# yaml-language-server", "# geen modeline:")
    first = build([sources], out, formats=("html",))
    assert [f.code for f in first.findings] == ["CG007"]
    manifest = (out.parent / ".convenantgen" / out.name / "manifest.json").read_text()
    assert "CG007" not in manifest and "findings" not in manifest
    again = build([sources], out, formats=("html",))
    assert again.rendered == () and [f.code for f in again.findings] == ["CG007"]


def test_the_git_commit_renders_the_pages_again_and_not_the_calendar(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    formats = ("html", "ics")
    assert not build([sources], out, formats=formats, commit="a" * 40).failed
    calendar = (out / "een-2027.ics").stat().st_ino
    result = build([sources], out, formats=formats, commit="b" * 40)
    assert rendered(result) == ["een-2027.html", "twee-2027.html"]
    assert "commit bbbbbbbbbbbb" in (out / "een-2027.html").read_text("utf-8")
    assert (out / "een-2027.ics").stat().st_ino == calendar


def test_kinds_not_asked_for_keep_their_files(sources: Path, tmp_path: Path) -> None:
    """An HTML-only preview after a full build neither lists the PDFs as stale nor forgets them."""
    out = tmp_path / "out"
    assert not build([sources], out, formats=("html", "ics")).failed
    edit(sources / "een-2027.yaml", "titel: Convenant Inclusieve Arbeidsmarkt", "titel: Eerste Convenant")
    preview = build([sources], out, formats=("html",), prune=True)
    assert rendered(preview) == ["een-2027.html"]
    assert preview.outcome.stale == () and preview.outcome.pruned == ()
    assert names(out) == ["een-2027.html", "een-2027.ics", "twee-2027.html", "twee-2027.ics"]
    full = build([sources], out, formats=("html", "ics"))
    assert rendered(full) == ["een-2027.ics"]  # it still knew the calendar was of the old text
    assert b"Eerste Convenant" in (out / "een-2027.ics").read_bytes()


def test_force_renders_every_kind_again(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not build([sources], out, formats=CALENDARS).failed
    result = build([sources], out, formats=CALENDARS, force=True)
    assert rendered(result) == ["convenanten.ics", "een-2027.ics", "twee-2027.ics"]


# --- names that would clash ---------------------------------------------------------------------------


def test_a_covenant_named_like_a_collection_file_is_an_error(sources: Path, tmp_path: Path) -> None:
    edit(sources / "twee-2027.yaml", "id: twee-2027", "id: convenanten")
    result = build([sources], tmp_path / "out", formats=CALENDARS)
    assert result.failed and not (tmp_path / "out").exists()
    [clash] = [f for f in result.findings if f.code == "CG011"]
    assert (Path(clash.path).name, clash.line, clash.column) == ("twee-2027.yaml", 3, 5)
    assert clash.message == "the id 'convenanten' names convenanten.ics, the file of the 'calendar' output"
    assert not build([sources], tmp_path / "out", formats=("ics",)).failed  # no collection: no clash


def test_yaml_copies_are_refused_into_a_folder_that_holds_sources(
    sources: Path, tmp_path: Path, cli_run: RunCli
) -> None:
    before = {p.name: p.read_bytes() for p in sources.iterdir()}
    result = cli_run("build", sources, "-o", sources, "--formats", "html,yaml")
    assert result.exit_code == 1
    assert "which the 'yaml' copies could overwrite; nothing was written" in result.stderr
    assert {p.name: p.read_bytes() for p in sources.iterdir()} == before
    assert not (tmp_path / ".convenantgen").exists()
    assert cli_run("build", sources, "-o", sources, "--formats", "html").exit_code == 0


# --- the manifest ------------------------------------------------------------------------------------------


def _manifest(out: Path) -> Path:
    return out.parent / ".convenantgen" / out.name / "manifest.json"


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.update(files={"../../buiten.ics": e["files"]["convenanten.ics"]}),
        lambda e: e.update(covenant_id="een-2027"),
        lambda e: e["keys"].update({"convenanten.ics": "kapot"}),
    ],
    ids=["outside", "with-id", "bad-key"],
)
def test_a_tampered_collection_entry_is_not_trusted(
    change: Callable[[dict[str, object]], None], sources: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert not build([sources], out, formats=CALENDARS).failed
    body = json.loads(_manifest(out).read_text())
    change(body["entries"]["collection:calendar"])
    _manifest(out).write_text(json.dumps(body))
    again = build([sources], out, formats=CALENDARS)
    assert rendered(again) == ["convenanten.ics"] and again.rendered == ()


def test_a_collection_entry_of_a_kind_that_is_no_collection_is_dropped(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not build([sources], out, formats=CALENDARS).failed
    body = json.loads(_manifest(out).read_text())
    entries = body["entries"]
    entries["collection:html"] = entries.pop("collection:calendar")
    digest = "0" * 64  # '{id}.ics' with no id: the name a per-covenant kind gives no covenant
    entries["collection:ics"] = {"covenant_id": "", "files": {".ics": digest}, "keys": {".ics": digest}}
    _manifest(out).write_text(json.dumps(body))
    again = build([sources], out, formats=CALENDARS)
    assert rendered(again) == ["convenanten.ics"]
    kept = json.loads(_manifest(out).read_text())["entries"]
    assert sorted(Path(k).name for k in kept) == ["collection:calendar", "een-2027.yaml", "twee-2027.yaml"]


# --- imports ----------------------------------------------------------------------------------------------


def test_a_build_of_calendars_does_not_import_weasyprint(
    python_subprocess: Callable[[str], subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """Only the kinds that need WeasyPrint import it (``check`` is covered in test_cli.py)."""
    command = ["build", str(GOOI), "--formats", "html,ics,calendar,yaml", "-o", str(tmp_path / "out")]
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import convenantgen.cli\n"
        f"result = CliRunner().invoke(convenantgen.cli.cli, {command!r})\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'pydyf')))\n"
    )
    done = python_subprocess(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert sorted(p.name for p in (tmp_path / "out").iterdir())[0] == "convenanten.ics"
