"""Installs come from the committed locks: README, CI and locks must agree with pyproject.toml."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from helpers import REPO_ROOT

LOCKS = REPO_ROOT / "requirements"


def _pins(name: str) -> dict[str, str]:
    text = (LOCKS / name).read_text(encoding="utf-8")
    return {
        canonicalize_name(m.group(1)): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", text, re.MULTILINE)
    }


def _project() -> dict[str, object]:
    return tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]  # type: ignore[no-any-return]


def _fenced_commands(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL)]


def test_readme_starts_with_two_commands_that_install_from_the_locks() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    run, test = _fenced_commands(readme)[:2]
    assert "--require-hashes -r requirements/run.txt" in run
    assert run.endswith("convenantgen build convenants/")
    assert "--require-hashes -r requirements/test.txt" in test and "pytest" in test


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    test_command = _fenced_commands(readme)[1]
    assert test_command in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_lock_entry_has_a_hash() -> None:
    for name in ("run.txt", "test.txt"):
        text = (LOCKS / name).read_text(encoding="utf-8")
        entries = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n", 1)[1])
        assert entries
        for entry in entries:
            assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_locks_satisfy_the_ranges_of_pyproject() -> None:
    project = _project()
    runtime = [Requirement(r) for r in project["dependencies"]]  # type: ignore[attr-defined]
    extras = [Requirement(r) for r in project["optional-dependencies"]["test"]]  # type: ignore[index]
    for lock, wanted in (("run.txt", runtime), ("test.txt", runtime + extras)):
        pins = _pins(lock)
        for requirement in wanted:
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{requirement.name} is missing from requirements/{lock}"
            assert requirement.specifier.contains(pins[name], prereleases=True), (
                f"requirements/{lock} pins {name}=={pins[name]}, outside '{requirement}': "
                "run 'bash requirements/lock.sh'"
            )


def test_the_run_lock_is_the_runtime_part_of_the_test_lock() -> None:
    run, test = _pins("run.txt"), _pins("test.txt")
    assert {name: version for name, version in test.items() if name in run} == run


def test_what_decides_output_bytes_is_pinned_exactly() -> None:
    for requirement in (Requirement(r) for r in _project()["dependencies"]):  # type: ignore[attr-defined]
        if canonicalize_name(requirement.name) in ("weasyprint", "pydyf", "pyhanko"):
            assert str(requirement.specifier).startswith("=="), requirement
