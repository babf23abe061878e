"""The render stage: golden HTML of the real covenants, house style, and untrusted text.

Golden files: tests/golden/<id>.html is the screen HTML of convenants/<id>.yaml, compared
byte for byte. After an intended change to the output, regenerate them with

    .venv/bin/pytest tests/test_render.py --update-golden

and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from convenantgen import dutch
from convenantgen.pipeline import Checked, check_file
from convenantgen.render import render_html
from helpers import EXAMPLES, GOLDEN, GOOI, MINIMAL, ZK, check_text, covenant_files, mutate


def screen(checked: Checked) -> str:
    assert checked.covenant is not None and checked.layout is not None, checked.findings
    return render_html(checked.covenant, checked.layout, "screen").html


def printed(checked: Checked) -> str:
    assert checked.covenant is not None and checked.layout is not None, checked.findings
    return render_html(checked.covenant, checked.layout, "print").html


@pytest.fixture(scope="module")
def gooi() -> Checked:
    return check_file(GOOI)


@pytest.fixture(scope="module")
def gooi_html(gooi: Checked) -> str:
    return screen(gooi)


def body(html: str) -> str:
    """The HTML without its <style> block (the CSS mentions words the tests look for)."""
    return re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)


def visible_text(html: str) -> str:
    text = re.sub(r"<[^>]+>", "", re.sub(r"<head>.*?</head>", "", html, flags=re.DOTALL))
    return re.sub(r"\s+", " ", text)


class _Structure(HTMLParser):
    """Ids, internal links and tag balance of a document."""

    VOID = frozenset({"meta", "br", "link", "img", "input", "hr", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.stack: list[str] = []
        self.mismatches: list[tuple[str, tuple[int, int]]] = []
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.mismatches.append((tag, self.getpos()))


def structure(html: str) -> _Structure:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser


# --- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize("path", covenant_files(), ids=lambda p: p.stem)
def test_golden_html(path: Path, update_golden: bool) -> None:
    checked = check_file(path)
    assert checked.findings == ()
    html = screen(checked).encode("utf-8")
    golden = GOLDEN / f"{path.stem}.html"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(html)
        return
    assert golden.exists(), f"{golden} is missing: run 'pytest tests/test_render.py --update-golden'"
    expected = golden.read_bytes()
    if html != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.decode("utf-8").splitlines(keepends=True),
                    html.decode("utf-8").splitlines(keepends=True),
                    str(golden),
                    "rendered now",
                    n=1,
                )
            )[:60]
        )
        pytest.fail(
            f"{path.name} renders differently from {golden.name}; if the change is intended, run\n"
            f"    pytest tests/test_render.py --update-golden\n\n{diff}"
        )


def test_every_golden_file_has_a_covenant() -> None:
    stale = sorted({p.stem for p in GOLDEN.glob("*.html")} - {p.stem for p in covenant_files()})
    assert stale == [], f"golden files without a covenant in convenants/: {stale}"


def test_rendering_is_deterministic(gooi: Checked) -> None:
    assert screen(gooi) == screen(check_file(GOOI))
    assert printed(gooi) == printed(gooi)


# --- document structure ----------------------------------------------------------------------


@pytest.mark.parametrize("path", covenant_files(), ids=lambda p: p.stem)
def test_document_structure(path: Path) -> None:
    checked = check_file(path)
    assert checked.covenant is not None
    html = screen(checked)
    assert html.startswith("<!DOCTYPE html>\n")
    assert '<html lang="nl">' in html
    assert re.search(r"<title>[^<]*\S[^<]*</title>", html)
    assert f"<title>{checked.covenant.titel}" in html
    headings = re.findall(r"<h2[^>]*>Artikel (\d+)\. ", html)
    assert headings == [str(n) for n in range(1, len(checked.covenant.artikelen) + 1)]
    assert len(re.findall(r"<h1[^>]*>", html)) == 1
    parsed = structure(html)
    assert parsed.mismatches == []
    assert parsed.stack == []


def test_target_table_has_a_head(gooi_html: str) -> None:
    table = re.search(r'<table class="doelen" id="tabel-banentabel">(.*?)</table>', gooi_html, re.DOTALL)
    assert table is not None
    assert "<thead>" in table.group(1)
    assert table.group(1).count('<th scope="col">') == 4  # Jaar, Markt, Overheid, Totaal
    assert table.group(1).count('<th scope="row">') == 11  # 2015 ... 2025


@pytest.mark.parametrize("path", covenant_files(), ids=lambda p: p.stem)
def test_internal_links_resolve_and_ids_are_unique(path: Path) -> None:
    for html in (screen(check_file(path)), printed(check_file(path))):
        parsed = structure(html)
        duplicates = [i for i, n in Counter(parsed.ids).items() if n > 1]
        assert duplicates == []
        ids = set(parsed.ids)
        assert [h for h in parsed.hrefs if h.startswith("#") and h[1:] not in ids] == []


def test_ids_are_unique_when_an_article_has_one_lid() -> None:
    # Several valid examples have articles with a single (unnumbered) lid.
    checked = check_file(EXAMPLES / "valid" / "herzieningen.yaml")
    parsed = structure(screen(checked))
    assert [i for i, n in Counter(parsed.ids).items() if n > 1] == []


# --- house style ------------------------------------------------------------------------------


def test_reference_to_another_article(gooi_html: str) -> None:
    # Article 6 refers to the reports of article 5, third lid.
    # non-breaking spaces (typeset.keep_together): a reference never breaks over two lines
    assert '<a class="ref" href="#artikel-5.lid-3">artikel\u00a05,\u00a0derde\u00a0lid</a>' in gooi_html


def test_reference_within_the_same_article(gooi_html: str) -> None:
    # Article 2, first lid refers to its own third lid.
    assert '<a class="ref" href="#artikel-2.lid-3">het derde\u00a0lid</a>' in gooi_html
    # The annex of termijnen, outside every article, names the lid in full.
    text, annex = gooi_html.split('id="bijlage-termijnen"')
    assert "artikel 2, derde lid" not in text.replace("\u00a0", " ")
    assert "artikel 2, derde lid</a>" in annex.replace("\u00a0", " ")


def test_reference_phrases(gooi: Checked) -> None:
    layout = gooi.layout
    assert layout is not None
    place = layout.places["uitvoering.marktbewerkingsplan.doelgroep"]
    assert layout.phrase(place, None, None) == "artikel 2, derde lid, onderdeel a"
    assert layout.phrase(place, "uitvoering", "uitvoering#1") == "het derde lid, onderdeel a"
    assert layout.phrase(place, "uitvoering", "uitvoering#3") == "onderdeel a"
    assert layout.phrase(layout.places["doelstelling"], None, None) == "artikel 1"
    assert layout.phrase(layout.places["herziening-2022"], None, None) == "artikel 6, tweede lid, onderdeel d"
    assert layout.phrase(layout.places["banentabel.2022.totaal"], None, None) == "1.065"


def test_dutch_numbers_money_and_dates_in_the_text(gooi_html: str) -> None:
    text = visible_text(body(gooi_html))
    for shown in ("1.065", "1.462", "1.337", "1.000.000"):
        assert shown in text
    assert "€ 1.000.000 ter beschikking" in text
    assert "op uiterlijk 31 december 2025 af" in text
    assert "Oktober 2016, ingangsdatum eventuele aanpassingen 1 januari 2017;" in text
    assert "1065" not in text


@pytest.mark.parametrize(
    ("function", "value", "shown"),
    [
        (dutch.getal, 1065, "1.065"),
        (dutch.getal, 125000, "125.000"),
        (dutch.getal, 0, "0"),
        (dutch.bedrag, Decimal(1000000), "€ 1.000.000"),
        (dutch.bedrag, Decimal("37500.50"), "€ 37.500,50"),
        (dutch.bedrag, Decimal("0.5"), "€ 0,50"),
        (dutch.datum, date(2025, 12, 31), "31 december 2025"),
        (dutch.datum, date(2019, 1, 1), "1 januari 2019"),
        (dutch.maand, "2016-10", "oktober 2016"),
        (dutch.rangtelwoord, 3, "derde"),
        (dutch.rangtelwoord, 20, "twintigste"),
        (dutch.rangtelwoord, 21, "21e"),
        (dutch.letter, 1, "a"),
        (dutch.letter, 26, "z"),
        (dutch.letter, 27, "aa"),
        (dutch.romeins, 4, "iv"),
        (dutch.romeins, 14, "xiv"),
        (dutch.romeins, 1999, "mcmxcix"),
    ],
)
def test_dutch_house_style(function: object, value: object, shown: str) -> None:
    assert function(value) == shown  # type: ignore[operator]


def test_list_labels_and_enumerations() -> None:
    assert [dutch.label(3, s) for s in ("a", "i", "I", "1")] == ["c", "iii", "III", "3"]
    assert dutch.opsomming([]) == ""
    assert dutch.opsomming(["FNV"]) == "FNV"
    assert dutch.opsomming(["FNV", "het CNV"]) == "FNV en het CNV"
    assert dutch.opsomming(["A", "B", "C"]) == "A, B en C"


def test_representative_not_yet_known_is_a_line_to_fill_in(tmp_path: Path) -> None:
    checked = check_text(tmp_path, mutate(MINIMAL, "        functie: de regiomanager\n", ""))
    assert checked.findings == ()
    text = visible_text(body(screen(checked)))
    assert "UWV, vertegenwoordigd door: …………………………………… (naam, functie)." in text


@pytest.mark.parametrize(
    ("status", "box", "page_mark"),
    [
        (None, "Concept — deze tekst is nog niet vastgesteld en niet ter ondertekening.", "CONCEPT"),
        ("concept", "Concept — deze tekst is nog niet vastgesteld en niet ter ondertekening.", "CONCEPT"),
        ("ter-ondertekening", None, None),
        ("vervallen", "Vervallen — dit convenant geldt niet meer.", "VERVALLEN"),
    ],
)
def test_status_box_and_page_mark(
    tmp_path: Path, status: str | None, box: str | None, page_mark: str | None
) -> None:
    text = MINIMAL + (f"publicatie:\n  status: {status}\n" if status else "")
    checked = check_text(tmp_path, text)
    assert checked.findings == ()
    shown = visible_text(body(screen(checked)))
    if box is None:
        assert "Concept" not in shown and "Vervallen" not in shown
    else:
        assert box in shown
    page_rule = re.search(r'@top-right \{ content: "([A-Z]+)"; \}', printed(checked))
    assert (page_rule.group(1) if page_rule else None) == page_mark
    assert "@top-right { content" not in screen(checked)


def test_parties_and_representatives(gooi_html: str) -> None:
    text = visible_text(body(gooi_html))
    assert (
        "VNO NCW West, vertegenwoordigd door: de heer B. Mooren, Directeur"
        " (namens hem mevrouw L.P. Tiel, Regiomanager);" in text
    )
    assert "Het CNV, vertegenwoordigd door: mevrouw R. Galligan, Regiovertegenwoordiger;" in text
    assert "(hierna: MKB-Nederland)" in text
    assert "De heer prof. dr. A. Klamer (Voorzitter Werkkamer);" in text


# --- footnotes ---------------------------------------------------------------------------------


def test_footnotes_are_numbered_in_reading_order(gooi: Checked, gooi_html: str) -> None:
    assert gooi.layout is not None
    numbers = gooi.layout.note_numbers
    assert numbers["regio-gemeenten"] == 1  # after the Regio in the party list
    assert numbers["werkbedrijf"] == 2  # first recital
    assert numbers["cumulatief"] == 6  # the heading of the total column
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    assert (
        'Regio Gooi en Vechtstreek<sup class="fn-call"><a href="#noot-1" id="noot-ref-1">1</a></sup>'
        in gooi_html
    )
    assert 'Totaal<sup class="fn-call"><a href="#noot-6" id="noot-ref-6">6</a></sup></th>' in gooi_html


def test_endnotes_in_number_order_with_their_text(gooi: Checked, gooi_html: str) -> None:
    assert gooi.layout is not None
    listed = [int(n) for n in re.findall(r'<li id="noot-(\d+)">', gooi_html)]
    assert listed == list(range(1, len(gooi.layout.note_numbers) + 1))
    note_6 = re.search(r'<li id="noot-6">(.*?)</li>', gooi_html, re.DOTALL)
    assert note_6 is not None and "De in het schema opgenomen aantallen zijn cumulatief." in note_6.group(1)
    note_14 = re.search(r'<li id="noot-14">(.*?)</ol>', gooi_html, re.DOTALL)
    assert note_14 is not None and '<span class="label">IV.</span>' in note_14.group(1)


def test_print_medium_floats_footnotes_on_the_page(gooi: Checked) -> None:
    html = printed(gooi)
    assert (
        '<span class="fn-aanroep" id="noot-aanroep-1"></span><span class="fn" id="noot-1" data-n="1">' in html
    )
    assert (
        '<span class="fn" id="noot-6" data-n="6">De in het schema opgenomen aantallen zijn cumulatief.</span>'
        in html
    )
    assert 'id="kop-noten"' not in html
    assert '<body class="print' in html


def test_footnote_called_twice_links_somewhere_in_print(tmp_path: Path) -> None:
    text = mutate(
        MINIMAL,
        "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n",
        "    leden:\n      - tekst: Eerste[^n].\n      - tekst: Tweede[^n].\n",
    )
    text = mutate(text, "ondertekening:\n  blokken", "noten:\n  n: De noot.\nondertekening:\n  blokken")
    checked = check_text(tmp_path, text)
    assert checked.findings == ()
    parsed = structure(printed(checked))
    assert [h for h in parsed.hrefs if h.startswith("#") and h[1:] not in set(parsed.ids)] == []


def test_footnote_numbers_in_a_table_heading_example() -> None:
    html = screen(check_file(EXAMPLES / "valid" / "voetnoot-tabelkop.yaml"))
    assert re.findall(r'href="#noot-(\d+)" id="noot-ref-\d+"', html) == ["1", "2", "3", "4"]
    assert 'Markt<sup class="fn-call"><a href="#noot-3"' in html
    assert 'Totaal<sup class="fn-call"><a href="#noot-4"' in html


# --- untrusted text -------------------------------------------------------------------------------

HOSTILE = """    tekst: |-
      Hallo <script>alert(1)</script> en [klik](javascript:alert(2)) en [ok](https://example.org/a)
      ![pixel](https://tracker.example/p.png) en {{ 7*7 }} en {% if true %}ja{% endif %}
      <img src=x onerror=alert(3)> [data](data:text/html;base64,PHNjcmlwdD4=) [f](file:///etc/passwd)
      <a href="javascript:alert(4)">a</a> <link rel=attachment href=file:///etc/hostname>
"""


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    text = mutate(MINIMAL, "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n", HOSTILE)
    text = mutate(
        text, "titel: Convenant Inclusieve Arbeidsmarkt", 'titel: "Convenant <script>x()</script> & \\"co\\""'
    )
    checked = check_text(tmp_path_factory.mktemp("hostile"), text)
    # check refuses the markup (CG307, an error: it would be printed as typed), and nothing
    # else; the renderer must still keep it harmless, should anything ever render it anyway
    assert checked.findings and {(f.code, f.severity) for f in checked.findings} == {("CG307", "error")}
    return body(screen(checked))


def test_raw_html_is_escaped(hostile_html: str) -> None:
    assert "<script" not in hostile_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    assert "<img" not in hostile_html
    assert "&lt;img src=x onerror=alert(3)&gt;" in hostile_html
    assert "<link" not in hostile_html


def test_only_safe_links_are_rendered(hostile_html: str) -> None:
    hrefs = re.findall(r'href="([^"]*)"', hostile_html)
    assert "https://example.org/a" in hrefs
    for href in hrefs:
        assert href.startswith(("https://", "http://", "mailto:", "#")), href
    assert "javascript:" not in " ".join(hrefs)
    assert "[klik](javascript:alert(2))" in hostile_html  # left as text, not a link


def test_images_are_not_rendered(hostile_html: str) -> None:
    assert "<img" not in hostile_html
    assert 'src="https://tracker.example' not in hostile_html


def test_template_syntax_in_text_is_literal(hostile_html: str) -> None:
    assert "{{ 7*7 }}" in hostile_html
    assert "{% if true %}ja{% endif %}" in hostile_html
    assert "49" not in hostile_html


def test_plain_fields_are_escaped_too(hostile_html: str) -> None:
    assert (
        "<title>Convenant &lt;script&gt;x()&lt;/script&gt; &amp; &#34;co&#34; – Voorbeeldregio</title>"
        in hostile_html
    )
    assert (
        'content="Convenant &lt;script&gt;x()&lt;/script&gt; &amp; &#34;co&#34;, Voorbeeldregio"'
        in hostile_html
    )


def test_unresolved_reference_renders_visibly(tmp_path: Path) -> None:
    # check reports CG301; a preview rendered anyway must show the problem, not hide it.
    text = mutate(MINIMAL, "inclusieve arbeidsmarkt.", "inclusieve arbeidsmarkt, zie [[bestaat-niet]].")
    checked = check_text(tmp_path, text)
    assert [f.code for f in checked.findings] == ["CG301"]
    assert '<span class="ref-ontbreekt">[[bestaat-niet]]</span>' in screen(checked)


def test_zuid_kennemerland_renders_dates_of_a_retroactive_term() -> None:
    text = visible_text(body(screen(check_file(ZK))))
    assert "met terugwerkende kracht in werking vanaf 1 januari 2019" in text
    assert "tot en met 31 december 2019" in text
