"""Hostile and broken input: every file in ``tests/bad/`` is refused with a located finding.

Each file states what check must say about it in its first line,
``# expect: CODE LINE:COLUMN fragment-of-message`` (more ``# expect:`` lines may follow
directly below it); files that cannot carry a comment (empty, byte order mark, invalid
UTF-8) are listed in ``tests/bad/EXPECTATIONS.txt`` as ``NAME: CODE LINE:COLUMN fragment``.
Positions are where a person should look, 1-based as an editor shows them.

For every file:

- ``convenantgen check FILE`` exits 1 and prints ``FILE:LINE:COLUMN:``, the code and the
  fragment, and never a traceback or 'internal error';
- the library reports exactly the expected errors (warnings such as CG007 aside);
- ``convenantgen build FILE -o OUT`` exits 1 and leaves OUT exactly as it was.

The huge inputs (10 MB, nesting 1,000 deep, a 1.9 MB line) are generated per module.
Files that expose a bug in ``src`` are listed in ``REPORT_BUGS`` / ``BUILD_BUGS`` and run as
strict xfails: when the bug is fixed, the xfail turns into a failure and the entry goes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from convenantgen.build import check_all
from convenantgen.cli import cli
from convenantgen.findings import Severity
from convenantgen.loader import MAX_BYTES, MAX_DEPTH
from convenantgen.pipeline import check_file
from helpers import GOOI, MINIMAL, TESTS

BAD = TESTS / "bad"
EXPECTATIONS = BAD / "EXPECTATIONS.txt"
_EXPECT = re.compile(r"^#\s*expect:\s*(CG\d{3})\s+(\d+):(\d+)\s+(.+?)\s*$")
_LISTED = re.compile(r"^([^:#\s][^:]*):\s*(CG\d{3})\s+(\d+):(\d+)\s+(.+?)\s*$")

# --- known bugs in src (strict xfail: they must keep failing until fixed) ---------------------

_CRASH = "BUG: check raises instead of reporting a finding"
# name of a corpus file -> reason; fixed so far (the files stay as regression tests):
# BOM + invalid UTF-8 column, doubled BOM, id 'x\n' as a file name, U+2028 shifting lines,
# 'maand: "2026-10\n"' and 'jaar: 2025.0' crashing checks, 5000-digit numbers crashing the
# loader, terminal escapes echoed into the report, CG001 positions after multi-byte text.
REPORT_BUGS: dict[str, str] = {}
CRASHERS = {name for name, reason in REPORT_BUGS.items() if reason.startswith(_CRASH)}
BUILD_BUGS = {name: REPORT_BUGS[name] for name in CRASHERS}


@dataclass(frozen=True)
class Expectation:
    code: str
    line: int
    column: int
    fragment: str


@dataclass(frozen=True)
class Case:
    path: Path
    expected: tuple[Expectation, ...]


def _listed() -> dict[str, tuple[Expectation, ...]]:
    out: dict[str, list[Expectation]] = {}
    for raw in EXPECTATIONS.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        match = _LISTED.match(raw)
        assert match, f"EXPECTATIONS.txt: cannot read {raw!r}"
        name, code, line, column, fragment = match.groups()
        out.setdefault(name, []).append(Expectation(code, int(line), int(column), fragment))
    return {k: tuple(v) for k, v in out.items()}


def _commented(path: Path) -> tuple[Expectation, ...]:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    found = []
    for i, line in enumerate(lines):
        match = _EXPECT.match(line)
        if not match:
            break
        code, row, column, fragment = match.groups()
        found.append(Expectation(code, int(row), int(column), fragment))
        assert i == len(found) - 1
    return tuple(found)


def corpus() -> list[Case]:
    listed = _listed()
    cases = []
    for path in sorted(BAD.glob("*.yaml")):
        expected = listed.get(path.name) or _commented(path)
        cases.append(Case(path, expected))
    return cases


CASES = corpus()


def _params(bugs: dict[str, str]) -> list[object]:
    return [
        pytest.param(
            case,
            id=case.path.stem,
            marks=[pytest.mark.xfail(reason=bugs[case.path.name], strict=True)]
            if case.path.name in bugs
            else [],
        )
        for case in CASES
    ]


# --- generated huge inputs ---------------------------------------------------------------------

BASE = MINIMAL.split("\n", 1)[1]  # the minimal covenant without its modeline


def _huge(tmp: Path) -> Case:
    """10 MB: a valid covenant followed by megabytes of comment."""
    path = tmp / "huge-10mb.yaml"
    head = "# expect: CG001 1:1 the limit is\n" + BASE
    filler = ("# " + "x" * 1021 + "\n") * (10 * 1024)
    path.write_text(head + filler, encoding="utf-8")
    assert path.stat().st_size > 10 * 1024 * 1024 > MAX_BYTES
    return Case(path, (Expectation("CG001", 1, 1, "the limit is"),))


def _deep_flow(tmp: Path) -> Case:
    """A title nested 1,000 lists deep: refused at the first list deeper than the limit."""
    path = tmp / "nesting-1000-flow.yaml"
    text = BASE.replace("titel: Convenant Inclusieve Arbeidsmarkt", "titel: " + "[" * 1000 + "]" * 1000)
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("titel:"))) + 1
    # root mapping = level 1, the title's list = level 2: list number MAX_DEPTH is one too deep
    column = len("titel: ") + MAX_DEPTH
    return Case(path, (Expectation("CG005", line, column, f"deeper than {MAX_DEPTH}"),))


def _deep_block(tmp: Path) -> Case:
    """Block mappings nested 1,000 deep under 'titel'."""
    path = tmp / "nesting-1000-block.yaml"
    nested = "".join("  " * i + "a:\n" for i in range(1, 1000)) + "  " * 1000 + "a: x\n"
    text = BASE.replace("titel: Convenant Inclusieve Arbeidsmarkt\n", "titel:\n" + nested)
    path.write_text(text, encoding="utf-8")
    first = text.split("\n").index("titel:") + 1
    # mapping k (k = 1 under 'titel') is level k + 1 and its key level k + 2: the key of
    # mapping MAX_DEPTH - 1 is the first node deeper than the limit
    k = MAX_DEPTH - 1
    return Case(path, (Expectation("CG005", first + k, 2 * k + 1, f"deeper than {MAX_DEPTH}"),))


def _long_line(tmp: Path) -> Case:
    """A 1.9 MB one-line text: loads (under the 2 MB limit) and is refused by the schema."""
    path = tmp / "long-line-1900kb.yaml"
    old = "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt."
    text = BASE.replace(old, "    tekst: " + "De Partijen werken samen. " * 73_000)
    path.write_text(text, encoding="utf-8")
    assert 1_800_000 < path.stat().st_size < MAX_BYTES
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("    tekst:"))) + 1
    return Case(path, (Expectation("CG010", line, len("    tekst: ") + 1, "too long (limit 6,000)"),))


GENERATED = {
    "huge-10mb": _huge,
    "nesting-1000-flow": _deep_flow,
    "nesting-1000-block": _deep_block,
    "long-line-1900kb": _long_line,
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    tmp = tmp_path_factory.mktemp("generated-bad")
    return {name: make(tmp) for name, make in GENERATED.items()}


# --- helpers ------------------------------------------------------------------------------------


def run_cli(*args: str | Path) -> Result:
    """The click group in-process; exceptions stay on ``result.exception``."""
    return CliRunner(env={"NO_COLOR": "1"}).invoke(cli, [str(a) for a in args], catch_exceptions=True)


def assert_clean_failure(result: Result) -> None:
    """Exit 1 from a finding, not from an exception escaping the command."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"the command raised {result.exception!r}") from result.exception
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output


