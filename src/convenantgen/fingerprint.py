"""Fingerprint: a SHA-256 of the covenant's content, blind to YAML layout and comments.

The hash is taken over canonical JSON of the validated data, so re-indenting, re-quoting or
commenting the YAML keeps the fingerprint, while changing one word changes it. Part hashes
(per article, party, ...) let ``verify`` say *where* a PDF and a source differ.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from convenantgen.i18n import _
from convenantgen.numbering import Numbering

PREFIX = "sha256:"


def canonical(data: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, no whitespace, UTF-8."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def fingerprint(data: Any) -> str:
    """'sha256:<64 hex>' of the canonical content."""
    return PREFIX + hashlib.sha256(canonical(data)).hexdigest()


def _short(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()[:16]


def parts(data: dict[str, Any], numbers: Numbering) -> dict[str, str]:
    """Short hashes of the covenant's parts, labelled for a reader ('artikel 3 (Financiering)').

    ``numbers`` is the numbering of the covenant built from ``data``: it names the articles.
    """
    out: dict[str, str] = {"titel": _short([data.get("titel"), data.get("ondertitel")])}
    for key in ("formaat", "id", "regio", "considerans", "looptijd", "budgetten", "noten", "publicatie"):
        if key in data:
            out[key] = _short(data[key])
    _party_parts(data.get("partijen", []), out, "groep")
    for i, article in enumerate(data.get("artikelen", [])):
        out[f"{numbers.at(('artikelen', i)).label} ({article.get('titel')})"] = _short(article)
    for block in data.get("ondertekening", {}).get("blokken", []):
        out[f"ondertekening {block.get('partij')}"] = _short(block)
    rest = {k: v for k, v in data.get("ondertekening", {}).items() if k != "blokken"}
    out["ondertekening"] = _short(rest)
    return out


def _party_parts(entries: list[Any], out: dict[str, str], kind: str) -> None:
    """A hash per party, and per group or cluster (without its parties), in list order."""
    for entry in entries:
        if "partijen" in entry:
            out[f"{kind} {entry.get('id')}"] = _short({k: v for k, v in entry.items() if k != "partijen"})
            _party_parts(entry["partijen"], out, "cluster")
        else:
            out[f"partij {entry.get('id')} ({entry.get('naam')})"] = _short(entry)


def differences(recorded: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Labels of parts that differ, were added or were removed."""
    out = []
    for label in sorted(set(recorded) | set(actual)):
        if label not in recorded:
            out.append(_("{label}: only in the source").format(label=label))
        elif label not in actual:
            out.append(_("{label}: only in the PDF").format(label=label))
        elif recorded[label] != actual[label]:
            out.append(f"{label}: changed")
    return out
