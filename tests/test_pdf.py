"""Structural PDF tests on the session build of convenants/ (WeasyPrint's own style).

Nothing here compares pixels or exact bytes: the tests read the text (pdftotext), the page
count, the metadata and the object tree (pikepdf), so additions such as signature fields,
a fingerprint in the footer or PDF/A metadata do not break them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from convenantgen import dutch
from convenantgen.build import build
from convenantgen.outputs import render_covenant
from convenantgen.pipeline import check_file
from helpers import GOOI, MINIMAL, ZK, Built, covenant_files, mutate, normalise_space

GOOI_ID = GOOI.stem
# Every representative (and the delegate) in the party list of seed 002.
GOOI_PEOPLE = (
    "B. Mooren",
    "L.P. Tiel",
    "D. Kloosterziel",
    "O. Elmaci",
    "R. Galligan",
    "W.A.M. te Riele",
    "A. Klamer",
    "J. Bakker-Klein",
    "W. Jaeger",
    "E van Scherpenzeel",
)
GOOI_ARTICLES = (
    "Doelstelling",
    "Uitvoering",
    "Financiering",
    "Structuur Werkkamer",
    "Monitoring en evaluatie",
    "Inwerkingtreding en looptijd",
    "Afspraken",
    "Publicatie",
)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian: poppler-utils / qpdf)")
    return found


def pdftotext(path: Path) -> str:
    done = subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def gooi_pdf(built: Built) -> Path:
    return built.pdf(GOOI_ID)


@pytest.fixture(scope="module")
def gooi_pages(gooi_pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    pages = pdftotext(gooi_pdf).split("\f")
    return [p for p in pages if p.strip()]


@pytest.fixture(scope="module")
def gooi_text(gooi_pages: list[str]) -> str:
    """All text, whitespace collapsed, and words split at a line end ('Bakker-\\nKlein') rejoined."""
    return normalise_space(re.sub(r"-\n", "-", "\n".join(gooi_pages)))


def test_the_build_wrote_html_and_pdf_for_every_covenant(built: Built, covenant_paths: list[Path]) -> None:
    for path in covenant_paths:
        assert built.pdf(path.stem).read_bytes().startswith(b"%PDF-")
        assert built.html(path.stem).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- text --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", GOOI_PEOPLE)
def test_every_representative_is_in_the_pdf(gooi_text: str, name: str) -> None:
    assert name in gooi_text


def test_every_year_and_target_is_in_the_pdf(gooi_text: str) -> None:
    covenant = check_file(GOOI).covenant
    assert covenant is not None
    (table,) = [lid.tabel for a in covenant.artikelen for lid in a.leden if lid.tabel]
    words = set(gooi_text.split())
    assert [row.jaar for row in table.rijen] == list(range(2015, 2026))
    for row in table.rijen:
        assert str(row.jaar) in words
        total = row.declared_total if row.declared_total is not None else row.computed_total
        for number in (*(v for _, v in row.values), total):
            assert dutch.getal(number) in words, (row.jaar, number)
    assert {"1.462", "1.065", "1.337", "1.212"} <= words


def test_recitals_articles_term_and_signatures(gooi_text: str) -> None:
    assert "Overwegende dat" in gooi_text
    for number, title in enumerate(GOOI_ARTICLES, 1):
        assert f"Artikel {number}. {title}" in gooi_text
    assert "31 december 2025" in gooi_text
    assert "€ 1.000.000" in gooi_text
    assert "Ondertekening" in gooi_text


def test_footnotes_are_on_the_pages(gooi_text: str) -> None:
    assert "Een volledige baan: 25,5 verloonde uren per week." in gooi_text
    assert "De in het schema opgenomen aantallen zijn cumulatief." in gooi_text


def test_every_page_is_numbered(gooi_pages: list[str]) -> None:
    total = len(gooi_pages)
    for number, page in enumerate(gooi_pages, 1):
        assert f"pagina {number} van {total}" in page, number


def test_a_concept_says_so_on_every_page(built: Built, gooi_pages: list[str]) -> None:
    """ZK is a concept (it still has model text), and so is Gooi (footnote 15 lacks its text)."""
    pages = [p for p in pdftotext(built.pdf(ZK.stem)).split("\f") if p.strip()]
    assert len(pages) > 1
    assert all("CONCEPT" in page for page in pages)
    assert "Concept — deze tekst is nog niet vastgesteld" in normalise_space(pages[0])
    # A covenant offered for signature has no mark: test_render's status test holds that.
    assert all("CONCEPT" in page for page in gooi_pages)


def test_every_party_has_a_place_on_the_signature_pages(gooi_text: str) -> None:
    signing = gooi_text[gooi_text.rindex("Ondertekening") :]
    for party in ("FNV", "CNV", "MKB", "Regio Gooi en Vechtstreek", "ROCvA", "UWV", "VNO NCW West"):
        assert party in signing
    assert signing.count("Plaats:") >= 7
    assert signing.count("Datum:") >= 7


# --- pages and metadata -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("covenant_id", "low", "high"), [(GOOI_ID, 6, 20), ("zuid-kennemerland-ijmond-2019", 2, 12)]
)
def test_page_count_is_sane(built: Built, covenant_id: str, low: int, high: int) -> None:
    with pikepdf.open(built.pdf(covenant_id)) as pdf:
        assert low <= len(pdf.pages) <= high
        for page in pdf.pages:
            box = [float(v) for v in page.mediabox]
            assert (round(box[2]), round(box[3])) == (595, 842)  # A4


@pytest.mark.parametrize("path", covenant_files(), ids=lambda p: p.stem)
def test_title_language_and_tags(built: Built, path: Path) -> None:
    covenant = check_file(path).covenant
    assert covenant is not None
    with pikepdf.open(built.pdf(path.stem)) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith(covenant.titel)
        assert str(pdf.Root.Lang) == "nl"
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)


def test_pdfinfo_agrees(gooi_pdf: Path) -> None:
    done = subprocess.run([tool("pdfinfo"), str(gooi_pdf)], capture_output=True, text=True, check=True)
    info = dict(re.findall(r"^([^:]+):\s*(.*)$", done.stdout, re.MULTILINE))
    assert info["Title"] == "Convenant Inclusieve Arbeidsmarkt – Gooi en Vechtstreek"
    assert info["Tagged"] == "yes"
    assert info["JavaScript"] == "no"
    assert info["Encrypted"] == "no"
    with pikepdf.open(gooi_pdf) as pdf:
        assert int(info["Pages"]) == len(pdf.pages)


def test_internal_references_are_links(gooi_pdf: Path) -> None:
    with pikepdf.open(gooi_pdf) as pdf:
        links = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    assert links, "references and footnote calls should be clickable"


# --- validity ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", covenant_files(), ids=lambda p: p.stem)
def test_qpdf_check_passes(built: Built, path: Path) -> None:
    done = subprocess.run(
        [tool("qpdf"), "--check", str(built.pdf(path.stem))], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout


@pytest.mark.parametrize("path", covenant_files(), ids=lambda p: p.stem)
def test_pikepdf_opens_every_object(built: Built, path: Path) -> None:
    with pikepdf.open(built.pdf(path.stem)) as pdf:
        assert len(pdf.objects) > 10
        for page in pdf.pages:
            page.get("/Contents")


# --- nothing active, nothing embedded, nothing local -----------------------------------------------


def dictionaries(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every dictionary in the file: indirect objects, stream dictionaries and everything
    nested directly inside them (an action is usually a direct dictionary in an annotation)."""

    def walk(obj: object) -> Iterator[pikepdf.Dictionary]:
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            yield obj
            children = [value for _, value in obj.items()]
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            return
        for child in children:
            if (
                isinstance(child, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))
                and not child.is_indirect
            ):
                yield from walk(child)

    for obj in pdf.objects:
        yield from walk(obj)


