"""Dutch number words: one module (convenantgen.dutch) says them for the text, the annex and the calendar."""

from __future__ import annotations

import pytest

from convenantgen.dutch import maal, telwoord, voud


@pytest.mark.parametrize(
    ("n", "word"),
    [(1, "één"), (4, "vier"), (13, "dertien"), (20, "twintig"), (21, "eenentwintig"), (22, "tweeëntwintig")],
)
def test_telwoord(n: int, word: str) -> None:
    assert telwoord(n) == word


@pytest.mark.parametrize(
    ("n", "word"), [(1, "enkelvoud"), (7, "zevenvoud"), (22, "tweeëntwintigvoud"), (100, "100-voud")]
)
def test_voud(n: int, word: str) -> None:
    assert voud(n) == word


@pytest.mark.parametrize(("n", "word"), [(1, "eenmaal"), (3, "driemaal"), (6, "zesmaal"), (12, "twaalfmaal")])
def test_maal(n: int, word: str) -> None:
    assert maal(n) == word
