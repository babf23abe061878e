"""Finding a character of a text value back in the YAML file (convenantgen.scalar).

Findings about something inside a text (a tag, a heading) point at that thing. YAML hides
where it stands: quotes and escapes disappear, indentation is removed, lines are folded.
The property below lets PyYAML's emitter write random texts in every scalar style and
line width, loads them with convenantgen's loader, and demands that every character of
the loaded text is mapped onto that same character in the file (or onto the escape that
wrote it) -- never onto another one.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convenantgen.loader import Source, load_text
from convenantgen.scalar import char_offsets, offset_of, position_in_text

_PIECES = [*"ab #<>:-'\"\\\t*[]{},&!|%@`é€", "  ", "\n", "\n\n", "    ", "\\n", "''"]
_STYLES = [None, "'", '"', "|", ">"]


def emitted(value: str, style: str | None, width: int) -> str:
    """'a: {tekst: value}' written by PyYAML's emitter with the requested scalar style."""
    events = [
        yaml.StreamStartEvent(),
        yaml.DocumentStartEvent(),
        yaml.MappingStartEvent(None, None, True),
        yaml.ScalarEvent(None, None, (True, True), "a"),
        yaml.MappingStartEvent(None, None, True),
        yaml.ScalarEvent(None, None, (True, True), "tekst"),
        yaml.ScalarEvent(None, None, (True, True), value, style=style),
        yaml.MappingEndEvent(),
        yaml.MappingEndEvent(),
        yaml.DocumentEndEvent(),
        yaml.StreamEndEvent(),
    ]
    return str(yaml.emit(events, allow_unicode=True, width=width))


def loaded(text: str) -> Source:
    source, findings = load_text(text, "x.yaml")
    assert source is not None, findings
    return source


@settings(
    max_examples=400,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    value=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map("".join),
    style=st.sampled_from(_STYLES),
    width=st.integers(20, 80),
)
def test_every_character_maps_onto_itself(value: str, style: str | None, width: int) -> None:
    source = loaded(emitted(value, style, width))
    text = source.data["a"]["tekst"]
    if not isinstance(text, str):  # a plain '1' or 'true' is not text
        return
    start = offset_of(source, source.values[("a", "tekst")])
    offsets = char_offsets(source.text, start, text)
    assert offsets is not None, (source.text, text)
    assert len(offsets) == len(text)
    assert list(offsets) == sorted(offsets)
    for ch, at in zip(text, offsets, strict=True):
        if ch in " \t\n":
            continue
        assert source.text[at] == ch or (source.text[start] == '"' and source.text[at] == "\\"), (ch, at)


@pytest.mark.parametrize(
    ("yaml_text", "needle", "expected"),
    [
        ("a:\n  tekst: Een <b>x</b>\n", "<b>", (2, 14)),
        ("a:\n  tekst: 'It''s <b>x</b>'\n", "<b>", (2, 17)),
        ('a:\n  tekst: "Z\\u00e9 \\"q\\" <b>x</b>"\n', "<b>", (2, 25)),
        ("a:\n  tekst: |-\n    Eerst.\n\n      # kop\n", "# kop", (5, 7)),
        ("a:\n  tekst: >-\n    Een lange\n    zin <b>x</b>\n", "<b>", (4, 9)),
        ("a:\n  tekst: Een lange\n    zin <b>x</b>\n", "<b>", (3, 9)),
        ('a:\n  tekst: "Een \\\n    lange <b>x</b>"\n', "<b>", (3, 11)),
    ],
    ids=["plain", "single", "double-escapes", "literal", "folded", "plain-two-lines", "escaped-break"],
)
def test_position_in_text(yaml_text: str, needle: str, expected: tuple[int, int]) -> None:
    source = loaded(yaml_text)
    text = source.data["a"]["tekst"]
    assert position_in_text(source, ("a", "tekst"), text.index(needle)) == expected


def test_no_position_for_what_is_not_a_text_or_not_there() -> None:
    source = loaded("a:\n  tekst: Een tekst\n  getal: 12\n")
    assert position_in_text(source, ("a", "getal"), 0) is None
    assert position_in_text(source, ("a", "tekst"), 99) is None
    assert position_in_text(source, ("a", "weg"), 0) is None
    # a scalar whose source does not spell the value (a position that is not its own)
    assert char_offsets(source.text, 0, "Een tekst") is None