def assert_reports(output: str, path: Path, expected: tuple[Expectation, ...]) -> None:
    """Each expected finding is reported as 'PATH:LINE:COLUMN: CODE ...fragment...'."""
    for e in expected:
        where = f"{path}:{e.line}:{e.column}: "
        starts = [m.start() for m in re.finditer(re.escape(where), output)]
        assert starts, f"no finding at {where}\n{output[:3000]}"
        # a record runs to its hint line
        records = [output[s : output.find("\n    hint:", s) % (len(output) + 1)] for s in starts]
        assert any(r[len(where) :].startswith(e.code) and e.fragment in r for r in records), (e, records)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder`` (hidden ones too): file bytes, or None for a folder."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def _checked_errors(path: Path) -> set[tuple[str, int, int]]:
    """(code, line, column) of every error (warnings such as CG007 are advice, not asserted)."""
    return {(f.code, f.line, f.column) for f in check_file(path).findings if f.severity is Severity.ERROR}


# --- the corpus itself ---------------------------------------------------------------------------


def test_corpus_is_complete() -> None:
    names = {p.name for p in BAD.iterdir()}
    assert len(CASES) >= 60
    assert names == {c.path.name for c in CASES} | {"EXPECTATIONS.txt"}, "only *.yaml and EXPECTATIONS.txt"
    for case in CASES:
        assert case.expected, f"{case.path.name}: no '# expect:' line and not in EXPECTATIONS.txt"
    listed = _listed()
    assert set(listed) <= names, set(listed) - names
    for name in listed:
        raw = (BAD / name).read_bytes()
        assert not raw.startswith(b"# expect:"), f"{name} carries its expectation twice"
    for name in set(REPORT_BUGS) | set(BUILD_BUGS):
        assert name in names, f"known bug names a file that is gone: {name}"
    assert len({case.path.read_bytes() for case in CASES}) == len(CASES), "two corpus files are identical"


