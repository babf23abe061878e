"""convenantgen benchmark: prints every speed and memory figure of docs/performance.md.

Run:  .venv/bin/python bench/bench.py            (full run, about 3 minutes on 2 cores)
      .venv/bin/python bench/bench.py --quick    (smaller corpus, for a smoke test)
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

CLI = [sys.executable, "-m", "convenantgen"]


def run(args: list[str], repeat: int = 1) -> float:
    """Median wall time of a fresh ``convenantgen`` process."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return statistics.median(times)


def line(label: str, value: str, target: str = "") -> None:
    print(f"  {label:<58} {value:>12}   {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 covenants instead of 100, fewer page sizes")
    parser.add_argument("--only", choices=["diff"], help="run one section only")
    options = parser.parse_args()
    if options.only == "diff":
        work = Path(tempfile.mkdtemp(prefix="cg-bench-"))
        try:
            diff_figures(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    count = 20 if options.quick else 100
    work = Path(tempfile.mkdtemp(prefix="cg-bench-"))
    try:
        corpus_dir = work / "corpus"
        corpus.write(corpus_dir, count)
        one = corpus_dir / "bench-0000.yaml"
        print(
            f"convenantgen benchmark — {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}"
        )
        print(f"corpus: {count} generated covenants (~5 pages each) in {corpus_dir}")

        print("\ncheck")
        t = run(["check", str(one)], repeat=5)
        line("check one file, fresh process", f"{t:.3f} s", "target < 0.3 s")
        t = run(["check", str(ROOT / "convenants" / "gooi-en-vechtstreek-2015.yaml")], repeat=5)
        line("check the reference covenant (Gooi), fresh process", f"{t:.3f} s", "target < 0.3 s")
        t = run(["check", str(ROOT / "convenants")], repeat=3)
        line("check convenants/, fresh process", f"{t:.3f} s", "")
        t = run(["check", str(corpus_dir)], repeat=3)
        line(f"check {count} covenants, fresh process", f"{t:.3f} s", "target < 1 s for 100")

        print("\nbuild: our overhead against WeasyPrint alone (in-process, warm)")
        overhead(work, corpus_dir)

        print("\nbuild: parallel and incremental")
        serial = run(["build", str(corpus_dir), "-o", str(work / "serial"), "-j", "1"])
        line(f"build {count} covenants, one at a time (-j 1)", f"{serial:.1f} s", "")
        parallel = run(
            ["build", str(corpus_dir), "-o", str(work / "parallel"), "-j", str(os.cpu_count() or 1)]
        )
        line(f"build {count} covenants, -j {os.cpu_count()}", f"{parallel:.1f} s", "")
        line("speed-up", f"{serial / parallel:.2f}×", "target ≥ 1.7× on 2 cores")
        again = run(["build", str(corpus_dir), "-o", str(work / "parallel")], repeat=3)
        line(f"rebuild {count} with nothing changed", f"{again:.3f} s", "target < 1 s")

        print("\nscaling with pages (one covenant, fresh process)")
        sizes = (5, 20) if options.quick else (5, 10, 25, 50, 100)
        print(f"  {'articles':>8} {'pages':>6} {'time':>8} {'s/page':>8} {'peak RSS':>10}")
        for articles in sizes:
            folder = work / f"pages-{articles}"
            corpus.write(folder, 1, articles=articles, leden=4, years=min(100, articles))
            t, peak = measured(["build", str(folder), "-o", str(folder / "out"), "-j", "1", "--force"])
            pages = _pages(folder / "out" / "bench-0000.pdf")
            print(f"  {articles:>8} {pages:>6} {t:>7.2f}s {t / pages:>8.3f} {peak:>8} MiB")
        diff_figures(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def gooi_versions(folder: Path) -> tuple[Path, Path]:
    """The Gooi covenant and a second version: a party out, a cell changed, an article in, a lid reworded."""
    text = (ROOT / "convenants" / "gooi-en-vechtstreek-2015.yaml").read_text(encoding="utf-8")
    new = text.replace(
        "      - id: cnv\n        naam: CNV\n        lidwoord: het\n        vertegenwoordigers:\n"
        "          - id: galligan\n            aanhef: mevrouw\n            naam: R. Galligan\n"
        "            functie: Regiovertegenwoordiger\n",
        "",
    ).replace("    - partij: cnv\n", "")
    new = new.replace(
        "{jaar: 2018, markt: 388, overheid: 106, totaal: 494}",
        "{jaar: 2018, markt: 400, overheid: 106, totaal: 506}",
    )
    new = new.replace(
        "  # Artikel 2\n",
        "  - id: nieuw\n    titel: Nieuw artikel\n    tekst: De Partijen doen iets nieuws.\n\n",
    )
    new = new.replace("De Werkkamer heeft de rol van aanjagen,", "De Werkkamer heeft de rol van stimuleren,")
    assert new.count("id: nieuw") == 1 and "stimuleren" in new and "cnv" not in new
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gooi-oud.yaml").write_text(text, encoding="utf-8")
    (folder / "gooi-nieuw.yaml").write_text(new, encoding="utf-8")
    return folder / "gooi-oud.yaml", folder / "gooi-nieuw.yaml"


def diff_figures(work: Path) -> None:
    """diff of two versions of the Gooi covenant, each output, in a fresh process."""
    old, new = gooi_versions(work / "diff")
    sides = [str(old), str(new)]
    print("\ndiff: two versions of the Gooi covenant (4 changes), fresh process")
    line("check one version, for comparison", f"{run(['check', str(new)], repeat=5):.3f} s", "")
    line("diff, terminal text", f"{run(['diff', *sides], repeat=5):.3f} s", "")
    line("diff --format json", f"{run(['diff', *sides, '--format', 'json'], repeat=5):.3f} s", "")
    line("diff --format markdown", f"{run(['diff', *sides, '--format', 'markdown'], repeat=5):.3f} s", "")
    t = run(["diff", *sides, "-o", str(work / "diff" / "renvooi.html")], repeat=3)
    line("diff -o renvooi.html (redline)", f"{t:.3f} s", "")
    t = run(
        ["diff", *sides, "-o", str(work / "diff" / "r.html"), "--pdf", str(work / "diff" / "r.pdf")], repeat=3
    )
    line("diff -o renvooi.html --pdf renvooi.pdf", f"{t:.2f} s", "")


_MEASURE = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], capture_output=True, check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measured(args: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (MiB) of one fresh process, measured by a fresh parent."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *CLI, *args], capture_output=True, text=True, cwd=ROOT
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return elapsed, int(done.stdout.split()[-1]) // 1024


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(info.split("Pages:")[1].split()[0])


def overhead(work: Path, corpus_dir: Path) -> None:
    """Time our whole build of single covenants against WeasyPrint on the same print HTML."""
    from weasyprint import HTML

    from convenantgen.build import build, provenance
    from convenantgen.pipeline import check_file
    from convenantgen.render import render_html

    samples = [corpus_dir / "bench-0000.yaml", ROOT / "convenants" / "gooi-en-vechtstreek-2015.yaml"]
    for sample in samples:
        build([sample], work / "warm", force=True)  # warm-up: imports, caches, fonts
        ours, theirs = [], []
        for _ in range(3):
            started = time.perf_counter()
            build([sample], work / "ov", force=True)
            ours.append(time.perf_counter() - started)
            item = check_file(sample)
            assert item.covenant is not None and item.layout is not None
            html = render_html(item.covenant, item.layout, "print", provenance(item)).html
            started = time.perf_counter()
            HTML(string=html).write_pdf(pdf_variant="pdf/a-2u", pdf_tags=True)
            theirs.append(time.perf_counter() - started)
        o, w = statistics.median(ours), statistics.median(theirs)
        line(
            f"{sample.stem}: {o:.2f} s, WeasyPrint alone {w:.2f} s",
            f"{(o - w) / w * 100:+.1f} %",
            "target < 10 %",
        )


if __name__ == "__main__":
    main()
