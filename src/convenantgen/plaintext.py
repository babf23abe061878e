"""The rendered covenant as plain, numbered text: what the page says, line by line, for git.

The text is read off the published HTML (the screen medium of :func:`render.render_html`),
so its numbers, resolved references and footnote numbers are the page's own and cannot
drift from it. One paragraph, item or table row is one line, never wrapped, so that a
changed word changes one line of a ``git diff`` (and ``git diff --word-diff`` shows the
word). Footnote calls read ``[3]``, the notes follow under "Noten" as ``[3] text``, a
link that leaves the page is followed by its address in angle brackets. Emphasis is not
shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from convenantgen.layout import Layout
from convenantgen.model import Covenant

_INDENT = "   "
_BLOCKS = frozenset(
    "address article aside blockquote caption dd div dl dt footer h1 h2 h3 h4 h5 h6 header li main "
    "nav ol p section table tbody thead tfoot tr ul".split()
)
_SKIPPED = frozenset({"head", "style", "script", "template", "title"})
_VOID = frozenset({"br", "meta", "link", "img", "hr", "input", "wbr", "col", "area", "base", "source"})
# A blank line before these tags and classes: headings, sections, each signature block.
_SPACED = frozenset({"h1", "h2", "h3", "section", "header"})
_SPACED_CLASSES = frozenset({"komen-overeen", "blok"})


@dataclass
class _Open:
    tag: str
    classes: frozenset[str]
    labelled: bool = False  # an <li> whose label has been seen
    ident: str = ""
    href: str | None = None
    skip: bool = False


@dataclass
class _Table:
    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)
    cell: list[str] | None = None


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.words: list[str] = []
        self.stack: list[_Open] = []
        self.table: _Table | None = None
        self.label_only = False  # the line so far holds only a list label
        self.starts_with_label = False
        self.blank_wanted = False

    # --- structure -------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = frozenset((values.get("class") or "").split())
        skip = tag in _SKIPPED or values.get("aria-hidden") == "true" or "terug" in classes
        if tag in _VOID:
            if tag == "br" and not self._skipping():
                self._flush()
            return
        if tag == "table" and not self._skipping():
            self._flush()
            self.table = _Table()
        elif tag == "tr" and self.table is not None:
            self.table.rows.append([])
        elif tag in ("td", "th", "caption") and self.table is not None:
            self.table.cell = []
        elif tag in _BLOCKS and not self._skipping() and not self.label_only and "modelmerk" not in classes:
            self._flush()
        if (tag in _SPACED or classes & _SPACED_CLASSES) and not self._skipping():
            self.blank_wanted = True
        self.stack.append(
            _Open(tag, classes, ident=values.get("id") or "", href=values.get("href"), skip=skip)
        )
        if (tag == "sup" and "fn-call" in classes) or "modelmerk" in classes:
            self._text("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if not any(n.tag == tag for n in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            node = self.stack[-1]
            self._close(node)  # while still open: a closing item flushes at its own depth
            self.stack.pop()
            if node.tag == tag:
                break

    def _close(self, node: _Open) -> None:
        if node.skip:
            return
        if node.tag == "a" and node.href and not node.href.startswith("#"):
            self._text(f" <{node.href}>")
        elif node.tag == "sup" and "fn-call" in node.classes:
            self._text("]")
        elif "modelmerk" in node.classes:
            # '[modeltekst]' opens the line of the text it marks, like a label
            self._text("] ")
            self.label_only = True
        elif node.tag == "span" and "label" in node.classes:
            self._close_label()
        elif node.tag in ("td", "th", "caption") and self.table is not None and self.table.cell is not None:
            text = " ".join("".join(self.table.cell).split())
            if node.tag == "caption":
                self.table.caption = text
            elif self.table.rows:
                self.table.rows[-1].append(text)
            self.table.cell = None
        elif node.tag == "table" and self.table is not None:
            table, self.table = self.table, None
            for row in ([table.caption] if table.caption else []) + _aligned(table.rows):
                self._line(_INDENT * self._depth() + row)
        elif node.tag in _BLOCKS:
            self._flush()

    def _close_label(self) -> None:
        item = next((n for n in reversed(self.stack) if n.tag == "li"), None)
        if item is not None and not item.labelled:
            item.labelled = True
            if item.ident.startswith("noot-") and self.words:
                # a note's number reads [n], like its calls in the text
                self.words[-1] = f"[{self.words[-1].strip()}]"
            self.label_only = True
            self.starts_with_label = True

    def _skipping(self) -> bool:
        return any(n.skip for n in self.stack)

    # --- text ------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.table is None or self.table.cell is not None:
            self._text(data)

    def _text(self, data: str) -> None:
        if self._skipping():
            return
        if self.table is not None and self.table.cell is not None:
            self.table.cell.append(data)
            return
        if data.strip() and self.label_only and self.words and not self._in_label():
            self.label_only = False
        self.words.append(data)

    def _in_label(self) -> bool:
        return bool(self.stack) and self.stack[-1].tag == "span" and "label" in self.stack[-1].classes

    def _depth(self) -> int:
        return sum(1 for n in self.stack if n.tag == "li" and n.labelled)

    def _flush(self) -> None:
        text = " ".join("".join(self.words).split())
        if text:
            depth = self._depth()
            self._line(_INDENT * (max(depth - 1, 0) if self.starts_with_label else depth) + text)
        self.words = []
        self.label_only = False
        self.starts_with_label = False

    def _line(self, text: str) -> None:
        if self.blank_wanted and self.lines and self.lines[-1]:
            self.lines.append("")
        self.blank_wanted = False
        self.lines.append(text.rstrip())


def _aligned(rows: list[list[str]]) -> list[str]:
    """Table rows as lines, columns padded: the first to the left, the others (numbers) to the right."""
    rows = [r for r in rows if r]
    if not rows:
        return []
    count = max(len(r) for r in rows)
    rows = [r + [""] * (count - len(r)) for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(count)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def html_to_text(html: str) -> str:
    """Plain text of a rendered covenant page (see the module's docstring)."""
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    writer._flush()
    lines = writer.lines
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def covenant_text(covenant: Covenant, layout: Layout) -> str:
    """The covenant as the published page reads, as plain numbered text."""
    from convenantgen.render import render_html

    return html_to_text(render_html(covenant, layout, "screen").html)
