"""Accessibility: the published HTML passes axe-core's WCAG 2.1 A/AA and best-practice rules.

Needs Debian's Chromium and the npm packages of tests/a11y (``.ci/run`` installs both and
sets CONVENANTGEN_REQUIRE_A11Y=1, so in CI a missing tool fails instead of skipping).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from convenantgen.build import build

ROOT = Path(__file__).resolve().parents[1]
A11Y = ROOT / "tests" / "a11y"


def _tools_missing() -> str | None:
    if not (A11Y / "node_modules" / "axe-core").is_dir():
        return "npm packages missing: run 'npm ci --prefix tests/a11y'"
    if shutil.which("node") is None:
        return "node is not installed"
    if not Path(os.environ.get("CHROMIUM", "/usr/bin/chromium")).exists():
        return "Chromium is not installed (Debian package chromium)"
    return None


def test_published_html_has_no_axe_violations(tmp_path: Path) -> None:
    missing = _tools_missing()
    if missing:
        if os.environ.get("CONVENANTGEN_REQUIRE_A11Y"):
            pytest.fail(missing)
        pytest.skip(missing)
    result = build([ROOT / "convenants"], tmp_path, formats=("html",))
    assert not result.failed
    pages = sorted(str(p) for p in tmp_path.glob("*.html"))
    done = subprocess.run(
        ["node", str(A11Y / "axe.js"), *pages], capture_output=True, text=True, timeout=300, cwd=A11Y
    )
    assert done.returncode == 0, done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(reports) == len(pages)
    problems = {Path(r["file"]).name: r["violations"] for r in reports if r["violations"]}
    assert problems == {}
