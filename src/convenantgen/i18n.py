"""The language of messages: Dutch by default, English on request, from gettext catalogues.

English is the message id in the code; the Dutch text lives in
``locale/nl/LC_MESSAGES/convenantgen.po`` and its compiled ``.mo`` beside it (see docs/i18n.md
for the one command that extracts, updates and compiles them). A message is translated when
it is made (``_("... {name} ...").format(name=...)``), so the language is chosen before any
check runs: by ``--lang`` on the command line, or else from the locale (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set; English when it starts with ``en``,
Dutch otherwise, also when none is set). Texts made once at import time (rule titles and
hints, the titles of file codes) are marked with :func:`N_` and translated where they are shown.
"""

from __future__ import annotations

import gettext
import json
import os
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import IO, Any

DOMAIN = "convenantgen"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("nl", "en")
DEFAULT = "nl"
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_active: str | None = None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """'en' when the first locale variable that is set starts with 'en', else 'nl'."""
    environ = os.environ if environ is None else environ
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            # LANGUAGE is a list ('en:nl'); the others one locale ('en_GB.UTF-8')
            first = value.split(":")[0].strip().lower()
            return "en" if first.startswith("en") else DEFAULT
    return DEFAULT


def set_language(language: str) -> None:
    """Make ``language`` ('nl' or 'en') the language of every message made from now on."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    global _active
    _active = language


def language() -> str:
    """The language messages are made in now ('nl' or 'en')."""
    global _active
    if _active is None:
        _active = language_from_environment()
    return _active


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language``; English is the text in the code itself."""
    if language == "en":
        return gettext.NullTranslations()
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)


def _(message: str) -> str:
    """``message`` (English, the message id) in the current language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return translations(language()).ngettext(singular, plural, n)


def schema_text(text: str) -> str:
    """A text of the JSON Schema (x-hint, x-message, a budget's 'what') in the current language."""
    return _(text) if text else ""


def extract_schema(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor (see babel.cfg): a schema's x-hint and x-message texts, and budgets' 'what'."""
    wanted = re.compile(r'^\s*"(x-hint|x-message|what)":\s*("(?:[^"\\]|\\.)*")')
    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), 1):
        found = wanted.match(line)
        if found:
            yield number, "_", json.loads(found.group(2)), []


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it (translate it when shown)."""
    return message
