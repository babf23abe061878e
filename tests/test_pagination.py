"""Where the PDF stage breaks a page so that a footnote stays on the page of its call."""

from __future__ import annotations

from convenantgen.pagination import BREAK_ATTRIBUTE, break_before_call


def test_the_break_goes_before_the_block_that_holds_the_call() -> None:
    html = '<p>eerst</p><ol><li>een</li><li>twee<span id="noot-aanroep-3"></span></li></ol>'
    changed = break_before_call(html, "3")
    assert changed == html.replace("<li>twee", f"<li {BREAK_ATTRIBUTE}>twee")


def test_a_first_item_under_a_heading_takes_the_heading_along() -> None:
    html = (
        '<h2 id="k">Overwegende dat:</h2>\n<ol class="x">\n'
        '<li>de regio<span id="noot-aanroep-2"></span></li></ol>'
    )
    changed = break_before_call(html, "2")
    assert changed == html.replace('<h2 id="k">', f'<h2 {BREAK_ATTRIBUTE} id="k">')


def test_a_call_that_is_not_there_changes_nothing() -> None:
    assert break_before_call("<p>tekst</p>", "9") is None
