"""verify checks what the pages say, and that every change after the build is a signature.

The forgeries here are the ones a label check lets through: the document information of
one covenant copied into another's PDF, and incremental updates that paint over the page,
add an annotation or a field, or retitle the document, all after the build.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import Result
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from pyhanko.sign.signers import SimpleSigner

from convenantgen.fingerprint import fingerprint
from convenantgen.loader import load_file
from convenantgen.pdfread import Reader
from helpers import GOOI, ZK, make_signer, sign

ZK_ID, GOOI_ID = ZK.stem, GOOI.stem
Run = Callable[..., Result]


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory) -> SimpleSigner:
    return make_signer(tmp_path_factory.mktemp("cert"))


@pytest.fixture(scope="module")
def zk_pdf(pdf_paths: dict[str, Path]) -> bytes:
    """The concept covenant (it says CONCEPT at the top of every page), as built."""
    return pdf_paths[ZK_ID].read_bytes()


def _write(tmp_path: Path, data: bytes, name: str = "forged.pdf") -> Path:
    target = tmp_path / name
    target.write_bytes(data)
    return target


def _concept_box(pdf: Path) -> tuple[float, float, float, float]:
    """Where the word CONCEPT stands on page 1, in PDF points (origin bottom left)."""
    xhtml = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', xhtml).group(1))  # type: ignore[union-attr]
    word = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">CONCEPT<', xhtml)
    assert word, "the concept PDF should say CONCEPT on page 1"
    x1, y1, x2, y2 = (float(v) for v in word.groups())
    return x1 - 2, height - y2 - 2, x2 + 2, height - y1 + 2


def _paint_white(pdf: bytes, box: tuple[float, float, float, float], copy: Iterable[Any] = ()) -> bytes:
    """An incremental update that adds a content stream painting a white box on page 1.

    ``copy``: references of objects to write again in the update, unchanged.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for ref in copy:
        writer.mark_update(generic.Reference(ref.idnum, ref.generation, writer.prev))
    x1, y1, x2, y2 = box
    stream = generic.StreamObject(stream_data=f"q 1 1 1 rg {x1} {y1} {x2 - x1} {y2 - y1} re f Q".encode())
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_unmodified_build_passes(cli_run: Run, pdf_paths: dict[str, Path]) -> None:
    result = cli_run("verify", pdf_paths[ZK_ID], ZK)
    assert result.exit_code == 0, result.output
    assert "made from" in result.output and "byte for byte" in result.output


def test_copied_document_information_does_not_pass(
    cli_run: Run, pdf_paths: dict[str, Path], tmp_path: Path
) -> None:
    """B's pages with A's fingerprint, parts and title: the label says A, the pages do not."""
    forged = tmp_path / "forged.pdf"
    with pikepdf.open(pdf_paths[GOOI_ID]) as a, pikepdf.open(pdf_paths[ZK_ID]) as b:
        counts = len(b.pages), len(a.pages)
        for key in list(b.docinfo.keys()):
            del b.docinfo[key]
        for key, value in a.docinfo.items():
            b.docinfo[key] = value
        b.save(forged)
    source, _ = load_file(GOOI)
    assert source is not None
    with pikepdf.open(forged) as pdf:  # what the old label check compared, and it matches
        assert str(pdf.docinfo["/convenantgenfingerprint"]) == fingerprint(source.data)
    result = cli_run("verify", forged, GOOI)
    assert result.exit_code == 1, result.output
    assert "NOT made from" in result.output
    assert f"pages 1-{counts[0]} differ from what the source renders to" in result.output
    assert f"the number of pages ({counts[0]} instead of {counts[1]})" in result.output


def test_painting_over_concept_in_an_update_fails(
    cli_run: Run, pdf_paths: dict[str, Path], zk_pdf: bytes, tmp_path: Path
) -> None:
    forged = _write(tmp_path, _paint_white(zk_pdf, _concept_box(pdf_paths[ZK_ID])))
    assert PdfFileReader(io.BytesIO(forged.read_bytes())).xrefs.total_revisions == 3
    result = cli_run("verify", forged, ZK)
    assert result.exit_code == 1, result.output
    assert "CHANGED after it was built from" in result.output
    assert "revision 3 (after the build) changes page 1 (its content): not a signature" in result.output


