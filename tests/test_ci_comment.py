"""docs/ci/comment.py against fake GitHub and GitLab APIs on 127.0.0.1: one comment, updated in place.

The fake servers imitate the calls the script makes (GitHub: list a pull request's comments
page by page, create one, update one; GitLab: the token's user, list notes, create, update)
and record every request, so a test can say that nothing at all was sent.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from helpers import REPO_ROOT

SCRIPT = REPO_ROOT / "docs" / "ci" / "comment.py"
MARKER = "<!-- convenantgen-diff -->"
BOT = "github-actions[bot]"
REPO = "regio/convenanten"


@dataclass
class Forge:
    """The state of the fake forge: comments (or notes) of pull request 7, and every request."""

    comments: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # methods answered with 403
    next_id: int = 1000

    def add(self, body: str, login: str) -> dict[str, Any]:
        self.next_id += 1
        comment = {
            "id": self.next_id,
            "body": body,
            "user": {"login": login},
            "author": {"id": 42 if login == BOT else 5},
            "system": False,
            "html_url": f"https://github.invalid/{REPO}/pull/7#issuecomment-{self.next_id}",
        }
        self.comments.append(comment)
        return comment

    def ours(self) -> list[dict[str, Any]]:
        return [c for c in self.comments if c["user"]["login"] == BOT and c["body"].startswith(MARKER)]


def _handler(forge: Forge) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep pytest's output clean
            pass

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            raw = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)

        def _payload(self) -> Any:
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length)) if length else None

        def _route(self, method: str) -> None:
            url = urlsplit(self.path)
            forge.requests.append((method, url.path))
            github = self.headers.get("Authorization") == "Bearer sesam"
            gitlab = self.headers.get("PRIVATE-TOKEN") == "sesam"
            if not (github or gitlab):
                return self._send(401, {"message": "Bad credentials"})
            if method in forge.refuse:
                return self._send(403, {"message": "Resource not accessible by integration"})
            query = parse_qs(url.query)
            per_page = int(query.get("per_page", ["30"])[0])
            page = int(query.get("page", ["1"])[0])
            if github and method == "GET" and url.path == f"/repos/{REPO}/issues/7/comments":
                chunk = forge.comments[(page - 1) * per_page : page * per_page]
                more = page * per_page < len(forge.comments)
                base = f"http://{self.headers['Host']}{url.path}?per_page={per_page}"
                link = {"Link": f'<{base}&page={page + 1}>; rel="next", <{base}&page=1>; rel="first"'}
                return self._send(200, chunk, link if more else None)
            if github and method == "POST" and url.path == f"/repos/{REPO}/issues/7/comments":
                return self._send(201, forge.add(self._payload()["body"], BOT))
            match = re.fullmatch(rf"/repos/{REPO}/issues/comments/(\d+)", url.path)
            if github and method == "PATCH" and match:
                return self._update(int(match.group(1)))
            notes = "/api/v4/projects/12/merge_requests/7/notes"
            if gitlab and method == "GET" and url.path == "/api/v4/user":
                return self._send(200, {"id": 42, "username": "convenantgen-bot"})
            if gitlab and method == "GET" and url.path == notes:
                chunk = forge.comments[(page - 1) * per_page : page * per_page]
                more = page * per_page < len(forge.comments)
                return self._send(200, chunk, {"X-Next-Page": str(page + 1) if more else ""})
            if gitlab and method == "POST" and url.path == notes:
                return self._send(201, forge.add(self._payload()["body"], BOT))
            match = re.fullmatch(rf"{notes}/(\d+)", url.path)
            if gitlab and method == "PUT" and match:
                return self._update(int(match.group(1)))
            return self._send(404, {"message": "Not Found"})

        def _update(self, number: int) -> None:
            for comment in forge.comments:
                if comment["id"] == number:
                    comment["body"] = self._payload()["body"]
                    return self._send(200, comment)
            return self._send(404, {"message": "Not Found"})

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def do_PATCH(self) -> None:
            self._route("PATCH")

        def do_PUT(self) -> None:
            self._route("PUT")

    return Handler


@pytest.fixture
def forge() -> Iterator[tuple[Forge, str]]:
    """A fake forge on a free port of 127.0.0.1, stopped after the test."""
    state = Forge()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _event(tmp_path: Path, head_repo: str = REPO) -> Path:
    path = tmp_path / f"event-{head_repo.replace('/', '-')}.json"
    path.write_text(json.dumps({"pull_request": {"number": 7, "head": {"repo": {"full_name": head_repo}}}}))
    return path


def _run(
    tmp_path: Path, where: str, diff: str, env: dict[str, str], *extra: str
) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "diff.md"
    source.write_text(diff, encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_", "CONVENANTGEN_"))}
    clean = {k: v for k, v in clean.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), where, str(source), *extra],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _github_env(tmp_path: Path, api: str, **more: str) -> dict[str, str]:
    return {
        "GITHUB_API_URL": api,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_TOKEN": "sesam",
        "GITHUB_EVENT_PATH": str(_event(tmp_path)),
        **more,
    }


def test_github_creates_one_comment_then_updates_it_in_place(
    tmp_path: Path, forge: tuple[Forge, str]
) -> None:
    state, api = forge
    for i in range(120):  # the comment of a run lands on page 2 of the list
        state.add(f"opmerking {i}", "jurist")
    state.add(MARKER + "\nquoted by a person: not ours to edit", "jurist")
    env = _github_env(tmp_path, api)
    first = _run(
        tmp_path, "github", "## 1 convenant gewijzigd\n", env, "--link", "Redline=https://x.invalid/r"
    )
    assert "created the diff comment" in first.stdout
    (ours,) = state.ours()
    assert ours["body"] == f"{MARKER}\n## 1 convenant gewijzigd\n\n\n[Redline](https://x.invalid/r)\n"
    state.requests.clear()
    second = _run(tmp_path, "github", "## 2 convenanten gewijzigd\n", env)
    assert "updated the diff comment" in second.stdout, second.stdout
    assert [c["id"] for c in state.ours()] == [ours["id"]]
    assert state.ours()[0]["body"] == f"{MARKER}\n## 2 convenanten gewijzigd\n"
    assert state.comments[-2]["body"].endswith("not ours to edit")
    assert [m for m, _ in state.requests] == ["GET", "GET", "PATCH"]  # both pages, then the update


def test_github_fork_or_no_token_sends_nothing(tmp_path: Path, forge: tuple[Forge, str]) -> None:
    state, api = forge
    fork = _github_env(tmp_path, api, GITHUB_EVENT_PATH=str(_event(tmp_path, "iemand/convenanten")))
    said = _run(tmp_path, "github", "## diff\n", fork)
    assert "fork iemand/convenanten" in said.stdout and "job summary" in said.stdout
    no_token = _github_env(tmp_path, api, GITHUB_TOKEN="")
    said = _run(tmp_path, "github", "## diff\n", no_token)
    assert "no GITHUB_TOKEN" in said.stdout
    assert state.requests == [] and state.comments == []


def test_github_refusal_is_a_warning_not_a_failure(tmp_path: Path, forge: tuple[Forge, str]) -> None:
    state, api = forge
    state.refuse.add("POST")
    said = _run(tmp_path, "github", "## diff\n", _github_env(tmp_path, api))
    assert said.stdout.startswith(
        "::warning title=convenantgen diff comment::the diff comment was not written"
    )
    assert "HTTP 403" in said.stdout and state.comments == []


def test_a_long_diff_is_cut_to_the_comment_limit_and_still_renders(
    tmp_path: Path, forge: tuple[Forge, str]
) -> None:
    state, api = forge
    rows = "".join(f"- artikel {i}, eerste lid: gewijzigd\n" for i in range(5000))
    diff = f"## Samenvatting\n\n<details>\n<summary>Details</summary>\n\n```diff\n{rows}```\n</details>\n"
    assert len(diff) > 65_536
    _run(tmp_path, "github", diff, _github_env(tmp_path, api), "--link", "Redline=https://x.invalid/r")
    (ours,) = state.ours()
    text = ours["body"]
    assert len(text) <= 65_536
    assert text.startswith(MARKER) and text.endswith("[Redline](https://x.invalid/r)\n")
    assert "**Cut here:**" in text and "in the job summary" in text
    assert text.count("<details>") == text.count("</details>") == 1
    assert len(re.findall(r"^```", text, flags=re.MULTILINE)) == 2


def test_summary_is_appended_within_one_mebibyte(tmp_path: Path) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("# Checks\n", encoding="utf-8")
    _run(tmp_path, "summary", "## klein\n", {"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text(encoding="utf-8") == "# Checks\n## klein\n"
    summary.write_bytes(b"x" * 1_000_000 + b"\n")
    big = "".join(f"- wijziging {i} — ‘één’\n" for i in range(20_000))
    _run(tmp_path, "summary", big, {"GITHUB_STEP_SUMMARY": str(summary)})
    written = summary.read_bytes()
    assert 1_040_000 < len(written) <= 1024 * 1024
    assert written.decode("utf-8").endswith("in the artifacts of this run.\n")


def test_gitlab_creates_one_note_then_updates_it_and_skips_forks(
    tmp_path: Path, forge: tuple[Forge, str]
) -> None:
    state, api = forge
    state.add(MARKER + "\nsomeone else's", "jurist")
    env = {
        "CI_API_V4_URL": f"{api}/api/v4",
        "CI_PROJECT_ID": "12",
        "CI_MERGE_REQUEST_PROJECT_ID": "12",
        "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "12",
        "CI_MERGE_REQUEST_IID": "7",
        "CONVENANTGEN_NOTE_TOKEN": "sesam",
    }
    assert "created the diff note" in _run(tmp_path, "gitlab", "## een\n", env).stdout
    assert "updated the diff note" in _run(tmp_path, "gitlab", "## twee\n", env).stdout
    assert [c["body"] for c in state.ours()] == [f"{MARKER}\n## twee\n"]
    assert state.comments[0]["body"].endswith("someone else's")
    state.requests.clear()
    fork = {**env, "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "99"}
    assert "fork" in _run(tmp_path, "gitlab", "## drie\n", fork).stdout
    assert (
        "no CONVENANTGEN_NOTE_TOKEN"
        in _run(tmp_path, "gitlab", "## drie\n", {**env, "CONVENANTGEN_NOTE_TOKEN": ""}).stdout
    )
    assert state.requests == []


def test_print_shows_the_comment_as_it_would_be_sent(tmp_path: Path) -> None:
    said = _run(
        tmp_path, "print", "## diff\n", {}, "--link", "Redline=https://x.invalid/r", "--link", "Leeg="
    )
    assert said.stdout == f"{MARKER}\n## diff\n\n\n[Redline](https://x.invalid/r)\n"
    # convenantgen's own Markdown starts with the marker: it is not doubled
    assert _run(tmp_path, "print", f"{MARKER}\n## diff\n", {}).stdout == f"{MARKER}\n## diff\n"
