"""`convenantgen new`: a starting covenant that passes check, for the secretary to fill in."""

from __future__ import annotations

import os
from pathlib import Path

from convenantgen.resources import data_dir, schema_path


def scaffold(covenant_id: str, titel: str, regio: str, target: Path) -> str:
    """The YAML text of a new covenant, with a schema modeline relative to ``target``."""
    template = (data_dir("templates") / "nieuw.yaml").read_text(encoding="utf-8")
    schema = os.path.relpath(schema_path(), target.resolve().parent)
    return (
        template.replace("@SCHEMA@", Path(schema).as_posix())
        .replace("@ID@", covenant_id)
        .replace("@TITEL@", _quote(titel))
        .replace("@REGIO@", _quote(regio))
    )


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
