"""Untrusted text in every kind of text field: it must come out as text, never as markup.

One covenant carries hostile text in a recital, a lid, an onderdeel, a footnote, a party
name, the title, a column heading, a person's name and function and every other field that
is rendered: raw HTML, script, event handlers, javascript:/data:/vbscript:/file: links as
Markdown links and autolinks, Markdown images pointing at a loopback server, Jinja syntax,
CSS breaking out of <style>. (Bidi overrides and zero-width characters no longer get this
far: check refuses them in every key and text, see tests/test_deceptive.py.)

check refuses such text (CG307, CG308) and build writes nothing; the tests then render it
anyway, HTML and PDF, once per module, as if check had let it through, while a loopback HTTP
server listens on the port the text points at: the renderer's own defences must hold
without check. They read the HTML with html.parser and the PDF with pikepdf.
"""

from __future__ import annotations

import re
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import cycle
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

from convenantgen.build import BuildResult, build
from convenantgen.outputs import render_covenant
from convenantgen.pipeline import check_file
from convenantgen.provenance import provenance
from convenantgen.render import render_html
from helpers import MODELINE, REPO_ROOT

TEMPLATE = REPO_ROOT / "templates" / "convenant.html.j2"
PARTS_TEMPLATE = REPO_ROOT / "templates" / "artikel.html.j2"  # the article macros it imports
RENDER_SOURCE = REPO_ROOT / "src" / "convenantgen" / "render.py"

# What markdown-it's CommonMark renderer can emit for author text, with raw HTML and images
# switched off (text.py): paragraphs, emphasis, code, links, lists, quotes, headings, rules.
MARKDOWN_TAGS = {"p", "em", "strong", "code", "pre", "a", "ol", "ul", "li", "br", "blockquote", "hr"} | {
    f"h{n}" for n in range(1, 7)
}


def allowed_tags() -> set[str]:
    """Tags the template and the renderer's own markup write, plus Markdown's."""
    written = "".join(p.read_text(encoding="utf-8") for p in (TEMPLATE, PARTS_TEMPLATE, RENDER_SOURCE))
    tags = {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)\b", written)}
    # render.py builds footnote lists as '<{0} ...>' with item_tag/list_tag: span, li, ol
    tags |= {"span", "li", "ol"}
    return (tags | MARKDOWN_TAGS) - {"script", "img", "iframe", "object", "embed", "svg", "link"}


# --- the hostile covenant ----------------------------------------------------------------------

PORT = "@PORT@"


def markdown_payload(label: str) -> str:
    """Everything hostile at once, as a Markdown text (several paragraphs and blocks)."""
    return f"""{label}: <b>vet</b> <script>alert(1)</script> <img src=x onerror=alert(1)>
<iframe src="javascript:alert(1)"></iframe> <svg onload=alert(1)> <a href="javascript:alert(1)">a</a>
<style>@import url(http://127.0.0.1:{PORT}/import.css)</style> <object data=x></object>

[js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [spatie]( javascript:alert(1))
[entiteit](java&#x73;cript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)
[vb](vbscript:msgbox(1)) [bestand](file:///etc/passwd) [relatief](/etc/passwd)

<javascript:alert(1)> <file:///etc/passwd> <data:text/html,x> <vbscript:msgbox(1)>

![beeld](http://127.0.0.1:{PORT}/beeld.png) ![lokaal](file:///etc/passwd)
![data](data:image/png;base64,iVBORw0KGgo=)

[web](http://127.0.0.1:{PORT}/link) <http://127.0.0.1:{PORT}/autolink> <mailto:secretariaat@example.org>

{{{{ 7*7 }}}} {{% include 'convenant.css' %}} {{# commentaar #}} {{{{ config }}}}

</style><script>alert(1)</script> x;}} body{{display:none}} {{ url(http://127.0.0.1:{PORT}/css.png)
@import "http://127.0.0.1:{PORT}/q.css";

`<script>code</script>` &#60;script&#62;alert(1)&#60;/script&#62; &lt;b&gt;

    <script>alert('ingesprongen code')</script>

<div onclick="alert(1)">blok</div>

[verwijzing][kwaad]

[kwaad]: javascript:alert(1)

> <img src=x onerror=alert(1)>"""