def dangers(path: Path) -> list[str]:
    """Active content, attachments or local-file links anywhere in the PDF."""
    found = []
    with pikepdf.open(path) as pdf:
        for d in dictionaries(pdf):
            keys = set(d.keys())
            for key in ("/JavaScript", "/JS", "/EmbeddedFile", "/EmbeddedFiles", "/Launch"):
                if key in keys:
                    found.append(f"key {key}")
            if d.get("/S") in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"):
                found.append(f"action {d.get('/S')}")
            if d.get("/Type") in ("/EmbeddedFile", "/Filespec"):
                found.append(f"type {d.get('/Type')}")
            if d.get("/Subtype") == "/FileAttachment":
                found.append("file attachment annotation")
            uri = d.get("/URI")
            if uri is not None and not str(uri).lower().startswith(("https://", "http://", "mailto:")):
                found.append(f"URI {uri}")
        names = pdf.Root.get("/Names")
        if names is not None:
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    found.append(f"names {key}")
        if "/OpenAction" in pdf.Root and not isinstance(pdf.Root.OpenAction, pikepdf.Array):
            found.append("open action")
    return found


@pytest.mark.parametrize("path", covenant_files(), ids=lambda p: p.stem)
def test_no_javascript_attachments_or_local_links(built: Built, path: Path) -> None:
    assert dangers(built.pdf(path.stem)) == []


