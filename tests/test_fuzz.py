"""Property-based tests: valid covenants check clean; mangled covenants fail cleanly.

(a) ``strategies.covenants()`` draws valid covenants (parties and groups, representatives by
    name, function or reference, articles with leden, onderdelen and sub-items, footnotes,
    references, target tables, reviews, duties, budgets, signature blocks); each is dumped
    with yaml.safe_dump and must check with zero errors and render to HTML (a few to PDF).
(b) The Gooi covenant's bytes are mangled (lines deleted, duplicated, swapped, re-indented;
    bytes inserted; the file truncated): check must never raise, every finding must point
    inside the file, and the CLI must exit 0 or 1, never with an exception (exit 3).

Example counts come from a Hypothesis profile chosen by the environment variable
HYPOTHESIS_PROFILE: 'ci' (the default: about 40 valid and 150 mangled examples) or 'long'
(2,000 each)::

    HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st
from markupsafe import escape

from convenantgen.cli import cli
from convenantgen.findings import Finding, Severity
from convenantgen.loader import load_file, load_text
from convenantgen.pipeline import check_file
from convenantgen.render import render_html
from convenantgen.validate import is_valid_fast, validate
from helpers import GOOI, MODELINE
from strategies import Mutation, apply_all, covenants, mutations

# --- profiles ------------------------------------------------------------------------------------

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
# 'ci' builds on Hypothesis' own 'ci' profile (active by itself when CI is set) and changes
# nothing global: the example counts below are applied per test.
_parent = settings.get_profile("ci") if "ci" in settings._profiles else settings.get_profile("default")
settings.register_profile("ci", parent=_parent, deadline=None)
settings.register_profile("long", parent=settings.get_profile("ci"), max_examples=2000)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in ("ci", "long"):
    raise RuntimeError(f"HYPOTHESIS_PROFILE={PROFILE!r}: use 'ci' (default) or 'long'")
CI_EXAMPLES = {"valid": 40, "pdf": 3, "mangled": 150}
LONG_EXAMPLES = {"valid": 2000, "pdf": 25, "mangled": 2000}


def budget(kind: str) -> settings:
    """The profile's settings with this test's number of examples."""
    counts = CI_EXAMPLES if PROFILE == "ci" else LONG_EXAMPLES
    return settings(
        settings.get_profile(PROFILE),
        max_examples=counts[kind],
        deadline=None,
        suppress_health_check=_HEALTH,
    )


def test_profiles_are_registered() -> None:
    assert settings.get_profile("long").max_examples == 2000
    assert settings.get_profile("ci").deadline is None
    assert budget("valid").max_examples == (40 if PROFILE == "ci" else 2000)


# --- (a) valid covenants ---------------------------------------------------------------------------


def _write(data: dict[str, Any], folder: Path) -> Path:
    path = folder / f"{data['id']}.yaml"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(MODELINE + body, encoding="utf-8")
    return path


def _check_clean(data: dict[str, Any], folder: Path) -> Any:
    path = _write(data, folder)
    note(path.read_text(encoding="utf-8"))
    checked = check_file(path)
    errors = [
        f"{f.line}:{f.column} {f.code} {f.message}" for f in checked.findings if f.severity is Severity.ERROR
    ]
    assert errors == []
    assert checked.covenant is not None and checked.layout is not None
    return checked


@budget("valid")
@given(covenants())
def test_generated_valid_covenant_checks_clean_and_renders(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        checked = _check_clean(data, Path(tmp))
        page = render_html(checked.covenant, checked.layout, "screen").html
        assert 'class="ref-ontbreekt"' not in page  # every [[...]] and [^...] resolved
        for party in checked.covenant.parties:
            assert str(escape(party.naam)) in page, party.naam
        # the same data through the compiled validator used for batches
        assert is_valid_fast(checked.source.data)


@budget("pdf")
@given(covenants())
def test_generated_valid_covenant_renders_to_pdf(data: dict[str, Any]) -> None:
    from convenantgen.pdf import render_pdf
    from convenantgen.schedule import document_date

    with tempfile.TemporaryDirectory() as tmp:
        checked = _check_clean(data, Path(tmp))
        printed = render_html(checked.covenant, checked.layout, "print").html
        pdf = render_pdf(printed, document_date(checked.covenant))
        assert pdf.startswith(b"%PDF-")


# --- (b) mangled copies of a real covenant ------------------------------------------------------------

GOOI_BYTES = GOOI.read_bytes()
_BREAKS = ("\r\n", "\r", "\n", "\x85", "\u2028", "\u2029")


def _lines(text: str, yaml_breaks: bool) -> list[str]:
    """The file's lines as an editor counts them ('\\n'), or as libyaml does (also \\r, NEL, LS, PS)."""
    if not yaml_breaks:
        return text.split("\n")
    for brk in _BREAKS[:-1]:
        text = text.replace(brk, "\u2029")
    return text.split("\u2029")


def _inside(finding: Finding, text: str) -> bool:
    """Line and column point at a character of the file or just past the end of a line."""
    for yaml_breaks in (False, True):
        lines = _lines(text, yaml_breaks)
        if 1 <= finding.line <= len(lines) and 1 <= finding.column <= len(lines[finding.line - 1]) + 1:
            return True
    return False


def _run_check(path: Path) -> tuple[int, BaseException | None, str]:
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, ["check", str(path)], catch_exceptions=True)
    error = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, error, result.output


@budget("mangled")
@given(mutations())
def test_mangled_covenant_fails_cleanly(edits: list[Mutation]) -> None:
    raw = apply_all(GOOI_BYTES, edits)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gooi.yaml"
        path.write_bytes(raw)
        checked = check_file(path)  # must not raise
        text = raw.decode("utf-8-sig", errors="replace")
        for f in checked.findings:
            assert f.path == str(path)
            assert f.line >= 1 and f.column >= 1, f
            assert _inside(f, text), (f, len(_lines(text, False)))
            assert f.code.startswith("CG") and f.message, f
        code, error, output = _run_check(path)
        assert error is None, repr(error)
        assert code in (0, 1), output
        assert "internal error" not in output and "Traceback" not in output
        failing = any(f.severity is Severity.ERROR for f in checked.findings)
        assert code == (1 if failing else 0), output
        # the compiled validator of batch checks never lets through what jsonschema refuses
        source, _ = load_file(path)
        if source is not None and is_valid_fast(source.data):
            assert validate(source) == ()


GOOI_TEXT = GOOI_BYTES.decode("utf-8")
FORBIDDEN = st.sampled_from(["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x9b", "\ufffe"])


@budget("mangled")
@example(offset=GOOI_TEXT.index("Gooi en Vechtstreek één van"), char="\x0c")
@given(offset=st.integers(0, len(GOOI_TEXT)), char=FORBIDDEN)
def test_a_forbidden_character_is_reported_where_it_stands(offset: int, char: str) -> None:
    """libyaml reports the byte offset of a forbidden character; the finding is in characters."""
    text = GOOI_TEXT[:offset] + char + GOOI_TEXT[offset:]
    before = text[:offset]
    where = (before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)
    source, findings = load_text(text, "gooi.yaml")
    assert source is None
    assert [(f.code, f.line, f.column) for f in findings] == [("CG001", *where)]


def test_the_unmangled_covenant_is_clean() -> None:
    """The baseline of (b): without edits the file checks clean, so every failure is an edit's."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gooi.yaml"
        path.write_bytes(apply_all(GOOI_BYTES, []))
        code, error, output = _run_check(path)
        assert (code, error) == (0, None), output
