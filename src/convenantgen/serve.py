"""`convenantgen serve`: the covenant in the browser, drawn again each time the file is saved.

A small stdlib HTTP server on 127.0.0.1 answers three addresses: ``/`` (the page: the
covenant's screen HTML with its findings, or the findings alone while the file cannot be
drawn), ``/__version`` (what the file looks like now: its size and modification time) and
``/__serve.js`` (a fixed script that polls ``/__version`` and reloads the page when it
changes). Nothing else is served, nothing is fetched, and a request naming another host
is refused (a web page elsewhere cannot reach the server through a DNS name of its own).
"""

from __future__ import annotations

import os
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from convenantgen import serve_page
from convenantgen.i18n import _

HOST = "127.0.0.1"
# The page gets its style inline and its one script from this server; nothing else loads.
POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; script-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def file_version(path: Path) -> str:
    """What the file is now (size, modification time, inode), or 'missing'; changes on every save."""
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return f"{st.st_mtime_ns}-{st.st_size}-{st.st_ino}"


class Preview:
    """The page for one covenant file, drawn again only when the file has changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._shown: tuple[str, str] | None = None

    def page(self) -> str:
        """The HTML page for the file as it is now."""
        with self._lock:
            version = file_version(self.path)
            if self._shown is None or self._shown[0] != version:
                self._shown = (version, self._draw(version))
            return self._shown[1]

    def _draw(self, version: str) -> str:
        from convenantgen.pipeline import check_file
        from convenantgen.provenance import provenance
        from convenantgen.render import render_html

        checked = check_file(self.path)
        if checked.covenant is None or checked.layout is None:
            return serve_page.findings_page(checked, version)
        try:
            page = render_html(checked.covenant, checked.layout, "screen", provenance(checked)).html
        except Exception as exc:  # a renderer bug must not stop the preview of the next save
            note = _(
                "the covenant could not be drawn ({kind}: {error}); this is a bug in convenantgen"
            ).format(kind=type(exc).__name__, error=exc)
            return serve_page.findings_page(checked, version, note)
        return serve_page.with_findings(page, checked, version)


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        if not self._local():
            self._send(HTTPStatus.FORBIDDEN, "text/plain", b"only http://127.0.0.1 may ask\n")
            return
        route = self.path.split("?", 1)[0]
        if route == "/":
            body = self.server.preview.page().encode("utf-8")
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", body)
        elif route == serve_page.VERSION_PATH:
            version = file_version(self.server.preview.path).encode("ascii")
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", version)
        elif route == serve_page.SCRIPT_PATH:
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", serve_page.SCRIPT.encode("utf-8"))
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found: only / is served\n")

    def _local(self) -> bool:
        port = self.server.server_address[1]
        host = self.headers.get("Host", "")
        return host in {f"{HOST}:{port}", f"localhost:{port}"}

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: every poll would otherwise print a line."""


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 for one :class:`Preview`."""

    daemon_threads = True

    def __init__(self, preview: Preview, port: int) -> None:
        self.preview = preview
        super().__init__((HOST, port), _Handler)

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        return f"http://{HOST}:{self.server_address[1]}/"


def make_server(path: Path, port: int = 0) -> PreviewServer:
    """A server for ``path`` on 127.0.0.1 (``port`` 0: any free port); call serve_forever()."""
    return PreviewServer(Preview(path), port)
