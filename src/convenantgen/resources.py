"""Where the schema and templates live, in a checkout or in an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``schemas`` or ``templates`` (installed copy first, then checkout)."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"convenantgen is installed without its {name}/ folder")


def schema_path(name: str = "convenant") -> Path:
    """Path of a JSON Schema: ``convenant`` (the covenant format) or ``voortgang`` (progress)."""
    return data_dir("schemas") / f"{name}.schema.json"