def test_corpus_covers_every_loader_code() -> None:
    codes = {e.code for case in CASES for e in case.expected}
    assert {"CG001", "CG002", "CG003", "CG004", "CG005", "CG006", "CG010"} <= codes
    assert {"CG101", "CG301", "CG303", "CG404"} <= codes


# --- check -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _params(REPORT_BUGS))
def test_check_reports_the_expected_finding(case: Case) -> None:
    result = run_cli("check", case.path)
    assert_clean_failure(result)
    assert_reports(result.output, case.path, case.expected)


@pytest.mark.parametrize("case", _params(REPORT_BUGS))
def test_library_reports_exactly_the_expected_errors(case: Case) -> None:
    got = _checked_errors(case.path)
    want = {(e.code, e.line, e.column) for e in case.expected}
    assert got == want


@pytest.mark.parametrize("name", list(GENERATED))
def test_check_refuses_generated_huge_input(name: str, generated: dict[str, Case]) -> None:
    case = generated[name]
    result = run_cli("check", case.path)
    assert_clean_failure(result)
    assert_reports(result.output, case.path, case.expected)
    assert _checked_errors(case.path) == {(e.code, e.line, e.column) for e in case.expected}


def test_folder_check_agrees_with_file_by_file_check(tmp_path: Path) -> None:
    """A folder of 8+ files goes through the compiled (fastjsonschema) validator first."""
    folder = tmp_path / "bad"
    shutil.copytree(BAD, folder)
    for name in CRASHERS:  # each of these alone stops a folder check: see REPORT_BUGS
        (folder / name).unlink()
    files = sorted(folder.glob("*.yaml"))
    _, batch, _ = check_all([folder])
    by_file: dict[str, set[tuple[str, int, int, str]]] = {}
    for f in batch:
        by_file.setdefault(f.path, set()).add((f.code, f.line, f.column, f.message))
    for path in files:
        alone = {(f.code, f.line, f.column, f.message) for f in check_file(path).findings}
        assert by_file.get(str(path), set()) == alone, path.name


def test_folder_check_of_the_whole_corpus_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(BAD, folder)
    for name in CRASHERS:
        (folder / name).unlink()
    result = run_cli("check", folder)
    assert_clean_failure(result)
    checked = len(list(folder.glob("*.yaml")))
    assert f"{checked} files checked:" in result.output


# --- build -------------------------------------------------------------------------------------------


def _build_leaves_output_alone(path: Path, out: Path) -> None:
    out.mkdir()
    (out / "keep.txt").write_bytes(b"kept \x00\xff bytes\n")
    (out / ".hidden").write_text("hidden\n")
    before = snapshot(out)
    result = run_cli("build", path, "-o", out)
    assert_clean_failure(result)
    assert "nothing was written" in result.output
    assert snapshot(out) == before
    assert not [p for p in out.rglob("*.tmp")]


@pytest.mark.parametrize("case", _params(BUILD_BUGS))
def test_build_refuses_and_leaves_the_output_folder_alone(case: Case, tmp_path: Path) -> None:
    _build_leaves_output_alone(case.path, tmp_path / "out")


@pytest.mark.parametrize("name", list(GENERATED))
def test_build_refuses_generated_huge_input(name: str, generated: dict[str, Case], tmp_path: Path) -> None:
    _build_leaves_output_alone(generated[name].path, tmp_path / "out")


def test_one_bad_file_stops_a_build_of_good_ones(tmp_path: Path) -> None:
    """A bad covenant next to a good one: nothing at all is written, not even the good one."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(GOOI, src / GOOI.name)
    shutil.copy(BAD / "tag-python-object-apply.yaml", src / "zz-slecht.yaml")
    out = tmp_path / "out"
    _build_leaves_output_alone(src, out)


def test_a_second_file_cannot_take_over_an_id(tmp_path: Path) -> None:
    """Two files with one id would write the same <id>.html: refused with CG011."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(GOOI, src / "a.yaml")
    (src / "b.yaml").write_text(MINIMAL.replace("id: minimaal-2027", "id: gooi-en-vechtstreek-2015"))
    result = run_cli("check", src)
    assert_clean_failure(result)
    assert f"{src / 'b.yaml'}:3:5: CG011" in result.output
    _build_leaves_output_alone(src, tmp_path / "out")


# --- special cases ----------------------------------------------------------------------------------


