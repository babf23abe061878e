"""A small HTML tree: parsed from the page the template renders, written back out.

Only what the covenant template produces needs to round-trip: elements, attributes, text,
void elements and the raw text of <style>. Comments are dropped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
RAW = frozenset({"style", "script"})
BLOCK = frozenset(
    "address article aside blockquote body caption dd details div dl dt figure footer h1 h2 h3 h4 h5 h6 "
    "head header hr html li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)


@dataclass
class Element:
    """An element with its attributes and children (elements and text)."""

    tag: str
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    children: list[Element | str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        """An attribute's value."""
        return next((v for k, v in self.attrs if k == name), None)

    def set(self, name: str, value: str | None) -> None:
        """Set (or with None, remove) an attribute."""
        self.attrs = [(k, v) for k, v in self.attrs if k != name]
        if value is not None:
            self.attrs.append((name, value))

    def add_class(self, name: str) -> None:
        """Add a class."""
        self.set("class", " ".join(x for x in ((self.get("class") or ""), name) if x))

    @property
    def is_block(self) -> bool:
        """A block-level element (its children are aligned one by one, not word by word)."""
        return self.tag in BLOCK


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, list(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, list(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(text: str) -> tuple[Element, str | None]:
    """The document's root and its doctype."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.root, parser.doctype


def start_tag(element: Element) -> str:
    """'<li class="lid">'."""
    attrs = "".join(
        f" {k}" if v is None else f' {k}="{html.escape(v, quote=True)}"' for k, v in element.attrs
    )
    return f"<{element.tag}{attrs}>"


def write(node: Element | str, raw: bool = False) -> str:
    """Serialise a node (text escaped, except inside <style> and <script>)."""
    if isinstance(node, str):
        return node if raw else html.escape(node, quote=False)
    if node.tag == "#document":
        return "".join(write(c) for c in node.children)
    inner = "".join(write(c, node.tag in RAW) for c in node.children)
    if node.tag in VOID:
        return start_tag(node)
    return f"{start_tag(node)}{inner}</{node.tag}>"


def find(node: Element, tag: str) -> Element | None:
    """The first descendant with this tag."""
    for child in node.children:
        if isinstance(child, Element):
            if child.tag == tag:
                return child
            found = find(child, tag)
            if found is not None:
                return found
    return None