HOSTILE_TEXT = """    tekst: |-
      Zie [de bron](file:///etc/hostname) en [lokaal](file:/etc/passwd), [js](javascript:alert(1)),
      ![beeld](file:///etc/hostname) <link rel=attachment href=file:///etc/hostname>
      <img src="file:///etc/hostname"> en [veilig](https://example.org/convenant).
"""


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One extra PDF: a covenant whose text tries to make WeasyPrint load or attach local files."""
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "vijandig.yaml"
    text = mutate(
        MINIMAL, "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n", HOSTILE_TEXT
    )
    source.write_text(mutate(text, "id: minimaal-2027", "id: vijandig"), encoding="utf-8")
    # check refuses every link, image and tag in it (CG307), so build writes nothing ...
    result = build([source], folder / "out")
    assert result.failed and result.written == ()
    assert {f.code for f in result.findings if f.severity == "error"} == {"CG307"}
    # ... and the PDF is made all the same, to test the renderer's own defences
    checked = check_file(source)
    [pdf] = render_covenant(checked, ("pdf",))
    assert pdf.name == "vijandig.pdf"
    (folder / "vijandig.pdf").write_bytes(pdf.data)
    return folder / "vijandig.pdf"


def test_hostile_text_embeds_and_links_nothing_local(hostile_pdf: Path) -> None:
    assert dangers(hostile_pdf) == []
    raw = hostile_pdf.read_bytes()
    assert b"file:" not in raw
    with pikepdf.open(hostile_pdf) as pdf:
        uris = [str(d.get("/URI")) for d in dictionaries(pdf) if d.get("/URI") is not None]
    assert uris == ["https://example.org/convenant"]
    text = normalise_space(pdftotext(hostile_pdf))
    assert "<link rel=attachment" in text  # shown as text, harmless
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in text


def test_the_danger_detector_detects(tmp_path: Path) -> None:
    """The detector above must see what it looks for, also in direct (nested) dictionaries."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[0, 0, 10, 10],
                    A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("file:///etc/hostname")),
                )
            ]
        )
    )
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.attachments["bron.yaml"] = pikepdf.AttachedFileSpec(pdf, b"id: x\n")
    path = tmp_path / "gevaarlijk.pdf"
    pdf.save(path)
    found = dangers(path)
    assert "URI file:///etc/hostname" in found
    assert "action /JavaScript" in found
    assert "key /JS" in found
    assert "names /EmbeddedFiles" in found
    assert "type /EmbeddedFile" in found
