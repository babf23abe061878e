"""Compare two PDF revisions object by object: what a viewer is given, not how the bytes lie.

Two revisions are the same when, from the trailer's /Root and /Info on, they hold the same
objects: equal dictionaries, arrays, numbers, names and strings, and streams with equal
*decoded* data. Object numbers, compression, object streams and xref layout do not matter
(a ``qpdf --linearize`` keeps the content), a changed content stream, font, annotation or
catalog entry does. Differences are named by where they are seen: a page, the document
catalog or the document information.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.rw_common import PdfHandler

from convenantgen.i18n import _

# How a stream is stored, not what it holds.
_STORAGE_KEYS = frozenset({"/Length", "/Filter", "/DecodeParms", "/DL"})
# Attributes a page takes from its ancestors in the page tree when it has none itself.
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# A hostile file could make the paired walk large; beyond this it is not "the same".
MAX_PAIRS = 500_000
_XPACKET = re.compile(r"<\?xpacket[^>]*\?>")
MAX_PAGES = 10_000

_PAGE_PARTS = {"/Contents": "content", "/Annots": "annotations", "/Resources": "fonts or images"}


@dataclass(frozen=True)
class Difference:
    """Where two revisions differ: an area (page 3, document catalog) and the entry in it."""

    area: str
    entry: str

    @property
    def detail(self) -> str:
        """'its content' for a page's /Contents, the entry's name elsewhere."""
        if self.area.startswith("page "):
            return f"its {_PAGE_PARTS.get(self.entry, self.entry.lstrip('/') or 'page')}"
        return self.entry


def _page_ranges(numbers: list[int]) -> str:
    spans: list[list[int]] = []
    for number in sorted(set(numbers)):
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def summarise(found: list[Difference], limit: int = 4) -> list[str]:
    """'page 3 (its content)', or 'pages 1-9' when many pages differ; other areas with their entries."""
    areas: dict[str, list[str]] = {}
    for d in found:
        details = areas.setdefault(d.area, [])
        if d.detail and d.detail not in details:
            details.append(d.detail)
    numbers = [int(area.split()[1]) for area in areas if area.startswith("page ")]
    out = [f"pages {_page_ranges(numbers)}"] if len(numbers) > limit else []
    for area, details in areas.items():
        if area.startswith("page ") and len(numbers) > limit:
            continue
        shown = ", ".join(details[:limit]) + (", ..." if len(details) > limit else "")
        out.append(f"{area} ({shown})" if shown else area)
    return out


class TooComplex(Exception):
    """The comparison would exceed its bounds (a hostile or broken file)."""


def _resolve(obj: Any, handler: PdfHandler) -> Any:
    return handler.get_object(obj.reference) if isinstance(obj, generic.IndirectObject) else obj


_Page = tuple[generic.IndirectObject, dict[str, Any]]


def pages(handler: PdfHandler) -> tuple[list[_Page], list[dict[str, Any]]]:
    """Each page (in order) with its entries, inherited attributes filled in and /Parent left
    out; and the entries of the page tree's own nodes (their /Count, for one), without /Kids."""
    root = handler.root.raw_get("/Pages")
    out: list[_Page] = []
    nodes: list[dict[str, Any]] = []
    stack: list[tuple[Any, dict[str, Any]]] = [(root, {})]
    seen: set[tuple[int, int]] = set()
    while stack:
        node_ref, inherited = stack.pop()
        if isinstance(node_ref, generic.IndirectObject):
            ident = (node_ref.idnum, node_ref.generation)
            if ident in seen:
                raise TooComplex(_("the page tree has a cycle"))
            seen.add(ident)
        node = _resolve(node_ref, handler)
        if not isinstance(node, generic.DictionaryObject):
            raise TooComplex(_("the page tree holds something that is not a page"))
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            passed = {**inherited, **{k: node.raw_get(k) for k in _INHERITED if k in node}}
            nodes.append({k: node.raw_get(k) for k in node if k not in ("/Kids", "/Parent")})
            kids = _resolve(node.raw_get("/Kids"), handler)
            stack.extend((kid, passed) for kid in reversed(list(kids)))
            continue
        entries = {k: node.raw_get(k) for k in node if k != "/Parent"}
        for key, value in inherited.items():
            entries.setdefault(key, value)
        out.append((node_ref, entries))
        if len(out) + len(nodes) > MAX_PAGES:
            raise TooComplex("too many pages")
    return out, nodes