LINE_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</style><script>alert(1)</script>",
    "x;} body{display:none} {",
    "{{ 7*7 }}",
    "{% include 'convenant.css' %}",
    "[x](javascript:alert(1)) <javascript:alert(1)>",
    f"![x](http://127.0.0.1:{PORT}/regel.png)",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)",
    f"url(http://127.0.0.1:{PORT}/u.png) @import 'http://127.0.0.1:{PORT}/i.css';",
    "--></p><iframe src=javascript:alert(1)>",
    "]]>&amp;<![CDATA[ &#x3C;script&#x3E;",
]


def hostile_covenant() -> dict[str, Any]:
    line = cycle(LINE_PAYLOADS)

    def regel(label: str) -> str:
        return f"{label} {next(line)}"

    def tekst(label: str) -> str:
        return markdown_payload(label)

    return {
        "formaat": 1,
        "id": "onvertrouwd-2027",
        "titel": regel("Titel"),
        "ondertitel": regel("Ondertitel"),
        "regio": {"naam": regel("Regio"), "gemeenten": [regel("Gemeente A"), regel("Gemeente B")]},
        "partijen": [
            {
                "id": "gemeenten",
                "naam": regel("groep"),
                "partijen": [
                    {
                        "id": "gemeente",
                        "naam": regel("Partij"),
                        "korte_naam": regel("Kort")[:40],  # the schema's limit for a short name
                        "noot": "partijnoot",
                        "vertegenwoordigers": [
                            {
                                "id": "wethouder",
                                "aanhef": "mevrouw",
                                "titel": regel("mr."),
                                "naam": regel("Naam"),
                                "functie": regel("Functie"),
                                "gemachtigde": {"naam": regel("Gemachtigde"), "functie": regel("Functie")},
                            },
                            {"id": "ambtenaar", "functie": regel("Alleen functie")},
                        ],
                    },
                ],
            },
            {
                "id": "uwv",
                "naam": regel("UWV"),
                "vertegenwoordigers": [{"id": "regiomanager", "naam": regel("Regiomanager")}],
            },
        ],
        "considerans": {
            "inleiding": tekst("Inleiding"),
            "overwegingen": [
                tekst("Overweging"),
                {"id": "overweging-b", "tekst": tekst("Overweging b"), "onderdelen": [tekst("Sub")]},
            ],
        },
        "artikelen": [
            {
                "id": "doel",
                "titel": regel("Artikel"),
                "leden": [
                    {
                        "id": "banen",
                        "tekst": tekst("Lid") + "\n\nZie [[doelen.2027.totaal]] en [^tekstnoot].",
                        "onderdelen": [
                            tekst("Onderdeel"),
                            {
                                "id": "onderdeel-b",
                                "tekst": tekst("Onderdeel b"),
                                "onderdelen": [tekst("Sub")],
                            },
                        ],
                        "tabel": {
                            "id": "doelen",
                            "bijschrift": regel("Bijschrift"),
                            "eenheid": regel("Eenheid"),
                            "jaar_kop": regel("Jaarkop"),
                            "cumulatief": True,
                            "kolommen": [
                                {"id": "markt", "kop": regel("Kolom"), "noot": "kolomnoot"},
                                {"id": "overheid", "kop": regel("Kolom")},
                            ],
                            "totaal": {"kop": regel("Totaalkop"), "berekend": True, "noot": "totaalnoot"},
                            "nulmeting": tekst("Nulmeting"),
                            "rijen": [
                                {"jaar": 2026, "markt": 10, "overheid": 5},
                                {"jaar": 2027, "markt": 20, "overheid": 8},
                            ],
                        },
                        "slot": tekst("Slot"),
                    },
                    {
                        "id": "inzet",
                        "verplichtingen": [
                            {"wie": ["partijen"], "kop": regel("Kop"), "onderdelen": [tekst("Verplichting")]},
                            {"wie": ["gemeenten", "uwv"], "onderdelen": [tekst("Verplichting")]},
                        ],
                    },
                ],
            },
            {"id": "slot", "titel": regel("Slotartikel"), "tekst": tekst("Artikeltekst")},
        ],
        "looptijd": {"ingang": {"regel": "datum", "datum": "2026-01-01"}, "einde": "2027-12-31"},
        "budgetten": [
            {
                "id": "werkbudget",
                "omschrijving": regel("Budget"),
                "bedrag": 100000,
                "posten": [{"id": "inzet", "omschrijving": regel("Post"), "bedrag": 1000}],
            }
        ],
        "noten": {
            "partijnoot": tekst("Partijnoot"),
            "kolomnoot": tekst("Kolomnoot"),
            "totaalnoot": {"tekst": tekst("Totaalnoot"), "nummering": "i", "onderdelen": [tekst("Notitie")]},
            "tekstnoot": tekst("Tekstnoot"),
        },
        "ondertekening": {
            "paraaf": True,
            "blokken": [
                {
                    "partij": "gemeente",
                    "plaats": regel("Plaats"),
                    "ondertekenaars": ["wethouder", "ambtenaar"],
                },
                {"partij": "uwv", "plaats": regel("Plaats"), "datum": "2026-02-01"},
            ],
        },
        "publicatie": {"status": "concept", "website": f"https://127.0.0.1:{PORT}/site"},
    }


