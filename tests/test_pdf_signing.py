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


# --- the stamp in the box, and `convenantgen sign` -----------------------------------------


def _stamp_font_widths(pdf_bytes: bytes) -> dict[int, float]:
    """{CID: width in /W} of the font the signature stamp embeds (the one added after the build)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for field in pdf.Root.AcroForm.Fields:
            if "/V" not in field:
                continue
            resources = field.AP.N.Resources
            stack = [resources]
            while stack:  # the stamp's text sits in a form XObject inside the appearance
                res = stack.pop()
                for font in dict(res.get("/Font", {})).values():
                    widths = font.DescendantFonts[0].W
                    out: dict[int, float] = {}
                    for i in range(0, len(widths), 2):
                        first, run = int(widths[i]), widths[i + 1]
                        out.update({first + k: float(w) for k, w in enumerate(run)})
                    return out
                stack.extend(x.Resources for x in dict(res.get("/XObject", {})).values() if "/Resources" in x)
    raise AssertionError("no stamp font found")


def test_stamp_font_widths_are_in_thousandths_of_an_em(
    built_pdf: Path, throwaway_signer: tuple[signers.SimpleSigner, Path]
) -> None:
    """DejaVu Sans has 2048 units per em; unscaled widths spread the letters ("D ig ita a l")."""
    from fontTools.ttLib import TTFont

    from convenantgen.signatures import STAMP_FONTS

    font = TTFont(str(next(f for f in STAMP_FONTS if f.is_file())))
    scale = 1000 / font["head"].unitsPerEm
    order, metrics = font.getGlyphOrder(), font["hmtx"].metrics
    widths = _stamp_font_widths(_sign(built_pdf.read_bytes(), "uwv", throwaway_signer[0]))
    assert len(widths) > 20  # the letters of "Digitaal ondertekend door", the name and the time
    for cid, width in widths.items():
        assert abs(width - metrics[order[cid]][0] * scale) <= 1, (order[cid], width)


def test_stamp_reads_as_written_and_stays_inside_its_box(
    built_pdf: Path, throwaway_signer: tuple[signers.SimpleSigner, Path], tmp_path: Path
) -> None:
    """Every word of the stamp, the whole signer's name too, lies inside the signature box."""
    import re

    target = tmp_path / "getekend.pdf"
    target.write_bytes(_sign(built_pdf.read_bytes(), "uwv", throwaway_signer[0]))
    with pikepdf.open(target) as pdf:
        field = next(f for f in pdf.Root.AcroForm.Fields if str(f.T) == "uwv")
        x1, y1, x2, y2 = (float(v) for v in field.Rect)
        page_height = float(field.P.MediaBox[3])
        number = next(n for n, page in enumerate(pdf.pages, 1) if page.objgen == field.P.objgen)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = [
        (float(a), page_height - float(d), float(c), page_height - float(b), w)
        for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html
        )
    ]
    inside = [w for w in words if y1 - 1 <= w[1] and w[3] <= y2 + 1 and w[0] < x2 and w[2] > x1]
    text = " ".join(w[4] for w in inside)
    assert "Digitaal ondertekend door Test Ondertekenaar UWV" in text, text
    for left, _bottom, right, _top, word in inside:
        assert x1 <= left and right <= x2, (word, left, right, (x1, x2))


def _key_and_cert(folder: Path, passphrase: bytes | None = None) -> tuple[Path, Path]:
    make_signer(folder)
    key, cert = folder / "key.pem", folder / "cert.pem"
    if passphrase is not None:
        from cryptography.hazmat.primitives import serialization

        plain = serialization.load_pem_private_key(key.read_bytes(), password=None)
        key.write_bytes(
            plain.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(passphrase),
            )
        )
    return key, cert


def test_sign_command_signs_one_field_and_verify_accepts_it(built_pdf: Path, tmp_path: Path) -> None:
    """The command of docs/pdf.md, after the documented install: a real subprocess."""
    key, cert = _key_and_cert(tmp_path)
    target = tmp_path / "getekend.pdf"
    run = [
        sys.executable,
        "-m",
        "convenantgen",
        "sign",
        "--field",
        "uwv",
        "--key",
        str(key),
        "--cert",
        str(cert),
    ]
    done = subprocess.run([*run, str(built_pdf), str(target)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    states = {s.name: s for s in read_fields(target)}
    assert states["uwv"].signed and states["uwv"].intact and states["uwv"].covers_document
    assert [s.name for s in states.values() if s.signed] == ["uwv"]
    verified = subprocess.run(
        [sys.executable, "-m", "convenantgen", "verify", str(target), str(GOOI)],
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0, verified.stdout
    assert "signed after the build: uwv; nothing else changed" in verified.stdout
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    assert all(row.split()[-5] == "yes" for row in fonts.splitlines()[2:]), fonts


def test_sign_command_with_a_passphrase_from_the_environment(built_pdf: Path, tmp_path: Path) -> None:
    key, cert = _key_and_cert(tmp_path, b"geheim")
    target = tmp_path / "getekend.pdf"
    args = ["sign", "--field", "fnv", "--key", key, "--cert", cert, "--passphrase-env", "SLEUTEL"]
    result = CliRunner(env={"SLEUTEL": "geheim"}).invoke(cli, [str(a) for a in [*args, built_pdf, target]])
    assert result.exit_code == 0, result.output
    assert {s.name for s in read_fields(target) if s.signed} == {"fnv"}


@pytest.mark.parametrize(
    ("field", "extra", "says"),
    [
        ("onbekend", [], "the PDF has no signature field 'onbekend'"),
        ("uwv", ["--passphrase-env", "NIET_GEZET"], "the environment variable NIET_GEZET is not set"),
        ("uwv", ["--key-is-cert"], "cannot read the key"),
    ],
)
def test_sign_command_refuses_without_traceback_and_writes_nothing(
    built_pdf: Path, tmp_path: Path, field: str, extra: list[str], says: str
) -> None:
    key, cert = _key_and_cert(tmp_path)
    if extra == ["--key-is-cert"]:
        key, extra = cert, []
    target = tmp_path / "getekend.pdf"
    args = [
        "sign",
        "--field",
        field,
        "--key",
        str(key),
        "--cert",
        str(cert),
        *extra,
        str(built_pdf),
        str(target),
    ]
    result = CliRunner(env={"NIET_GEZET": None}).invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert says in result.output and "hint:" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not target.exists()


def test_sign_command_refuses_a_field_already_signed(built_pdf: Path, tmp_path: Path) -> None:
    key, cert = _key_and_cert(tmp_path)
    once, twice = tmp_path / "een.pdf", tmp_path / "twee.pdf"
    base = ["sign", "--field", "uwv", "--key", str(key), "--cert", str(cert)]
    assert CliRunner().invoke(cli, [*base, str(built_pdf), str(once)]).exit_code == 0
    result = CliRunner().invoke(cli, [*base, str(once), str(twice)])
    assert result.exit_code == 1
    assert "the field 'uwv' is already signed" in result.output
    assert not twice.exists()
