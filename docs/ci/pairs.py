#!/usr/bin/env python3
"""The pairs of covenant versions a change asks a redline for, one per line: OLD<TAB>NEW<TAB>NAME.

    pairs.py BASE [PATHS]...

- a covenant changed in place since revision BASE: ``BASE:path``, ``path``;
- a covenant added since BASE (committed or not) whose ``vorige_versie`` names the id of another covenant in
  the working tree (a new version beside the one it replaces): that file, the new file.

NAME is the new file's name without its suffix, for the redline's file names. Progress
files (*.voortgang.yaml) are left out. Run at the root of the git checkout, with
PyYAML (a dependency of convenantgen) importable; a file that does not load is passed
over here (``convenantgen check`` reports it). See docs/review.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

SUFFIXES = (".yaml", ".yml")


def _covenant(path: str) -> bool:
    name = Path(path).name
    return name.endswith(SUFFIXES) and ".voortgang." not in name


def _keys(path: Path) -> dict[str, str]:
    """The top-level id and vorige_versie of a covenant file, or {} when it does not load."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    previous = data.get("vorige_versie")
    if isinstance(previous, dict):  # the mapping form: {id: ..., titel: ...}
        data = {**data, "vorige_versie": previous.get("id")}
    return {k: str(data[k]) for k in ("id", "vorige_versie") if isinstance(data.get(k), str)}


def pairs(base: str, paths: list[str]) -> list[tuple[str, str, str]]:
    """(OLD, NEW, NAME) for every covenant changed in place or added as a new version."""
    listed = subprocess.run(
        ["git", "diff", "--name-status", "--no-renames", "-z", base, "--", *paths],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    untracked = subprocess.run(  # new files not yet added are part of the working tree too
        ["git", "ls-files", "-z", "--others", "--exclude-standard", "--", *paths],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    changes = list(zip(listed[0::2], listed[1::2], strict=False)) + [("A", p) for p in untracked if p]
    out: list[tuple[str, str, str]] = []
    added: list[str] = []
    for status, path in changes:
        if not _covenant(path):
            continue
        if status == "M":
            out.append((f"{base}:{path}", path, Path(path).stem))
        elif status == "A":
            added.append(path)
    if added:
        by_id: dict[str, str] = {}
        folders = sorted({str(Path(p).parent) for p in added})
        for folder in folders:
            for candidate in sorted(Path(folder).iterdir()):
                if candidate.is_file() and _covenant(candidate.name):
                    key = _keys(candidate).get("id")
                    if key:
                        by_id.setdefault(key, str(candidate))
        for path in added:
            previous = by_id.get(_keys(Path(path)).get("vorige_versie", ""))
            if previous and previous != path:
                out.append((previous, path, Path(path).stem))
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module's docstring."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    try:
        found = pairs(args[0], args[1:])
    except subprocess.CalledProcessError as exc:
        print(f"pairs.py: git diff failed: {exc.stderr.strip()}", file=sys.stderr)
        return 1
    for old, new, name in found:
        print(f"{old}\t{new}\t{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
