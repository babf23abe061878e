"""Markdown for covenant text: no raw HTML, no images, only safe links, plus [[ref]] and [^note].

Text from YAML is untrusted: markdown-it escapes every HTML tag, images are switched off
(a remote image would be fetched while rendering the PDF), and links may only point to
https, http or mailto addresses. What would then be printed as typed (a tag, an image, a
refused link), and block structure that running text may not have (headings, rules,
quotes, tables, code blocks, numbered lists, link definitions), are found as marks in the
same parse, so that check can refuse them at the place they stand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

# markdown-it is imported when a text needs it (see _simple): `check` of a covenant whose
# texts are plain paragraphs with [[references]] and [^notes] never loads it.
if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

REF = "cg_ref"
NOTE = "cg_note"
MARK = "cg_mark"
_MAX_REF = 120
_NOTE_RE = re.compile(r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\]")
_CONTINUES = re.compile(r" [a-zà-ÿ]")
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)

# Kinds of marks. Inline: printed as typed instead of rendered.
HTML = "HTML tag"
IMAGE = "image"
LINK = "link"
# Block: structure that running text may not give itself.
HEADING = "heading"
UNDERLINE = "heading underline"
RULE = "horizontal rule"
QUOTE = "block quote"
TABLE = "table"
CODE = "indented code block"
FENCE = "fenced code block"
NUMBERED = "numbered list"
DEFINITION = "link definition"
INLINE_KINDS = (HTML, IMAGE, LINK)
BLOCK_KINDS = (HEADING, UNDERLINE, RULE, QUOTE, TABLE, CODE, FENCE, NUMBERED, DEFINITION)

# CommonMark's own notion of a tag first; then anything else on one line that reads as one
# ('<b class=>', '<datum>' as a placeholder): either way it would be printed as typed.
_LOOSE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>\n]*)?/?>")
_LINK_SYNTAX = re.compile(r"!?\[(?:[^\[\]\\]|\\.)*\]\(")
# Where a block construct starts on its line, after the '>' and list markers that hold it.
_CONTAINER = re.compile(r"[ \t]*(?P<mark>>|(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$))")
_STARTS = {
    HEADING: re.compile(r"[ \t]*(?P<at>#{1,6})(?=[ \t]|$)"),
    UNDERLINE: re.compile(r"[ \t]*(?P<at>=+|-+)[ \t]*$"),
    RULE: re.compile(r"[ \t]*(?P<at>(?P<c>[-*_])(?:[ \t]*(?P=c)){2,})[ \t]*$"),
    FENCE: re.compile(r"[ \t]*(?P<at>`{3,}|~{3,})"),
    NUMBERED: re.compile(r"[ \t]*(?P<at>[0-9]{1,9}[.)])(?=[ \t]|$)"),
    DEFINITION: re.compile(r"[ \t]*(?P<at>\[)"),
}
_FIRST = re.compile(r"[ \t]*(?P<at>\S)")
_BREAK = re.compile(r"\r\n|\r|\n")
_SHOWN = 40


@dataclass(frozen=True)
class Call:
    """A [[reference]] or [^footnote] call found in a text."""

    kind: str  # REF or NOTE
    target: str
    raw: str


@dataclass(frozen=True)
class Mark:
    """Markdown that running text may not use: what it is, where it starts in the text, as typed."""

    kind: str  # one of INLINE_KINDS or BLOCK_KINDS
    offset: int
    raw: str


def _ref_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("[[", pos):
        return False
    end = src.find("]]", pos + 2, pos + 2 + _MAX_REF)
    if end < 0:
        return False
    if not silent:
        token = state.push(REF, "", 0)
        # Dutch legal style closes a multi-part reference with a comma when the sentence
        # goes on: "de in artikel 5, derde lid, genoemde rapportages".
        continues = bool(_CONTINUES.match(src, end + 2))
        token.meta = {"target": src[pos + 2 : end].strip(), "raw": src[pos : end + 2], "continues": continues}
    state.pos = end + 2
    return True


def _note_rule(state: StateInline, silent: bool) -> bool:
    match = _NOTE_RE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push(NOTE, "", 0)
        token.meta = {"target": match.group(1), "raw": match.group(0)}
    state.pos = match.end()
    return True


def _shown(src: str, start: int, end: int) -> str:
    """The link or image as typed: up to its closing ')' (nested pairs counted), on one line."""
    depth, pos = 1, end
    while pos < len(src) and depth and src[pos] != "\n" and pos - start < _SHOWN:
        depth += {"(": 1, ")": -1}.get(src[pos], 0)
        pos += 1
    return src[start:pos].split("\n", 1)[0][:_SHOWN]


def _mark(state: StateInline, silent: bool, kind: str, end: int, shown: str) -> bool:
    # The marked characters are rendered as the text they were before: escaped, as typed.
    if not silent:
        token = state.push(MARK, "", 0)
        token.content = state.src[state.pos : end]
        token.meta = {"kind": kind, "pos": state.pos, "raw": shown}
    state.pos = end
    return True


def _angle_rule(state: StateInline, silent: bool) -> bool:
    """Raw HTML, or a '<scheme:...>' autolink that the link check refused (runs after autolink)."""
    from markdown_it.common.html_re import HTML_TAG_RE
    from markdown_it.rules_inline.autolink import AUTOLINK_RE

    src, pos, end = state.src, state.pos, state.posMax
    if src[pos] != "<":
        return False
    tag = HTML_TAG_RE.match(src, pos, end) or _LOOSE_TAG.match(src, pos, end)
    if tag is not None:
        return _mark(state, silent, HTML, tag.end(), tag.group(0)[:_SHOWN])
    close = src.find(">", pos, end)
    if close > pos and AUTOLINK_RE.search(src[pos + 1 : close]):
        return _mark(state, silent, LINK, pos + 1, src[pos : close + 1][:_SHOWN])
    return False


def _image_rule(state: StateInline, silent: bool) -> bool:
    """'![alt](...)': images are off, so the '!' and a link to the picture would be printed."""
    src, pos = state.src, state.pos
    if not src.startswith("![", pos):
        return False
    found = _LINK_SYNTAX.match(src, pos, state.posMax)
    if found is None:
        return False
    return _mark(state, silent, IMAGE, pos + 1, _shown(src, pos, found.end()))


def _refused_link_rule(state: StateInline, silent: bool) -> bool:
    """'[text](address)' that the link rule just refused (runs after it): printed as typed."""
    src, pos = state.src, state.pos
    found = _LINK_SYNTAX.match(src, pos, state.posMax) if src[pos] == "[" else None
    if found is None:
        return False
    return _mark(state, silent, LINK, pos + 1, _shown(src, pos, found.end()))


def _unrendered(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    renderer: Callable[[str, dict[str, Any], dict[str, Any]], str] | None = (env or {}).get("render_call")
    token = tokens[idx]
    if renderer is None:
        return str(token.meta["raw"]).replace("&", "&amp;").replace("<", "&lt;")
    return renderer(token.type, token.meta, env)


def _as_typed(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    from markdown_it.common.utils import escapeHtml

    return escapeHtml(tokens[idx].content)


@cache
def markdown() -> MarkdownIt:
    """The one Markdown parser convenantgen uses for all text."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_inline", "html_block"])
    # Tables are recognised only so that check can refuse them (running text has none).
    md.enable("table")
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    md.inline.ruler.before("link", REF, _ref_rule)
    md.inline.ruler.before("link", NOTE, _note_rule)
    md.inline.ruler.before("link", "cg_image", _image_rule)
    md.inline.ruler.after("link", "cg_refused_link", _refused_link_rule)
    md.inline.ruler.after("autolink", "cg_angle", _angle_rule)
    md.add_render_rule(REF, _unrendered)
    md.add_render_rule(NOTE, _unrendered)
    md.add_render_rule(MARK, _as_typed)
    return md