# --- a loopback server that records every connection -----------------------------------------


class _Quiet(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"\x89PNG\r\n\x1a\n")

    def log_message(self, *args: Any) -> None:
        return None


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Quiet)
        self.connections: list[tuple[str, int]] = []

    def verify_request(self, request: Any, client_address: Any) -> bool:
        self.connections.append(client_address)
        return True


@pytest.fixture(scope="module")
def loopback() -> Iterator[_Recorder]:
    server = _Recorder()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- the build, once -------------------------------------------------------------------------------


@dataclass
class Hostile:
    source: Path
    out: Path
    result: BuildResult
    connections: list[tuple[str, int]]
    screen: str
    print: str
    pdf: Path
    port: int
    notes: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, loopback: _Recorder) -> Hostile:
    port = loopback.server_address[1]
    folder = tmp_path_factory.mktemp("untrusted")
    src = folder / "src"
    src.mkdir()
    source = src / "onvertrouwd-2027.yaml"
    body = yaml.safe_dump(hostile_covenant(), allow_unicode=True, sort_keys=False, width=1000)
    source.write_text(MODELINE + body.replace(PORT, str(port)), encoding="utf-8")
    checked = check_file(source)
    # valid by the schema, so it is parsed and laid out; the markup in it is refused
    assert checked.covenant is not None and checked.layout is not None, checked.findings
    result = build([source], folder / "refused", jobs=1)
    # ... and rendered all the same, as if check had not been there
    out = folder / "out"
    out.mkdir()
    for artifact in render_covenant(checked, ("html", "pdf")):
        (out / artifact.name).write_bytes(artifact.data)
    connections = list(loopback.connections)  # snapshot before any test talks to the server
    printed = render_html(checked.covenant, checked.layout, "print", provenance(checked)).html
    return Hostile(
        source,
        out,
        result,
        connections,
        (out / "onvertrouwd-2027.html").read_text(encoding="utf-8"),
        printed,
        out / "onvertrouwd-2027.pdf",
        port,
    )


# --- HTML ---------------------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str | None]] = []
        self.stack: list[str] = []
        self.body_text: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)
        if tag not in ("meta", "br", "hr", "link", "img", "input"):
            self.stack.append(tag)
        if tag == "style":
            self.styles.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "style" in self.stack:
            self.styles[-1] += data
        elif "body" in self.stack and "footer" not in self.stack:
            self.body_text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


@pytest.fixture(scope="module", params=["screen", "print"])
def page(request: pytest.FixtureRequest, hostile: Hostile) -> tuple[str, _Collector]:
    html = hostile.screen if request.param == "screen" else hostile.print
    return html, parse(html)


@pytest.fixture(scope="module")
def port(hostile: Hostile) -> int:
    return hostile.port


