"""The diff as JSON with a stable shape (documented in docs/review.md, section "JSON")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from convenantgen.diff import describe
from convenantgen.diff.model import Change, Diff, FileDiff
from convenantgen.fingerprint import fingerprint
from convenantgen.pipeline import Checked

FORMAT = "convenantgen-diff/1"


def _side(name: str | None, checked: Checked | None) -> dict[str, Any] | None:
    if name is None:
        return None
    out: dict[str, Any] = {"source": name, "id": None, "titel": None, "fingerprint": None}
    if checked is not None and checked.covenant is not None and checked.source is not None:
        out.update(
            id=checked.covenant.id, titel=checked.covenant.titel, fingerprint=fingerprint(checked.source.data)
        )
    return out


def change_dict(change: Change) -> dict[str, Any]:
    """One change; every key is always present (null when it does not apply)."""
    return {
        "kind": change.kind,
        "subject": change.subject,
        "field": change.field,
        "key": change.key,
        "label": change.label,
        "old_label": change.old_label,
        "new_label": change.new_label,
        "old": change.old,
        "new": change.new,
        "words": [{"op": op, "text": text} for op, text in change.words],
        "note": change.note,
        "title": change.title,
        "old_path": list(change.old_path),
        "new_path": list(change.new_path),
        "summary": describe.headline(change),
    }


def _diff(diff: Diff) -> dict[str, Any]:
    return {
        "same": diff.same,
        "summary": describe.summary(diff),
        "counts": describe.counts(diff),
        "renumbered": [{"old": a, "new": b} for a, b in diff.renumbered],
        "changes": [change_dict(c) for c in diff.changes],
    }


def file_dict(result: FileDiff) -> dict[str, Any]:
    """One file's outcome."""
    diff = result.diff
    old_checked = diff.old if diff else (result.checked if result.status == "removed" else None)
    new_checked = diff.new if diff else (result.checked if result.status == "added" else None)
    empty: dict[str, Any] = {"same": None, "summary": None, "counts": None, "renumbered": [], "changes": []}
    return {
        "status": result.status,
        "old": _side(result.old_name, old_checked),
        "new": _side(result.new_name, new_checked),
        **(_diff(diff) if diff else empty),
        "findings": [f.as_dict() for f in result.findings],
    }


def render(results: Sequence[FileDiff]) -> str:
    """The whole report as one JSON document."""
    document = {
        "format": FORMAT,
        "files": [file_dict(r) for r in results],
        "changed": any(r.has_changes for r in results),
        "errors": sum(1 for r in results if r.status == "error"),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
