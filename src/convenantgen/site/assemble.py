"""The site build: check every covenant, render every file in memory, then publish them at once.

Like ``build``, nothing is written unless every covenant passes check. The reference date
decides each covenant's status and next deadline; the same sources, git history and date
give the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from convenantgen import outputs, schedule
from convenantgen.findings import Finding, has_errors
from convenantgen.fingerprint import fingerprint
from convenantgen.outputs import Options
from convenantgen.outputs import Progress as ProgressBar
from convenantgen.pipeline import Checked, Fact, check_all, discover
from convenantgen.progress import Progress
from convenantgen.site import pages, publish, renvooi, voortgang
from convenantgen.site.history import history
from convenantgen.site.pages import Deadline, Entry
from convenantgen.site.status import standing

# What a covenant's folder offers for download, made by the build's own table of outputs.
DOWNLOADS = ("pdf", "yaml", "ics")


@dataclass(frozen=True)
class SiteResult:
    """What a site build found, and what it published (or why it did not)."""

    checked: tuple[Checked, ...]
    findings: tuple[Finding, ...]
    facts: tuple[Fact, ...]
    files: tuple[str, ...]
    failed: bool
    refused: str | None = None


def next_deadline(item: Checked, today: date) -> Deadline | None:
    """The first date the covenant fixes on or after ``today``: a review, duty or the end."""
    assert item.covenant is not None and item.layout is not None
    found = schedule.next_occurrence(schedule.events(item.covenant, item.layout), today)
    if found is None:
        return None
    event, day = found
    return Deadline(day, event.title, event.article, event.provisional)


def entries(
    checked: Sequence[Checked],
    today: date,
    with_history: bool = True,
    progress: Mapping[str, Progress] | None = None,
) -> list[Entry]:
    """Every checked covenant as the site shows it on ``today`` (with its progress, if given)."""
    progress = progress or {}
    successors: dict[str, list[str]] = {}
    for item in checked:
        assert item.covenant is not None
        if item.covenant.vorige_versie:
            successors.setdefault(item.covenant.vorige_versie, []).append(item.covenant.id)
    out = []
    for item in checked:
        assert item.covenant is not None and item.source is not None
        out.append(
            Entry(
                item=item,
                standing=standing(item.covenant, today),
                history=history(Path(item.path)) if with_history else None,
                deadline=next_deadline(item, today),
                replaced_by=tuple(sorted(successors.get(item.covenant.id, ()))),
                fingerprint=fingerprint(item.source.data),
                voortgang=_view(item, progress.get(item.covenant.id)),
            )
        )
    return out


def _view(item: Checked, progress: Progress | None) -> voortgang.Voortgang | None:
    if progress is None:
        return None
    assert item.covenant is not None and item.layout is not None
    return voortgang.view(progress, item.covenant, item.layout)


def site_files(entries: Sequence[Entry], rendered: Mapping[str, bytes], today: date) -> dict[str, bytes]:
    """Every published file by its path in the site, manifest.json included.

    ``rendered``: each covenant's :data:`DOWNLOADS` and progress report PDF, by file name.
    """
    files: dict[str, bytes] = {}
    titles = {e.covenant.id: e.title for e in entries}
    # All redlines first: an older covenant's page links forward to its successor's.
    files.update(renvooi.redlines([e.item for e in entries]))
    for entry in sorted(entries, key=lambda e: e.covenant.id):
        cid = entry.covenant.id
        for kind in outputs.select(DOWNLOADS):
            files[f"{cid}/{kind.file_name(cid)}"] = rendered[kind.file_name(cid)]
        if entry.voortgang is not None:
            files[f"{cid}/{cid}-voortgang.pdf"] = rendered[f"{cid}-voortgang.pdf"]
            files[f"{cid}/{voortgang.REPORT_PAGE}"] = pages.progress_page(entry, today)
        files[f"{cid}/{pages.METADATA}"] = pages.dumps(pages.entry_json(entry, files))
        files[f"{cid}/index.html"] = pages.covenant_page(entry, today, files, titles)
    files.update(pages.overview_pages(entries, today))
    files["site.css"] = pages.site_css()
    listing = [pages.entry_json(e, files) for e in sorted(entries, key=pages.region_order)]
    files["convenanten.json"] = pages.dumps({"reference_date": today.isoformat(), "covenants": listing})
    files[publish.MANIFEST] = publish.manifest(files, today.isoformat())
    return files


def build_site(
    paths: Iterable[Path],
    out_dir: Path,
    today: date,
    strict: bool = False,
    jobs: int = 1,
    progress_bar: ProgressBar | None = None,
) -> SiteResult:
    """Check the covenants under ``paths`` and publish their site into ``out_dir``."""
    paths = list(paths)
    # A site built into the folder it reads would find its own YAML copies next time (CG011).
    published = Path(os.path.abspath(out_dir))
    found = discover(paths)
    sources = {p: root for p, root in found.items() if published not in Path(os.path.abspath(p)).parents}
    checked, findings, facts = check_all(sources)
    progress, progress_findings = voortgang.check(paths, checked)
    findings = tuple(sorted(findings + progress_findings))
    if not checked or has_errors(findings, strict):
        return SiteResult(checked, findings, facts, (), True)
    problem = publish.refusal(out_dir)
    if problem:  # before the slow part; asked again under the lock when writing
        return SiteResult(checked, findings, facts, (), True, problem)
    groups = outputs.render_all([(c, DOWNLOADS) for c in checked], Options(), jobs, progress_bar)
    rendered = {a.name: a.data for group in groups for a in group}
    shown = entries(checked, today, progress=progress)
    for entry in shown:
        if entry.voortgang is not None:
            assert entry.item.layout is not None
            name, data = voortgang.report_pdf(entry.voortgang.progress, entry.covenant, entry.item.layout)
            rendered[name] = data
    files = site_files(shown, rendered, today)
    problem = publish.publish(out_dir, files)
    if problem:
        return SiteResult(checked, findings, facts, (), True, problem)
    return SiteResult(checked, findings, facts, tuple(sorted(files)), False)
