"""The redline (renvooi): the whole new covenant as rendered, with deletions struck and insertions underlined.

Both versions are rendered by the house template with redline keys on their parts (the
pairs the semantic diff made), then merged (:mod:`.merge`). Deleted words are in <del>
(struck through), inserted words in <ins> (underlined), each run introduced by a visually
hidden "verwijderd:" / "ingevoegd:"; colour is only a second cue, so the page reads the
same in greyscale, on paper and to a screen reader.
"""

from __future__ import annotations

import html

from convenantgen.diff import describe
from convenantgen.diff.model import Diff
from convenantgen.diff.redline.merge import DELETED_CLASS, HIDDEN, INSERTED_CLASS, MOVED_CLASS, merge
from convenantgen.diff.redline.tree import Element, find, parse, write
from convenantgen.loader import JsonPath
from convenantgen.pipeline import Checked

CSS = f"""
del {{ text-decoration: line-through; text-decoration-thickness: 0.1em;
      background: #fde0e0; color: #6b0000; }}
ins {{ text-decoration: underline; text-decoration-thickness: 0.1em; text-underline-offset: 0.15em;
      background: #dcf3df; color: #00461a; }}
.{HIDDEN} {{ position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
          overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }}
.{DELETED_CLASS} {{ border-left: 0.25em double #6b0000; padding-left: 0.4em; }}
.{INSERTED_CLASS} {{ border-left: 0.25em solid #00461a; padding-left: 0.4em; }}
.{MOVED_CLASS} {{ border-left: 0.25em dashed #333; padding-left: 0.4em; }}
.rl-uitleg {{ border: 1px solid #333; padding: 0.6em 1em; margin: 0 0 1.5em; font-size: 0.95em; }}
.rl-uitleg h2 {{ font-size: 1.05em; margin: 0 0 0.4em; }}
.rl-uitleg ul {{ margin: 0.4em 0 0 1.2em; padding: 0; }}
.rl-uitleg code {{ overflow-wrap: anywhere; }}
.ondertekenaar {{ overflow-wrap: anywhere; }}  /* the dotted name lines: reflow at 390 px */
@media print {{
  del, ins {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  .rl-uitleg {{ break-inside: avoid; }}
}}
"""


def _keys(diff: Diff) -> tuple[dict[JsonPath, str], dict[JsonPath, str]]:
    old: dict[JsonPath, str] = {}
    new: dict[JsonPath, str] = {}
    for n, (a, b) in enumerate(diff.pairs):
        if a is not None:
            old.setdefault(tuple(a), f"k{n}")
        if b is not None:
            new.setdefault(tuple(b), old.get(tuple(a), f"k{n}") if a is not None else f"k{n}")
    return old, new


def _page(checked: Checked, medium: str, keys: dict[JsonPath, str]) -> Element:
    from convenantgen.render import render_html

    assert checked.covenant is not None and checked.layout is not None
    return parse(render_html(checked.covenant, checked.layout, medium, {"keys": keys}).html)[0]


def _legend(diff: Diff) -> Element:
    items = "".join(f"<li>{html.escape(describe.headline(c))}</li>" for c in diff.changes[:200])
    if len(diff.changes) > 200:
        items += f"<li>… and {len(diff.changes) - 200} more</li>"
    note = describe.renumbering(diff.renumbered)
    items += f"<li>{html.escape(note)}</li>" if note else ""
    text = (
        '<aside class="rl-uitleg" aria-labelledby="rl-kop"><h2 id="rl-kop">Renvooi</h2>'
        f"<p>Wijzigingen van <code>{html.escape(diff.old.path)}</code> naar "
        f"<code>{html.escape(diff.new.path)}</code>: {html.escape(describe.summary(diff))}. "
        "Verwijderde tekst is <del>doorgehaald</del>, ingevoegde tekst is <ins>onderstreept</ins>; "
        "verwijderde en ingevoegde delen hebben een dubbele of enkele streep in de kantlijn.</p>"
        f"<ul>{items}</ul></aside>"
    )
    body = find(parse(f"<body>{text}</body>")[0], "aside")
    assert body is not None
    return body


def redline_html(diff: Diff, medium: str = "screen") -> str:
    """The redline page for ``screen`` (HTML, notes at the end) or ``print`` (for the PDF)."""
    old_keys, new_keys = _keys(diff)
    old, new = _page(diff.old, medium, old_keys), _page(diff.new, medium, new_keys)
    old_body, new_body, head = find(old, "body"), find(new, "body"), find(new, "head")
    assert old_body is not None and new_body is not None and head is not None
    body = merge(old_body, new_body)
    body.children.insert(0, _legend(diff))
    head.children.append(Element("style", [], [CSS]))
    title = find(head, "title")
    if title is not None:
        title.children.insert(0, "Renvooi: ")
    out = find(new, "html")
    assert out is not None
    out.children = [body if child is new_body else child for child in out.children]
    return "<!DOCTYPE html>\n" + write(out) + "\n"


def redline_pdf(diff: Diff) -> bytes:
    """The redline as PDF (no signature fields: nobody signs a redline)."""
    from convenantgen.pdf import render_pdf
    from convenantgen.schedule import document_date

    assert diff.new.covenant is not None
    return render_pdf(redline_html(diff, "print"), document_date(diff.new.covenant), fields=False)
