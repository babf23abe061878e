"""The redline: the rendered covenant with deletions in <del> and insertions in <ins>, never colour alone."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from convenantgen.diff.engine import diff
from convenantgen.diff.model import Diff
from convenantgen.diff.redline import CSS, redline_html, redline_pdf
from convenantgen.pipeline import check_file
from convenantgen.render import render_html
from helpers import GOOI, mutate
from test_diff import ARTIKEL_2, GOOI_TEXT, NEW_ARTICLE, ROW_2018, without_cnv, write


class _Marks(HTMLParser):
    """The text of every <del> and <ins> run, the hidden labels, and all ids."""

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[tuple[str, str]] = []
        self.labels: list[str] = []
        self.ids: list[str] = []
        self.keys = 0
        self._open: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        self.keys += "data-k" in found
        if tag in ("del", "ins"):
            self._open.append(tag)
            self.runs.append((tag, ""))
        if tag == "span" and found.get("class") == "rl-sr":
            self._hidden += 1
            self.labels.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("del", "ins") and self._open:
            self._open.pop()
        if tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._hidden:
            self.labels[-1] += data
        elif self._open and self.runs:
            tag, text = self.runs[-1]
            self.runs[-1] = (tag, text + data)


def marks(page: str) -> _Marks:
    parser = _Marks()
    parser.feed(page)
    return parser


def _diff(tmp_path: Path, new_text: str) -> Diff:
    old = check_file(write(tmp_path, "oud.yaml", GOOI_TEXT))
    new = check_file(write(tmp_path, "nieuw.yaml", new_text))
    return diff(old, new)


@pytest.fixture
def party_and_cell(tmp_path: Path) -> Diff:
    new = mutate(without_cnv(GOOI_TEXT), ROW_2018, "{jaar: 2018, markt: 400, overheid: 106, totaal: 506}")
    return _diff(tmp_path, new)


def test_redline_strikes_exactly_what_was_removed_and_underlines_what_was_added(party_and_cell: Diff) -> None:
    page = redline_html(party_and_cell)
    body = page[page.index("</aside>") :]  # after the legend
    found = marks(body)
    runs = Counter((tag, " ".join(text.split())) for tag, text in found.runs)
    assert runs == Counter(
        {
            ("del", "b."): 1,  # the party's letter and its line in the party list
            ("del", "Het CNV, vertegenwoordigd door: mevrouw R. Galligan, Regiovertegenwoordiger;"): 1,
            ("del", "388"): 1,
            ("ins", "400"): 1,
            ("del", "494"): 1,
            ("ins", "506"): 1,
            # its signature block
            ("del", "CNV"): 1,
            ("del", "Mevrouw R. Galligan, Regiovertegenwoordiger"): 1,
            ("del", "Plaats:"): 1,
            ("del", "Datum:"): 1,
        }
    )
    # every run of struck or inserted words starts with a visually hidden label for screen
    # readers (a run goes on across the party's letter and line, and across a paragraph)
    assert Counter(found.labels) == Counter({"verwijderd: ": 6, "ingevoegd: ": 2})
    assert len(found.ids) == len(set(found.ids)), "ids of the old page clash with the new page's"
    assert found.keys == 0  # the pairing keys are not left in the page


def test_an_inserted_article_is_underlined_and_the_renumbered_headings_show_both_numbers(
    tmp_path: Path,
) -> None:
    page = redline_html(_diff(tmp_path, mutate(GOOI_TEXT, ARTIKEL_2, NEW_ARTICLE + ARTIKEL_2)))
    assert re.search(r'<section [^>]*id="artikel-2"[^>]*class="artikel rl-ingevoegd"', page)
    assert '<ins><span class="rl-sr">ingevoegd: </span>Artikel 2. Nieuw artikel</ins>' in page
    assert (
        '<h2 id="kop-artikel-3">Artikel <del><span class="rl-sr">verwijderd: </span>2</del> '
        '<ins><span class="rl-sr">ingevoegd: </span>3</ins>. Uitvoering</h2>'
    ) in page


def test_struck_and_underlined_do_not_rest_on_colour() -> None:
    rules = {m.group(1).strip(): m.group(2) for m in re.finditer(r"([^{}]+)\{([^}]*)\}", CSS)}
    assert "text-decoration: line-through" in rules["del"]
    assert "text-decoration: underline" in rules["ins"]
    hidden = rules[".rl-sr"]
    assert (
        "position: absolute" in hidden and "clip: rect(0 0 0 0)" in hidden and "display: none" not in hidden
    )
    assert "double" in rules[".rl-verwijderd"] and "solid" in rules[".rl-ingevoegd"]  # margin rules differ
    assert "@media print" in CSS


def test_a_normal_page_carries_no_redline_keys() -> None:
    checked = check_file(GOOI)
    assert checked.covenant is not None and checked.layout is not None
    assert "data-k" not in render_html(checked.covenant, checked.layout).html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_redline_tells_deleted_from_inserted_in_its_text(
    party_and_cell: Diff, tmp_path: Path
) -> None:
    pdf = tmp_path / "renvooi.pdf"
    pdf.write_bytes(redline_pdf(party_and_cell))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    flat = " ".join(text.split())
    assert "verwijderd: b. Het CNV, vertegenwoordigd door" in flat
    assert re.search(r"verwijderd: 388 ingevoegd: 400", flat)
    fields = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    assert "Pages:" in fields