def _push_entries(walk: _Walk, area: str, a: dict[str, Any], b: dict[str, Any]) -> None:
    for key in sorted(set(a) ^ set(b)):
        walk.differ(area, key)
    for key in sorted(set(a) & set(b)):
        walk.push(area, key, a[key], b[key])


class _Walk:
    """A paired walk over two object graphs; a pair of references is compared once."""

    def __init__(self, old: PdfHandler, new: PdfHandler) -> None:
        self.old, self.new = old, new
        self.pairs: set[tuple[int, int, int, int]] = set()
        self.found: list[Difference] = []
        self.queue: deque[tuple[str, str, Any, Any]] = deque()

    def mark(self, a: Any, b: Any) -> bool:
        """Record a pair of indirect objects; False when it was compared before."""
        key = (a.idnum, a.generation, b.idnum, b.generation)
        if key in self.pairs:
            return False
        self.pairs.add(key)
        if len(self.pairs) > MAX_PAIRS:
            raise TooComplex("too many objects to compare")
        return True

    def differ(self, area: str, entry: str) -> None:
        difference = Difference(area, entry)
        if difference not in self.found:
            self.found.append(difference)

    def push(self, area: str, entry: str, a: Any, b: Any) -> None:
        self.queue.append((area, entry, a, b))

    def run(self) -> None:
        while self.queue:
            area, entry, a, b = self.queue.popleft()
            pair = isinstance(a, generic.IndirectObject) and isinstance(b, generic.IndirectObject)
            if pair and not self.mark(a, b):
                continue
            # Resolve in the revision each side belongs to (a trailer's references would
            # otherwise resolve in the newest revision of the file).
            a, b = _resolve(a, self.old), _resolve(b, self.new)
            self.step(area, entry, a, b)

    def step(self, area: str, entry: str, a: Any, b: Any) -> None:
        if isinstance(a, generic.StreamObject) or isinstance(b, generic.StreamObject):
            if not (isinstance(a, generic.StreamObject) and isinstance(b, generic.StreamObject)):
                self.differ(area, entry)
                return
            try:
                same = _stream_data(a) == _stream_data(b)
            except Exception:  # an undecodable stream: compare what is stored
                same = a.encoded_data == b.encoded_data
            if not same:
                self.differ(area, entry)
            self.dicts(area, entry, a, b, _STORAGE_KEYS)
        elif isinstance(a, generic.DictionaryObject) and isinstance(b, generic.DictionaryObject):
            self.dicts(area, entry, a, b, frozenset())
        elif isinstance(a, generic.ArrayObject) and isinstance(b, generic.ArrayObject):
            if len(a) != len(b):
                self.differ(area, entry)
                return
            for x, y in zip(a, b, strict=True):
                self.push(area, entry, x, y)
        elif not _same_scalar(a, b):
            self.differ(area, entry)

    def dicts(self, area: str, entry: str, a: Any, b: Any, ignore: frozenset[str]) -> None:
        keys_a = {k for k in a if k not in ignore and not isinstance(a.raw_get(k), generic.NullObject)}
        keys_b = {k for k in b if k not in ignore and not isinstance(b.raw_get(k), generic.NullObject)}
        for key in sorted(keys_a ^ keys_b):
            self.differ(area, entry or key)
        for key in sorted(keys_a & keys_b):
            self.push(area, entry or key, a.raw_get(key), b.raw_get(key))


def _stream_data(stream: generic.StreamObject) -> bytes:
    data: bytes = stream.data
    if stream.get("/Type") == "/Metadata":
        return _canonical_xmp(data)
    return data


