"""Example folders, discovered automatically.

- ``tests/examples/valid/*.yaml`` must check with zero findings.
- ``tests/examples/invalid/*.yaml`` start with header comments
  ``# expect: CODE LINE:COLUMN text-fragment``; check must report exactly that set of
  (code, line, column) findings, each an error or warning whose message contains the fragment.

To add a case, drop a file in one of the folders: no test code to change. Start from
``valid/minimaal.yaml`` and keep the modeline on line 1 (without it CG007 warns).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from convenantgen.checks import RULES
from convenantgen.findings import Finding, Severity
from convenantgen.pipeline import Checked, check_all, check_file
from helpers import EXAMPLES

VALID = sorted((EXAMPLES / "valid").glob("*.yaml"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.yaml"))
_EXPECT = re.compile(r"^#\s*expect:\s*(CG\d{3})\s+(\d+):(\d+)\s+(.+?)\s*$")
_MODELINE = "# yaml-language-server: $schema=../../../schemas/convenant.schema.json"


@dataclass(frozen=True)
class Expectation:
    code: str
    line: int
    column: int
    fragment: str


def expectations(path: Path) -> list[Expectation]:
    """The ``# expect:`` lines of the file's leading comment block."""
    # Read bytes: an example may be deliberately invalid UTF-8 after its header.
    text = path.read_bytes().decode("utf-8", errors="replace")
    found = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _EXPECT.match(line)
        if match:
            code, row, column, fragment = match.groups()
            found.append(Expectation(code, int(row), int(column), fragment))
    return found


def _check(path: Path) -> tuple[Checked, tuple[Finding, ...]]:
    """Check one file as `convenantgen check FILE` does: with the checks across files."""
    (checked,), findings, _facts = check_all([path])
    return checked, findings


def test_there_are_enough_examples() -> None:
    assert len(VALID) >= 6
    assert len(INVALID) >= 25


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_example_has_no_findings(path: Path) -> None:
    checked, findings = _check(path)
    assert [f.as_dict() for f in findings] == []
    assert checked.covenant is not None
    assert expectations(path) == [], "a valid example must not carry '# expect:' lines"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_reports_exactly_what_it_expects(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect: CODE LINE:COLUMN fragment' header"
    _checked, findings = _check(path)
    got = {(f.code, f.line, f.column) for f in findings}
    want = {(e.code, e.line, e.column) for e in expected}
    assert got == want, "\n".join(
        f"{f.line}:{f.column} {f.code} {f.severity.value}: {f.message}" for f in findings
    )
    for e in expected:
        matching = [f for f in findings if (f.code, f.line, f.column) == (e.code, e.line, e.column)]
        assert any(e.fragment in f.message for f in matching), (e, [f.message for f in matching])
        for f in matching:
            assert f.severity in (Severity.ERROR, Severity.WARNING)
            assert f.path == str(path)


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: p.stem)
def test_example_starts_with_the_modeline(path: Path) -> None:
    first = path.read_bytes().decode("utf-8", errors="replace").splitlines()[0]
    if path.stem == "cg007-geen-modeline":
        assert first.startswith("# expect: CG007")
    else:
        assert first == _MODELINE


def test_every_rule_has_an_invalid_example() -> None:
    covered = {e.code for path in INVALID for e in expectations(path)}
    missing = sorted(set(RULES) - covered)
    assert missing == [], f"no example in tests/examples/invalid/ expects {missing}"


def test_loader_and_schema_codes_have_invalid_examples() -> None:
    covered = {e.code for path in INVALID for e in expectations(path)}
    assert {"CG001", "CG002", "CG003", "CG004", "CG005", "CG006", "CG007", "CG010"} <= covered


def test_example_file_names_start_with_their_code() -> None:
    for path in INVALID:
        codes = {e.code.lower() for e in expectations(path)}
        assert path.stem.split("-")[0] in codes, path.name


def test_valid_examples_have_unique_ids_and_check_as_a_folder(
    cli_subprocess: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    ids = [check_file(p).covenant.id for p in VALID]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))
    done = cli_subprocess("check", "--strict", EXAMPLES / "valid")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(VALID)} files checked: 0 error(s), 0 warning(s)" in done.stdout
