"""Plain helpers shared by the test modules (fixtures live in conftest.py).

Imported as ``from helpers import ...``: pytest puts this folder on ``sys.path`` because
``tests/`` has no ``__init__.py``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyhanko.sign.signers import SimpleSigner

from convenantgen.build import BuildResult
from convenantgen.findings import Finding
from convenantgen.pipeline import Checked, check_file

REPO_ROOT = Path(__file__).resolve().parent.parent
TESTS = REPO_ROOT / "tests"
CONVENANTS = REPO_ROOT / "convenants"
SCHEMA = REPO_ROOT / "schemas" / "convenant.schema.json"
EXAMPLES = TESTS / "examples"
GOLDEN = TESTS / "golden"
SEED = TESTS / "fixtures" / "seed-002-faithful.yaml"
GOOI = CONVENANTS / "gooi-en-vechtstreek-2015.yaml"
ZK = CONVENANTS / "zuid-kennemerland-ijmond-2019.yaml"

# The modeline every example and every mutated copy starts with (a relative path is enough
# for the check: it only looks for the modeline, not for the file it names).
MODELINE = "# yaml-language-server: $schema=../../../schemas/convenant.schema.json\n"

# The smallest covenant that passes check: the scaffold of `convenantgen new` with its
# placeholders filled in and its comments, table and duties left out.
MINIMAL = (
    MODELINE
    + """formaat: 1
id: minimaal-2027
titel: Convenant Inclusieve Arbeidsmarkt
regio:
  naam: Voorbeeldregio
  gemeenten:
    - Voorbeeldstad
partijen:
  - id: gemeente
    naam: Gemeente Voorbeeldstad
    vertegenwoordigers:
      - id: wethouder
        functie: de wethouder Werk en Inkomen
  - id: uwv
    naam: UWV
    vertegenwoordigers:
      - id: regiomanager
        functie: de regiomanager
artikelen:
  - id: doelstelling
    titel: Doelstelling
    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.
looptijd:
  ingang: {regel: ondertekening}
  einde: 2027-12-31
ondertekening:
  blokken:
    - partij: gemeente
    - partij: uwv
"""
)


def covenant_files() -> list[Path]:
    """The real covenants, sorted."""
    return [p for p in sorted(CONVENANTS.glob("*.yaml")) if not p.stem.endswith(".voortgang")]


def mutate(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace ``old`` by ``new``, insisting that ``old`` occurs exactly ``count`` times.

    The covenants are edited by people; when the text a test mutates has moved, the test
    must fail loudly here instead of silently testing an unmutated file.
    """
    found = text.count(old)
    assert found == count, f"expected {count} occurrence(s) of {old!r} in the covenant, found {found}"
    return text.replace(old, new)


def line_of(text: str, needle: str, occurrence: int | None = None) -> int:
    """1-based number of the line containing ``needle``.

    Without ``occurrence`` the needle must stand on exactly one line; with it, the line of
    that occurrence (1 = first) is returned.
    """
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    assert hits, f"{needle!r} not found in the text"
    if occurrence is None:
        assert len(hits) == 1, f"{needle!r} is on several lines: {hits}"
        return hits[0]
    assert len(hits) >= occurrence, f"{needle!r} occurs on {len(hits)} line(s), not {occurrence}"
    return hits[occurrence - 1]


def column_of(text: str, needle: str, line: int) -> int:
    """1-based column of ``needle`` on ``line``."""
    found = text.splitlines()[line - 1].find(needle)
    assert found >= 0, f"{needle!r} not on line {line}"
    return found + 1


def check_text(tmp_path: Path, text: str, name: str = "convenant.yaml") -> Checked:
    """Write ``text`` to a file under ``tmp_path`` and check it with the library."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_file(path)


def codes_lines(findings: Iterable[Finding]) -> set[tuple[str, int]]:
    """{(code, line)} of findings."""
    return {(f.code, f.line) for f in findings}


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace to one space (for text extracted from PDFs)."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Built:
    """convenants/ built once into a temporary folder."""

    out_dir: Path
    result: BuildResult

    def pdf(self, covenant_id: str) -> Path:
        return self.out_dir / f"{covenant_id}.pdf"

    def html(self, covenant_id: str) -> Path:
        return self.out_dir / f"{covenant_id}.html"


def signed_gooi(last: str = "2015-06-20") -> str:
    """The Gooi en Vechtstreek covenant with every party's signature dated (VNO NCW West last)."""
    text = GOOI.read_text(encoding="utf-8")
    for party in ("fnv", "cnv", "mkb-nederland", "rocva", "uwv"):
        text = mutate(text, f"    - partij: {party}\n", f"    - partij: {party}\n      datum: 2015-06-15\n")
    for signer, day in (("klamer", "2015-06-15"), ("mooren", last)):
        old = f"      ondertekenaars: [{signer}]\n"
        text = mutate(text, old, f"{old}      datum: {day}\n")
    return text


def make_signer(folder: Path, name: str = "Test Ondertekenaar UWV") -> SimpleSigner:
    """A pyHanko signer with a self-signed certificate made here, for tests only."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / "key.pem", folder / "cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    signer = SimpleSigner.load(str(key_file), str(cert_file))
    assert signer is not None
    return signer


def sign(pdf: bytes, field: str, signer: SimpleSigner) -> bytes:
    """``pdf`` with ``field`` signed, as a new revision, with an embedded stamp font."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from convenantgen.signatures import stamp_style

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(field_name=field)
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=stamp_style())
    return bytes(pdf_signer.sign_pdf(writer).getvalue())
