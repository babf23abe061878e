"""Markup rules: running text prints what it says, as the layout sets it, nothing else.

Text lands in a document people sign. Markup that the renderer refuses (HTML, images,
links to other schemes) would be printed as typed, and block structure (headings, rules,
quotes, tables, code blocks, numbered lists) would let a lid print what looks like an
article heading, a signature line or a lid number of its own. Both are errors, each at
the place it is written; the Markdown parser that renders the text finds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from convenantgen.checks.engine import Context, Hit, rule
from convenantgen.findings import Severity
from convenantgen.i18n import N_, _
from convenantgen.layout import Slot
from convenantgen.loader import JsonPath
from convenantgen.scalar import value_at
from convenantgen.text import (
    BLOCK_KINDS,
    CODE,
    DEFINITION,
    FENCE,
    HEADING,
    HTML,
    IMAGE,
    INLINE_KINDS,
    LINK,
    NUMBERED,
    QUOTE,
    RULE,
    TABLE,
    UNDERLINE,
    Mark,
    marks,
)

_INLINE = {
    HTML: (
        N_("HTML tag '{raw}' is not allowed: it would be printed as typed"),
        N_(
            "covenant text is Markdown without HTML: write **vet** or *schuin*, and \\< for a "
            "'<' meant as text"
        ),
    ),
    IMAGE: (
        N_(
            "image '{raw}' is not allowed: images are not shown, the '!' and a link to the "
            "picture would be printed"
        ),
        N_("remove the image; to name a picture, link to it: [tekst](https://...)"),
    ),
    LINK: (
        N_(
            "link '{raw}' is not allowed: only https://, http:// and mailto: links are made, "
            "this one would be printed as typed"
        ),
        N_("link to an https://, http:// or mailto: address, or write the address as plain text"),
    ),
}

_BLOCK = {
    HEADING: (
        N_("'{raw}' is a Markdown heading: running text cannot print headings of its own"),
        N_("headings come from the article titles; remove the '#' (write \\# for a '#' meant as text)"),
    ),
    UNDERLINE: (
        N_("the line '{raw}' makes the text above it a Markdown heading"),
        N_("remove the line of '=' or '-'; headings come from the article titles"),
    ),
    RULE: (
        N_("'{raw}' is a Markdown horizontal rule: it would print a line across the page"),
        N_("remove the line; the layout separates articles and leden"),
    ),
    QUOTE: (
        N_("'>' starts a Markdown block quote: '{raw}' would be printed indented, as a quotation"),
        N_("remove the '>' at the start of the line (write \\> for a '>' meant as text)"),
    ),
    TABLE: (
        N_("'{raw}' starts a Markdown table: running text has no tables"),
        N_("put target figures in the lid's 'tabel', or write the rows as a '- ' list"),
    ),
    CODE: (
        N_(
            "a line indented by four spaces or more is a Markdown code block: '{raw}' would "
            "be printed in a typewriter font, with its own line breaks"
        ),
        N_("remove the extra indentation; in a '|' block every line starts at the same column"),
    ),
    FENCE: (
        N_(
            "'{raw}' starts a Markdown code block: the lines would be printed in a "
            "typewriter font, with their own line breaks"
        ),
        N_("remove the ``` or ~~~ lines"),
    ),
    NUMBERED: (
        N_("'{raw}' starts a numbered list: its numbers would read like lid numbers"),
        N_(
            "use 'onderdelen' (lettered a, b, c; [[id]] can name them) or a '- ' list; write "
            "a backslash after the number (2\\.) to start a line with a number"
        ),
    ),
    DEFINITION: (
        N_("'{raw}' is a Markdown link definition: the line would not be printed at all"),
        N_("remove the line, or write the link where it is used: [tekst](https://...)"),
    ),
}


# A tag in a field that is not Markdown (a title, a party's name, a function, a column
# heading): the page escapes it, so it would be printed as typed, just like in running text.
_PLAIN_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_PLAIN = (
    N_("HTML tag '{raw}' is not allowed: it would be printed as typed"),
    N_("this field is plain text without markup: remove the tag"),
)


def _strings(data: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _plain_hits(ctx: Context) -> Iterator[Hit]:
    """Every tag in a text field that is not Markdown (those are the slots of the layout)."""
    markdown = {slot.path for slot in ctx.layout.slots}
    for path, text in _strings(ctx.source.data, ()):
        if path in markdown or (path and path[-1] == "tekst" and path[:-1] in markdown):
            continue
        for match in _PLAIN_TAG.finditer(text):
            raw = match.group(0)[:60]
            yield Hit(path, _(_PLAIN[0]).format(raw=raw), "", raw, hint=_(_PLAIN[1]), offset=match.start())


def _text_path(ctx: Context, slot: Slot) -> JsonPath:
    # An onderdeel or footnote written as a mapping with only 'tekst' stands for its text.
    value = value_at(ctx.source.data, slot.path)
    return (*slot.path, "tekst") if isinstance(value, dict) else slot.path


def _hits(ctx: Context, kinds: tuple[str, ...], words: dict[str, tuple[str, str]]) -> Iterator[Hit]:
    for slot in ctx.layout.slots:
        found: list[Mark] = [m for m in marks(slot.text) if m.kind in kinds]
        path = _text_path(ctx, slot) if found else slot.path
        for mark in found:
            message, hint = words[mark.kind]
            yield Hit(
                path,
                _(message).format(raw=mark.raw),
                slot.element,
                mark.raw or None,
                hint=_(hint),
                offset=mark.offset,
            )


@rule(
    "CG307",
    Severity.ERROR,
    "references",
    N_("HTML, an image or an unsafe link in text"),
    N_("covenant text is Markdown without HTML or images; links may only be https://, http:// or mailto:"),
)
def unrendered_markup(ctx: Context) -> Iterator[Hit]:
    """Markup that the renderer refuses would be printed as typed in a signed document."""
    yield from _hits(ctx, INLINE_KINDS, _INLINE)
    yield from _plain_hits(ctx)


@rule(
    "CG308",
    Severity.ERROR,
    "references",
    N_("heading, rule, quote, table, code block or numbered list in running text"),
    N_(
        "running text is sentences, paragraphs and '- ' lists; articles, leden and "
        "onderdelen give the structure"
    ),
)
def faked_structure(ctx: Context) -> Iterator[Hit]:
    """A lid that prints its own heading, rule or numbers can pass for structure it is not."""
    yield from _hits(ctx, BLOCK_KINDS, _BLOCK)
