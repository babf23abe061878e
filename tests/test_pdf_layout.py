"""The PDF as a covenant: what a reader of the printed pages sees, asserted from the layout.

Footnotes on the page that calls them, no line break inside a date, an amount or an article
reference, the running header and the title naming the region, signature boxes level in
each row, initials boxes that never move a page break, and the other points of issue 12.
Read from the session build (pdftotext, pikepdf) or from WeasyPrint's own page boxes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

from convenantgen.render import render_html
from convenantgen.typeset import NBSP, keep_together
from helpers import GOOI, REPO_ROOT, ZK, Built, check_text, covenant_files, mutate, normalise_space

MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
IDS = [p.stem for p in covenant_files()]


def pdftotext(path: Path, *options: str) -> list[str]:
    """The text of each page, line breaks as printed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (Debian: poppler-utils)")
    done = subprocess.run([tool, "-enc", "UTF-8", *options, str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8").split("\f")[:-1]


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def note_pages(html: str) -> tuple[dict[str, int], dict[str, int]]:
    """({note number: page of its call}, {note number: page it is printed on}) from WeasyPrint."""
    from weasyprint import HTML

    from convenantgen.pagination import lay_out

    calls: dict[str, int] = {}
    notes: dict[str, int] = {}
    # laid out as the PDF stage does it (which breaks a page before a call whose note would move)
    document, _ = lay_out(html, lambda text: HTML(string=text).render())
    for number, page in enumerate(document.pages):
        content, footnotes = page._page_box.children[:2]
        for box in _boxes(content):
            ident = (box.element.get("id") or "") if getattr(box, "element", None) is not None else ""
            if ident.startswith("noot-aanroep-"):
                calls.setdefault(ident.removeprefix("noot-aanroep-"), number)
        for box in _boxes(footnotes):
            if getattr(box, "element", None) is not None and box.element.get("class") == "fn":
                notes.setdefault(box.element.get("data-n"), number)
    return calls, notes


def print_html(path: Path, text: str | None = None, tmp_path: Path | None = None) -> str:
    from convenantgen.pipeline import check_file

    checked = check_file(path) if text is None else check_text(tmp_path or path.parent, text)
    assert checked.covenant is not None and checked.layout is not None
    return render_html(checked.covenant, checked.layout, "print").html


# --- footnotes -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", covenant_files(), ids=IDS)
def test_every_footnote_is_printed_on_the_page_that_calls_it(path: Path) -> None:
    calls, notes = note_pages(print_html(path))
    assert notes.keys() == calls.keys()
    assert {n: (calls[n], notes[n]) for n in calls if calls[n] != notes[n]} == {}


def test_the_lead_in_sentence_stands_on_the_page_of_its_table(built: Built) -> None:
    pages = [normalise_space(p) for p in pdftotext(built.pdf(GOOI.stem))]
    lead_in = next(i for i, p in enumerate(pages) if "(reguliere) banen" in p)
    first_row = next(i for i, p in enumerate(pages) if "2015 114 36 150" in p)
    assert lead_in == first_row


def test_a_table_carries_its_unit_as_caption_and_repeats_its_header(tmp_path: Path) -> None:
    html = print_html(GOOI)
    assert "<caption>Aantal banen</caption>" in html
    # push the table to the foot of a page, so that it must break between rows
    spacer = '<div style="height: 130mm"></div><section class="artikel"'
    html = html.replace('<section class="artikel"', spacer, 1)
    from weasyprint import HTML

    out = tmp_path / "lang.pdf"
    HTML(string=html).write_pdf(out)
    pages = [normalise_space(p) for p in pdftotext(out)]
    first, last = (next(i for i, p in enumerate(pages) if row in p) for row in ("2015 114", "2025 1.250"))
    assert first < last, "the table did not break: the test proves nothing"
    for page in pages[first : last + 1]:
        assert "Jaar Markt Overheid Totaal" in page


# --- no break inside a date, an amount or a reference ---------------------------------------


BROKEN = (
    re.compile(rf"\b\d{{1,2}}\n({MONTHS})\b"),
    re.compile(rf"\b({MONTHS})\n\d{{4}}\b"),
    re.compile(r"€\n\d"),
    re.compile(r"\bartikel\n\d"),
    re.compile(r"\d,\n(eerste|tweede|derde|vierde|vijfde) lid"),
    re.compile(r"\b(eerste|tweede|derde|vierde|vijfde)\nlid\b"),
)


@pytest.mark.parametrize("covenant_id", IDS)
def test_no_line_breaks_inside_a_date_an_amount_or_a_reference(built: Built, covenant_id: str) -> None:
    text = "\n".join(pdftotext(built.pdf(covenant_id)))
    found = [m.group(0) for pattern in BROKEN for m in pattern.finditer(text)]
    assert found == []


def test_keep_together_joins_the_units_and_leaves_tags_alone() -> None:
    html = '<a href="#artikel-5" title="30 juni 2018">artikel 5, derde lid</a> op 30 juni 2018: € 1.000.000'
    assert keep_together(html) == (
        f'<a href="#artikel-5" title="30 juni 2018">artikel{NBSP}5,{NBSP}derde{NBSP}lid</a>'
        f" op 30{NBSP}juni{NBSP}2018: €{NBSP}1.000.000"
    )


# --- header, title, title block -----------------------------------------------------------


def test_the_running_header_names_the_covenant_and_the_region(built: Built) -> None:
    pages = pdftotext(built.pdf(GOOI.stem))
    for page in pages[1:]:
        assert page.lstrip().startswith("Convenant Inclusieve Arbeidsmarkt – Gooi en Vechtstreek")


@pytest.mark.parametrize("covenant_id", IDS)
def test_the_pdf_title_names_the_region(built: Built, covenant_id: str) -> None:
    with pikepdf.open(built.pdf(covenant_id)) as pdf:
        title = str(pdf.docinfo["/Title"])
    data = yaml.safe_load((REPO_ROOT / "convenants" / f"{covenant_id}.yaml").read_text(encoding="utf-8"))
    assert title.startswith(data["titel"])
    region = data.get("regio", {}).get("naam")
    if region:  # every region has a 'Convenant Inclusieve Arbeidsmarkt': the title says whose
        assert region in title


def test_the_closing_formula_and_the_title_block_place_and_date(tmp_path: Path) -> None:
    plain = GOOI.read_text(encoding="utf-8")
    assert "Aldus overeengekomen" not in print_html(GOOI)
    text = mutate(
        plain,
        "ondertekening:\n",
        "ondertekening:\n  slotformule:\n    plaats: Hilversum\n    datum: 2015-06-12\n",
    )
    html = print_html(GOOI, text, tmp_path)
    assert f"Aldus overeengekomen en in zevenvoud ondertekend te Hilversum op 12{NBSP}juni{NBSP}2015." in html
    assert f'<p class="plaats-datum">Hilversum, 12{NBSP}juni{NBSP}2015</p>' in html
    blank = mutate(plain, "ondertekening:\n", "ondertekening:\n  slotformule:\n    voud: 2\n")
    html = print_html(GOOI, blank, tmp_path)
    assert "Aldus overeengekomen en in tweevoud ondertekend te ……………………… op ………………………." in html


# --- the signature page --------------------------------------------------------------------


def widgets(path: Path) -> list[tuple[int, float, float, float, float]]:
    """(page, left, bottom, right, top) of every signature widget."""
    found = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for annot in page.get("/Annots", []):
                if annot.get("/FT") == "/Sig" or annot.get("/Parent", {}).get("/FT") == "/Sig":
                    x1, y1, x2, y2 = (float(v) for v in annot.Rect)
                    found.append((number, x1, y1, x2, y2))
    return found


@pytest.mark.parametrize("covenant_id", IDS)
def test_the_signature_boxes_of_a_row_stand_level(built: Built, covenant_id: str) -> None:
    boxes = sorted(widgets(built.pdf(covenant_id)), key=lambda b: (b[0], -b[4], b[1]))
    assert len(boxes) >= 2
    lefts = sorted({round(b[1]) for b in boxes})
    assert len(lefts) == 2, "two columns of blocks"
    rows = [boxes[i : i + 2] for i in range(0, len(boxes), 2)]
    for row in rows:
        if len(row) == 2:
            (p1, _, b1, _, t1), (p2, _, b2, _, t2) = row
            assert p1 == p2 and abs(t1 - t2) < 0.5 and abs(b1 - b2) < 0.5, row


def test_the_signature_fields_paint_no_grey_under_the_ink(built: Built) -> None:
    with pikepdf.open(built.pdf(GOOI.stem)) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                if "/AP" in annot and annot.get("/FT") == "/Sig":
                    assert b" rg" not in annot.AP.N.read_bytes()


def test_a_delegate_signs_namens_deze_without_double_brackets(built: Built) -> None:
    text = normalise_space("\n".join(pdftotext(built.pdf(GOOI.stem))))
    signing = text[text.rindex("Ondertekening") :]
    assert "De heer B. Mooren, Directeur namens deze: mevrouw L.P. Tiel, Regiomanager" in signing
    assert ") (" not in signing and "((" not in signing


# --- initials, model text -------------------------------------------------------------------


def test_initials_boxes_never_move_a_page_break(tmp_path: Path) -> None:
    from weasyprint import HTML

    plain = GOOI.read_text(encoding="utf-8")
    with_initials = mutate(plain, "ondertekening:\n", "ondertekening:\n  paraaf: true\n")
    texts = []
    for name, text in (("zonder", plain), ("met", with_initials)):
        out = tmp_path / f"{name}.pdf"
        HTML(string=print_html(GOOI, text, tmp_path)).write_pdf(out)
        texts.append([p.split() for p in pdftotext(out)])
    without, with_boxes = texts
    assert len(without) == len(with_boxes)
    for plain_page, boxed_page in zip(without, with_boxes, strict=True):
        assert plain_page[:8] == boxed_page[:8]  # every page starts with the same words
        assert "ROCvA" in boxed_page and "ROCvA" not in plain_page[-20:]  # the initials boxes are there


def test_a_model_text_mark_stands_beside_the_number_not_between(built: Built) -> None:
    lines = "\n".join(pdftotext(built.pdf(ZK.stem), "-layout")).splitlines()
    numbered = [line for line in lines if "Iedere Partij zet zich binnen" in line]
    assert numbered and re.match(r"\s*3\.\s+Iedere Partij", numbered[0])


def test_a_long_party_name_stays_above_its_box(built: Built) -> None:
    path = built.pdf(GOOI.stem)
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (Debian: poppler-utils)")
    pages = pdftotext(path)
    # the first signature page: the one with the name (the annex may follow the signatures)
    last = next(i for i, page in enumerate(pages, start=1) if "Ondertekening" in page and "Holland" in page)
    done = subprocess.run(
        [tool, "-bbox", "-f", str(last), "-l", str(last), str(path), "-"], capture_output=True, check=True
    )
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', done.stdout.decode("utf-8"))
    bottom = max(float(y2) for _, y2, word in words if word == "Holland")  # 'Nederland Noord Holland'
    with pikepdf.open(path) as pdf:
        height = float(pdf.pages[last - 1].mediabox[3])
    tops = [height - box[4] for box in widgets(path) if box[0] == last - 1]
    below = min(top for top in tops if top > bottom - 20)  # the box under the name
    assert bottom <= below, (bottom, below)