def calls(text: str) -> Iterator[Call]:
    """Every reference and footnote call in a text, in reading order."""
    return iter(_analyse(text)[0])


def plain(text: str) -> str:
    """The text without Markdown markup and calls (for word checks and diffs)."""
    return _analyse(text)[1]


def marks(text: str) -> tuple[Mark, ...]:
    """Everything in a text that would be printed as typed, or that fakes structure, in order."""
    return _analyse(text)[2]


class _Lines:
    """The text's lines as markdown-it counts them, with the offset each starts at."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]
        self.lines = _BREAK.split(text)

    def line(self, number: int | None) -> tuple[int, str]:
        number = min(max(number or 0, 0), len(self.lines) - 1)
        return self.starts[number], self.lines[number]

    def block(self, kind: str, number: int | None, depth: int = 0) -> Mark:
        """A block construct that starts on line ``number`` (0-based) of the text."""
        start, line = self.line(number)
        places = [0]
        quotes = []
        pos = 0
        while (container := _CONTAINER.match(line, pos)) is not None and container.end() > pos:
            if container.group("mark") == ">":
                quotes.append(container.start("mark"))
            pos = container.end()
            places.append(pos)
        column = None
        if kind == QUOTE and depth < len(quotes):
            column = quotes[depth]
        pattern = _STARTS.get(kind) if column is None else None
        if pattern is not None:
            found = next((m for p in places if (m := pattern.match(line, p)) is not None), None)
            column = found.start("at") if found is not None else None
        if column is None:
            first = _FIRST.match(line, places[-1]) or _FIRST.match(line)
            column = first.start("at") if first else 0
        return Mark(kind, start + column, line[column:].strip()[:_SHOWN])

    def inline(self, token: Token, child: Token) -> Mark:
        """An inline mark: its place in the inline token's content, found back on the text's line."""
        content, pos = token.content, int(child.meta["pos"])
        row = content.count("\n", 0, pos)
        head = content.rfind("\n", 0, pos) + 1
        piece = content[head:].split("\n", 1)[0]
        start, line = self.line((token.map[0] if token.map else 0) + row)
        # The content line is the text line without the markers that hold it (and, at the
        # ends of a paragraph, without the outer spaces).
        if line.endswith(piece):
            base = len(line) - len(piece)
        elif line.rstrip().endswith(piece):
            base = len(line.rstrip()) - len(piece)
        else:
            base = max(line.find(piece), 0)
        return Mark(str(child.meta["kind"]), start + base + pos - head, str(child.meta["raw"]))


_BLOCK_TOKENS = {
    "table_open": TABLE,
    "hr": RULE,
    "code_block": CODE,
    "fence": FENCE,
    "ordered_list_open": NUMBERED,
}


def _block_marks(tokens: list[Token], env: dict[str, Any], text: str) -> Iterator[Mark]:
    lines: _Lines | None = None
    depth = 0
    for token in tokens:
        kind = _BLOCK_TOKENS.get(token.type)
        line = token.map[0] if token.map else 0
        if token.type == "heading_open":
            kind = HEADING if token.markup.startswith("#") else UNDERLINE
            line = (token.map[1] - 1) if token.map and kind == UNDERLINE else line
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type == "blockquote_open":
            kind = QUOTE
            depth += 1
        has_marks = token.type == "inline" and any(c.type == MARK for c in token.children or [])
        if kind is None and not has_marks:
            continue
        lines = lines or _Lines(text)
        if kind is not None:
            yield lines.block(kind, line, depth - 1 if kind == QUOTE else 0)
        if has_marks:
            yield from (lines.inline(token, c) for c in token.children or [] if c.type == MARK)
    for definition in env.get("references", {}).values():
        lines = lines or _Lines(text)
        yield lines.block(DEFINITION, (definition.get("map") or [0])[0])


# A text markdown-it reads as nothing but paragraphs of words and calls: no character that
# can start inline markup other than a call, no line that can start a block (indented,
# '-', '+', '*', '#', '>', '=', '|', '[' but a call, a number with '.' or ')'), no entity, '\r' or NUL.
# test_text.py holds that for such texts _simple gives what markdown-it gives.
_CALL = re.compile(r"\[\[([^\n]*?)\]\]|" + _NOTE_RE.pattern)
_SPECIAL = re.compile(r"[\\`*_<>&|~!\[\]\r\0\t]")
# A '[' may start a line when a call starts there that is not a link definition ('[^a]: x').
_BLOCK_START = re.compile(
    r"^(?:[ ]|[-+*#>=|]|\[(?!\[|\^[a-z0-9]+(?:-[a-z0-9]+)*\](?!:))|[0-9]{1,9}[.)])", re.MULTILINE
)
_PARAGRAPHS = re.compile(r"\n{2,}")


def _simple(text: str) -> tuple[tuple[Call, ...], str, tuple[Mark, ...]] | None:
    """_analyse of a text without Markdown, without the parser; None when it needs the parser."""
    if _BLOCK_START.search(text):
        return None
    found: list[Call] = []
    pieces: list[str] = []
    last = 0
    for call in _CALL.finditer(text):
        if call.group(1) is not None:
            if len(call.group(0)) - 2 > _MAX_REF:  # the ref rule looks this far for its ']]'
                return None
            found.append(Call(REF, call.group(1).strip(), call.group(0)))
        else:
            found.append(Call(NOTE, call.group(2), call.group(0)))
        pieces.append(text[last : call.start()])
        last = call.end()
    pieces.append(text[last:])
    if any(_SPECIAL.search(piece) for piece in pieces):
        return None
    # As markdown-it reads a paragraph: its content stripped, each line break a space (the
    # spaces before it dropped). A NUL stands where a call was (the input has none).
    plain = []
    for paragraph in _PARAGRAPHS.split("\0".join(pieces).strip("\n")):
        content = paragraph.strip()
        if not content:  # whitespace alone: markdown-it has its own view of that
            return None
        plain.append(" ".join(line.rstrip(" ") for line in content.split("\n")) + "\n")
    return tuple(found), "".join(plain).replace("\0", "").strip(), ()


@lru_cache(maxsize=8192)
def _analyse(text: str) -> tuple[tuple[Call, ...], str, tuple[Mark, ...]]:
    # One parse serves the calls, the plain text and the marks; several rules ask for each.
    simple = _simple(text)
    return simple if simple is not None else _parsed(text)


def _parsed(text: str) -> tuple[tuple[Call, ...], str, tuple[Mark, ...]]:
    """_analyse by markdown-it: the calls, the plain text and the marks of any text."""
    found: list[Call] = []
    parts: list[str] = []
    env: dict[str, Any] = {}
    tokens = markdown().parse(text, env)
    for block in tokens:
        for token in block.children or []:
            if token.type in (REF, NOTE):
                found.append(Call(token.type, token.meta["target"], token.meta["raw"]))
            elif token.type in ("text", "code_inline", MARK):
                parts.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        if block.type == "inline":
            parts.append("\n")
    marked = sorted(_block_marks(tokens, env, text), key=lambda m: m.offset)
    return tuple(found), "".join(parts).strip(), tuple(marked)


def render(text: str, env: dict[str, Any], block: bool = False) -> str:
    """Render Markdown to HTML; a single paragraph is unwrapped unless ``block`` is set."""
    html = str(markdown().render(text, env)).strip()
    if not block and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        inner = html[3:-4]
        if "<p>" not in inner and "<ol" not in inner and "<ul" not in inner:
            return inner
    return html
