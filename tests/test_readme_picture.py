"""The README's picture is page 3 of the Gooi en Vechtstreek PDF as `build` writes it today.

`docs/screenshots.sh pdf` makes it (and every page image of docs/pdf.md). Compared as pixels
with a tolerance for anti-aliasing, because the point is that the picture shows the current
output: a changed page (another layout, a moved footnote) differs in far more pixels.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from helpers import GOOI, REPO_ROOT, Built

PICTURE = REPO_ROOT / "docs" / "img" / "gooi-en-vechtstreek-pagina-3.png"
# share of pixels that may differ by more than a quarter of the grey scale
TOLERANCE = 0.005


def _page(pdf: Path, page: int, out: Path) -> Path:
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm is not installed (Debian: poppler-utils)")
    stem = out / "pagina"
    subprocess.run(
        [tool, "-f", str(page), "-l", str(page), "-r", "60", "-png", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    return stem.with_suffix(".png")


def test_the_readme_shows_the_picture() -> None:
    assert f"]({PICTURE.relative_to(REPO_ROOT).as_posix()})" in (REPO_ROOT / "README.md").read_text(
        encoding="utf-8"
    )


def test_the_readme_picture_is_page_3_of_todays_pdf(built: Built, tmp_path: Path) -> None:
    fresh = Image.open(_page(built.pdf(GOOI.stem), 3, tmp_path)).convert("L")
    committed = Image.open(PICTURE).convert("L")
    assert fresh.size == committed.size, "run docs/screenshots.sh pdf"
    difference = ImageChops.difference(fresh, committed).point(lambda v: 255 if v > 64 else 0)
    changed = (difference.histogram()[255]) / (fresh.width * fresh.height)
    assert changed <= TOLERANCE, f"{changed:.1%} of the pixels differ: run docs/screenshots.sh pdf"
