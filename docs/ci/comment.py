#!/usr/bin/env python3
"""Put convenantgen's Markdown diff where a reviewer reads it: the job summary, and ONE comment.

    comment.py summary DIFF.md                   append to $GITHUB_STEP_SUMMARY (cut to 1 MiB)
    comment.py github DIFF.md [--link T=URL]...  create or update the pull request's comment
    comment.py gitlab DIFF.md [--link T=URL]...  create or update the merge request's note
    comment.py print DIFF.md [--link T=URL]...   print the comment as it would be sent

The comment starts with the hidden marker <!-- convenantgen-diff -->; a later run finds it
(among the comments of the token's own user) and edits it in place, so a pull request has
one diff comment however often it is pushed. Without a token, or for a pull request from a
fork (whose token may not write), nothing is sent: the job summary is then the place.
Only Python's standard library; every address comes from the CI's own variables
(GITHUB_API_URL, CI_API_V4_URL). See docs/review.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

MARKER = "<!-- convenantgen-diff -->"
GITHUB_LIMIT = 65_536  # characters in an issue or pull-request comment
GITLAB_LIMIT = 1_000_000  # characters in a note
SUMMARY_LIMIT = 1024 * 1024  # bytes in one step's $GITHUB_STEP_SUMMARY
GITHUB_BOT = "github-actions[bot]"  # who writes with the workflow's GITHUB_TOKEN
TIMEOUT = 30
MAX_PAGES = 50  # 5,000 comments: more than any pull request about a covenant has

Json = Any


class ApiError(Exception):
    """A request the forge refused or could not answer."""


# --- the text ----------------------------------------------------------------------------


def cut(text: str, limit: int, where: str, size: Callable[[str], int] = len) -> str:
    """``text`` if its ``size`` fits in ``limit``, else its first whole lines and a note.

    Open <details> and code fences are closed, so that what is left still renders.
    """
    if size(text) <= limit:
        return text
    note = f"\n\n**Cut here:** the diff is longer than this place allows; the whole diff is {where}.\n"
    low, high = 0, min(len(text), limit)
    while low < high:  # the longest cut that fits
        middle = (low + high + 1) // 2
        if size(_cut_at(text, middle, note)) <= limit:
            low = middle
        else:
            high = middle - 1
    shortened = _cut_at(text, low, note)
    return shortened if size(shortened) <= limit else ""


def _cut_at(text: str, chars: int, note: str) -> str:
    head = text[:chars]
    head = head[: head.rfind("\n") + 1]
    closing = ""
    if len(re.findall(r"^\s*```", head, flags=re.MULTILINE)) % 2:
        closing += "```\n"
    opened = len(re.findall(r"<details\b", head)) - len(re.findall(r"</details>", head))
    closing += "</details>\n" * max(opened, 0)
    return head + closing + note


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def body(diff: str, links: list[tuple[str, str]], limit: int, where: str) -> str:
    """The comment: marker, the diff (cut to fit), then the links (never cut)."""
    tail = ""
    if links:
        tail = "\n\n" + " · ".join(f"[{title}]({url})" for title, url in links) + "\n"
    head = f"{MARKER}\n"
    diff = diff.removeprefix(MARKER).lstrip("\n")  # convenantgen's Markdown may carry the marker already
    return head + cut(diff.rstrip("\n") + "\n", limit - len(head) - len(tail), where) + tail


# --- HTTP ------------------------------------------------------------------------------------


def request(method: str, url: str, headers: dict[str, str], payload: Json = None) -> tuple[Json, Any]:
    """One JSON request; (decoded body, response headers)."""
    data = None if payload is None else json.dumps(payload).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as response:
            raw = response.read()
            return (json.loads(raw) if raw else None), response.headers
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace")
        raise ApiError(f"{method} {url}: HTTP {exc.code} {detail}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ApiError(f"{method} {url}: {exc}") from None


def _next_link(headers: Any) -> str | None:
    for part in (headers.get("Link") or "").split(","):
        match = re.search(r'<([^>]+)>\s*;\s*rel="next"', part)
        if match:
            return match.group(1)
    return None


# --- GitHub ----------------------------------------------------------------------------------


def _event() -> dict[str, Any]:
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path or not Path(path).is_file():
        return {}
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return event if isinstance(event, dict) else {}


def github(diff: str, links: list[tuple[str, str]]) -> str:
    """Create or update the pull request's one diff comment; say what was done."""
    token = os.environ.get("GITHUB_TOKEN", "")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    pull = _event().get("pull_request") or {}
    number = os.environ.get("PR_NUMBER") or str(pull.get("number") or "")
    head_repo = ((pull.get("head") or {}).get("repo") or {}).get("full_name")
    if head_repo and head_repo != repository:
        return f"pull request from the fork {head_repo}: read-only token; the diff is in the job summary"
    if not token:
        return "no GITHUB_TOKEN: the diff is in the job summary only"
    if not repository or not number.isdigit():
        return "not a pull request (no GITHUB_REPOSITORY or pull request number): nothing to comment on"
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    author = os.environ.get("CONVENANTGEN_COMMENT_AUTHOR", GITHUB_BOT)
    headers = {
        "Accept": "application/vnd.github+json",
        "Authorization": f"Bearer {token}",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "convenantgen-comment",
    }
    text = body(diff, links, GITHUB_LIMIT, "in the job summary of this run")
    base = f"{api}/repos/{repository}/issues"
    url: str | None = f"{base}/{number}/comments?per_page=100"
    for _ in range(MAX_PAGES):
        if url is None:
            break
        comments, response = request("GET", url, headers)
        for comment in comments or []:
            mine = (comment.get("user") or {}).get("login") == author
            if mine and str(comment.get("body") or "").startswith(MARKER):
                request("PATCH", f"{base}/comments/{comment['id']}", headers, {"body": text})
                return f"updated the diff comment {comment.get('html_url') or comment['id']}"
        url = _next_link(response)
    created, _ = request("POST", f"{base}/{number}/comments", headers, {"body": text})
    return f"created the diff comment {(created or {}).get('html_url', '')}".rstrip()