def test_python_tag_runs_nothing(tmp_path: Path) -> None:
    marker = Path("/tmp/convenantgen-pwned")  # the path the corpus file's payload touches
    if marker.exists():
        marker.unlink()
    path = BAD / "tag-python-object-apply.yaml"
    assert str(marker) in path.read_text(encoding="utf-8")
    assert_clean_failure(run_cli("check", path))
    assert_clean_failure(run_cli("build", path, "-o", tmp_path / "out"))
    assert not marker.exists()


def test_a_byte_order_mark_alone_is_fine(tmp_path: Path) -> None:
    for name, data in {
        "bom.yaml": b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"),
        "bom-crlf.yaml": b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"),
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = run_cli("check", "--strict", path)
        assert result.exit_code == 0, result.output
        assert "0 error(s), 0 warning(s)" in result.output


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@pytest.mark.parametrize(
    "name", ["ctrl-yaml-escape-in-value.yaml", "ctrl-yaml-escape-in-key.yaml", "long-title-two-lines.yaml"]
)
def test_report_is_one_plain_line_per_finding(name: str) -> None:
    """Values quoted from the file cannot reach the terminal as escape sequences or line breaks."""
    path = BAD / name
    result = run_cli("check", path)
    assert_clean_failure(result)
    assert not _CONTROL.findall(result.output), repr(result.output)
    for line in result.output.splitlines():
        assert line.startswith((f"{path}:", "    hint: ")) or " checked: " in line, repr(line)


def test_json_and_github_reports_survive_hostile_text() -> None:
    """Machine formats stay one record per line, whatever the file holds."""
    import json

    for name in ("ctrl-yaml-escape-in-key.yaml", "linesep-shifts-lines.yaml", "tag-custom-local.yaml"):
        result = run_cli("check", "--format", "json", BAD / name)
        assert_clean_failure(result)
        document = json.loads(result.output)
        assert document["errors"] >= 1
        result = run_cli("check", "--format", "github", BAD / name)
        assert_clean_failure(result)
        for line in result.output.splitlines():
            assert line.startswith("::"), repr(line)


# --- a handful through the real console script --------------------------------------------------------

SUBPROCESS = [
    "tag-python-object-apply.yaml",
    "alias-billion-laughs.yaml",
    "utf8-utf16le-with-bom.yaml",
    "ctrl-ansi-escape.yaml",
    "yaml-unclosed-double-quote.yaml",
]


def test_console_script_on_a_handful(cli_subprocess: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    by_name = {c.path.name: c for c in CASES}
    for name in SUBPROCESS:
        case = by_name[name]
        done = cli_subprocess("check", case.path)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert "internal error" not in done.stderr
        assert_reports(done.stdout, case.path, case.expected)


def test_console_script_on_huge_input(
    cli_subprocess: Callable[..., subprocess.CompletedProcess[str]],
    generated: dict[str, Case],
    tmp_path: Path,
) -> None:
    for name in ("huge-10mb", "nesting-1000-block"):
        case = generated[name]
        done = cli_subprocess("build", case.path, "-o", tmp_path / "out")
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert_reports(done.stdout, case.path, case.expected)
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("name", ["num-year-with-decimal-point.yaml", "num-5000-digits.yaml"])
def test_console_script_never_says_internal_error(
    name: str, cli_subprocess: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    done = cli_subprocess("check", BAD / name)
    assert "internal error" not in done.stderr, done.stderr
    assert done.returncode == 1


def test_integral_floats_are_not_whole_numbers(tmp_path: Path) -> None:
    """'1.0' where a whole number is wanted is refused at its place (in Dutch '1.000' is a
    thousand, so a decimal point there is a slip), never a crash, also in a batch (fast path)."""
    text = MINIMAL.replace(
        "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n",
        "    leden:\n      - tekst: Eindrapport.\n        termijnen:\n"
        "          - {id: eind, soort: rapportage, omschrijving: Eindrapport, frequentie: eenmalig,"
        " voor_einde: {maanden: 1.0, dagen: 0.0}, minimaal_per_jaar: 1.0}\n",
    )
    path = tmp_path / "floats.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--strict", path)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    line = text.split("\n").index(next(x for x in text.split("\n") if "maanden: 1.0" in x)) + 1
    for key in ("maanden", "dagen", "minimaal_per_jaar"):
        assert f":{line}:" in result.output and f"{key} must be a whole number" in result.output
    batch = [path] + [tmp_path / f"copy-{i}.yaml" for i in range(8)]  # enough for the fast validator
    for i, copy in enumerate(batch[1:]):
        copy.write_text(text.replace("id: ", f"id: c{i}-", 1), encoding="utf-8")
    assert all(f.code == "CG010" for f in check_all(batch)[1] if f.severity == Severity.ERROR)
    assert len([f for f in check_all(batch)[1] if f.code == "CG010"]) == 3 * len(batch)
