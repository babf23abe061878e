"""``convenantgen text``: the rendered covenant as plain numbered text, and git's textconv driver."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from conftest import _console_script
from convenantgen.plaintext import html_to_text
from helpers import EXAMPLES, GOOI, MINIMAL, column_of, line_of, mutate


def test_text_is_the_numbered_page_with_references_and_notes_resolved(
    cli_run: Callable[..., Result],
) -> None:
    result = cli_run("text", GOOI)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Artikel 1. Doelstelling" in lines
    assert "Artikel 2. Uitvoering" in lines
    # a lid with its number, a footnote call by its number, the table as aligned rows
    assert any(line.startswith("1. De Partijen realiseren de banenafspraak[3] in de Regio") for line in lines)
    assert "   2025  1.250       212      1.462" in lines
    # onderdelen one step in, sub-onderdelen two; [[references]] as the page words them
    assert any(
        line.startswith("   a. selecteren, ontwikkelen en plaatsen voldoende kandidaten") for line in lines
    )
    assert "      i. Een vaste contactpersoon;" in lines
    assert any("marktbewerkingsplan zoals genoemd in het derde lid." in line for line in lines)
    assert any("zoals genoemd in artikel 1, eerste lid;" in line for line in lines)
    # the notes, numbered as their calls
    notes = lines.index("Noten")
    assert lines[notes + 1].startswith("[1] De regio Gooi en Vechtstreek bestaat voor dit convenant uit")
    assert "[[" not in result.output and "<" not in result.output and "tekst:" not in result.output


def test_text_marks_model_text_and_external_links_and_skips_hidden_parts() -> None:
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body>"
        '<div aria-hidden="true">paraaf</div></span>'
        '<ol class="leden"><li class="lid"><span class="label">1.</span> <div class="body">'
        '<p class="modelmerk">modeltekst</p><p>Zie <a href="https://example.org/x">de site</a> en'
        ' <a class="ref" href="#artikel-2">artikel 2</a>.<br>Tweede regel.</p></div></li></ol>'
        "</body></html>"
    )
    assert html_to_text(html) == (
        "1. [modeltekst] Zie de site <https://example.org/x> en artikel 2.\n   Tweede regel.\n"
    )


def test_a_broken_file_prints_its_findings_and_exits_1(
    tmp_path: Path, cli_run: Callable[..., Result]
) -> None:
    source = mutate(MINIMAL, "titel: Convenant Inclusieve Arbeidsmarkt", "titel: 12")
    bad = tmp_path / "fout.yaml"
    bad.write_text(source, encoding="utf-8")
    result = cli_run("text", bad)
    assert result.exit_code == 1
    assert result.stdout == ""
    line = line_of(source, "titel: 12")
    assert f"{bad}:{line}:{column_of(source, '12', line)}: CG010 error: titel must be text" in result.stderr


def test_fallback_prints_a_note_and_the_source_and_exits_0(
    tmp_path: Path, cli_run: Callable[..., Result]
) -> None:
    source = mutate(MINIMAL, "titel: Convenant Inclusieve Arbeidsmarkt", "titel: 12")
    bad = tmp_path / "fout.yaml"
    bad.write_text(source, encoding="utf-8")
    result = cli_run("text", "--fallback", bad)
    assert result.exit_code == 0
    note, rest = result.stdout.split("\n", 1)
    assert (
        note
        == "[convenantgen text: fout.yaml does not pass check (1 error(s)); its source follows as written]"
    )
    assert rest == source
    assert "does not pass check" in result.stderr


# --- git's diff driver ------------------------------------------------------------------


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "secretaris",
        "GIT_AUTHOR_EMAIL": "secretaris@example.invalid",
        "GIT_COMMITTER_NAME": "secretaris",
        "GIT_COMMITTER_EMAIL": "secretaris@example.invalid",
        "GIT_PAGER": "cat",
        "NO_COLOR": "1",
    }
    env.pop("CONVENANTGEN_DEBUG", None)
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=120, check=check, env=env
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with this project's .gitattributes and the driver configured as documented."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "regio"
    (root / "convenants").mkdir(parents=True)
    _git(root, "init", "-q")
    shutil.copy(Path(__file__).resolve().parents[1] / ".gitattributes", root / ".gitattributes")
    command = " ".join(shlex.quote(part) for part in _console_script())
    _git(root, "config", "diff.convenant.textconv", f"{command} text --fallback")
    (root / "convenants" / "gooi-en-vechtstreek-2015.yaml").write_bytes(GOOI.read_bytes())
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "2015")
    return root


def test_git_diff_and_log_show_the_rendered_text(repo: Path) -> None:
    path = repo / "convenants" / "gooi-en-vechtstreek-2015.yaml"
    old = "In 2015 en 2016 hebben Wajongers en Wsw’ers op de wachtlijst voorrang."
    new = "In 2015 en 2016 hebben Wajongers op de wachtlijst voorrang."
    path.write_text(mutate(path.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    diff = _git(repo, "diff").stdout
    assert f"-   {old}" in diff and f"+   {new}" in diff, diff
    assert "@@ Artikel 1. Doelstelling" in diff, diff  # the hunk names its article
    assert "slot:" not in diff and "leden:" not in diff, diff  # no YAML keys
    _git(repo, "commit", "-q", "-am", "Wsw'ers niet meer")
    log = _git(repo, "log", "-p", "--format=%s").stdout
    assert f"+   {new}" in log and "Wsw'ers niet meer" in log, log
    # the YAML itself is still there for who asks for it
    assert (
        "slot: In 2015 en 2016 hebben Wajongers op de wachtlijst"
        in _git(repo, "diff", "--no-textconv", "HEAD~1").stdout
    )


def test_git_log_goes_on_past_a_revision_that_does_not_pass_check(repo: Path) -> None:
    path = repo / "convenants" / "gooi-en-vechtstreek-2015.yaml"
    path.write_text(
        mutate(path.read_text(encoding="utf-8"), "titel: Convenant", "titel: 12 #"), encoding="utf-8"
    )
    _git(repo, "commit", "-q", "-am", "kapot")
    log = _git(repo, "log", "-p", "--format=%s", check=False)
    assert log.returncode == 0, log.stderr
    assert "+[convenantgen text: " in log.stdout and "does not pass check" in log.stdout, log.stdout
    assert "+titel: 12 #" in log.stdout  # the source as written, so the change is still seen
    assert "-Artikel 1. Doelstelling" in log.stdout  # against the rendered text of the revision before


def test_a_table_keeps_its_caption_and_computed_totals(cli_run: Callable[..., Result]) -> None:
    result = cli_run("text", EXAMPLES / "valid" / "berekend-totaal.yaml")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    caption = lines.index("   Extra banen per jaar, cumulatief")
    assert lines[caption + 1 : caption + 4] == [
        "   Jaar  Markt  Overheid  Totaal",
        "   2026    365       140     505",
        "   2027  1.250       212   1.462",
    ]
