"""The website: index and statuses per reference date, covenant pages, downloads, manifest,
metadata, git history, determinism and a published folder that holds only the site.

``site_built`` (conftest) is convenants/ built once for 1 March 2019 with the library; the
CLI builds it again in a subprocess, and the two must agree byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest

from convenantgen import dutch
from convenantgen.cli_site import reference_date
from convenantgen.ical import build_calendar
from convenantgen.pipeline import Checked, check_file
from convenantgen.progress import progress_path_for
from convenantgen.schedule import events, next_occurrence
from convenantgen.site import build_site, pages, renvooi
from convenantgen.site.assemble import entries
from convenantgen.site.history import history
from convenantgen.site.status import Status, standing
from helpers import CONVENANTS, GOOI, ZK, covenant_files, mutate

MARCH_2019 = date(2019, 3, 1)
SIGNING = {  # ZK's parties sign one by one in February 2019; the last on the 15th
    "haarlem": ("Haarlem", "2019-02-01"),
    "zandvoort": ("Zandvoort", "2019-02-04"),
    "heemstede": ("Heemstede", "2019-02-04"),
    "bloemendaal": ("Bloemendaal", "2019-02-05"),
    "beverwijk": ("Beverwijk", "2019-02-06"),
    "heemskerk": ("Heemskerk", "2019-02-07"),
    "velsen": ("IJmuiden", "2019-02-08"),
    "uwv": ("Haarlem", "2019-02-11"),
    "vno-ncw": ("Haarlem", "2019-02-12"),
    "fnv": ("Haarlem", "2019-02-12"),
    "cnv": ("Haarlem", "2019-02-13"),
    "dunamare": ("Haarlem", "2019-02-14"),
    "nova-college": ("Haarlem", "2019-02-15"),
}


# --- helpers --------------------------------------------------------------------------------


class _Links(HTMLParser):
    """Every href and src of a page, every id, script tags, and the index's (link, status) rows."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, dict[str, str]]] = []  # (tag, url, attributes)
        self.ids: set[str] = set()
        self.scripts = 0
        self.rows: list[tuple[str, str]] = []
        self.metas: list[tuple[str, str]] = []
        self._row_link: str | None = None
        self._in_status = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self.scripts += 1
        for key in ("href", "src"):
            if key in a:
                self.links.append((tag, a[key], a))
        if tag == "meta" and "name" in a:
            self.metas.append((a["name"], a.get("content", "")))
        if tag == "tr":
            self._row_link = None
        if tag == "a" and self._row_link is None and a.get("href", "").endswith("/index.html"):
            self._row_link = a["href"]
        if tag == "span" and "statuslabel" in a.get("class", ""):
            self._in_status = True

    def handle_data(self, data: str) -> None:
        if self._in_status and self._row_link:
            self.rows.append((self._row_link.split("/")[0], data.strip()))
            self._in_status = False


def parse(html: str | bytes) -> _Links:
    parser = _Links()
    parser.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    return parser


def statuses(index_html: str | bytes) -> dict[str, str]:
    """{covenant id: status shown} from an index page."""
    return dict(parse(index_html).rows)


def gooi_offered(tmp_path: Path) -> Path:
    """Gooi as if its footnote 15 were found, and offered for signature (CG710 keeps it a concept)."""
    text = GOOI.read_text(encoding="utf-8")
    text = mutate(text, "  status: concept\n", "  status: ter-ondertekening\n")
    text = mutate(
        text,
        "    ontbreekt: niet in de beschikbare bron (seed 002); aanvullen uit het getekende origineel\n",
        "    tekst: De rapportages worden besproken in de Werkkamer.\n",
    )
    path = tmp_path / "aangeboden" / GOOI.name
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def signed_zk(tmp_path: Path, name: str = "zk-getekend.yaml") -> Path:
    """ZK with every party's place and date of signing filled in, and status 'ondertekend'."""
    text = ZK.read_text(encoding="utf-8")
    for party, (place, day) in SIGNING.items():
        text = mutate(
            text,
            f"    - partij: {party}\n",
            f"    - partij: {party}\n      plaats: {place}\n      datum: {day}\n",
        )
    text = mutate(text, "  status: concept\n", "  status: ondertekend\n")
    # A signed text is the agreed text: no model text left (CG703).
    text = mutate(text, "        modeltekst: true\n", "", count=2)
    text = mutate(text, "    modeltekst: true\n", "")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def checked(path: Path) -> Checked:
    item = check_file(path)
    assert item.covenant is not None, [f.as_dict() for f in item.findings]
    assert not [f for f in item.findings if f.severity == "error"], [f.as_dict() for f in item.findings]
    return item