def test_check_and_build_refuse_the_hostile_text(hostile: Hostile) -> None:
    assert hostile.result.failed and hostile.result.written == ()
    refused = hostile.source.parent.parent / "refused"
    assert not refused.exists() or not any(refused.iterdir())
    errors = [f for f in hostile.result.findings if f.severity == "error"]
    assert {"CG307", "CG308"} <= {f.code for f in errors}


def test_every_tag_is_reported_where_it_stands(hostile: Hostile) -> None:
    # yaml.safe_dump wrote the texts double-quoted, with \n and \u escapes and folded
    # lines: every tag is still reported on its own, at its own '<'
    lines = hostile.source.read_text(encoding="utf-8").splitlines()
    tags = [f for f in hostile.result.findings if f.code == "CG307" and f.message.startswith("HTML tag")]
    places = {(f.line, f.column) for f in tags}
    assert len(places) == len(tags)
    for f in tags:
        assert lines[f.line - 1][f.column - 1] == "<", (f.line, f.column, f.message)
    texts = "\n".join(lines).count("<b>vet</b>")  # once in every Markdown text field
    assert texts >= 15
    # markdown_payload has two <script> tags outside code, in every one of those fields
    scripts = [f for f in tags if f.message.startswith("HTML tag '<script>'")]
    markdown = [f for f in scripts if not f.hint.startswith("this field is plain text")]
    assert len(markdown) == 2 * texts
    # and every one in a plain-text field (a name, a title, a function) too, each at its '<'
    plain = [f for f in scripts if f.hint.startswith("this field is plain text")]
    assert plain and len(plain) == len(scripts) - len(markdown)
    quotes = [f for f in hostile.result.findings if f.code == "CG308" and "block quote" in f.message]
    assert quotes and all(lines[f.line - 1][f.column - 1] == ">" for f in quotes)


