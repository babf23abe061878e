"""Digital signature fields: one per signatory, signable, and still PDF/A after signing."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from convenantgen.build import build
from convenantgen.cli import cli
from convenantgen.signatures import read_fields
from helpers import make_signer, sign

ROOT = Path(__file__).resolve().parents[1]
GOOI = ROOT / "convenants" / "gooi-en-vechtstreek-2015.yaml"
SIGNING_PARTIES = {"fnv", "cnv", "mkb-nederland", "regio-gooi-en-vechtstreek", "rocva", "uwv", "vno-ncw-west"}


@pytest.fixture(scope="module")
def built_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sign")
    result = build([GOOI], out)
    assert not result.failed
    return out / "gooi-en-vechtstreek-2015.pdf"


@pytest.fixture(scope="module")
def throwaway_signer(tmp_path_factory: pytest.TempPathFactory) -> tuple[signers.SimpleSigner, Path]:
    """A self-signed certificate made here, for this test only."""
    folder = tmp_path_factory.mktemp("cert")
    return make_signer(folder), folder / "cert.pem"


def _sign(pdf: bytes, field: str, signer: signers.SimpleSigner) -> bytes:
    return sign(pdf, field, signer)


def test_one_empty_field_per_signing_party(built_pdf: Path) -> None:
    with pikepdf.open(built_pdf) as pdf:
        fields = pdf.Root.AcroForm.Fields
        names = {str(f.T) for f in fields}
        assert names == SIGNING_PARTIES
        for field in fields:
            assert field.FT == "/Sig"
            assert "/V" not in field, "a freshly built field must be empty"
            assert int(field.F) & 4, "widgets must be printable (PDF/A)"
            assert "/AP" in field, "widgets need an appearance stream (PDF/A)"


def test_fields_sit_on_the_signature_page(built_pdf: Path) -> None:
    with pikepdf.open(built_pdf) as pdf:
        last_pages = {pdf.pages[-1].objgen, pdf.pages[-2].objgen}
        for field in pdf.Root.AcroForm.Fields:
            assert field.P.objgen in last_pages
            x1, y1, x2, y2 = (float(v) for v in field.Rect)
            assert 0 < x1 < x2 < 595 and 0 < y1 < y2 < 842


def test_sign_one_field_then_validate(
    built_pdf: Path, throwaway_signer: tuple[signers.SimpleSigner, Path]
) -> None:
    signer, cert_file = throwaway_signer
    signed = _sign(built_pdf.read_bytes(), "uwv", signer)
    reader = PdfFileReader(io.BytesIO(signed))
    [sig] = reader.embedded_signatures
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_file))])
    status = validate_pdf_signature(sig, context)
    assert sig.field_name == "uwv"
    assert status.intact and status.valid and status.trusted
    empty = {name for name, value, _ in enumerate_sig_fields(reader) if value is None}
    assert empty == SIGNING_PARTIES - {"uwv"}

    # The other fields are still signable: sign a second one, both signatures stay intact.
    twice = _sign(signed, "fnv", signer)
    reader = PdfFileReader(io.BytesIO(twice))
    statuses = [validate_pdf_signature(s, context) for s in reader.embedded_signatures]
    assert len(statuses) == 2 and all(s.intact and s.valid for s in statuses)


def test_verify_still_recognises_a_signed_pdf(
    built_pdf: Path, throwaway_signer: tuple[signers.SimpleSigner, Path], tmp_path: Path
) -> None:
    """Signing appends an update; the fingerprint in the PDF must survive it."""
    signed = tmp_path / "getekend.pdf"
    signed.write_bytes(_sign(built_pdf.read_bytes(), "uwv", throwaway_signer[0]))
    done = subprocess.run(
        [sys.executable, "-m", "convenantgen", "verify", str(signed), str(GOOI)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "made from" in done.stdout


def test_signed_pdf_keeps_fonts_embedded(
    built_pdf: Path, throwaway_signer: tuple[signers.SimpleSigner, Path], tmp_path: Path
) -> None:
    signer, _ = throwaway_signer
    target = tmp_path / "signed.pdf"
    target.write_bytes(_sign(built_pdf.read_bytes(), "cnv", signer))
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    for row in rows:
        assert row.split()[-5] == "yes", f"font not embedded: {row}"


def test_signatures_command_reports_state(
    built_pdf: Path, throwaway_signer: tuple[signers.SimpleSigner, Path], tmp_path: Path
) -> None:
    signer, _ = throwaway_signer
    target = tmp_path / "signed.pdf"
    target.write_bytes(_sign(built_pdf.read_bytes(), "uwv", signer))
    states = {f.name: f for f in read_fields(target)}
    assert states["uwv"].signed and states["uwv"].intact
    assert "Test Ondertekenaar UWV" in (states["uwv"].signer or "")
    assert not states["fnv"].signed
    result = CliRunner().invoke(cli, ["signatures", str(target)])
    assert result.exit_code == 0, result.output
    assert "uwv: signed by" in result.output and "intact" in result.output
    assert "fnv: not signed" in result.output
    assert "1 of 7 field(s) signed" in result.output


def test_signatures_command_flags_a_tampered_file(
    built_pdf: Path, throwaway_signer: tuple[signers.SimpleSigner, Path], tmp_path: Path
) -> None:
    signer, _ = throwaway_signer
    signed = bytearray(_sign(built_pdf.read_bytes(), "uwv", signer))
    # Change one byte inside the first page's content stream, which the signature covers.
    marker = signed.find(b"stream\n") + 20
    signed[marker] = ord("x") if signed[marker] != ord("x") else ord("y")
    target = tmp_path / "tampered.pdf"
    target.write_bytes(bytes(signed))
    result = CliRunner().invoke(cli, ["signatures", str(target)])
    assert result.exit_code == 1, result.output
    assert "NOT INTACT" in result.output


def test_signatures_command_on_a_non_pdf(tmp_path: Path) -> None:
    bogus = tmp_path / "x.pdf"
    bogus.write_text("not a pdf")
    result = CliRunner().invoke(cli, ["signatures", str(bogus)])
    assert result.exit_code == 1
    assert "not a readable PDF" in result.output
