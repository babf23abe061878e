"""Shared fixtures: paths, one build of convenants/ per session, and ways to run the CLI.

The expensive thing in this suite is WeasyPrint (about a second per covenant), so the real
covenants are built exactly once per session (``built``) and every PDF test reads that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from convenantgen import i18n
from convenantgen.build import build
from helpers import CONVENANTS, EXAMPLES, GOLDEN, GOOI, REPO_ROOT, SCHEMA, SEED, ZK, Built, covenant_files

# The suite reads messages in English (the message ids in the code), whatever this machine's
# locale, also in the CLI subprocesses it starts; test_i18n.py asks for Dutch with --lang nl.
os.environ["LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def _messages_in_english() -> None:
    """Every test starts in English, even after an in-process run with '--lang nl'."""
    i18n.set_language(i18n.language_from_environment())


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.html from the current renderer instead of comparing",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with --update-golden."""
    return bool(request.config.getoption("--update-golden"))


# --- paths -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def convenants_dir() -> Path:
    return CONVENANTS


@pytest.fixture(scope="session")
def covenant_paths() -> list[Path]:
    paths = covenant_files()
    assert paths, "convenants/ holds no covenants"
    return paths


@pytest.fixture(scope="session")
def gooi_path() -> Path:
    return GOOI


@pytest.fixture(scope="session")
def zk_path() -> Path:
    return ZK


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def schema_file() -> Path:
    return SCHEMA


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def golden_dir() -> Path:
    return GOLDEN


# --- the session build ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, covenant_paths: list[Path]) -> Built:
    """Every real covenant built (HTML + PDF) once per test session."""
    out_dir = tmp_path_factory.mktemp("build")
    result = build(covenant_paths, out_dir)
    assert not result.failed, [f.as_dict() for f in result.findings]
    return Built(out_dir, result)


@pytest.fixture(scope="session")
def site_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The website of convenants/ for 1 March 2019, built once per test session."""
    from convenantgen.site import build_site

    out_dir = tmp_path_factory.mktemp("site") / "site"
    result = build_site([CONVENANTS], out_dir, date(2019, 3, 1))
    assert not result.failed, ([f.as_dict() for f in result.findings], result.refused)
    return out_dir


@pytest.fixture(scope="session")
def pdf_paths(built: Built, covenant_paths: list[Path]) -> dict[str, Path]:
    """{covenant id: built PDF}."""
    return {p.stem: built.pdf(p.stem) for p in covenant_paths}


# --- running the CLI ---------------------------------------------------------------------


@pytest.fixture
def cli_run() -> Callable[..., Result]:
    """Run ``convenantgen.cli.cli`` in-process: ``cli_run("check", path, "--strict")``.

    ``cli.main`` turns unexpected exceptions into 'internal error' and exit 3; CliRunner runs
    the bare click group, so an exception escaping a command shows up as ``result.exception``
    and the helper fails the test with its traceback instead of hiding it.
    """
    from convenantgen.cli import cli

    def run(*args: str | Path, input: str | None = None, allow_exception: bool = False) -> Result:
        runner = CliRunner(env={"NO_COLOR": "1"})
        result = runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=True)
        if (
            not allow_exception
            and result.exception is not None
            and not isinstance(result.exception, SystemExit)
        ):
            raise result.exception
        return result

    return run


def _console_script() -> list[str]:
    script = Path(sys.executable).parent / "convenantgen"
    if script.exists():
        return [str(script)]
    found = shutil.which("convenantgen")
    return [found] if found else [sys.executable, "-m", "convenantgen"]


@pytest.fixture(scope="session")
def cli_subprocess() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed ``convenantgen`` console script in a real subprocess."""

    def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "CONVENANTGEN_DEBUG"}
        env["NO_COLOR"] = "1"
        return subprocess.run(
            [*_console_script(), *(str(a) for a in args)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=cwd or REPO_ROOT,
            env=env,
        )

    return run


@pytest.fixture(scope="session")
def python_subprocess() -> Callable[[str], subprocess.CompletedProcess[str]]:
    """Run ``python -c CODE`` with the test interpreter."""

    def run(code: str, args: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT
        )

    return run
