"""convenantgen benchmark: prints every speed and memory figure of docs/performance.md.

Run:  .venv/bin/python bench/bench.py            (full run, about 7 minutes on 2 cores)
      .venv/bin/python bench/bench.py --only bare (check against a bare `python -c pass`)
      .venv/bin/python bench/bench.py --quick    (smaller corpus, for a smoke test)
      .venv/bin/python bench/bench.py --largest  (only the largest accepted documents and Markdown)
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
import largest  # noqa: E402

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
    parser.add_argument("--only", choices=["diff", "bare"], help="run one section only")
    parser.add_argument("--largest", action="store_true", help="only the largest accepted documents")
    options = parser.parse_args()
    if options.only == "bare":
        _header()
        against_bare()
        return
    if options.only == "diff":
        work = Path(tempfile.mkdtemp(prefix="cg-bench-"))
        try:
            diff_figures(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    count = 20 if options.quick else 100
    work = Path(tempfile.mkdtemp(prefix="cg-bench-"))
    if options.largest:
        try:
            _header()
            largest_documents(work, quick=False)
            markdown_worst()
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    try:
        corpus_dir = work / "corpus"
        corpus.write(corpus_dir, count)
        one = corpus_dir / "bench-0000.yaml"
        _header()
        print(f"corpus: {count} generated covenants (~5 pages each) in {corpus_dir}")

        print("\ncheck")
        against_bare()
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
            t, peak, _ = measured(["build", str(folder), "-o", str(folder / "out"), "-j", "1", "--force"])
            pages = _pages(folder / "out" / "bench-0000.pdf")
            print(f"  {articles:>8} {pages:>6} {t:>7.2f}s {t / pages:>8.3f} {peak:>8} MiB")
        diff_figures(work)

        largest_documents(work, options.quick)
        markdown_worst()
    finally:
        shutil.rmtree(work, ignore_errors=True)


_CPU = (
    "import resource, subprocess, sys, time; "
    "started = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], capture_output=True); "
    "wall = time.perf_counter() - started; "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(wall, u.ru_utime + u.ru_stime)"
)


def against_bare(repeat: int = 21) -> None:
    """`check` of the Gooi covenant against a bare `python -c pass`: medians of wall and CPU time.

    Issue 12's target: check costs at most five times a bare interpreter start. The runs
    alternate so that a busy moment of the machine falls on both; CPU time (user + system of
    the process) moves less than wall time when other work shares the cores.
    """
    gooi = str(ROOT / "convenants" / "gooi-en-vechtstreek-2015.yaml")
    # The floor: what the libraries check cannot do without cost before it reads a byte.
    floor = {
        "import click": "import click",
        "import click, yaml": "import click, yaml",
        "import click, yaml, jsonschema": "import click, yaml, jsonschema",
        "import all that check imports": (
            "import convenantgen.cli, convenantgen.pipeline, convenantgen.progress_checks"
        ),
    }
    commands = {
        "bare": [sys.executable, "-c", "pass"],
        **{label: [sys.executable, "-c", code] for label, code in floor.items()},
        "check": [*CLI, "check", gooi],
    }
    walls: dict[str, list[float]] = {k: [] for k in commands}
    cpus: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            done = subprocess.run(
                [sys.executable, "-c", _CPU, *command], capture_output=True, text=True, cwd=ROOT, check=True
            )
            wall, cpu = (float(x) for x in done.stdout.split())
            walls[name].append(wall)
            cpus[name].append(cpu)
    wall = {k: statistics.median(v) for k, v in walls.items()}
    cpu = {k: statistics.median(v) for k, v in cpus.items()}
    line("python -c pass (bare interpreter), wall / CPU", f"{wall['bare']:.3f} / {cpu['bare']:.3f} s", "")
    for label in floor:
        times = f"{wall[label] / wall['bare']:.1f}× / {cpu[label] / cpu['bare']:.1f}×"
        line(f"  {label}, against bare", times, "")
    line("check the reference covenant (Gooi), wall / CPU", f"{wall['check']:.3f} / {cpu['check']:.3f} s", "")
    ratio = f"{wall['check'] / wall['bare']:.1f}× / {cpu['check'] / cpu['bare']:.1f}×"
    line("check against the bare interpreter, wall / CPU", ratio, "target ≤ 5×")


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


def _header() -> None:
    print(
        f"convenantgen benchmark — {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )


def largest_documents(work: Path, quick: bool) -> None:
    """Check and build the largest documents check accepts (bench/largest.py), one per shape."""
    print("\nlargest document check accepts (every limit of the schema reached; fresh process)")
    print(f"  {'shape':<16} {'pages':>5} {'check':>7} {'CPU':>6} {'build':>8} {'CPU':>7} {'peak RSS':>10}")
    cases = [("names", True)] if quick else [*((s, True) for s in largest.SHAPES), ("names", False)]
    for shape, paraaf in cases:
        folder = work / f"largest-{shape}-{'paraaf' if paraaf else 'zonder'}"
        folder.mkdir(parents=True)
        path = largest.write(folder / "grootste.yaml", shape, paraaf)
        checked, _, check_cpu = measured(["check", str(path)])
        built, peak, cpu = measured(["build", str(path), "-o", str(folder / "out"), "-j", "1", "--force"])
        pages = _pages(folder / "out" / "grootste-convenant.pdf")
        label = shape + ("" if paraaf else ", no paraaf")
        times = f"{checked:>6.2f}s {check_cpu:>5.2f}s {built:>7.1f}s {cpu:>6.1f}s"
        print(f"  {label:<16} {pages:>5} {times} {peak:>6} MiB")
    print("  target: build well under 60 s and 1 GB (CPU: user + system time of the process)")


def markdown_worst() -> None:
    """markdown-it on 20,000 characters of one pattern, and on the worst texts the limits accept."""
    from convenantgen.text import markdown
    from convenantgen.validate import load_schema

    md = markdown()
    patterns = ("[", "[[", "[a", "![", "[ a_", "*a_ ", "**a", "a\n")
    print("\nMarkdown: parse time of one text (in-process, best of 3)")
    for unit in patterns:
        text = (unit * (20_000 // len(unit) + 1))[:20_000]
        label = f"20,000 characters of {unit!r} (refused: too many marks)"
        print(f"  {label:<64} {_parse(md, text) * 1000:>7.1f} ms")
    # The worst accepted text found: 20 '[' (markdown-it looks for the end of each link
    # label, up to its nesting limit of 20) before characters that each end a text run.
    defs = load_schema()["$defs"]
    for kind in ("tekst", "onderdeeltekst", "noottekst"):
        limit = int(defs[kind]["maxLength"])
        text = "[" * 20 + ":" * (limit - 20)
        label = f"worst accepted {kind}: {limit:,} characters, 20 '[' then ':'"
        print(f"  {label:<64} {_parse(md, text) * 1000:>7.1f} ms")


def _parse(md: object, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        md.parse(text)  # type: ignore[attr-defined]
        best = min(best, time.perf_counter() - started)
    return best


_MEASURE = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], capture_output=True, check=True); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(u.ru_maxrss, u.ru_utime + u.ru_stime)"
)


def measured(args: list[str]) -> tuple[float, int, float]:
    """Wall time, peak RSS (MiB) and CPU time of one fresh process, measured by a fresh parent."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *CLI, *args], capture_output=True, text=True, cwd=ROOT
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    rss, cpu = done.stdout.split()[-2:]
    return elapsed, int(rss) // 1024, float(cpu)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(info.split("Pages:")[1].split()[0])


def overhead(work: Path, corpus_dir: Path) -> None:
    """Time our whole build of single covenants against WeasyPrint on the same print HTML."""
    from weasyprint import HTML

    from convenantgen.build import build
    from convenantgen.pipeline import check_file
    from convenantgen.provenance import provenance
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
