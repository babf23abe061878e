"""`convenantgen new`: a starting covenant that passes check, for the secretary to fill in."""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from convenantgen.i18n import _
from convenantgen.resources import data_dir, schema_path

# A comment of templates/nieuw.yaml to translate: _("English text") (no double quote inside)
_MARKER = re.compile(r'_\("([^"\n]*)"\)')
_WIDTH = 90


def scaffold(covenant_id: str, titel: str, regio: str, target: Path) -> str:
    """The YAML text of a new covenant, with a schema modeline relative to ``target``."""
    template = (data_dir("templates") / "nieuw.yaml").read_text(encoding="utf-8")
    schema = os.path.relpath(schema_path(), target.resolve().parent)
    return (
        _translated(template)
        .replace("@SCHEMA@", Path(schema).as_posix())
        .replace("@ID@", covenant_id)
        .replace("@TITEL@", _quote(titel))
        .replace("@REGIO@", _quote(regio))
    )


def _translated(template: str) -> str:
    """The template with every _("...") comment in the current language, long comment lines wrapped."""
    lines = []
    for line in _MARKER.sub(lambda m: _(m.group(1)), template).splitlines():
        if line.startswith("# ") and len(line) > _WIDTH:
            lines += textwrap.wrap(line[2:], _WIDTH - 2, initial_indent="# ", subsequent_indent="# ")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def extract_template(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor (see babel.cfg): the _("...") comments of templates/nieuw.yaml."""
    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), 1):
        for match in _MARKER.finditer(line):
            yield number, "_", match.group(1), []


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
