"""The command line: exit codes, help, the scaffold, the schema, and no tracebacks.

Most tests run ``convenantgen.cli.cli`` in-process with click's CliRunner (fixture
``cli_run``); a few run the installed console script in a subprocess, because only there
can ``cli.main``'s promise of no traceback, and which modules get imported, be observed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from convenantgen.cli import cli
from helpers import EXAMPLES, GOOI, MINIMAL, REPO_ROOT, SEED, mutate

RunCli = Callable[..., Result]
RunSub = Callable[..., subprocess.CompletedProcess[str]]


# --- exit codes --------------------------------------------------------------------------------


def test_check_clean_exits_0(cli_run: RunCli, convenants_dir: Path) -> None:
    result = cli_run("check", convenants_dir)
    assert result.exit_code == 0, result.output
    # six covenants and the progress file beside one of them
    assert "7 files checked: 0 error(s), 0 warning(s)" in result.stdout


def test_check_with_problems_exits_1(cli_run: RunCli) -> None:
    result = cli_run("check", EXAMPLES / "invalid" / "cg101-totaal-klopt-niet.yaml")
    assert result.exit_code == 1
    path = EXAMPLES / "invalid" / "cg101-totaal-klopt-niet.yaml"
    line = next(
        (i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "totaal: 27" in text)
    )
    assert f"{path}:{line}:" in result.stdout
    assert "CG101 error: 2027: total 27 is not 20 + 8 = 28" in result.stdout
    assert "    hint: " in result.stdout
    assert "1 file checked: 1 error(s), 0 warning(s)" in result.stdout


def test_warnings_alone_exit_0_and_1_with_strict(cli_run: RunCli) -> None:
    path = EXAMPLES / "invalid" / "cg007-geen-modeline.yaml"
    assert cli_run("check", path).exit_code == 0
    assert cli_run("check", "--strict", path).exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("check", "bestaat-niet.yaml"),
        ("check", "--format", "xml", "convenants"),
        ("check", "--bestaat-niet", "convenants"),
        ("build",),
        ("new",),
        ("new", "Geen_Geldig_Id"),
        ("bestaat-niet",),
    ],
    ids=lambda a: " ".join(a) or "none",
)
def test_usage_errors_exit_2(cli_run: RunCli, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO_ROOT)
    result = cli_run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_folder_without_covenants_is_a_usage_error(cli_run: RunCli, tmp_path: Path) -> None:
    (tmp_path / "leesmij.txt").write_text("geen convenant", encoding="utf-8")
    result = cli_run("check", tmp_path)
    assert result.exit_code == 2
    assert "no covenant files" in result.output


def test_build_output_that_is_a_file_is_a_usage_error(cli_run: RunCli, tmp_path: Path) -> None:
    occupied = tmp_path / "bezet"
    occupied.write_text("x", encoding="utf-8")
    result = cli_run("build", EXAMPLES / "valid" / "minimaal.yaml", "-o", occupied, "--html-only")
    assert result.exit_code == 2
    assert occupied.read_text(encoding="utf-8") == "x"


# --- help --------------------------------------------------------------------------------------


def test_every_command_has_help_with_examples(cli_run: RunCli) -> None:
    assert {"check", "build", "new", "schema"} <= set(cli.commands)
    top = cli_run("--help")
    assert top.exit_code == 0 and "Examples" in top.stdout
    for name in sorted(cli.commands):
        result = cli_run(name, "--help")
        assert result.exit_code == 0, name
        assert "Examples" in result.stdout, name
        assert f"convenantgen {name}" in result.stdout, name
        assert cli_run(name, "-h").stdout == result.stdout


def test_version(cli_run: RunCli) -> None:
    from convenantgen import __version__

    result = cli_run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"convenantgen, version {__version__}"


# --- new ---------------------------------------------------------------------------------------


def test_new_scaffold_passes_check(cli_run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "regio" / "holland-rijnland-2027.yaml"
    result = cli_run("new", "holland-rijnland-2027", "-o", target, "--regio", "Holland Rijnland")
    assert result.exit_code == 0, result.output
    assert target.exists()
    assert f"created {target}" in result.stdout
    checked = cli_run("check", "--strict", target)
    assert checked.exit_code == 0, checked.output
    assert "1 file checked: 0 error(s), 0 warning(s)" in checked.stdout


def test_new_modeline_points_at_the_schema(cli_run: RunCli, tmp_path: Path, schema_file: Path) -> None:
    target = tmp_path / "a" / "b" / "nieuw-2027.yaml"
    assert cli_run("new", "nieuw-2027", "-o", target).exit_code == 0
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (target.parent / first.split("$schema=", 1)[1]).resolve()
    assert schema == schema_file.resolve()


def test_new_quotes_title_and_region(cli_run: RunCli, tmp_path: Path) -> None:
    from convenantgen.pipeline import check_file

    target = tmp_path / "quotes-2027.yaml"
    titel = 'Convenant "Samen": aan de slag # echt'
    regio = "Regio's Noord\\Zuid"
    assert cli_run("new", "quotes-2027", "-o", target, "--titel", titel, "--regio", regio).exit_code == 0
    checked = check_file(target)
    assert checked.findings == ()
    assert checked.covenant is not None
    assert (checked.covenant.titel, checked.covenant.regio_naam) == (titel, regio)


def test_new_default_target_is_in_convenants(
    cli_run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli_run("new", "proef-2027")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "convenants" / "proef-2027.yaml").exists()


def test_new_refuses_to_overwrite(cli_run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "bestaat.yaml"
    target.write_text("mijn werk\n", encoding="utf-8")
    result = cli_run("new", "bestaat-2027", "-o", target)
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert target.read_text(encoding="utf-8") == "mijn werk\n"


@pytest.mark.parametrize(
    ("covenant_id", "said"),
    [
        ("Holland_Rijnland", "lower-case letters, digits and single hyphens"),
        ("a" * 65, "at most 64 characters"),
        ("con", "cannot be file names on Windows"),
        ("lpt1", "cannot be file names on Windows"),
    ],
)
def test_new_refuses_ids_the_schema_refuses(
    cli_run: RunCli, tmp_path: Path, covenant_id: str, said: str
) -> None:
    result = cli_run("new", covenant_id, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2
    assert said in result.output
    assert not (tmp_path / "x.yaml").exists()


# --- schema ------------------------------------------------------------------------------------


def test_schema_prints_the_schema(cli_run: RunCli, schema_file: Path) -> None:
    result = cli_run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(schema_file.read_text(encoding="utf-8"))


def test_schema_to_a_file(cli_run: RunCli, schema_file: Path, tmp_path: Path) -> None:
    target = tmp_path / ".vscode" / "convenant.schema.json"
    result = cli_run("schema", "-o", target)
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
        schema_file.read_text(encoding="utf-8")
    )


# --- build -------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_with_an_invalid_covenant_writes_nothing(cli_run: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "oud.html").write_text("vorige build", encoding="utf-8")
    before = snapshot(out)
    sources = tmp_path / "bronnen"
    sources.mkdir()
    (sources / "goed.yaml").write_text(MINIMAL, encoding="utf-8")
    bad = mutate(MINIMAL, "id: minimaal-2027", "id: fout-2027")
    (sources / "fout.yaml").write_text(mutate(bad, "    - partij: uwv\n", ""), encoding="utf-8")
    result = cli_run("build", sources, "-o", out)
    assert result.exit_code == 1
    assert "CG403" in result.stdout
    assert "nothing was written" in result.stderr
    assert snapshot(out) == before


def test_build_into_a_new_folder_with_an_invalid_covenant_creates_nothing(
    cli_run: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "nieuw"
    result = cli_run("build", SEED, "-o", out)
    assert result.exit_code == 1
    assert not out.exists()


def test_build_html_only(cli_run: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "html"
    result = cli_run("build", EXAMPLES / "valid" / "minimaal.yaml", "-o", out, "--html-only")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert written == ["minimaal.html"]
    assert (out / "minimaal.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_build_json_report(cli_run: RunCli, tmp_path: Path) -> None:
    result = cli_run("build", SEED, "-o", tmp_path / "uit", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"] == 5


# --- no heavy imports, no tracebacks -------------------------------------------------------------


# check must stay fast: no renderer (Jinja2), no PDF stack (WeasyPrint, pyHanko). markdown-it stays:
# the checks parse the text with it.
HEAVY = ("weasyprint", "jinja2", "pyhanko")


def test_check_does_not_import_the_renderers(
    python_subprocess: Callable[[str], subprocess.CompletedProcess[str]],
) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import convenantgen.cli\n"
        f"result = CliRunner().invoke(convenantgen.cli.cli, ['check', {str(GOOI)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    done = python_subprocess(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_console_script_checks_the_real_covenants(cli_subprocess: RunSub) -> None:
    done = cli_subprocess("check", "convenants/")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 error(s), 0 warning(s)" in done.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "convenantgen", "check", str(GOOI)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr


BROKEN = {
    "control-character.yaml": b"formaat: 1\nid: x\x07y\n",
    "latin1.yaml": "titel: café\n".encode("latin-1"),
    "utf16.yaml": "titel: x\n".encode("utf-16"),
    "binary.yaml": bytes(range(256)),
    "list.yaml": b"- a\n- b\n",
    "scalar.yaml": b"alleen tekst\n",
    "tab.yaml": b"a:\n\tb: 1\n",
    "alias.yaml": b"a: &x [1]\nb: *x\n",
    "deep.yaml": b"a: " + b"[" * 3000 + b"]" * 3000 + b"\n",
    "empty.yaml": b"",
    "unclosed.yaml": b'titel: "open\n',
    "wrong-types.yaml": (
        b"formaat: 1\nid: 5\ntitel: [a]\nregio: x\npartijen: {}\n"
        b"artikelen: 1\nlooptijd: []\nondertekening: null\n"
    ),
}


def test_broken_files_give_findings_not_tracebacks(cli_subprocess: RunSub, tmp_path: Path) -> None:
    for name, data in BROKEN.items():
        (tmp_path / name).write_bytes(data)
    done = cli_subprocess("check", tmp_path)
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert "internal error" not in output
    assert done.returncode == 1, output
    for name in BROKEN:
        assert f"{tmp_path / name}:" in done.stdout, name
    assert f"{len(BROKEN)} files checked" in done.stdout


def test_broken_file_through_build_gives_no_traceback(cli_subprocess: RunSub, tmp_path: Path) -> None:
    (tmp_path / "kapot.yaml").write_bytes(b"formaat: 1\nid: [\n")
    done = cli_subprocess("build", tmp_path / "kapot.yaml", "-o", tmp_path / "uit")
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 1
    assert "CG002" in done.stdout
    assert not (tmp_path / "uit").exists()


def test_build_strict_refuses_warnings(cli_run: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    source = EXAMPLES / "invalid" / "cg007-geen-modeline.yaml"
    result = cli_run("build", source, "-o", out, "--html-only", "--strict")
    assert result.exit_code == 1
    assert not out.exists()
    assert cli_run("build", source, "-o", out, "--html-only").exit_code == 0
    assert (out / "cg007-geen-modeline.html").exists()


def test_rebuild_skips_unchanged_and_repairs_edited_output(cli_run: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    source = EXAMPLES / "valid" / "minimaal.yaml"
    assert cli_run("build", source, "-o", out, "--html-only").exit_code == 0
    page = out / "minimaal.html"
    original = page.read_bytes()
    again = cli_run("build", source, "-o", out, "--html-only")
    assert again.exit_code == 0, again.output
    assert page.read_bytes() == original
    page.write_text("met de hand bewerkt", encoding="utf-8")
    repaired = cli_run("build", source, "-o", out, "--html-only")
    assert repaired.exit_code == 0, repaired.output
    assert page.read_bytes() == original


# --- cli.main: the console entry point ------------------------------------------------------------


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom")


def test_main_turns_a_bug_into_a_short_message_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import convenantgen.pipeline
    from convenantgen.cli import main

    monkeypatch.delenv("CONVENANTGEN_DEBUG", raising=False)
    monkeypatch.setattr(convenantgen.pipeline, "check_all", _boom)
    monkeypatch.setattr(sys, "argv", ["convenantgen", "check", str(GOOI)])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "CONVENANTGEN_DEBUG=1" in err
    assert "Traceback" not in err


def test_main_reraises_when_debugging(monkeypatch: pytest.MonkeyPatch) -> None:
    import convenantgen.pipeline
    from convenantgen.cli import main

    monkeypatch.setenv("CONVENANTGEN_DEBUG", "1")
    monkeypatch.setattr(convenantgen.pipeline, "check_all", _boom)
    monkeypatch.setattr(sys, "argv", ["convenantgen", "check", str(GOOI)])
    with pytest.raises(RuntimeError, match="boom"):
        main()


def test_main_on_interrupt_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import convenantgen.pipeline
    from convenantgen.cli import main

    def interrupt(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(convenantgen.pipeline, "check_all", interrupt)
    monkeypatch.setattr(sys, "argv", ["convenantgen", "check", str(GOOI)])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 130
    assert "interrupted" in capsys.readouterr().err
