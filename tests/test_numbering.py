"""numbering.py is the one authority for numbers, labels and anchors: the page and checks follow it."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from convenantgen import numbering as nb
from convenantgen.checks import Context
from convenantgen.checks.publication import model_text_in_final
from convenantgen.fingerprint import parts
from convenantgen.numbering import numbering, phrase
from convenantgen.pipeline import check_file
from convenantgen.render import render_html
from helpers import GOOI, ZK, check_text, mutate


def _gooi() -> tuple[object, nb.Numbering]:
    checked = check_file(GOOI)
    assert checked.covenant is not None
    return checked, numbering(checked.covenant)


def test_labels_and_phrases_in_house_style() -> None:
    _, numbers = _gooi()
    lid = numbers.by_id("monitoring.rapportages")
    assert lid is not None and (lid.kind, lid.number, lid.label, lid.anchor) == (
        "lid", "3", "artikel 5, derde lid", "artikel-5.lid-3",
    )  # fmt: skip
    item = numbers.by_id("uitvoering.marktbewerkingsplan.doelgroep")
    assert item is not None and item.label == "artikel 2, derde lid, onderdeel a"
    assert phrase(item, "uitvoering", "uitvoering#3") == "onderdeel a"
    assert phrase(item, "uitvoering", "uitvoering#1") == "het derde lid, onderdeel a"
    sub = numbers.at(("artikelen", 1, "leden", 3, "verplichtingen", 1, "onderdelen", 3, "onderdelen", 1))
    assert (sub.number, sub.label) == ("ii", "artikel 2, vierde lid, onderdeel d, onder ii")
    recital = numbers.at(("considerans", "overwegingen", 2))
    assert (recital.number, recital.label, recital.anchor) == ("c", "overweging c", "considerans.c")
    assert numbers.get("noot", "rapportages") is not None and numbers.note("rapportages") == 15
    only_lid = numbers.at(("artikelen", 7))
    assert only_lid.heading == "Artikel 8"


def test_the_page_uses_the_numberings_anchors_and_numbers() -> None:
    checked, numbers = _gooi()
    page = render_html(checked.covenant, checked.layout).html  # type: ignore[attr-defined]
    ids = set(re.findall(r' id="([^"]+)"', page))
    for part in numbers.articles:
        assert part.anchor in ids
        assert f'<h2 id="kop-{part.anchor}">{part.heading}.' in page
    for part in numbers.of_kind(nb.LID):
        if part.lid is not None:
            assert part.anchor in ids
    for party in numbers.of_kind(nb.PARTY):
        assert party.anchor in ids


def test_changing_the_numbering_changes_the_page(monkeypatch: object, tmp_path: Path) -> None:
    """The template prints the numbering's numbers (no loop.index of its own)."""
    checked = check_file(GOOI)
    assert checked.layout is not None and checked.covenant is not None
    layout = checked.layout
    shifted = nb.Numbering(
        tuple(
            replace(p, number=p.number + "*") if p.kind == nb.ARTICLE else p for p in layout.numbering.parts
        ),
        layout.numbering.notes,
        layout.numbering.lid_numbered,
    )
    page = render_html(checked.covenant, replace(layout, numbering=shifted)).html
    assert "Artikel 1*. Doelstelling" in page


def test_fingerprint_parts_name_articles_by_the_numbering() -> None:
    checked = check_file(ZK)
    assert checked.source is not None and checked.layout is not None
    labels = [k for k in parts(checked.source.data, checked.layout.numbering) if k.startswith("artikel ")]
    expected = [
        f"{p.label} ({a['titel']})"
        for p, a in zip(checked.layout.numbering.articles, checked.source.data["artikelen"], strict=True)
    ]
    assert labels == sorted(expected, key=labels.index) and len(labels) == len(expected)


def test_checks_name_places_by_the_numbering(tmp_path: Path) -> None:
    """The publication check words its finding with the numbering's label and anchor."""
    text = mutate(GOOI.read_text(encoding="utf-8"), "  - id: publicatie-convenant\n    titel: Publicatie\n",
                  "  - id: publicatie-convenant\n    titel: Publicatie\n    modeltekst: true\n")  # fmt: skip
    # Offered for signature (Gooi itself is a concept while its footnote 15 is missing).
    text = mutate(text, "  status: concept\n", "  status: ter-ondertekening\n")
    checked = check_text(tmp_path, text)
    (found,) = [f for f in checked.findings if f.code == "CG703"]
    assert found.message.startswith("artikel 8 is model text") and found.element == "artikel-8"
    assert checked.source is not None and checked.covenant is not None and checked.layout is not None
    layout = checked.layout
    relabelled = nb.Numbering(
        tuple(replace(p, label="artikel VIII", anchor="art-viii") if p.kind == nb.ARTICLE else p
              for p in layout.numbering.parts),
        layout.numbering.notes,
        layout.numbering.lid_numbered,
    )  # fmt: skip
    context = Context(checked.source, checked.covenant, replace(layout, numbering=relabelled), None)
    (hit,) = list(model_text_in_final(context))
    assert hit.message.startswith("artikel VIII is model text") and hit.element == "art-viii"
