"""Incremental builds: skip covenants whose source, templates and tool are unchanged.

The manifest in the output folder records, per source file, the SHA-256 of its bytes, the
environment key (tool and renderer versions, templates, schema, options) and the SHA-256
of every file written for it. A covenant is fresh only when all of these still match,
so a hand-edited or deleted output file is rebuilt too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from convenantgen import __version__
from convenantgen.output import write_atomic
from convenantgen.resources import data_dir

MANIFEST = ".convenantgen-manifest.json"
_RENDERERS = ("weasyprint", "pydyf", "pyhanko", "jinja2", "markdown-it-py", "babel")


@dataclass(frozen=True)
class Entry:
    """What the last successful build recorded for one source file."""

    source: str
    env: str
    covenant_id: str
    files: dict[str, str]
    findings: list[dict[str, Any]]
    facts: list[dict[str, Any]]


def sha256(data: bytes) -> str:
    """Hex SHA-256."""
    return hashlib.sha256(data).hexdigest()


def env_key(options: dict[str, Any]) -> str:
    """A hash of everything besides the source that decides the output."""
    digest = hashlib.sha256()
    versions = {name: _version(name) for name in _RENDERERS}
    digest.update(json.dumps([__version__, versions, options], sort_keys=True).encode())
    # The package's own code counts too: in a checkout, a changed rule or renderer
    # must rebuild even though the version number stayed the same.
    for folder in (data_dir("templates"), data_dir("schemas"), Path(__file__).resolve().parent):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def load(out_dir: Path) -> dict[str, Entry]:
    """The manifest of ``out_dir`` (empty when missing or unreadable)."""
    try:
        raw = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return {key: Entry(**value) for key, value in raw.get("entries", {}).items()}
    except (OSError, ValueError, TypeError):
        return {}


def save(out_dir: Path, entries: dict[str, Entry]) -> None:
    """Write the manifest atomically."""
    body = {"tool": __version__, "entries": {k: vars(v) for k, v in sorted(entries.items())}}
    write_atomic(out_dir / MANIFEST, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))


def is_fresh(entry: Entry | None, source_hash: str, env: str, out_dir: Path) -> bool:
    """True when the recorded build of this source still stands in ``out_dir``."""
    if entry is None or entry.source != source_hash or entry.env != env:
        return False
    for name, digest in entry.files.items():
        try:
            if sha256((out_dir / name).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True
