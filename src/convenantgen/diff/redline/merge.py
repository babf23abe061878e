"""Merge the old and the new page into one redline: deletions in <del>, insertions in <ins>.

Elements that carry a ``data-k`` key (the template adds them for the redline: parties,
recitals, articles, leden, onderdelen, table rows and cells, notes, signature blocks) are
paired by that key, which the semantic diff decided from ids; never by position. Within a
paired element, text is compared word by word. Every run of struck or inserted words
starts with a visually hidden "verwijderd:" or "ingevoegd:" for screen readers, and whole
parts that were removed or added carry a class, so nothing depends on colour.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from convenantgen.diff.redline.tree import Element

KEY = "data-k"
DELETED_CLASS, INSERTED_CLASS, MOVED_CLASS = "rl-verwijderd", "rl-ingevoegd", "rl-verplaatst"
HIDDEN = "rl-sr"
LABEL = "label"  # the class of an item's letter or number in the template
LABELS = {"del": "verwijderd: ", "ins": "ingevoegd: "}
_WORD = re.compile(r"\s+|\w+(?:[’'\-]\w+)*|[^\w\s]")
_DROPPED = ("id", "aria-labelledby", "href", KEY)  # an old part's ids would clash with the new page's
Node = Element | str
Unit = Element | list[Node]  # a block element, or a run of text and inline elements
Signature = tuple[str, ...]


@dataclass(frozen=True)
class _Token:
    space: str
    word: str  # '' for a void element (a <br>)
    stack: tuple[Element, ...]  # the inline elements the word stands in, outermost first
    void: Element | None = None

    @property
    def key(self) -> tuple[str, tuple[tuple[str, str | None], ...]]:
        stack = tuple((e.tag, e.get("class")) for e in self.stack)
        if any(e.get("class") == LABEL for e in self.stack):
            # The letter or number before an item: a part that stays keeps its new label, unmarked
            # (renumbering is said once; struck letters would not fit the label's column).
            return "#label", stack
        return self.word or (self.void.tag if self.void else ""), stack


def _key(node: Element | str) -> str | None:
    return node.get(KEY) if isinstance(node, Element) else None


def _strip(element: Element, old: bool) -> Element:
    """A shallow copy without the redline keys (and, from the old page, without ids and links)."""
    drop = _DROPPED if old else (KEY,)
    return Element(element.tag, [(k, v) for k, v in element.attrs if k not in drop], [])


def _tokens(nodes: list[Element | str], stack: tuple[Element, ...] = ()) -> Iterator[_Token]:
    space = ""
    for node in nodes:
        if isinstance(node, str):
            for piece in _WORD.findall(node):
                if piece.isspace():
                    space = " "
                else:
                    yield _Token(space, piece, stack)
                    space = ""
        elif not node.children and node.tag in ("br", "wbr", "img"):
            yield _Token(space, "", stack, node)
            space = ""
        else:
            inner = list(_tokens(node.children, (*stack, node)))
            if inner and space:
                inner[0] = _Token(space, inner[0].word, inner[0].stack, inner[0].void)
            space = ""
            yield from inner
    # trailing whitespace of an inline run is not kept: the next block starts on its own


def _write_tokens(parent: Element, marked: list[tuple[str | None, _Token, bool]]) -> None:
    """Append tokens to ``parent``, opening and closing the inline elements and marks they need."""
    open_path: list[tuple[object, Element]] = []  # (identity, element) from the outermost
    previous_mark: str | None = None
    for mark, token, old in marked:
        wanted: list[tuple[object, Element]] = [(id(e), e) for e in token.stack]
        if mark:
            wanted.append((("mark", mark), Element(mark)))
        common = 0
        while common < min(len(open_path), len(wanted)) and open_path[common][0] == wanted[common][0]:
            common += 1
        del open_path[common:]
        target = open_path[-1][1] if open_path else parent
        # '388 400' rather than '388400' where a deletion and an insertion meet
        if token.space or (previous_mark == "del" and mark == "ins"):
            target.children.append(" ")
        for identity, source in wanted[common:]:
            element = Element(source.tag) if isinstance(identity, tuple) else _strip(source, old)
            if isinstance(identity, tuple) and mark != previous_mark:
                element.children.append(Element("span", [("class", HIDDEN)], [LABELS[mark or "del"]]))
            target.children.append(element)
            open_path.append((identity, element))
            target = element
        if token.void is not None:
            target.children.append(_strip(token.void, old))
        else:
            target.children.append(token.word)
        previous_mark = mark


def _inline(old: list[Element | str], new: list[Element | str], parent: Element) -> None:
    a, b = list(_tokens(old)), list(_tokens(new))
    marked: list[tuple[str | None, _Token, bool]] = []
    matcher = difflib.SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            marked += [(None, t, False) for t in b[j1:j2]]
            continue
        marked += [("del", t, True) for t in a[i1:i2]]
        marked += [("ins", t, False) for t in b[j1:j2]]
    _write_tokens(parent, marked)


def _whole(nodes: list[Element | str], mark: str, parent: Element, top: bool = True) -> None:
    """Content that stands on one side only: every word marked, the outermost part classed."""
    old = mark == "del"
    for unit in _units(nodes):
        if isinstance(unit, list):
            _write_tokens(parent, [(mark, t, old) for t in _tokens(unit)])
        else:
            copy = _strip(unit, old)
            if top:
                copy.add_class(DELETED_CLASS if old else INSERTED_CLASS)
            if _is_inline_container(unit):
                _write_tokens(copy, [(mark, t, old) for t in _tokens(unit.children)])
            else:
                _whole(unit.children, mark, copy, top=False)
            parent.children.append(copy)
            parent.children.append("\n")


def _structural(node: Node) -> bool:
    """A block, or an inline element with a block inside (a <span> around a list)."""
    if isinstance(node, str):
        return False
    return node.is_block or not _is_inline_container(node)


def _is_inline_container(element: Element) -> bool:
    """Only text and inline elements inside, at any depth: compared word by word."""
    return not any(_structural(c) for c in element.children)


def _units(nodes: list[Node]) -> list[Unit]:
    """Block children one by one; runs of text and inline elements between them as one unit."""
    units: list[Unit] = []
    run: list[Node] = []
    for node in nodes:
        if isinstance(node, Element) and _structural(node):
            if any(not (isinstance(x, str) and x.isspace()) for x in run):
                units.append(run)
            run = []
            units.append(node)
        else:
            run.append(node)
    if any(not (isinstance(x, str) and x.isspace()) for x in run):
        units.append(run)
    return units


def _signature(unit: Unit) -> Signature:
    if isinstance(unit, list):
        return ("#inline",)
    key = _key(unit)
    return ("#key", key) if key else (unit.tag, unit.get("class") or "")


def _text(unit: Unit) -> str:
    return " ".join(t.word for t in _tokens(unit if isinstance(unit, list) else unit.children))


def _pairs(old: list[Unit], new: list[Unit]) -> Iterator[tuple[Unit | None, Unit | None, bool]]:
    """(old unit or None, new unit or None, moved) in the new order, removals where they stood."""
    sa, sb = [_signature(u) for u in old], [_signature(u) for u in new]
    keyed_new = {s[1]: j for j, s in enumerate(sb) if s[0] == "#key"}
    keyed_old = {s[1]: i for i, s in enumerate(sa) if s[0] == "#key"}
    matcher = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from ((old[i1 + k], new[j1 + k], False) for k in range(i2 - i1))
            continue
        rest_new = list(range(j1, j2))
        for i in range(i1, i2):
            s = sa[i]
            if s[0] == "#key" and s[1] in keyed_new:
                continue  # it stands elsewhere in the new page: shown there, as moved
            same = [j for j in rest_new if sb[j] == s and sb[j][0] != "#key"]
            if same:
                best = max(
                    same, key=lambda j: difflib.SequenceMatcher(None, _text(old[i]), _text(new[j])).ratio()
                )
                for j in [j for j in rest_new if j < best]:
                    yield _new_only(old, new, j, sb, keyed_old)
                rest_new = [j for j in rest_new if j > best]
                yield old[i], new[best], False
            else:
                yield old[i], None, False
        for j in rest_new:
            yield _new_only(old, new, j, sb, keyed_old)


def _new_only(
    old: list[Unit], new: list[Unit], j: int, sb: list[Signature], keyed_old: dict[str, int]
) -> tuple[Unit | None, Unit | None, bool]:
    """A new unit the alignment left alone: added, or a keyed unit moved from elsewhere."""
    s = sb[j]
    if s[0] == "#key" and s[1] in keyed_old:
        return old[keyed_old[s[1]]], new[j], True
    return None, new[j], False


def merge(old: Element, new: Element) -> Element:
    """The redline of two versions of the same element."""
    out = _strip(new, False)
    if _is_inline_container(old) and _is_inline_container(new):
        _inline(old.children, new.children, out)
        return out
    for a, b, moved in _pairs(_units(old.children), _units(new.children)):
        if a is not None and b is not None:
            if isinstance(a, list) and isinstance(b, list):
                _inline(a, b, out)
            elif isinstance(a, Element) and isinstance(b, Element):
                merged = merge(a, b)
                if moved:
                    merged.add_class(MOVED_CLASS)
                out.children.append(merged)
            out.children.append("\n")
        elif b is not None:
            _whole(b if isinstance(b, list) else [b], "ins", out)
        elif a is not None:
            _whole(a if isinstance(a, list) else [a], "del", out)
    return out