def test_a_signed_pdf_passes(cli_run: Run, zk_pdf: bytes, signer: SimpleSigner, tmp_path: Path) -> None:
    signed = _write(tmp_path, sign(sign(zk_pdf, "uwv", signer), "fnv", signer))
    result = cli_run("verify", signed, ZK)
    assert result.exit_code == 0, result.output
    assert "signed after the build: uwv, fnv; nothing else changed" in result.output


def test_a_broken_signature_fails(cli_run: Run, zk_pdf: bytes, signer: SimpleSigner, tmp_path: Path) -> None:
    """The revision has the shape of a signature, but its signature value is not intact."""
    signed = bytearray(sign(zk_pdf, "uwv", signer))
    start = signed.index(b"/Contents <", len(zk_pdf)) + len(b"/Contents <")
    middle = start + (signed.index(b">", start) - start) // 2
    signed[middle] = ord("0") if signed[middle] != ord("0") else ord("1")
    result = cli_run("verify", _write(tmp_path, bytes(signed)), ZK)
    assert result.exit_code == 1, result.output
    assert "the signature in field 'uwv' is not intact" in result.output


def test_a_document_timestamp_after_signing_passes(
    cli_run: Run, zk_pdf: bytes, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Long-term validation adds an invisible document timestamp: a new field, but no change."""
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.sign import signers, timestamps

    folder = tmp_path_factory.mktemp("tsa")
    signed = sign(zk_pdf, "uwv", make_signer(folder, "Test TSA"))
    tsa = timestamps.DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(folder / "cert.pem")),
        tsa_key=load_private_key_from_pemder(str(folder / "key.pem"), None),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    stamped = signers.PdfTimeStamper(tsa).timestamp_pdf(writer, md_algorithm="sha256").getvalue()
    target = _write(tmp_path, stamped)
    result = cli_run("verify", target, ZK)
    assert result.exit_code == 0, result.output
    assert "signed after the build: uwv, Timestamp-" in result.output
    listed = cli_run("signatures", target)
    assert listed.exit_code == 0, listed.output
    assert re.search(r"Timestamp-\S+: signed by .*Test TSA.*; intact", listed.output), listed.output


def test_painting_after_a_signature_fails(
    cli_run: Run, pdf_paths: dict[str, Path], zk_pdf: bytes, signer: SimpleSigner, tmp_path: Path
) -> None:
    """pyHanko's own validation of the signature looks only at what follows it; so do we."""
    signed = sign(zk_pdf, "uwv", signer)
    forged = _write(tmp_path, _paint_white(signed, _concept_box(pdf_paths[ZK_ID])))
    result = cli_run("verify", forged, ZK)
    assert result.exit_code == 1, result.output
    assert "revision 4 (after the build) changes page 1 (its content): not a signature" in result.output
    assert "revision 3" not in result.output


def test_an_update_that_skips_the_builds_last_revision_fails(
    cli_run: Run, pdf_paths: dict[str, Path], zk_pdf: bytes, signer: SimpleSigner, tmp_path: Path
) -> None:
    """An update chained (/Prev) to the first revision, not the last, then a real signature.

    Counted by position, the update would be the build's second revision and only the
    signature would be looked at.
    """
    reader = PdfFileReader(io.BytesIO(zk_pdf))
    first, last = (reader.xrefs.get_startxref_for_revision(r) for r in (0, 1))
    # The update carries the build's signature fields too, so nothing seems missing.
    painted = _paint_white(zk_pdf, _concept_box(pdf_paths[ZK_ID]), reader.xrefs.explicit_refs_in_revision(1))
    old = f"/Prev {last}".encode()
    assert painted[len(zk_pdf) :].count(old) == 1
    skipping = zk_pdf + painted[len(zk_pdf) :].replace(old, f"/Prev {first}".encode().ljust(len(old)))
    assert PdfFileReader(io.BytesIO(skipping), strict=False).xrefs.total_revisions == 2
    forged = _write(tmp_path, sign(skipping, "uwv", signer))
    result = cli_run("verify", forged, ZK)
    assert result.exit_code == 1, result.output
    assert "its revisions do not follow on from the build's" in result.output


def test_an_annotation_added_in_an_update_fails(
    cli_run: Run, pdf_paths: dict[str, Path], zk_pdf: bytes, tmp_path: Path
) -> None:
    """A stamp that says 'VASTGESTELD' over CONCEPT, as a free-text annotation."""
    writer = IncrementalPdfFileWriter(io.BytesIO(zk_pdf))
    annot = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/FreeText"),
            generic.pdf_name("/Rect"): generic.ArrayObject(
                [generic.FloatObject(v) for v in _concept_box(pdf_paths[ZK_ID])]
            ),
            generic.pdf_name("/Contents"): generic.TextStringObject("VASTGESTELD"),
            generic.pdf_name("/DA"): generic.TextStringObject("/Helv 9 Tf 0 g"),
        }
    )
    page = writer.root["/Pages"]["/Kids"][0]
    assert "/Annots" not in page
    page[generic.pdf_name("/Annots")] = generic.ArrayObject([writer.add_object(annot)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    result = cli_run("verify", _write(tmp_path, out.getvalue()), ZK)
    assert result.exit_code == 1, result.output
    assert "revision 3 (after the build) changes page 1 (its annotations): not a signature" in result.output


def test_an_open_action_added_in_an_update_fails(cli_run: Run, zk_pdf: bytes, tmp_path: Path) -> None:
    """Script that runs on opening (it could hide or rewrite a field) is no signature either."""
    writer = IncrementalPdfFileWriter(io.BytesIO(zk_pdf))
    script = generic.DictionaryObject(
        {
            generic.pdf_name("/S"): generic.pdf_name("/JavaScript"),
            generic.pdf_name("/JS"): generic.TextStringObject("app.alert('getekend')"),
        }
    )
    writer.root[generic.pdf_name("/OpenAction")] = writer.add_object(script)
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    result = cli_run("verify", _write(tmp_path, out.getvalue()), ZK)
    assert result.exit_code == 1, result.output
    assert "revision 3 (after the build) changes the document catalog (/OpenAction)" in result.output


def test_a_new_signature_field_in_an_update_fails(
    cli_run: Run, pdf_paths: dict[str, Path], zk_pdf: bytes, tmp_path: Path
) -> None:
    """A signature field is allowed to be filled in, not added over the page's text."""
    writer = IncrementalPdfFileWriter(io.BytesIO(zk_pdf))
    box = tuple(round(v) for v in _concept_box(pdf_paths[ZK_ID]))
    append_signature_field(
        writer, SigFieldSpec(sig_field_name="extra", on_page=0, box=box, empty_field_appearance=True)
    )
    out = io.BytesIO()
    writer.write(out)
    result = cli_run("verify", _write(tmp_path, out.getvalue()), ZK)
    assert result.exit_code == 1, result.output
    assert "revision 3 (after the build) adds a signature field 'extra' that the build did not have" in (
        result.output
    )


def test_a_new_title_in_an_update_fails(cli_run: Run, zk_pdf: bytes, tmp_path: Path) -> None:
    """The title bar is part of what the document says (DisplayDocTitle is on)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(zk_pdf))
    info_ref = writer.trailer.raw_get("/Info")
    info = info_ref.get_object()
    info[generic.pdf_name("/Title")] = generic.TextStringObject("Convenant (vastgesteld)")
    writer.mark_update(info_ref)
    out = io.BytesIO()
    writer.write(out)
    result = cli_run("verify", _write(tmp_path, out.getvalue()), ZK)
    assert result.exit_code == 1, result.output
    assert "revision 3 (after the build) changes the document information (/Title)" in result.output


def test_a_new_xmp_title_in_an_update_fails(cli_run: Run, zk_pdf: bytes, tmp_path: Path) -> None:
    """pdf.js shows the XMP dc:title in the title bar before the document information."""
    writer = IncrementalPdfFileWriter(io.BytesIO(zk_pdf))
    ref = writer.root.raw_get("/Metadata")
    old = ref.get_object()
    data, count = re.subn(rb"(<dc:title>.*?<rdf:li[^>]*>)[^<]*", rb"\1Vastgesteld", old.data, count=1)
    assert count == 1, old.data
    new = generic.StreamObject(
        {k: v for k, v in old.items() if k not in ("/Filter", "/Length")}, stream_data=data
    )
    writer.root[generic.pdf_name("/Metadata")] = writer.add_object(new)
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    result = cli_run("verify", _write(tmp_path, out.getvalue()), ZK)
    assert result.exit_code == 1, result.output
    changed = re.search(r"revision 3 \(after the build\) changes the XMP metadata \(([^)]*)\)", result.output)
    assert changed and "dc:title" in changed.group(1), result.output


def test_bytes_appended_after_the_build_fail(cli_run: Run, zk_pdf: bytes, tmp_path: Path) -> None:
    result = cli_run("verify", _write(tmp_path, zk_pdf + b"\n1 0 obj (VASTGESTELD) endobj\n"), ZK)
    assert result.exit_code == 1, result.output
    assert "bytes appended after the build" in result.output


@pytest.mark.parametrize("how", ["qpdf --linearize", "pikepdf save"])
def test_a_rewritten_build_with_the_same_content_passes(
    cli_run: Run, pdf_paths: dict[str, Path], tmp_path: Path, how: str
) -> None:
    """Rewriting changes the bytes, not the objects: the pages are still what the source says."""
    target = tmp_path / "rewritten.pdf"
    if how == "qpdf --linearize":
        subprocess.run(["qpdf", "--linearize", str(pdf_paths[ZK_ID]), str(target)], check=True)
    else:
        with pikepdf.open(pdf_paths[ZK_ID]) as pdf:
            pdf.save(target)
    assert target.read_bytes() != pdf_paths[ZK_ID].read_bytes()
    result = cli_run("verify", target, ZK)
    assert result.exit_code == 0, result.output
    assert "rewritten (linearized or saved again)" in result.output


def test_a_rewritten_build_with_a_changed_page_fails(
    cli_run: Run, pdf_paths: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "rewritten.pdf"
    with pikepdf.open(pdf_paths[ZK_ID]) as pdf:
        page = pdf.pages[1]
        page.contents_add(pdf.make_stream(b"q 1 1 1 rg 0 0 595 100 re f Q"), prepend=False)
        pdf.save(target)
    result = cli_run("verify", target, ZK)
    assert result.exit_code == 1, result.output
    assert "page 2 (its content) differs from what the source renders to" in result.output
    assert "page 1" not in result.output


def test_a_rewritten_page_count_fails(cli_run: Run, pdf_paths: dict[str, Path], tmp_path: Path) -> None:
    """/Count 4 in a 5-page tree: poppler then shows 4 pages, hiding the last one."""
    qdf = tmp_path / "qdf.pdf"
    subprocess.run(
        [
            "qpdf",
            "--qdf",
            "--normalize-content=n",
            "--object-streams=disable",
            str(pdf_paths[ZK_ID]),
            str(qdf),
        ],
        check=True,
    )
    assert cli_run("verify", qdf, ZK).exit_code == 0  # the rewrite alone changes nothing
    text = qdf.read_bytes()
    assert text.count(b"/Count 5") == 1
    fixed = subprocess.run(
        ["fix-qdf"], input=text.replace(b"/Count 5", b"/Count 4"), capture_output=True, check=True
    )
    target = _write(tmp_path, fixed.stdout, "count.pdf")
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+4", info), info
    result = cli_run("verify", target, ZK)
    assert result.exit_code == 1, result.output
    assert "the page tree (/Count) differs from what the source renders to" in result.output


def test_a_pdf_signed_then_rewritten_fails(
    cli_run: Run, zk_pdf: bytes, signer: SimpleSigner, tmp_path: Path
) -> None:
    """A rewrite merges the signature into the build's revision: its signature no longer holds."""
    signed = _write(tmp_path, sign(zk_pdf, "uwv", signer), "signed.pdf")
    target = tmp_path / "rewritten.pdf"
    subprocess.run(["qpdf", "--linearize", str(signed), str(target)], check=True)
    result = cli_run("verify", target, ZK)
    assert result.exit_code == 1, result.output
    assert "differs from what the source renders to" in result.output
    assert "was it rewritten after signing" in result.output


def test_another_tool_version_is_named(cli_run: Run, pdf_paths: dict[str, Path], tmp_path: Path) -> None:
    """A PDF from another convenantgen version cannot match this one's render: say so."""
    target = tmp_path / "old.pdf"
    with pikepdf.open(pdf_paths[ZK_ID]) as pdf:
        pdf.docinfo["/Creator"] = "convenantgen 0.0.1"
        pdf.save(target)
    result = cli_run("verify", target, ZK)
    assert result.exit_code == 1, result.output
    assert "it was made with convenantgen 0.0.1, WeasyPrint" in result.output
    assert "verify with the version that made it" in result.output


def test_quiet_on_a_signed_pdf(
    cli_subprocess: Callable[..., subprocess.CompletedProcess[str]],
    zk_pdf: bytes,
    signer: SimpleSigner,
    tmp_path: Path,
) -> None:
    """A self-signed certificate makes pyHanko log tracebacks; the console script shows none."""
    signed = _write(tmp_path, sign(zk_pdf, "uwv", signer), "signed.pdf")
    for args in (("signatures", signed), ("verify", signed, ZK)):
        done = cli_subprocess(*args)
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stderr == "", f"{args[0]} wrote to stderr:\n{done.stderr}"
        assert "uwv" in done.stdout


def test_fast_reader_reads_what_pyhanko_reads(zk_pdf: bytes) -> None:
    """The object-stream index must not change a single object."""
    fast, plain = Reader(io.BytesIO(zk_pdf)), PdfFileReader(io.BytesIO(zk_pdf), strict=False)
    size = int(plain.trailer["/Size"])
    # pyHanko's own reader is quadratic in the objects per stream: a sample, ends included.
    for idnum in sorted({*range(1, size, 37), 1, 2, size - 2, size - 1}):
        ref = generic.Reference(idnum, 0)
        try:
            expected = repr(plain.get_object(ref))
        except Exception as exc:  # a free entry: both readers must fail alike
            expected = type(exc).__name__
        try:
            actual = repr(fast.get_object(ref))
        except Exception as exc:
            actual = type(exc).__name__
        assert actual == expected, idnum


def test_a_build_with_a_git_commit_passes(cli_run: Run, tmp_path: Path) -> None:
    """The commit printed in the footer is part of the render: verify renders with it."""
    from convenantgen.build import build

    commit = "0123456789abcdef0123456789abcdef01234567+dirty"
    assert not build([ZK], tmp_path, formats=("pdf",), commit=commit).failed
    result = cli_run("verify", tmp_path / f"{ZK_ID}.pdf", ZK)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("damage", ["truncated", "zeroed"])
def test_a_damaged_pdf_is_refused_without_a_traceback(
    cli_run: Run, zk_pdf: bytes, tmp_path: Path, damage: str
) -> None:
    middle = len(zk_pdf) // 2
    data = (
        zk_pdf[:middle] if damage == "truncated" else zk_pdf[:middle] + bytes(4000) + zk_pdf[middle + 4000 :]
    )
    result = cli_run("verify", _write(tmp_path, data), ZK)
    assert result.exit_code == 1, result.output
    assert "NOT made from" in result.output or "PDF" in result.output


def test_a_fifo_is_refused_before_it_is_read(
    cli_subprocess: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """Reading a FIFO would wait for a writer forever (the fixture gives up after 120 s)."""
    import os

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for args in (("signatures", fifo), ("verify", fifo, ZK)):
        done = cli_subprocess(*args)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "not a regular file" in done.stderr
