"""`convenantgen new`: a starting covenant that passes check, for the secretary to fill in."""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from convenantgen.i18n import _
from convenantgen.resources import data_dir

# Where a repository of covenants keeps the schema its editors read (as this repository does).
SCHEMA_HOME = Path("schemas") / "convenant.schema.json"

# A comment of templates/nieuw.yaml to translate: _("English text") (no double quote inside)
_MARKER = re.compile(r'_\("([^"\n]*)"\)')
_WIDTH = 90


def schema_text() -> str:
    """The covenant schema as `convenantgen schema` prints it."""
    import json

    from convenantgen.validate import load_schema

    return json.dumps(load_schema(), ensure_ascii=False, indent=2) + "\n"


def same_schema(path: Path) -> bool:
    """True when the file at ``path`` holds this version's schema (whatever its layout)."""
    import json

    from convenantgen.validate import load_schema

    try:
        return bool(json.loads(path.read_text(encoding="utf-8")) == load_schema())
    except (OSError, UnicodeDecodeError, ValueError):
        return False


def schema_home(target: Path) -> Path:
    """The schema copy a new covenant at ``target`` should name in its modeline.

    The nearest ``schemas/convenant.schema.json`` in the target's folder or above it; else
    one in the root of the git checkout that holds the target; else one in the target's
    own folder. A path inside the repository works in every clone of it, where a path into
    convenantgen's own installation would work on one computer only.
    """
    folder = target.resolve().parent
    ancestors = (folder, *folder.parents)
    for candidate in ancestors:
        if (candidate / SCHEMA_HOME).is_file():
            return candidate / SCHEMA_HOME
    for candidate in ancestors:
        if (candidate / ".git").exists():
            return candidate / SCHEMA_HOME
    return folder / SCHEMA_HOME


def scaffold(covenant_id: str, titel: str, regio: str, target: Path, schema: Path | None = None) -> str:
    """The YAML text of a new covenant, with a schema modeline relative to ``target``."""
    template = (data_dir("templates") / "nieuw.yaml").read_text(encoding="utf-8")
    schema = schema or schema_home(target)
    relative = os.path.relpath(schema, target.resolve().parent)
    return (
        _translated(template)
        .replace("@SCHEMA@", Path(relative).as_posix())
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
