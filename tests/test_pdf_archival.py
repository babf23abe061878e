"""The built PDF is archival (PDF/A-2u, tagged, fonts embedded), shows its source, and loads nothing."""

from __future__ import annotations

import http.server
import socket
import subprocess
import threading
from pathlib import Path
from typing import ClassVar

import pikepdf
import pytest
from click.testing import CliRunner

from convenantgen.build import build
from convenantgen.cli import cli
from convenantgen.fingerprint import fingerprint
from convenantgen.loader import load_file
from convenantgen.pdf import FetchRefused, render_pdf

ROOT = Path(__file__).resolve().parents[1]
GOOI = ROOT / "convenants" / "gooi-en-vechtstreek-2015.yaml"


@pytest.fixture(scope="module")
def gooi_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archival")
    assert not build([GOOI], out).failed
    return out / "gooi-en-vechtstreek-2015.pdf"


def test_xmp_claims_pdfa_2u(gooi_pdf: Path) -> None:
    with pikepdf.open(gooi_pdf) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="U"' in xmp
        assert str(pdf.Root.Lang) == "nl"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked


def test_every_font_embedded(gooi_pdf: Path) -> None:
    rows = subprocess.run(["pdffonts", str(gooi_pdf)], capture_output=True, text=True, check=True).stdout
    fonts = rows.splitlines()[2:]
    assert fonts
    assert all(row.split()[-5] == "yes" for row in fonts), rows


def test_bookmark_per_article(gooi_pdf: Path) -> None:
    with pikepdf.open(gooi_pdf) as pdf, pdf.open_outline() as outline:
        titles = [child.title for top in outline.root for child in top.children]
    articles = [t for t in titles if t.startswith("Artikel ")]
    assert articles[0] == "Artikel 1. Doelstelling" and len(articles) == 8


def test_qpdf_check_passes(gooi_pdf: Path) -> None:
    subprocess.run(["qpdf", "--check", str(gooi_pdf)], check=True, capture_output=True)


def test_fingerprint_on_every_page_and_in_metadata(gooi_pdf: Path) -> None:
    source, _ = load_file(GOOI)
    assert source is not None
    expected = fingerprint(source.data)
    pages = int(
        subprocess.run(["pdfinfo", str(gooi_pdf)], capture_output=True, text=True)
        .stdout.split("Pages:")[1]
        .split()[0]
    )
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(gooi_pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert expected in text, f"page {page} lacks the fingerprint"
    with pikepdf.open(gooi_pdf) as pdf:
        assert str(pdf.docinfo["/convenantgenfingerprint"]) == expected
        assert str(pdf.docinfo["/convenantgenformat"]) == "1"


def test_verify_matches_and_ignores_yaml_layout(gooi_pdf: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["verify", str(gooi_pdf), str(GOOI)]).exit_code == 0
    relaid = tmp_path / "relaid.yaml"
    text = GOOI.read_text(encoding="utf-8")
    relaid.write_text(
        "# a new comment\n"
        + text.replace(
            "titel: Convenant Inclusieve Arbeidsmarkt", 'titel: "Convenant Inclusieve Arbeidsmarkt"  # quoted'
        )
    )
    assert runner.invoke(cli, ["verify", str(gooi_pdf), str(relaid)]).exit_code == 0


def test_verify_names_the_changed_article(gooi_pdf: Path, tmp_path: Path) -> None:
    changed = tmp_path / "changed.yaml"
    text = GOOI.read_text(encoding="utf-8")
    assert "meerjarenbegroting." in text
    changed.write_text(text.replace("meerjarenbegroting.", "jaarbegroting.", 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", str(gooi_pdf), str(changed)])
    assert result.exit_code == 1
    assert "NOT made from" in result.output
    assert "artikel 3 (Financiering): changed" in result.output
    assert "artikel 1 (" not in result.output


def test_verify_a_pdf_without_fingerprint(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(plain)
    result = CliRunner().invoke(cli, ["verify", str(plain), str(GOOI)])
    assert result.exit_code == 1 and "no convenantgen fingerprint" in result.output


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    "snippet",
    [
        '<img src="file:///etc/hostname">',
        '<link rel="attachment" href="file:///etc/hostname">',
        '<img src="http://127.0.0.1:{port}/pixel.png">',
        '<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">',
        '<div style="background: url(http://127.0.0.1:{port}/bg.png)">x</div>',
    ],
)
def test_fetcher_refuses_everything(snippet: str) -> None:
    """Should hostile HTML ever reach WeasyPrint, it loads nothing and the render stops."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = http.server.HTTPServer(("127.0.0.1", port), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.hits.clear()
    try:
        html = f"<html lang='nl'><body><p>tekst</p>{snippet.format(port=port)}</body></html>"
        with pytest.raises(FetchRefused):
            render_pdf(html, fields=False)
    finally:
        server.shutdown()
    assert _Recorder.hits == []
