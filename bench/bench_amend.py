"""convenantgen benchmark of `amend`: the wijzigingsconvenant of the Zuid-Kennemerland pair.

Run:  .venv/bin/python bench/bench_amend.py [--repeat N]

Prints the median wall time of a fresh `convenantgen amend` process, HTML only and HTML+PDF,
and the time spent in-process per stage (diff, plan, HTML, PDF). A script that prints
figures, not a test: a busy machine makes it slower, never red.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD = ROOT / "convenants" / "zuid-kennemerland-ijmond-2015.yaml"
NEW = ROOT / "convenants" / "zuid-kennemerland-ijmond-2019.yaml"
CLI = [sys.executable, "-m", "convenantgen", "amend", str(OLD), str(NEW)]


def fresh(extra: list[str], repeat: int) -> float:
    """Median wall time of a fresh `convenantgen amend` process."""
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            done = subprocess.run([*CLI, "-o", out, *extra], capture_output=True, text=True, cwd=ROOT)
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(done.stdout + done.stderr)
    return statistics.median(times)


def stages() -> dict[str, float]:
    """Seconds per stage in one warm process (the second of two runs)."""
    from convenantgen.amend.plan import plan
    from convenantgen.amend.render import amendment_html
    from convenantgen.diff.engine import diff
    from convenantgen.pdf import render_pdf
    from convenantgen.pipeline import check_file

    out: dict[str, float] = {}
    for _ in range(2):
        t0 = time.perf_counter()
        old, new = check_file(OLD), check_file(NEW)
        t1 = time.perf_counter()
        found = diff(old, new)
        t2 = time.perf_counter()
        amendment = plan(found)
        t3 = time.perf_counter()
        amendment_html(amendment, new, old, "screen")
        printed = amendment_html(amendment, new, old, "print")
        t4 = time.perf_counter()
        render_pdf(printed)
        t5 = time.perf_counter()
        out = {
            "check both": t1 - t0,
            "diff": t2 - t1,
            "plan": t3 - t2,
            "HTML (screen + print)": t4 - t3,
            "PDF (WeasyPrint + fields)": t5 - t4,
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per fresh-process figure (median)")
    repeat = parser.parse_args().repeat
    print(f"amend ({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    print(f"  {'amend, HTML only, fresh process':<46} {fresh([], repeat):8.3f} s")
    print(f"  {'amend --pdf, fresh process':<46} {fresh(['--pdf'], repeat):8.3f} s")
    for name, seconds in stages().items():
        print(f"  {'in-process: ' + name:<46} {seconds:8.3f} s")


if __name__ == "__main__":
    main()
