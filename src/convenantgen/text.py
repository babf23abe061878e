"""Markdown for covenant text: no raw HTML, no images, only safe links, plus [[ref]] and [^note].

Text from YAML is untrusted: markdown-it escapes every HTML tag, images are switched off
(a remote image would be fetched while rendering the PDF), and links may only point to
https, http or mailto addresses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

REF = "cg_ref"
NOTE = "cg_note"
_MAX_REF = 120
_NOTE_RE = re.compile(r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\]")
_CONTINUES = re.compile(r" [a-zà-ÿ]")
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


@dataclass(frozen=True)
class Call:
    """A [[reference]] or [^footnote] call found in a text."""

    kind: str  # REF or NOTE
    target: str
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


def _unrendered(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    renderer: Callable[[str, dict[str, Any], dict[str, Any]], str] | None = (env or {}).get("render_call")
    token = tokens[idx]
    if renderer is None:
        return str(token.meta["raw"]).replace("&", "&amp;").replace("<", "&lt;")
    return renderer(token.type, token.meta, env)


@cache
def markdown() -> MarkdownIt:
    """The one Markdown parser convenantgen uses for all text."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_inline", "html_block"])
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    md.inline.ruler.before("link", REF, _ref_rule)
    md.inline.ruler.before("link", NOTE, _note_rule)
    md.add_render_rule(REF, _unrendered)
    md.add_render_rule(NOTE, _unrendered)
    return md


def calls(text: str) -> Iterator[Call]:
    """Every reference and footnote call in a text, in reading order."""
    return iter(_analyse(text)[0])


def plain(text: str) -> str:
    """The text without Markdown markup and calls (for word checks and diffs)."""
    return _analyse(text)[1]


@lru_cache(maxsize=8192)
def _analyse(text: str) -> tuple[tuple[Call, ...], str]:
    # One parse serves both the calls and the plain text; several rules ask for each.
    found: list[Call] = []
    parts: list[str] = []
    for block in markdown().parse(text):
        for token in block.children or []:
            if token.type in (REF, NOTE):
                found.append(Call(token.type, token.meta["target"], token.meta["raw"]))
            elif token.type in ("text", "code_inline"):
                parts.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        if block.type == "inline":
            parts.append("\n")
    return tuple(found), "".join(parts).strip()


def render(text: str, env: dict[str, Any], block: bool = False) -> str:
    """Render Markdown to HTML; a single paragraph is unwrapped unless ``block`` is set."""
    html = str(markdown().render(text, env)).strip()
    if not block and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        inner = html[3:-4]
        if "<p>" not in inner and "<ol" not in inner and "<ul" not in inner:
            return inner
    return html
