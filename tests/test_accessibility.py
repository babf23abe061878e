"""Accessibility: the published HTML and the website pass axe-core's WCAG 2.1 A/AA and
best-practice rules; the site's pages also work by keyboard and reflow at 390 px.

Needs Debian's Chromium and the npm packages of tests/a11y (``.ci/run`` installs both and
sets CONVENANTGEN_REQUIRE_A11Y=1, so in CI a missing tool fails instead of skipping).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

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


def _require_tools() -> None:
    missing = _tools_missing()
    if missing:
        if os.environ.get("CONVENANTGEN_REQUIRE_A11Y"):
            pytest.fail(missing)
        pytest.skip(missing)


def _audit(pages: list[Path]) -> dict[str, dict[str, Any]]:
    """axe.js on ``pages``: {file: report} (violations, keyboard walk, width at 390 px)."""
    done = subprocess.run(
        ["node", str(A11Y / "axe.js"), *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=A11Y,
    )
    assert done.returncode == 0, done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(reports) == len(pages)
    return {r["file"]: r for r in reports}


def test_published_html_has_no_axe_violations(tmp_path: Path) -> None:
    _require_tools()
    result = build([ROOT / "convenants"], tmp_path, formats=("html",))
    assert not result.failed
    reports = _audit(sorted(tmp_path.glob("*.html")))
    problems = {Path(f).name: r["violations"] for f, r in reports.items() if r["violations"]}
    assert problems == {}
    wide = {Path(f).name: r["scrollWidthAt390"] for f, r in reports.items() if r["scrollWidthAt390"] > 390}
    assert wide == {}  # no sideways scrolling on a phone


def test_site_pages_pass_axe_and_work_by_keyboard_and_at_390px(site_built: Path) -> None:
    """Index views, covenant pages, report pages: zero violations, a skip link first, Tab order."""
    _require_tools()
    pages = sorted(site_built.glob("*.html")) + sorted(site_built.glob("*/*.html"))
    assert len(pages) >= 6 and any(p.name == "voortgang.html" for p in pages)  # a report page too
    assert any(p.name.startswith("renvooi-") for p in pages)  # and the redline of ZK 2019
    reports = _audit(pages)
    problems = {f: r["violations"] for f, r in reports.items() if r["violations"]}
    assert problems == {}
    for file, report in reports.items():
        keys = report["keyboard"]
        assert report["scrollWidthAt390"] <= 390, (file, report["scrollWidthAt390"])
        if Path(file).name.startswith("renvooi-"):  # the redline has nothing to Tab to, so no skip link
            assert keys["first"] is None, (file, keys)
            continue
        first = keys["first"]
        # The first Tab from the top reaches the skip link, visibly, and its target exists.
        assert first is not None and first["className"] == "skip", (file, first)
        assert first["href"] == "#inhoud" and first["targetExists"] and first["onScreen"], (file, first)
        # Enter on it moves focus to the content; the next Tab goes on from there.
        assert keys["afterSkip"] == {"focused": "inhoud", "nextFollowsTarget": True}, (file, keys)
        # Tab visits every link once, in reading order, each with a visible focus outline.
        assert keys["order"] and keys["visited"] == keys["focusable"], (file, keys)
        assert keys["unmarked"] == [], (file, keys)


def test_the_redline_has_no_axe_violations(tmp_path: Path) -> None:
    """Struck and inserted text, the hidden labels and the legend keep the page accessible."""
    _require_tools()
    from convenantgen.diff.engine import diff
    from convenantgen.diff.redline import redline_html
    from convenantgen.pipeline import check_file

    gooi = ROOT / "convenants" / "gooi-en-vechtstreek-2015.yaml"
    text = gooi.read_text(encoding="utf-8")
    changed = text.replace("rol van aanjagen,", "rol van stimuleren,").replace(
        "  # Artikel 2\n",
        "  - id: nieuw\n    titel: Nieuw artikel\n    tekst: De Partijen doen iets nieuws.\n\n",
    )
    (tmp_path / "nieuw.yaml").write_text(changed, encoding="utf-8")
    page = tmp_path / "renvooi.html"
    page.write_text(
        redline_html(diff(check_file(gooi), check_file(tmp_path / "nieuw.yaml"))), encoding="utf-8"
    )
    (report,) = _audit([page]).values()
    assert report["violations"] == []
    assert report["scrollWidthAt390"] <= 390
