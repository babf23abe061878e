"""Incremental builds: render again only what its inputs no longer match.

Every covenant is checked on every build; only rendering is cached. The manifest (in the
state folder, see :mod:`convenantgen.state`) records, per source file, the covenant id, and
per output file the SHA-256 of the bytes written and the cache key it was rendered from (see
:meth:`convenantgen.outputs.Kind.key`: the kind, the environment key, the content hash of each
covenant it is made of, the options it uses). A collection output (``convenanten.ics``) is
recorded under ``collection:<kind>``. Besides, as ``orphans``, files an earlier build wrote
that no covenant makes any more. A file is fresh only when its key is unchanged and it is
still on disk with the recorded bytes, read without following links, so a hand-edited,
deleted or linked output file is rendered again. The manifest is read as untrusted input: an
entry that does not have exactly the expected shape, or names anything but an output name
of the table (a plain ``<id>.html``, ``<id>.pdf``, ..., ``convenanten.ics``), is dropped.
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

from convenantgen import __version__, outputs
from convenantgen.output import write_atomic
from convenantgen.resources import data_dir

_RENDERERS = ("weasyprint", "pydyf", "pyhanko", "jinja2", "markdown-it-py", "babel", "icalendar")
_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_COVENANT_ID = re.compile(_ID + r"\Z")


def _output_name() -> re.Pattern[str]:
    """Every name of the table in :mod:`convenantgen.outputs`, '{id}' standing for any covenant id."""
    own = [k.pattern for k in outputs.KINDS.values() if not k.collection]
    names = [_ID.join(re.escape(part) for part in pattern.split("{id}")) for pattern in own]
    names += [re.escape(name) for name in sorted(outputs.collection_names())]
    return re.compile("(?:" + "|".join(names) + r")\Z")


OUTPUT_NAME = _output_name()
_DIGEST = re.compile(r"[0-9a-f]{64}\Z")
_ENTRY_KEYS = {"covenant_id", "files", "keys"}
COLLECTION = "collection:"  # the manifest key of a collection kind's entry: 'collection:calendar'


@dataclass(frozen=True)
class Entry:
    """What the last successful builds wrote for one source file (or one collection kind)."""

    covenant_id: str  # '' for a collection
    files: dict[str, str]  # output name -> SHA-256 of the bytes written
    keys: dict[str, str]  # output name -> the cache key it was rendered from

    def fresh(self, name: str, key: str, out_dir: Path) -> bool:
        """True when ``name`` was rendered from ``key`` and stands in ``out_dir`` as written."""
        return self.keys.get(name) == key and file_digest(out_dir, name) == self.files[name]


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


def env_key() -> str:
    """A hash of everything besides the sources and options that decides the outputs."""
    digest = hashlib.sha256()
    versions = {name: _version(name) for name in _RENDERERS}
    digest.update(json.dumps([__version__, versions], sort_keys=True).encode())
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
    """True for a plain output name of the table (``<id>.html``, ...): no folder, nothing outside."""
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


def entry_from(raw: object, key: str) -> Entry | None:
    """The entry of manifest key ``key`` from untrusted JSON, or None when it is not what a build writes."""
    if not isinstance(raw, dict) or set(raw) != _ENTRY_KEYS:
        return None
    cid, files, keys = raw["covenant_id"], raw["files"], raw["keys"]
    if not isinstance(cid, str) or not isinstance(files, dict) or not isinstance(keys, dict):
        return None
    if key.startswith(COLLECTION):
        kind = outputs.KINDS.get(key[len(COLLECTION) :])
        if kind is None or not kind.collection or cid != "":
            return None
        allowed = {kind.file_name()}
    elif os.path.isabs(key) and "\0" not in key and len(cid) <= 64 and _COVENANT_ID.match(cid):
        allowed = outputs.covenant_names(cid)
    else:
        return None
    if not files or set(files) != set(keys) or not set(files) <= allowed:
        return None
    digests = [*files.values(), *keys.values()]
    if not all(isinstance(d, str) and _DIGEST.match(d) for d in digests):
        return None
    return Entry(cid, dict(files), dict(keys))


def parse(raw: object) -> Manifest:
    """A manifest from untrusted JSON: whatever is not well-formed is left out."""
    if not isinstance(raw, dict):
        return Manifest()
    entries: dict[str, Entry] = {}
    found = raw.get("entries")
    for key, value in found.items() if isinstance(found, dict) else ():
        entry = entry_from(value, key) if isinstance(key, str) else None
        if entry is not None:
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
