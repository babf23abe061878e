"""verify: are this PDF's pages what this source renders to, and is every later change a signature?

A fingerprint in the document information proves nothing alone: anyone can copy it into
another PDF. So ``verify`` renders the source again (the build is deterministic: same
source and same tool versions give the same bytes) and compares:

1. **The build.** The file must start with exactly the bytes of the re-render. If it does
   not (a rewrite such as ``qpdf --linearize`` or a pikepdf save changes the bytes, not
   the content), one of its first revisions must hold the same objects as the re-render,
   compared from the catalog and the document information down (:mod:`pdfcompare`).
   Otherwise every page and part that differs is named.
2. **Every revision after the build.** Each must only fill one of the build's signature
   fields (pyHanko's difference analysis, with only the signature-filling rules), change
   the document information only in its date and producer, keep the Dublin Core of the
   XMP metadata, and every signature it adds must be intact.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.rw_common import PdfHandler
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DocInfoRule,
    DSSCompareRule,
    FormUpdatingRule,
    MetadataUpdateRule,
    ModificationLevel,
    ObjectStreamRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    XrefStreamRule,
)
from pyhanko.sign.diff_analysis.constants import ACROFORM_EXEMPT_STRICT_COMPARISON
from pyhanko.sign.diff_analysis.rules.form_field_rules import is_field_visible
from pyhanko.sign.fields import enumerate_sig_fields

from convenantgen.findings import Finding
from convenantgen.fingerprint import differences, fingerprint, parts
from convenantgen.i18n import _
from convenantgen.numbering import Numbering
from convenantgen.outputs import KINDS, Options
from convenantgen.pdfcompare import Difference, TooComplex, compare, dublin_core, summarise
from convenantgen.pipeline import Checked, check_file
from convenantgen.provenance import META_COMMIT, META_FINGERPRINT, META_PARTS
from convenantgen.signatures import UnreadablePdf, field_states, open_pdf, read_pdf

# What a signing tool may change in the document information (pyHanko and Acrobat do).
INFO_MAY_CHANGE = frozenset({"/ModDate", "/Producer"})
_COMMIT = re.compile(r"[0-9a-f]{40}(\+dirty)?")

# pyHanko's standard policy without the rule that lets any form field be filled: a
# covenant has only signature fields. New signature fields are looked at one by one below.
_LEVEL = ModificationLevel.LTA_UPDATES
POLICY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),  # type: ignore[no-untyped-call]
        DocInfoRule().as_qualified(_LEVEL),
        XrefStreamRule().as_qualified(_LEVEL),
        ObjectStreamRule().as_qualified(_LEVEL),
        DSSCompareRule().as_qualified(_LEVEL),
        MetadataUpdateRule().as_qualified(_LEVEL),  # type: ignore[no-untyped-call]
    ],
    form_rule=FormUpdatingRule(
        field_rules=[SigFieldCreationRule(), SigFieldModificationRule()],  # type: ignore[no-untyped-call]
        # A first signature sets SigFlags 3 (signatures exist, append only).
        ignored_acroform_keys=ACROFORM_EXEMPT_STRICT_COMPARISON | {"/SigFlags"},
    ),
)


@dataclass(frozen=True)
class Verification:
    """What verify found; ``ok`` only when the content matches and later changes are signatures."""

    pdf: str
    source: str
    recorded: str | None  # fingerprint in the PDF
    actual: str  # fingerprint of the source
    parts: tuple[str, ...]  # parts that differ, when the fingerprints do
    made_with: str | None  # "convenantgen 0.1.0, WeasyPrint 70.0" as the PDF says
    this_tool: str | None = None  # the same for the re-render
    content: tuple[str, ...] = ()  # how the build's pages differ from the re-render
    rewritten: bool = False  # same objects as the re-render, other bytes
    later: tuple[str, ...] = ()  # revisions after the build that are not signatures
    signed: tuple[str, ...] = ()  # fields signed after the build

    @property
    def ok(self) -> bool:
        """True when the content matches and every later revision is a signature."""
        return self.recorded == self.actual and not self.content and not self.later


def _info(handler: PdfHandler) -> dict[str, str]:
    trailer = handler.trailer_view
    if "/Info" not in trailer:
        return {}
    ref = trailer.raw_get("/Info")
    info = handler.get_object(ref.reference) if isinstance(ref, generic.IndirectObject) else ref
    if not isinstance(info, generic.DictionaryObject):
        return {}
    return {str(k): str(v) for k, v in info.items()}


def _tool(info: dict[str, str]) -> str | None:
    found = [info[key].split(";")[0] for key in ("/Creator", "/Producer") if key in info]
    return ", ".join(found) or None


def _match_build(reader: PdfFileReader, expected: PdfHandler, revisions: int) -> tuple[int | None, list[str]]:
    """The first revision holding the same objects as the re-render, or what differs."""
    best: list[Difference] | None = None
    # A rewrite makes the build one revision (two when linearized); signatures may follow.
    for revision in range(min(reader.xrefs.total_revisions, revisions + 1)):
        try:
            found = compare(expected, reader.get_historical_resolver(revision))
        except (TooComplex, KeyError, ValueError, TypeError, AttributeError):
            continue  # e.g. the first-page section of a linearized file, which has no /Root
        if not found:
            return revision, []
        if best is None or len(found) < len(best):
            best = found
    if best is None:
        return None, [_("its objects cannot be compared with what the source renders to")]
    return None, [
        _("{what} {value} from what the source renders to").format(
            what=what, value="differ" if what.startswith("pages ") else "differs"
        )
        for what in summarise(best)
    ]


def _same_history(reader: PdfFileReader, expected: PdfFileReader) -> bool:
    """Whether the file's first revisions are the build's own, at the same places."""
    revisions = expected.xrefs.total_revisions
    if reader.xrefs.total_revisions < revisions:
        return False
    return all(
        reader.xrefs.get_startxref_for_revision(r) == expected.xrefs.get_startxref_for_revision(r)
        for r in range(revisions)
    )


def _sig_fields(handler: PdfHandler) -> dict[str, Any]:
    return {name: value for name, value, _ref in enumerate_sig_fields(handler)}


def _new_field_ok(handler: PdfHandler, name: str) -> bool:
    """A new field is accepted only as an invisible document timestamp (long-term validation)."""
    for _name, value, ref in enumerate_sig_fields(handler, with_name=name):
        field = ref.get_object()
        stamp = value is not None and value.get_object().get("/Type") == "/DocTimeStamp"
        return bool(stamp and not is_field_visible(field))  # type: ignore[no-untyped-call]
    return False


def _signing_may_change(d: Difference) -> bool:
    """Differences every signing tool makes; the checks below look at them more closely."""
    info = d.area == _("the document information") and d.entry in INFO_MAY_CHANGE
    return info or (d.area == _("the document catalog") and d.entry == "/Metadata")


def _revision(reader: PdfFileReader, revision: int, build_fields: set[str]) -> tuple[list[str], list[str]]:
    """Problems with one revision after the build, and the fields it signs."""
    old, new = reader.get_historical_resolver(revision - 1), reader.get_historical_resolver(revision)
    label = _("revision {value} (after the build)").format(value=revision + 1)
    problems = []
    try:
        result = POLICY.apply(old, new)
    except Exception as exc:  # SuspiciousModification, or a revision pyHanko cannot even read
        try:
            found = summarise([d for d in compare(old, new) if not _signing_may_change(d)])
        except Exception:
            found = []
        if found:
            problems.append(
                _("{label} changes {found}: not a signature").format(label=label, found=", ".join(found))
            )
        else:
            problems.append(
                _("{label} is not a signature: {splitlines}").format(
                    label=label, splitlines=str(exc).splitlines()[0][:160]
                )
            )
    else:
        if result.modification_level > ModificationLevel.FORM_FILLING:
            problems.append(_("{label} adds or changes annotations: not a signature").format(label=label))
        for name in sorted(result.changed_form_fields - build_fields):
            if not _new_field_ok(new, name):
                problems.append(
                    _("{label} adds a signature field '{name}' that the build did not have").format(
                        label=label, name=name
                    )
                )
    old_info, new_info = _info(old), _info(new)
    changed = sorted(k for k in set(old_info) | set(new_info) if old_info.get(k) != new_info.get(k))
    changed = [k for k in changed if k not in INFO_MAY_CHANGE]
    if changed:
        problems.append(
            _("{label} changes the document information ({changed}): not a signature").format(
                label=label, changed=", ".join(changed)
            )
        )
    old_dc, new_dc = dublin_core(old), dublin_core(new)
    dc = sorted(k or "unreadable" for k in set(old_dc) | set(new_dc) if old_dc.get(k) != new_dc.get(k))
    if dc:
        problems.append(
            _("{label} changes the XMP metadata ({dc}): not a signature").format(
                label=label, dc=", ".join(dc)
            )
        )
    before, after = _sig_fields(old), _sig_fields(new)
    signed = [name for name, value in after.items() if value is not None and before.get(name) is None]
    return problems, signed


def _later(reader: PdfFileReader, base: int) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    signed: list[str] = []
    build_fields = set(_sig_fields(reader.get_historical_resolver(base)))
    for revision in range(base + 1, reader.xrefs.total_revisions):
        found, names = _revision(reader, revision, build_fields)
        problems += found
        signed += names
    if signed:
        for state in field_states(reader):
            if state.name in signed and not state.intact:
                problems.append(_("the signature in field '{name}' is not intact").format(name=state.name))
    return problems, signed


def _build_info(reader: PdfFileReader) -> dict[str, str]:
    # The build's information is in its first revision (in the second section of a
    # linearized file: the first one covers only the first page).
    infos = (_info(reader.get_historical_resolver(r)) for r in range(reader.xrefs.total_revisions))
    return next((i for i in infos if i), {})


def _changed_parts(info: dict[str, str], data: dict[str, Any], numbers: Numbering) -> tuple[str, ...]:
    try:
        stored = json.loads(info.get("/" + META_PARTS) or "{}")
    except json.JSONDecodeError:
        stored = {}
    return tuple(differences(stored if isinstance(stored, dict) else {}, parts(data, numbers)))


def _refusal(reader: PdfFileReader, info: dict[str, str]) -> str | None:
    """Why the PDF cannot be a build at all, before anything is rendered."""
    if "/" + META_FINGERPRINT not in info:
        return _("it carries no convenantgen fingerprint: it was not made by 'convenantgen build'")
    if "/Encrypt" in reader.trailer:
        return _("it is encrypted, which 'convenantgen build' never does")
    commit = info.get("/" + META_COMMIT)
    if commit is not None and not _COMMIT.fullmatch(commit):
        return _("the git commit it records is not a commit id")
    return None


# One process verifying several PDFs against one source renders it once.
_RENDERS: dict[tuple[str, str | None], bytes] = {}


def _render(checked: Checked, key: str, commit: str | None) -> bytes:
    if (key, commit) not in _RENDERS:
        if len(_RENDERS) >= 4:
            _RENDERS.clear()
        _RENDERS[key, commit] = KINDS["pdf"].render((checked,), Options(commit))
    return _RENDERS[key, commit]


def _signatures_note(reader: PdfFileReader) -> list[str]:
    try:
        names = [s.field_name for s in reader.embedded_signatures]
    except Exception:  # a damaged signature dictionary: the content lines already say enough
        return []
    if not names:
        return []
    return [
        _(
            "it holds signatures ({names}) but the build is no revision of its own: was it "
            "rewritten after signing (linearized, saved again)? Verify the file as it was "
            "signed"
        ).format(names=", ".join(names))
    ]


def verify(pdf: Path, covenant: Path) -> tuple[Verification | None, tuple[Finding, ...]]:
    """Compare ``pdf`` with what ``covenant`` renders to; findings when the source is unusable.

    Raises :class:`UnreadablePdf` when ``pdf`` is no readable PDF.
    """
    checked = check_file(covenant)
    if checked.covenant is None or checked.source is None:
        return None, checked.findings
    data, reader = read_pdf(pdf)
    try:
        return _examine(pdf, covenant, checked, data, reader), ()
    except (PdfReadError, TooComplex, KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        # pyHanko reads objects lazily: a damaged file may fail only now
        raise UnreadablePdf(
            _("{pdf}: damaged PDF ({kind}: {error})").format(
                pdf=pdf, kind=type(exc).__name__, error=str(exc)[:160]
            )
        ) from exc


def _examine(pdf: Path, covenant: Path, checked: Checked, data: bytes, reader: PdfFileReader) -> Verification:
    assert checked.source is not None
    info = _build_info(reader)
    recorded, actual = info.get("/" + META_FINGERPRINT), fingerprint(checked.source.data)
    assert checked.layout is not None
    numbers = checked.layout.numbering
    changed = _changed_parts(info, checked.source.data, numbers) if recorded not in (None, actual) else ()
    found = Verification(str(pdf), str(covenant), recorded, actual, changed, _tool(info))
    refusal = _refusal(reader, info)
    if refusal:
        return replace(found, content=(refusal,))
    from convenantgen.pdf import FetchRefused

    try:
        rendered = _render(checked, actual, info.get("/" + META_COMMIT))
    except FetchRefused as exc:
        return replace(found, content=(_("the source cannot be rendered again: {exc}").format(exc=exc),))
    expected = open_pdf(rendered, _("the re-render"))
    revisions = expected.xrefs.total_revisions
    found = replace(found, this_tool=_tool(_info(expected.get_historical_resolver(0))))
    content: list[str] = []
    base: int | None = revisions - 1
    if not data.startswith(rendered):
        base, content = _match_build(reader, expected.get_historical_resolver(revisions - 1), revisions)
    elif not _same_history(reader, expected):
        # An update whose /Prev skips the build's last revision would pass for that revision.
        base = None
        content.append(_("its revisions do not follow on from the build's: an update replaces one of them"))
    elif reader.xrefs.total_revisions == revisions and data[len(rendered) :].strip():
        content.append(_("it has bytes appended after the build that are no revision"))
    if not data.rstrip().endswith(b"%%EOF"):
        content.append(_("it has bytes after its last end-of-file marker (%%EOF)"))
    if base is None:
        return replace(found, content=tuple(content + _signatures_note(reader)))
    later, signed = _later(reader, base)
    rewritten = not data.startswith(rendered)
    return replace(
        found, content=tuple(content), rewritten=rewritten, later=tuple(later), signed=tuple(signed)
    )


def describe(v: Verification) -> list[str]:
    """The lines ``convenantgen verify`` prints."""
    if v.ok:
        lines = [
            _("{pdf}: made from {source} ({actual})").format(pdf=v.pdf, source=v.source, actual=v.actual)
        ]
        if v.rewritten:
            lines.append(
                _(
                    "    rewritten (linearized or saved again): other bytes than the build, but "
                    "every page and object is what the source renders to"
                )
            )
        else:
            lines.append(_("    every page is byte for byte what the source renders to"))
        if v.signed:
            lines.append(
                _("    signed after the build: {signed}; nothing else changed").format(
                    signed=", ".join(v.signed)
                )
            )
        return lines
    if v.recorded == v.actual and not v.content:
        lines = [_("{pdf}: CHANGED after it was built from {source}").format(pdf=v.pdf, source=v.source)]
    else:
        lines = [_("{pdf}: NOT made from {source}").format(pdf=v.pdf, source=v.source)]
    if v.recorded is not None and v.recorded != v.actual:
        lines.append(f"    PDF:    {v.recorded}\n    source: {v.actual}")
        lines += [f"    differs: {line}" for line in v.parts]
        if not v.parts:
            lines.append(_("    the parts could not be told apart (it may come from another format version)"))
        # Every page prints the fingerprint, so every page differs too: no need to list them.
        return lines + [f"    {line}" for line in v.later]
    if v.content and v.this_tool and v.made_with and v.made_with != v.this_tool:
        lines.append(
            _(
                "    it was made with {made_with}; this is {this_tool}: another version renders "
                "other bytes, so its pages cannot be checked here; verify with the version that "
                "made it"
            ).format(made_with=v.made_with, this_tool=v.this_tool)
        )
    lines += [f"    {line}" for line in v.content]
    lines += [f"    {line}" for line in v.later]
    return lines


__all__ = ["UnreadablePdf", "Verification", "describe", "verify"]