def index_for(paths: list[Path], day: date) -> bytes:
    """index.html of these covenants on ``day`` (no PDFs needed for the overview)."""
    return pages.overview_pages(entries([checked(p) for p in paths], day, with_history=False), day)[
        "index.html"
    ]


def page_for(path: Path, day: date, files: dict[str, bytes] | None = None) -> str:
    entry = entries([checked(path)], day)[0]
    return pages.covenant_page(entry, day, files or {}, {}).decode("utf-8")


def published(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --- the command of the issue ----------------------------------------------------------------


def test_site_command_builds_and_gives_identical_bytes(
    site_built: Path, tmp_path: Path, cli_subprocess: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    out = tmp_path / "build" / "site"
    done = cli_subprocess("site", "convenants/", "-o", out, "--today", "2019-03-01")
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stderr and "[#" not in done.stderr  # no progress bar off a terminal
    again, first = published(out), published(site_built)
    assert sorted(again) == sorted(first)
    assert [name for name in first if again[name] != first[name]] == []


def test_index_lists_every_covenant_with_its_status_on_1_march_2019(site_built: Path) -> None:
    shown = statuses((site_built / "index.html").read_bytes())
    assert shown == {
        "gooi-en-vechtstreek-2015": "concept",  # footnote 15 lacks its text (CG710)
        "zuid-kennemerland-ijmond-2015": "vervallen",
        "zuid-kennemerland-ijmond-2019": "concept",
        # built from real covenants whose text is our model text (docs/sources.md)
        "landelijk-beraad-2025": "concept",
        "papier-karton-arboplus-2004": "concept",
        "rijnmond-werkbedrijf": "concept",
    }
    assert set(shown) == {p.stem for p in covenant_files()}
    for view in ("regio.html", "termijnen.html"):
        assert statuses((site_built / view).read_bytes()) == shown


def test_status_follows_the_reference_date(tmp_path: Path) -> None:
    signed = signed_zk(tmp_path)
    paths = [gooi_offered(tmp_path), signed]
    expected = {
        date(2019, 1, 20): ("ter ondertekening", "ter ondertekening"),  # nobody has signed yet
        date(2019, 2, 10): ("ter ondertekening", "ter ondertekening"),  # seven of thirteen have
        date(2019, 2, 15): ("ter ondertekening", "in werking"),  # the last signature: retroactively in force
        MARCH_2019: ("ter ondertekening", "in werking"),
        date(2020, 1, 1): ("ter ondertekening", "verlopen"),
        date(2026, 1, 1): ("verlopen", "verlopen"),
    }
    for day, (gooi, zk) in expected.items():
        shown = statuses(index_for(paths, day))
        assert shown == {"gooi-en-vechtstreek-2015": gooi, "zuid-kennemerland-ijmond-2019": zk}, day


def test_status_rules(tmp_path: Path) -> None:
    zk = checked(signed_zk(tmp_path)).covenant
    assert zk is not None
    feb = standing(zk, date(2019, 2, 10))
    assert (feb.parties_signed, feb.signing_date, feb.start) == (7, None, date(2019, 1, 1))
    assert standing(zk, MARCH_2019).signing_date == date(2019, 2, 15)
    concept = checked(ZK).covenant
    assert (
        concept is not None and standing(concept, date(2030, 1, 1)).status is Status.CONCEPT
    )  # never in force
    text = signed_zk(tmp_path).read_text(encoding="utf-8")
    fixed = mutate(
        text, "    regel: terugwerkend\n    datum: 2019-01-01\n", "    regel: datum\n    datum: 2019-04-01\n"
    )
    (tmp_path / "vast.yaml").write_text(fixed, encoding="utf-8")
    later = checked(tmp_path / "vast.yaml").covenant
    assert later is not None
    assert standing(later, MARCH_2019).status is Status.ONDERTEKEND  # signed, starts 1 April
    assert standing(later, date(2019, 4, 1)).status is Status.IN_WERKING
    (tmp_path / "weg.yaml").write_text(mutate(text, "  status: ondertekend\n", "  status: vervallen\n"))
    gone = checked(tmp_path / "weg.yaml").covenant
    assert gone is not None and standing(gone, MARCH_2019).status is Status.VERVALLEN


def test_default_reference_date_is_source_date_epoch_else_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1551398400")  # 2019-03-01T00:00:00Z
    assert reference_date() == MARCH_2019
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert reference_date() == date.today()


# --- downloads, manifest, links ----------------------------------------------------------------


def test_every_page_links_to_its_pdf_and_the_manifest_holds_its_sha256(site_built: Path) -> None:
    manifest = json.loads((site_built / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["files"]
    on_disk = published(site_built)
    assert sorted(files) == sorted(set(on_disk) - {"manifest.json"})
    for name, data in on_disk.items():
        if name != "manifest.json":
            assert files[name] == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}, name
    for path in covenant_files():
        page = site_built / path.stem / "index.html"
        pdfs = [url for _, url, _ in parse(page.read_bytes()).links if url.endswith(".pdf")]
        assert pdfs[0] == f"{path.stem}.pdf"  # the covenant first; then its progress report, if any
        for url in pdfs:
            pdf = (page.parent / url).resolve()
            assert pdf.read_bytes().startswith(b"%PDF-")
            digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
            assert files[pdf.relative_to(site_built.resolve()).as_posix()]["sha256"] == digest
        yaml_copy = site_built / path.stem / f"{path.stem}.yaml"
        assert yaml_copy.read_bytes() == path.read_bytes()


def test_links_are_relative_resolve_and_need_no_script(site_built: Path) -> None:
    for page in sorted(site_built.rglob("*.html")):
        found = parse(page.read_bytes())
        assert found.scripts == 0, page
        for tag, url, attrs in found.links:
            if attrs.get("rel", "").startswith("schema."):  # Dublin Core namespace names, never fetched
                continue
            assert tag in ("a", "link"), (page, tag, url)  # no images, scripts or frames
            assert not re.match(r"^[a-z][a-z0-9+.-]*:|^/", url), (page, url)
            target, _, fragment = url.partition("#")
            file = (page.parent / target).resolve() if target else page
            assert file.is_file() and site_built.resolve() in file.parents, (page, url)
            if fragment and file.suffix == ".html":
                assert fragment in parse(file.read_bytes()).ids, (page, url)


def test_published_folder_holds_the_site_and_nothing_else(site_built: Path) -> None:
    names = sorted(p.relative_to(site_built).as_posix() for p in site_built.rglob("*"))
    assert not [n for n in names if "/." in f"/{n}" or n.endswith(".tmp") or "lock" in n]
    assert set(published(site_built)) == {
        "index.html",
        "regio.html",
        "termijnen.html",
        "site.css",
        "convenanten.json",
        "manifest.json",
        *(
            f"{p.stem}/{name}"
            for p in covenant_files()
            for name in ("index.html", "metadata.json", f"{p.stem}.pdf", f"{p.stem}.yaml", f"{p.stem}.ics")
        ),
        *(
            f"{p.stem}/{name}"
            for p in covenant_files()
            if progress_path_for(p).is_file()
            for name in ("voortgang.html", f"{p.stem}-voortgang.pdf")
        ),
        "zuid-kennemerland-ijmond-2019/renvooi-zuid-kennemerland-ijmond-2015.html",
    }


def test_refuses_a_folder_it_did_not_write_and_replaces_its_own(tmp_path: Path) -> None:
    foreign = tmp_path / "mijn-map"
    foreign.mkdir()
    (foreign / "notities.txt").write_text("niet weggooien")
    result = build_site([GOOI], foreign, MARCH_2019)
    assert result.failed and result.refused and "notities.txt" in result.refused
    assert [p.name for p in foreign.iterdir()] == ["notities.txt"]
    site = tmp_path / "site"
    assert not build_site([CONVENANTS], site, MARCH_2019).failed
    assert not build_site([GOOI], site, MARCH_2019).failed  # an earlier site: replaced as a whole
    assert not (site / "zuid-kennemerland-ijmond-2019").exists()
    assert statuses((site / "index.html").read_bytes()) == {"gooi-en-vechtstreek-2015": "concept"}
    (site / "gooi-en-vechtstreek-2015" / "extra.html").write_text("toegevoegd")
    refused = build_site([GOOI], site, MARCH_2019)
    assert refused.refused and "extra.html" in refused.refused


def test_a_site_inside_its_source_folder_does_not_read_itself(tmp_path: Path) -> None:
    source = tmp_path / "convenanten"
    source.mkdir()
    (source / GOOI.name).write_bytes(GOOI.read_bytes())
    for _ in range(2):  # the second build would see the first one's YAML copy as a second covenant
        result = build_site([source], source / "site", MARCH_2019)
        assert not result.failed, [f.as_dict() for f in result.findings]
        assert [c.path for c in result.checked] == [str(source / GOOI.name)]


def test_a_covenant_with_errors_publishes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "fout.yaml"
    bad.write_text(mutate(GOOI.read_text(encoding="utf-8"), "  einde: 2025-12-31\n", "  einde: 2025-13-31\n"))
    out = tmp_path / "site"
    result = build_site([bad], out, MARCH_2019)
    assert result.failed and result.findings and not out.exists()
    assert not list(tmp_path.glob(".site*.tmp"))


# --- the covenant page ----------------------------------------------------------------------


def test_signatures_are_words_not_empty_boxes(site_built: Path, tmp_path: Path) -> None:
    for page in sorted(site_built.glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        assert "Plaats:" not in html and "Datum:" not in html and 'class="handtekening"' not in html
    gooi = (site_built / "gooi-en-vechtstreek-2015" / "index.html").read_text(encoding="utf-8")
    assert gooi.count("nog niet ondertekend") == 7
    signed = signed_zk(tmp_path)
    html = page_for(signed, MARCH_2019)
    assert html.count("ondertekend op ") == 13 and "nog niet ondertekend" not in html
    assert "ondertekend op 8 februari 2019 te IJmuiden" in html
    early = page_for(signed, date(2019, 2, 10))  # a signature counts from its date on
    assert early.count("nog niet ondertekend") == 6 and "ondertekend op 15 februari 2019" not in early


def test_table_of_contents_points_at_every_article(site_built: Path) -> None:
    page = site_built / "gooi-en-vechtstreek-2015" / "index.html"
    found = parse(page.read_bytes())
    toc = [url for tag, url, _ in found.links if tag == "a" and re.fullmatch(r"#artikel-\d+", url)]
    assert toc[:8] == [f"#artikel-{n}" for n in range(1, 9)]
    for anchor in ("#kop-partijen", "#kop-considerans", "#kop-ondertekening", "#kop-noten"):
        assert anchor in [url for _, url, _ in found.links]


def _meta(html: str | bytes) -> list[tuple[str, str]]:
    return [(n, v) for n, v in parse(html).metas if n.startswith(("DC.", "DCTERMS.", "OVERHEIDop."))]


def test_publication_metadata(site_built: Path, tmp_path: Path) -> None:
    page = site_built / "gooi-en-vechtstreek-2015" / "index.html"
    meta = _meta(page.read_bytes())
    names = [n for n, _ in meta]
    assert ("DC.title", "Convenant Inclusieve Arbeidsmarkt") in meta
    assert ("DC.type", "Convenanten") in meta and ("DCTERMS.language", "nl") in meta
    assert ("DC.identifier", "gooi-en-vechtstreek-2015") in meta
    assert names.count("DC.creator") == 7 and ("DC.creator", "UWV") in meta
    assert "OVERHEIDop.datumOndertekening" not in names  # nobody has signed
    assert not [n for n in names if "jaargang" in n.lower() or "publicationissue" in n.lower()]
    as_json = json.loads((page.parent / "metadata.json").read_text(encoding="utf-8"))["metadata"]
    assert as_json["DC.creator"] == [v for n, v in meta if n == "DC.creator"]
    assert {k: v for k, v in as_json.items() if k != "DC.creator"} == {
        n: v for n, v in meta if n != "DC.creator"
    }
    signed = signed_zk(tmp_path)
    assert ("OVERHEIDop.datumOndertekening", "2019-02-15") in _meta(page_for(signed, MARCH_2019))
    assert "OVERHEIDop.datumOndertekening" not in [n for n, _ in _meta(page_for(signed, date(2019, 2, 14)))]


def test_replaces_and_is_replaced_by(tmp_path: Path) -> None:
    text = ZK.read_text(encoding="utf-8")
    newer = mutate(
        mutate(text, "id: zuid-kennemerland-ijmond-2019\n", "id: zuid-kennemerland-ijmond-2020\n"),
        "  id: zuid-kennemerland-ijmond-2015\n  titel: Convenant Werkbedrijf Zuid-Kennemerland en IJmond\n",
        "  id: zuid-kennemerland-ijmond-2019\n"
        "  titel: Convenant Regionaal Werkbedrijf Zuid-Kennemerland en IJmond 2019\n",
    )
    (tmp_path / "zk-2020.yaml").write_text(newer, encoding="utf-8")
    both = entries([checked(ZK), checked(tmp_path / "zk-2020.yaml")], MARCH_2019, with_history=False)
    titles = {e.covenant.id: e.title for e in both}
    old_page = pages.covenant_page(both[0], MARCH_2019, {}, titles)
    new_page = pages.covenant_page(both[1], MARCH_2019, {}, titles)
    assert ("DCTERMS.isReplacedBy", "zuid-kennemerland-ijmond-2020") in _meta(old_page)
    assert ("DCTERMS.replaces", "zuid-kennemerland-ijmond-2019") in _meta(new_page)
    assert b'href="../zuid-kennemerland-ijmond-2020/index.html"' in old_page
    assert b'href="../zuid-kennemerland-ijmond-2019/index.html"' in new_page


def _versions_links(page: Path) -> list[str]:
    """The hrefs of the page's "Versies" section."""
    html = page.read_text(encoding="utf-8")
    section = html[html.index('<h2 id="kop-versies">') :]
    return [url for _, url, _ in parse(section[: section.index("</section>")]).links]


def test_a_new_version_links_its_redline_and_the_old_one_links_forward(site_built: Path) -> None:
    new, old = "zuid-kennemerland-ijmond-2019", "zuid-kennemerland-ijmond-2015"
    name = f"{new}/renvooi-{old}.html"
    manifest = json.loads((site_built / "manifest.json").read_text(encoding="utf-8"))["files"]
    redline = (site_built / name).read_bytes()
    assert manifest[name]["sha256"] == hashlib.sha256(redline).hexdigest()
    assert b"<del>" in redline and b"<ins>" in redline and b"<script" not in redline
    assert f"renvooi-{old}.html" in _versions_links(site_built / new / "index.html")
    previous = checked(CONVENANTS / f"{old}.yaml").covenant
    assert previous is not None
    old_title = pages.metadata.title(previous)
    text = (site_built / new / "index.html").read_text(encoding="utf-8")
    assert f"Wijzigingen ten opzichte van {old_title} (renvooi)</a>" in text
    forward = _versions_links(site_built / old / "index.html")
    assert f"../{new}/index.html" in forward and f"../{name}" in forward
    # Without a predecessor (or with one outside the site): no redline, no link.
    assert not [n for n in manifest if n.startswith("gooi-en-vechtstreek-2015/renvooi")]
    gooi = (site_built / "gooi-en-vechtstreek-2015" / "index.html").read_text(encoding="utf-8")
    assert "renvooi" not in gooi
    assert renvooi.redlines([checked(ZK)]) == {}


# --- git history ------------------------------------------------------------------------------


def _git(folder: Path, *args: str, when: str = "2019-01-10T12:00:00+01:00") -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="Secretariaat",
        GIT_AUTHOR_EMAIL="secretariaat@example.org",
        GIT_COMMITTER_NAME="Secretariaat",
        GIT_COMMITTER_EMAIL="secretariaat@example.org",
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_DATE=when,
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)


def test_version_history_from_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    source = repo / "zk.yaml"
    source.write_text(ZK.read_text(encoding="utf-8"), encoding="utf-8")
    assert history(source) is None  # not a git checkout: no history, no error
    assert "kop-versies" not in page_for(source, MARCH_2019)
    _git(repo, "init", "-q")
    _git(repo, "add", "zk.yaml")
    _git(repo, "commit", "-q", "-m", "Eerste versie <b>concept</b>")
    text = mutate(source.read_text(encoding="utf-8"), "\ntitel: Convenant ", "\ntitel: Het Convenant ")
    source.write_text(text, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "Titel aangepast", when="2019-01-20T09:00:00+01:00")
    found = history(source)
    assert found is not None and not found.modified
    assert [(v.day, v.subject) for v in found.versions] == [
        (date(2019, 1, 20), "Titel aangepast"),
        (date(2019, 1, 10), "Eerste versie <b>concept</b>"),
    ]
    html = page_for(source, MARCH_2019)
    assert "20 januari 2019" in html and "Eerste versie &lt;b&gt;concept&lt;/b&gt;" in html
    assert ("DCTERMS.available", "2019-01-20") in _meta(html)
    source.write_text(text + "# nog niet vastgelegd\n", encoding="utf-8")
    changed = history(source)
    assert changed is not None and changed.modified
    html = page_for(source, MARCH_2019)
    assert "nog niet in git zijn vastgelegd" in html
    assert "DCTERMS.available" not in [n for n, _ in _meta(html)]  # this exact version has no date


# --- deadlines, calendar and progress (from schedule.py, ical.py and the progress report) ---------


def _deadline_cells(index_html: bytes) -> list[str]:
    return re.findall(r'data-kop="Eerstvolgende termijn">([^<]*)</td>', index_html.decode("utf-8"))


def test_next_deadline_is_the_schedules(site_built: Path) -> None:
    # by region or scope: papier- en kartonindustrie, Gooi, landelijk, Rijnmond, ZK 2019, ZK 2015
    cells = _deadline_cells((site_built / "regio.html").read_bytes())
    assert cells == [
        "geen",  # unsigned, and its term of two and a half years starts at the signing
        "1 april 2019: Jaarrekening (voorlopig)",
        "1 januari 2026: Inwerkingtreding van het convenant",  # a fixed start
        "geen",  # unsigned and open-ended: nothing is dated
        "31 december 2019: Einde van de looptijd",
        "geen",  # the 2015 covenant has run out
    ]
    gooi = checked(GOOI)
    assert gooi.covenant is not None and gooi.layout is not None
    for day in (date(2019, 4, 2), date(2024, 1, 1), date(2026, 1, 1)):
        found = next_occurrence(events(gooi.covenant, gooi.layout), day)
        html = pages.overview_pages(entries([gooi], day, with_history=False), day)["regio.html"]
        shown = _deadline_cells(html)
        if found is None:
            assert shown == ["geen"]
        else:
            event, when = found
            assert shown[0].startswith(f"{dutch.datum(when)}: {event.title}")
    page = (site_built / "gooi-en-vechtstreek-2015" / "index.html").read_text(encoding="utf-8")
    assert "1 april 2019: Jaarrekening (artikel 3, vierde lid); voorlopig" in page


def test_calendar_download_is_the_covenants_calendar(site_built: Path) -> None:
    for path in covenant_files():
        ics = site_built / path.stem / f"{path.stem}.ics"
        item = checked(path)
        assert item.covenant is not None and item.layout is not None
        assert ics.read_bytes() == build_calendar([(item.covenant, item.layout)])
        parsed = icalendar.Calendar.from_ical(ics.read_bytes())
        # Rijnmond and the papier- en kartonindustrie are unsigned and date nothing else.
        dateless = path.stem in ("rijnmond-werkbedrijf", "papier-karton-arboplus-2004")
        assert len(parsed.walk("VEVENT")) == len(events(item.covenant, item.layout))
        assert (len(parsed.walk("VEVENT")) == 0) == dateless, path.stem
        links = [url for _, url, _ in parse((ics.parent / "index.html").read_bytes()).links]
        assert ics.name in links


def test_progress_chart_and_report_on_the_site(site_built: Path) -> None:
    page = (site_built / "zuid-kennemerland-ijmond-2019" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="kop-voortgang"') : page.index('id="kop-versies"')]
    assert section.count("<svg") == 1 and "<title" in section and "<desc" in section
    for number in ("856", "1.428", "1.439", "1.752", "1.776"):
        assert f">{number}<" in section or f">{number} <" in section, number
    assert 'href="voortgang.html"' in page and "zuid-kennemerland-ijmond-2019-voortgang.pdf" in page
    report = (site_built / "zuid-kennemerland-ijmond-2019" / "voortgang.html").read_text(encoding="utf-8")
    assert 'href="../site.css"' in report and 'href="index.html"' in report and "1.752" in report
    gooi = (site_built / "gooi-en-vechtstreek-2015" / "index.html").read_text(encoding="utf-8")
    assert (
        "kop-voortgang" not in gooi
        and not (site_built / "gooi-en-vechtstreek-2015" / "voortgang.html").exists()
    )


def test_a_progress_file_with_errors_publishes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "convenanten"
    source.mkdir()
    (source / ZK.name).write_bytes(ZK.read_bytes())
    beside = progress_path_for(ZK)
    text = beside.read_text(encoding="utf-8")
    (source / beside.name).write_text(mutate(text, "  aantal: 856\n", "  aantal: -856\n"), encoding="utf-8")
    out = tmp_path / "site"
    result = build_site([source], out, MARCH_2019)
    assert result.failed and not out.exists()
    assert [f.path for f in result.findings if f.severity == "error"] == [str(source / beside.name)]


def test_contents_list_the_documents_own_headings_in_its_order(tmp_path: Path) -> None:
    national = CONVENANTS / "landelijk-beraad-2025.yaml"
    page = page_for(national, date(2026, 3, 1))
    start = page.index('id="kop-inhoudsopgave"')
    toc = page[start : page.index("</nav>", start)]
    # the national covenant's Inleiding stands before its parties, and its annex is listed
    assert toc.index(">Inleiding<") < toc.index(">De Partijen<") < toc.index(">Ondertekening<")
    assert '<a href="#kop-termijnen">Bijlage: Overzicht van termijnen</a>' in toc
    gooi = page_for(GOOI, date(2019, 3, 1))
    start = gooi.index('id="kop-inhoudsopgave"')
    toc = gooi[start : gooi.index("</nav>", start)]
    assert toc.index(">De Partijen<") < toc.index(">Overwegende dat<")