_ATTRIBUTE = re.compile(r"""\s+([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TAG = re.compile(
    r"""<[a-zA-Z][^\s/>]*(?P<attrs>(?:\s+[^\s=/>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>"""
)


def test_no_script_image_frame_or_event_handler(page: tuple[str, _Collector]) -> None:
    html, _ = page
    lowered = html.lower()
    for bad in ("<script", "<img", "<iframe", "<svg", "<object", "<embed", "<link", "<div onclick"):
        assert bad not in lowered, bad
    for tag in _TAG.finditer(html):  # a second, quote-aware look at every start tag
        names = [m.group(1).lower() for m in _ATTRIBUTE.finditer(tag.group("attrs"))]
        assert not [n for n in names if n.startswith("on")], tag.group(0)
    for scheme in ("javascript:", "data:", "file:", "vbscript:"):
        assert f'href="{scheme}' not in lowered
        assert f"href='{scheme}" not in lowered
        assert f'src="{scheme}' not in lowered


def test_tags_are_those_of_the_template(page: tuple[str, _Collector]) -> None:
    _, parsed = page
    unexpected = parsed.tags - allowed_tags()
    assert not unexpected, unexpected


def test_attributes_are_harmless(page: tuple[str, _Collector]) -> None:
    _, parsed = page
    for tag, name, value in parsed.attributes:
        assert not name.startswith("on"), (tag, name, value)
        assert name not in ("src", "srcdoc", "style", "formaction", "xlink:href", "action"), (tag, name)
        if name == "href":
            assert value is not None
            # the one relative link: the PDF beside the page, named after the (validated) id
            local_pdf = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*\.pdf", value) is not None
            assert local_pdf or value.startswith(("#", "http://", "https://", "mailto:")), (tag, name, value)


def test_only_the_template_style_sheet(page: tuple[str, _Collector]) -> None:
    _, parsed = page
    css = (REPO_ROOT / "templates" / "convenant.css").read_text(encoding="utf-8")
    assert parsed.styles, "no style sheet"
    assert parsed.styles[0].strip() == css.strip()
    for extra in parsed.styles[1:]:  # print only: the status mark and the footer, fixed words only
        footer = r'bottom-left \{ content: "[\w:·+. -]+"'
        status = r'top-right \{ content: "(CONCEPT|VERVALLEN)"'
        assert re.fullmatch(rf"@page \{{ @({footer}|{status}); \}} \}}", extra.strip()), extra


def test_template_syntax_renders_literally(page: tuple[str, _Collector], port: int) -> None:
    html, parsed = page
    # The payload links name the loopback server's random port, which may well contain "49"
    # (ephemeral ports run 32768-60999): that made this test fail now and then.
    text = "".join(parsed.body_text).replace(str(port), "")
    assert "{{ 7*7 }}" in text
    assert "{% include 'convenant.css' %}" in text
    assert "{# commentaar #}" in text
    assert "49" not in text, "a template expression was evaluated"
    css = (REPO_ROOT / "templates" / "convenant.css").read_text(encoding="utf-8")
    first_rule = next(line for line in css.splitlines() if "{" in line and not line.startswith(("/*", "@")))
    assert html.count(first_rule) == 1, "the style sheet was included a second time"


def test_hostile_text_is_shown_as_text(page: tuple[str, _Collector]) -> None:
    _, parsed = page
    text = "".join(parsed.body_text)
    for visible in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "x;} body{display:none} {"):
        assert visible in text, visible
    assert "[js](javascript:alert(1))" in text  # refused links stay readable as text


def test_allowed_links_are_links(page: tuple[str, _Collector], hostile: Hostile) -> None:
    _, parsed = page
    hrefs = {value for _, name, value in parsed.attributes if name == "href"}
    assert f"http://127.0.0.1:{hostile.port}/link" in hrefs
    assert f"http://127.0.0.1:{hostile.port}/autolink" in hrefs
    assert "mailto:secretariaat@example.org" in hrefs


# --- PDF ----------------------------------------------------------------------------------------------

_FORBIDDEN_NAMES = {
    "/JavaScript",
    "/JS",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/SubmitForm",
    "/ImportData",
    "/RichMedia",
    "/GoToR",
    "/GoToE",
}


def _walk(obj: Any, seen: set[tuple[int, int]], names: set[str], uris: list[str]) -> None:
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        key = obj.objgen
        if key in seen:
            return
        seen.add(key)
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        for key in list(obj.keys()):
            names.add(str(key))
            value = obj.get(key)
            if key == "/URI":
                uris.append(str(value))
            if key == "/S":
                names.add(str(value))
            _walk(value, seen, names, uris)
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            _walk(item, seen, names, uris)
    elif isinstance(obj, pikepdf.Name):
        names.add(str(obj))


@pytest.fixture(scope="module")
def pdf_parts(hostile: Hostile) -> tuple[set[str], list[str]]:
    names: set[str] = set()
    uris: list[str] = []
    with pikepdf.open(hostile.pdf) as pdf:
        seen: set[tuple[int, int]] = set()
        _walk(pdf.trailer, seen, names, uris)
        for obj in pdf.objects:
            _walk(obj, seen, names, uris)
    return names, uris


def test_pdf_has_no_active_content(pdf_parts: tuple[set[str], list[str]]) -> None:
    names, _ = pdf_parts
    assert not names & _FORBIDDEN_NAMES, names & _FORBIDDEN_NAMES
    assert "/OpenAction" not in names
    assert "/AA" not in names


def test_pdf_links_are_web_links_only(pdf_parts: tuple[set[str], list[str]], hostile: Hostile) -> None:
    _, uris = pdf_parts
    for uri in uris:
        assert not uri.lower().lstrip().startswith(("file:", "javascript:", "data:", "vbscript:")), uri
        assert uri.startswith(("http://", "https://", "mailto:")), uri
    assert f"http://127.0.0.1:{hostile.port}/link" in uris  # links survive, they are just not fetched


def test_nothing_was_fetched_during_the_build(hostile: Hostile, loopback: _Recorder) -> None:
    assert hostile.connections == []
    # the recorder works: a real request is seen
    with urllib.request.urlopen(f"http://127.0.0.1:{hostile.port}/probe", timeout=5) as reply:
        assert reply.status == 200
    assert len(loopback.connections) == 1