# --- GitLab ----------------------------------------------------------------------------------


def gitlab(diff: str, links: list[tuple[str, str]]) -> str:
    """Create or update the merge request's one diff note; say what was done."""
    token = os.environ.get("CONVENANTGEN_NOTE_TOKEN", "")
    project = os.environ.get("CI_MERGE_REQUEST_PROJECT_ID") or os.environ.get("CI_PROJECT_ID", "")
    source = os.environ.get("CI_MERGE_REQUEST_SOURCE_PROJECT_ID", "")
    iid = os.environ.get("CI_MERGE_REQUEST_IID", "")
    if source and project and source != project:
        return "merge request from a fork: no note is written; the diff is in the job's artifacts"
    if not token:
        return "no CONVENANTGEN_NOTE_TOKEN: no note is written; the diff is in the job's artifacts"
    if not project or not iid.isdigit():
        return "not a merge request pipeline (no CI_MERGE_REQUEST_IID): nothing to comment on"
    api = os.environ.get("CI_API_V4_URL", "").rstrip("/")
    if not api:
        return "no CI_API_V4_URL: not running in GitLab CI"
    headers = {"PRIVATE-TOKEN": token, "User-Agent": "convenantgen-comment"}
    me, _ = request("GET", f"{api}/user", headers)
    text = body(diff, links, GITLAB_LIMIT, "in the job's artifacts")
    notes_url = f"{api}/projects/{urllib.parse.quote(project, safe='')}/merge_requests/{iid}/notes"
    page = "1"
    for _ in range(MAX_PAGES):
        notes, response = request("GET", f"{notes_url}?per_page=100&sort=asc&page={page}", headers)
        for note in notes or []:
            mine = (note.get("author") or {}).get("id") == (me or {}).get("id")
            if mine and not note.get("system") and str(note.get("body") or "").startswith(MARKER):
                request("PUT", f"{notes_url}/{note['id']}", headers, {"body": text})
                return f"updated the diff note {note['id']}"
        page = response.get("X-Next-Page") or ""
        if not page:
            break
    created, _ = request("POST", notes_url, headers, {"body": text})
    return f"created the diff note {(created or {}).get('id', '')}".rstrip()


# --- the job summary ---------------------------------------------------------------------


def summary(diff: str) -> str:
    """Append the diff to this step's $GITHUB_STEP_SUMMARY, within its 1 MiB."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        sys.stdout.write(diff)
        return "no GITHUB_STEP_SUMMARY: the diff went to standard output"
    path = Path(target)
    used = path.stat().st_size if path.exists() else 0
    where = "in the artifacts of this run"
    text = cut(diff.rstrip("\n") + "\n", max(SUMMARY_LIMIT - used, 0), where, _utf8_size)
    with path.open("a", encoding="utf-8") as out:
        out.write(text)
    return f"wrote {len(text.encode('utf-8')):,} bytes to the job summary"


def _links(values: list[str]) -> list[tuple[str, str]]:
    links = []
    for value in values:
        title, sep, url = value.partition("=")
        if sep and title and re.match(r"^https?://", url):
            links.append((title, url))
    return links


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module's docstring."""
    parser = argparse.ArgumentParser(
        prog="comment.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("where", choices=("summary", "github", "gitlab", "print"))
    parser.add_argument("diff", type=Path, help="the Markdown of 'convenantgen diff --format markdown'")
    parser.add_argument(
        "--link",
        action="append",
        default=[],
        metavar="TITLE=URL",
        help="a link under the diff, such as the redline artifact (repeatable; empty URLs are left out)",
    )
    args = parser.parse_args(argv)
    try:
        diff = args.diff.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        diff = f"*convenantgen produced no diff ({exc.__class__.__name__}); see the log of this job.*\n"
    if not diff.strip():
        diff = "*convenantgen produced no diff; see the log of this job.*\n"
    try:
        if args.where == "print":
            sys.stdout.write(body(diff, _links(args.link), GITHUB_LIMIT, "in the job summary of this run"))
            return 0
        if args.where == "summary":
            said = summary(diff)
        elif args.where == "github":
            said = github(diff, _links(args.link))
        else:
            said = gitlab(diff, _links(args.link))
    except ApiError as exc:
        # The comment is a convenience; the check's own result must not turn on it.
        prefix = "::warning title=convenantgen diff comment::" if args.where == "github" else "warning: "
        print(f"{prefix}the diff comment was not written: {exc}")
        return 0
    print(said)
    return 0


if __name__ == "__main__":
    sys.exit(main())
