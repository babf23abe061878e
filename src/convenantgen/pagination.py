"""Footnotes on the page that calls them: lay out, find a note pushed to a later page, break before its call.

WeasyPrint moves a footnote that does not fit below its call to the next page (and every later
note with it); its ``footnote-policy`` values that should prevent that lose notes. A covenant
offered for signature must print each note on its calling page, so the block that holds such
a call starts a new page instead, and the document is laid out again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from convenantgen.typeset import CALL_ANCHOR, NOTE_ANCHOR

# Each round moves one call to the next page; a covenant needs one or two. The bound keeps a
# pathological document (a note longer than a page) from looping.
MAX_ROUNDS = 8
BREAK_ATTRIBUTE = "data-nieuwe-pagina"
_BLOCK_START = re.compile(r"<(li|p|div|tr|h[2-4])(?=[\s>])")
# a heading's end followed by nothing but the openings of the lists or sections under it
_AFTER_HEADING = re.compile(r"</h[2-4]>(\s*<(ol|ul|section|div)(\s[^>]*)?>)*\s*$")


def anchor_pages(document: Any) -> dict[str, int]:
    """The page (from 0) of every anchor (element id) in a laid-out WeasyPrint document."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def displaced_notes(document: Any) -> list[str]:
    """Numbers of the footnotes printed on a later page than their call, in document order."""
    pages = anchor_pages(document)
    late = []
    for anchor, page in pages.items():
        if anchor.startswith(CALL_ANCHOR):
            number = anchor.removeprefix(CALL_ANCHOR)
            printed = pages.get(NOTE_ANCHOR + number)
            if printed is not None and printed > page:
                late.append(number)
    return sorted(late, key=int)


def break_before_call(html: str, number: str) -> str | None:
    """The HTML with a page break before the block that holds note ``number``'s call (None: no block)."""
    call = html.find(f'id="{CALL_ANCHOR}{number}"')
    if call < 0:
        return None
    starts = list(_BLOCK_START.finditer(html, 0, call))
    if not starts:
        return None
    at = starts[-1].end()
    # the first item under a heading: the heading goes to the new page with it
    heading = _AFTER_HEADING.search(html, 0, starts[-1].start())
    if heading is not None:
        at = html.rfind("<h", 0, heading.start()) + len("<h") + 1
    return html[:at] + f" {BREAK_ATTRIBUTE}" + html[at:]


def lay_out(html: str, render: Callable[[str], Any]) -> tuple[Any, str]:
    """The laid-out document with every footnote on its calling page where a page break can do it."""
    document = render(html)
    for _ in range(MAX_ROUNDS):
        late = displaced_notes(document)
        if not late:
            break
        changed = break_before_call(html, late[0])
        if changed is None:
            break
        html = changed
        document = render(html)
    return document, html
