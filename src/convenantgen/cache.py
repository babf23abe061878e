"""Incremental builds: skip covenants whose source, templates and tool are unchanged.

The manifest (in the state folder, see :mod:`convenantgen.state`) records, per source file,
the SHA-256 of its bytes, the environment key (tool and renderer versions, templates, schema,
options) and the SHA-256 of every file written for it; and, as ``orphans``, files an earlier
build wrote that no covenant makes any more. A covenant is fresh only when all of these still
match what is on disk, read without following links, so a hand-edited, deleted or linked
output file is rebuilt. The manifest is read as untrusted input: an entry that does not have
exactly the expected shape, or names anything but a plain ``<id>.html``/``<id>.pdf``, is dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from convenantgen import __version__
from convenantgen.findings import Finding
from convenantgen.output import write_atomic
from convenantgen.resources import data_dir

_RENDERERS = ("weasyprint", "pydyf", "pyhanko", "jinja2", "markdown-it-py", "babel")
_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_COVENANT_ID = re.compile(_ID + r"\Z")
OUTPUT_NAME = re.compile(_ID + r"\.(?:html|pdf)\Z")
_DIGEST = re.compile(r"[0-9a-f]{64}\Z")
_ENTRY_KEYS = {"source", "env", "covenant_id", "files", "findings", "facts"}


@dataclass(frozen=True)
class Entry:
    """What the last successful build recorded for one source file."""

    source: str
    env: str
    covenant_id: str
    files: dict[str, str]
    findings: list[dict[str, Any]]
    facts: list[dict[str, Any]]


@dataclass(frozen=True)
class Manifest:
    """Every entry, and the files written earlier that no entry claims any more."""

    entries: dict[str, Entry] = field(default_factory=dict)
    orphans: dict[str, str] = field(default_factory=dict)

    def owned(self) -> dict[str, str]:
        """Every output name a build wrote, with the SHA-256 of what it wrote."""
        names = dict(self.orphans)
        for entry in self.entries.values():
            names.update(entry.files)
        return names


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


def is_output_name(name: object) -> bool:
    """True for a plain ``<id>.html`` or ``<id>.pdf``: no folder, no link, nothing outside."""
    return isinstance(name, str) and len(name) <= 69 and OUTPUT_NAME.match(name) is not None


def file_digest(folder: Path, name: str) -> str | None:
    """SHA-256 of the regular file ``folder/name``; None when absent, a link, a FIFO or unreadable."""
    if not is_output_name(name):
        return None
    try:
        handle = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None
        digest = hashlib.sha256()
        while chunk := os.read(handle, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(handle)


def entry_from(raw: object) -> Entry | None:
    """An entry from untrusted JSON, or None when any part of it is not what a build writes."""
    if not isinstance(raw, dict) or set(raw) != _ENTRY_KEYS:
        return None
    cid, files = raw["covenant_id"], raw["files"]
    if not (isinstance(cid, str) and len(cid) <= 64 and _COVENANT_ID.match(cid)):
        return None
    if not (isinstance(raw["source"], str) and isinstance(raw["env"], str) and isinstance(files, dict)):
        return None
    if not files or not all(
        name in (f"{cid}.html", f"{cid}.pdf") and isinstance(d, str) and _DIGEST.match(d)
        for name, d in files.items()
    ):
        return None
    if not (isinstance(raw["findings"], list) and all(_finding_ok(f) for f in raw["findings"])):
        return None
    if not (isinstance(raw["facts"], list) and all(_fact_ok(f) for f in raw["facts"])):
        return None
    return Entry(**raw)


def _finding_ok(raw: object) -> bool:
    if not isinstance(raw, dict):
        return False
    try:
        finding = Finding.from_dict(raw)
    except (KeyError, ValueError, TypeError):
        return False
    texts = (finding.path, finding.code, finding.message, finding.hint, finding.element)
    numbers = (finding.line, finding.column)
    return all(isinstance(t, str) for t in texts) and all(
        isinstance(n, int) and not isinstance(n, bool) for n in numbers
    )


def _fact_ok(raw: object) -> bool:
    return (
        isinstance(raw, dict)
        and set(raw) == {"path", "code", "message", "value"}
        and all(isinstance(raw[k], str) for k in ("path", "code", "message"))
        and (raw["value"] is None or isinstance(raw["value"], str))
    )


def parse(raw: object) -> Manifest:
    """A manifest from untrusted JSON: whatever is not well-formed is left out."""
    if not isinstance(raw, dict):
        return Manifest()
    entries: dict[str, Entry] = {}
    found = raw.get("entries")
    for key, value in found.items() if isinstance(found, dict) else ():
        entry = entry_from(value)
        if entry is not None and os.path.isabs(key) and "\0" not in key:
            entries[key] = entry
    found = raw.get("orphans")
    orphans = {
        name: digest
        for name, digest in (found.items() if isinstance(found, dict) else ())
        if is_output_name(name) and isinstance(digest, str) and _DIGEST.match(digest)
    }
    return Manifest(entries, orphans)


def load(path: Path) -> Manifest:
    """The manifest at ``path`` (empty when missing, unreadable or not a manifest)."""
    try:
        if not path.is_file() or path.is_symlink():
            return Manifest()
        return parse(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, RecursionError):
        return Manifest()


def as_json(manifest: Manifest) -> dict[str, Any]:
    """The JSON form of ``manifest``."""
    return {
        "tool": __version__,
        "entries": {k: vars(v) for k, v in sorted(manifest.entries.items())},
        "orphans": dict(sorted(manifest.orphans.items())),
    }


def save(path: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (not at all when it has not changed)."""
    body = json.dumps(as_json(manifest), ensure_ascii=False, indent=1).encode("utf-8")
    with contextlib.suppress(OSError):
        if not path.is_symlink() and path.read_bytes() == body:
            return
    write_atomic(path, body)


def is_fresh(entry: Entry | None, source_hash: str, env: str, out_dir: Path) -> bool:
    """True when the recorded build of this source still stands, byte for byte, in ``out_dir``."""
    if entry is None or entry.source != source_hash or entry.env != env:
        return False
    return all(file_digest(out_dir, name) == digest for name, digest in entry.files.items())