def _canonical_xmp(data: bytes) -> bytes:
    """XMP metadata as canonical XML: pikepdf re-serialises it (' />' becomes '/>') on save."""
    if b"<!" in data:  # a DTD or entity: never expand it (and convenantgen writes none)
        return data
    try:
        text = data.decode("utf-8").lstrip("\ufeff")
        # The xpacket wrapper only marks the encoding and padding; canonical XML keeps
        # processing instructions, so it goes first.
        text = _XPACKET.sub("", text)
        return ElementTree.canonicalize(text, strip_text=True).encode("utf-8")
    except (UnicodeDecodeError, ElementTree.ParseError):
        return data


def _same_scalar(a: Any, b: Any) -> bool:
    strings = (generic.TextStringObject, generic.ByteStringObject)
    if isinstance(a, strings) and isinstance(b, strings):
        return bool(a.original_bytes == b.original_bytes)
    numbers = (generic.NumberObject, generic.FloatObject)
    if isinstance(a, numbers) and isinstance(b, numbers):
        return bool(a == b)
    if type(a) is not type(b):
        return False
    return bool(a == b)


def compare(old: PdfHandler, new: PdfHandler) -> list[Difference]:
    """Every area in which ``new`` differs from ``old`` (empty: the same document)."""
    walk = _Walk(old, new)
    (old_pages, old_nodes), (new_pages, new_nodes) = pages(old), pages(new)
    if len(old_pages) != len(new_pages):
        walk.differ(_("the number of pages"), f"{len(new_pages)} instead of {len(old_pages)}")
    if len(old_nodes) != len(new_nodes):
        walk.differ(_("the page tree"), _("its shape"))
    for node_a, node_b in zip(old_nodes, new_nodes, strict=False):
        _push_entries(walk, _("the page tree"), node_a, node_b)
    for number, ((ref_a, page_a), (ref_b, page_b)) in enumerate(zip(old_pages, new_pages, strict=False), 1):
        # Mark the page pair first: a link or outline pointing at the same page is no
        # difference, one pointing at another page is (and is named where it is seen).
        if isinstance(ref_a, generic.IndirectObject) and isinstance(ref_b, generic.IndirectObject):
            walk.mark(ref_a, ref_b)
        _push_entries(walk, f"page {number}", page_a, page_b)
        walk.run()
    root_a, root_b = old.root, new.root
    catalog_a = {k: root_a.raw_get(k) for k in root_a if k != "/Pages"}
    catalog_b = {k: root_b.raw_get(k) for k in root_b if k != "/Pages"}
    _push_entries(walk, _("the document catalog"), catalog_a, catalog_b)
    walk.run()
    trailer_a, trailer_b = old.trailer_view, new.trailer_view
    if ("/Info" in trailer_a) != ("/Info" in trailer_b):
        walk.differ(_("the document information"), "")
    elif "/Info" in trailer_a:
        walk.push(_("the document information"), "", trailer_a.raw_get("/Info"), trailer_b.raw_get("/Info"))
        walk.run()
    return walk.found


_DC = "{http://purl.org/dc/elements/1.1/}"


def dublin_core(handler: PdfHandler) -> dict[str, str]:
    """The Dublin Core entries (title, description, language...) of the XMP metadata.

    Viewers such as pdf.js show dc:title in the title bar, before the document information.
    """
    root = handler.root
    if "/Metadata" not in root:
        return {}
    stream = _resolve(root.raw_get("/Metadata"), handler)
    if not isinstance(stream, generic.StreamObject):
        return {"": _("not a metadata stream")}
    data = _canonical_xmp(stream.data)
    if b"<!" in data:  # never expand a DTD: compare such metadata as it stands
        return {"": data.decode("utf-8", "replace")}
    try:
        tree = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return {"": data.decode("utf-8", "replace")}
    out: dict[str, str] = {}
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.startswith(_DC):
            name = "dc:" + element.tag[len(_DC) :]
            out[name] = " | ".join(t.strip() for t in element.itertext() if t.strip())
    return out
