"""`convenantgen serve`: the page follows the file on every save, findings stand where they belong.

The server runs for real (in a thread, and as a subprocess through the CLI) on a free port of
127.0.0.1; the tests wait for changes with a generous deadline, never for a fixed time.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from convenantgen.serve import HOST, PreviewServer, make_server
from helpers import GOOI, MINIMAL

DEADLINE = 60.0  # seconds: a loaded machine is slow, a broken server never gets there


def _get(url: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=DEADLINE) as answer:
            return answer.status, dict(answer.headers), answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode("utf-8")


def _until(what: Callable[[], str | None], why: str) -> str:
    """Call ``what`` until it returns a value; fail after DEADLINE."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        found = what()
        if found is not None:
            return found
        time.sleep(0.1)
    pytest.fail(why)


def _save(path: Path, text: str) -> None:
    """Replace the file as an editor does (write a copy, rename it over the old one)."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


@pytest.fixture
def covenant(tmp_path: Path) -> Path:
    path = tmp_path / "minimaal-2027.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


@pytest.fixture
def server(covenant: Path) -> Iterator[PreviewServer]:
    running = make_server(covenant, 0)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()
    thread.join(DEADLINE)


def _page_with(server: PreviewServer, fragment: str) -> Callable[[], str | None]:
    def look() -> str | None:
        page = _get(server.url)[2]
        return page if fragment in page else None

    return look


def test_the_page_follows_the_file_on_every_save(server: PreviewServer, covenant: Path) -> None:
    status, _, page = _get(server.url)
    assert status == 200 and "Voorbeeldregio" in page
    shown = re.search(r'<meta name="convenantgen-serve" content="([^"]+)">', page)
    assert shown is not None and shown.group(1) == _get(server.url + "__version")[2]
    _save(covenant, MINIMAL.replace("naam: Voorbeeldregio", "naam: Andere regio"))
    # The reload script compares /__version with the version the page was drawn for.
    _until(
        lambda: v if (v := _get(server.url + "__version")[2]) != shown.group(1) else None, "no new version"
    )
    page = _until(_page_with(server, "Andere regio"), "the page did not change after the save")
    assert "Voorbeeldregio" not in page


def test_a_broken_file_shows_its_findings_not_the_last_good_page(
    server: PreviewServer, covenant: Path
) -> None:
    assert "Voorbeeldregio" in _get(server.url)[2]
    _save(covenant, MINIMAL.replace("titel: Convenant", "titel: [Convenant"))
    page = _until(_page_with(server, "CG002"), "the YAML error is not shown")
    assert "Voorbeeldregio" not in page  # not a stale page with a banner
    assert f"{covenant}:" in page and "cg-hint" in page
    _save(covenant, MINIMAL)
    _until(_page_with(server, "Voorbeeldregio"), "the repaired file is not shown again")


def test_findings_stand_at_their_article_and_in_the_list(tmp_path: Path) -> None:
    text = GOOI.read_text(encoding="utf-8").replace("totaal: 494}", "totaal: 495}")
    assert "totaal: 495}" in text
    path = tmp_path / "gooi.yaml"
    path.write_text(text, encoding="utf-8")
    running = make_server(path, 0)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    try:
        page = _get(running.url)[2]
    finally:
        running.shutdown()
        running.server_close()
    top = page.index('id="cg-findings"')
    assert "CG101" in page[top : page.index("</section>", top)]
    article = re.search(
        r'<section class="artikel[^"]*" id="(artikel-[^"]+)"[^>]*>(.*?)</section>', page, re.S
    )
    assert article is not None
    # The wrong total is in article 1's table: the finding stands there, linked from the list.
    assert '<aside class="cg-serve cg-here"' in article.group(2) and "CG101" in article.group(2)
    assert 'id="cg-finding-1"' in article.group(2) and 'href="#cg-finding-1"' in page[top:]


def test_text_from_the_file_is_escaped_in_findings(server: PreviewServer, covenant: Path) -> None:
    _save(covenant, MINIMAL + '"<script>alert(1)</script>": 1\n')
    page = _until(_page_with(server, "CG010"), "the unknown key is not reported")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert re.findall(r"<script\b[^>]*>", page) == ['<script src="/__serve.js" defer>']


def test_only_this_computer_and_only_the_page_is_served(server: PreviewServer) -> None:
    assert server.server_address[0] == HOST
    port = server.server_address[1]
    status, headers, _ = _get(server.url)
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    # A page elsewhere that points its own DNS name at 127.0.0.1 sends its own Host header.
    assert _get(server.url, host=f"evil.example:{port}")[0] == 403
    assert _get(server.url, host=f"localhost:{port}")[0] == 200
    assert _get(server.url + "etc/passwd")[0] == 404
    assert _get(server.url + "../minimaal-2027.yaml")[0] == 404
    status, headers, script = _get(server.url + "__serve.js")
    assert (
        status == 200
        and "location.reload" in script
        and headers["Content-Type"].startswith("text/javascript")
    )


def test_the_command_serves_and_follows_the_file(covenant: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "convenantgen", "serve", str(covenant), "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()  # blocks until the server listens (or the command died)
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found is not None, line + process.stderr.read()
        url = found.group(0)
        assert "Voorbeeldregio" in _get(url)[2]
        _save(covenant, MINIMAL.replace("naam: Voorbeeldregio", "naam: Nieuwe naam"))

        def changed() -> str | None:
            page = _get(url)[2]
            return page if "Nieuwe naam" in page else None

        _until(changed, "the served page did not follow the save")
    finally:
        process.terminate()
        process.wait(DEADLINE)


def test_a_port_in_use_is_a_message_not_a_traceback(server: PreviewServer, covenant: Path) -> None:
    port = str(server.server_address[1])
    done = subprocess.run(
        [sys.executable, "-m", "convenantgen", "serve", str(covenant), "--port", port],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "hint:" in done.stderr
    assert "Traceback" not in done.stderr
