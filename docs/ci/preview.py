#!/usr/bin/env python3
"""Render a pull-request comment's Markdown as GitHub shows it, for the screenshots of docs/review.md.

    preview.py DIFF.md OUT.html [--title "Convenanten #12"] [--open]

Markdown as GitHub reads it (CommonMark, tables, strikethrough, the HTML GitHub lets through
in comments: <details>, <summary>, <del>, <ins>, <sup>, <br>), in a timeline comment of
github-actions[bot], with a style sheet written after GitHub's light theme. It only makes a
picture: GitHub's own rendering and sanitiser decide what a real comment looks like.
Needs markdown-it-py (a dependency of convenantgen).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

from markdown_it import MarkdownIt

# What GitHub keeps of raw HTML in a comment (of what convenantgen writes); the rest is escaped.
_ALLOWED = re.compile(
    r"</?(details|summary|del|ins|sup|sub|br|b|i|em|strong|code|kbd|p)\b[^>]*>|<!--.*?-->", re.S
)

CSS = """
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; background: #fff; color: #1f2328;
  font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, "DejaVu Sans", sans-serif; }
.pr-title { font-size: 26px; font-weight: 400; margin: 0 0 4px; }
.pr-title .number { color: #59636e; font-weight: 300; }
.pr-meta { color: #59636e; margin: 0 0 16px; padding-bottom: 16px; border-bottom: 1px solid #d1d9e0; }
.state { display: inline-block; background: #1f883d; color: #fff; border-radius: 2em; padding: 3px 12px;
  font-weight: 500; margin-right: 6px; }
.timeline { display: flex; gap: 16px; max-width: 920px; }
.avatar { width: 40px; height: 40px; border-radius: 50%; background: #2f81f7; flex: none;
  display: flex; align-items: center; justify-content: center; color: #fff; font-weight: 600; }
.comment { flex: 1; border: 1px solid #d1d9e0; border-radius: 6px; min-width: 0; }
.comment-header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px;
  border-radius: 6px 6px 0 0; color: #59636e; }
.comment-header strong { color: #1f2328; }
.bot { border: 1px solid #d1d9e0; border-radius: 2em; padding: 0 7px; font-size: 12px; margin: 0 4px; }
.markdown-body { padding: 16px; overflow-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0; }
.markdown-body > :last-child { margin-bottom: 0; }
.markdown-body h1, .markdown-body h2 { padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h1 { font-size: 2em; margin: .67em 0; font-weight: 600; }
.markdown-body h2 { font-size: 1.5em; margin: 24px 0 16px; font-weight: 600; }
.markdown-body h3 { font-size: 1.25em; margin: 24px 0 16px; font-weight: 600; }
.markdown-body p, .markdown-body ul, .markdown-body ol, .markdown-body table, .markdown-body pre,
.markdown-body details, .markdown-body blockquote { margin: 0 0 16px; }
.markdown-body ul, .markdown-body ol { padding-left: 2em; }
.markdown-body li + li { margin-top: .25em; }
.markdown-body code { font: 85% ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  background: #818b981f; padding: .2em .4em; border-radius: 6px; }
.markdown-body pre { background: #f6f8fa; padding: 16px; border-radius: 6px; overflow: auto; }
.markdown-body pre code { background: none; padding: 0; font-size: 85%; }
.markdown-body table { border-collapse: collapse; display: block; width: max-content; max-width: 100%;
  overflow: auto; }
.markdown-body th, .markdown-body td { border: 1px solid #d1d9e0; padding: 6px 13px; }
.markdown-body th { font-weight: 600; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body summary { cursor: pointer; }
.markdown-body details[open] > summary { margin-bottom: 8px; }
.markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.markdown-body a { color: #0969da; text-decoration: underline; text-underline-offset: .2rem; }
.markdown-body del { color: #59636e; }
.markdown-body .del-line { color: #82071e; background: #ffebe9; display: inline-block; width: 100%; }
.markdown-body .ins-line { color: #116329; background: #dafbe1; display: inline-block; width: 100%; }
.markdown-body hr { border: 0; border-bottom: 1px solid #d1d9e0; margin: 24px 0; }
"""


def _keep_allowed(markdown: str) -> str:
    """Escape raw HTML GitHub would not show, keep what it does (outside code, roughly)."""
    parts = re.split(r"(```.*?```|`[^`\n]*`)", markdown, flags=re.S)
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # code: markdown-it escapes it itself
            out.append(part)
            continue
        pieces = re.split(r"(<[^>\n]*>)", part)
        out.append(
            "".join(p if not p.startswith("<") or _ALLOWED.fullmatch(p) else html.escape(p) for p in pieces)
        )
    return "".join(out)


def _diff_lines(match: re.Match[str]) -> str:
    """Colour the lines of a ```diff block as GitHub does: red for '-', green for '+'."""
    lines = []
    for line in match.group(2).split("\n"):
        kind = {"-": "del-line", "+": "ins-line"}.get(line[:1])
        lines.append(f'<span class="{kind}">{line}</span>' if kind else line)
    return match.group(1) + "\n".join(lines) + match.group(3)


def render(markdown: str, title: str, opened: bool = False) -> str:
    """The HTML page of the comment."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    body = md.render(_keep_allowed(markdown))
    if opened:  # as after a click on the first summary
        body = body.replace("<details>", '<details open id="details">', 1)
    body = re.sub(r'(<code class="language-diff">)(.*?)(</code>)', _diff_lines, body, flags=re.S)
    name, _, number = title.rpartition(" ")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{CSS}</style></head>
<body>
<h1 class="pr-title">{html.escape(name)} <span class="number">{html.escape(number)}</span></h1>
<p class="pr-meta"><span class="state">Open</span> <strong>secretaris</strong> wants to merge 1 commit into
<code>main</code> from <code>zuid-kennemerland-2019</code></p>
<div class="timeline"><div class="avatar" aria-hidden="true">A</div>
<div class="comment"><div class="comment-header"><strong>github-actions</strong><span class="bot">bot</span>
commented now</div>
<div class="markdown-body">
{body}</div></div></div>
</body></html>
"""


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module's docstring."""
    parser = argparse.ArgumentParser(prog="preview.py", description=__doc__.splitlines()[0])
    parser.add_argument("markdown", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--title", default="Zuid-Kennemerland en IJmond: versie 2019 #12")
    parser.add_argument("--open", action="store_true", help="show the first <details> opened")
    args = parser.parse_args(argv)
    page = render(args.markdown.read_text(encoding="utf-8"), args.title, args.open)
    args.out.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
