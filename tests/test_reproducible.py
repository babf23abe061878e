"""Reproducible output: two builds in separate processes give byte-identical HTML and PDF."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _build(out: Path, env_extra: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **env_extra}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run(
        [sys.executable, "-m", "convenantgen", "build", str(ROOT / "convenants"), "-o", str(out)],
        check=True,
        capture_output=True,
        env=env,
        cwd=ROOT,
    )
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def test_two_processes_same_bytes(tmp_path: Path) -> None:
    # A different time zone in the second run: nothing may depend on the clock or locale of the machine.
    first = _build(tmp_path / "a", {"TZ": "UTC"})
    second = _build(tmp_path / "b", {"TZ": "Pacific/Kiritimati", "LC_ALL": "C"})
    assert set(first) == {  # the published folder holds the outputs only (state: ../.convenantgen/)
        "gooi-en-vechtstreek-2015.html",
        "gooi-en-vechtstreek-2015.pdf",
        "landelijk-beraad-2025.html",
        "landelijk-beraad-2025.pdf",
        "papier-karton-arboplus-2004.html",
        "papier-karton-arboplus-2004.pdf",
        "rijnmond-werkbedrijf.html",
        "rijnmond-werkbedrijf.pdf",
        "zuid-kennemerland-ijmond-2015.html",
        "zuid-kennemerland-ijmond-2015.pdf",
        "zuid-kennemerland-ijmond-2019.html",
        "zuid-kennemerland-ijmond-2019.pdf",
    }
    assert first == second


def test_pdf_dates_come_from_the_document(tmp_path: Path) -> None:
    """The retroactive 2019 covenant is dated by its start, never by today."""
    _build(tmp_path, {})
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(tmp_path / "zuid-kennemerland-ijmond-2019.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    dates = [line for line in info.splitlines() if line.startswith(("CreationDate", "ModDate"))]
    assert dates and all("2019-01-01" in line for line in dates), info
