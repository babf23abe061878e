"""The table of output kinds: every file a build (or a site) can make of checked covenants.

A kind is made per covenant (``<id>.html``, ``<id>.pdf``, ``<id>.ics``, ``<id>.yaml``) or once
per collection of covenants (``convenanten.ics``: the deadlines of every covenant built). It
renders from checked covenants alone, plain frozen values, so it can run in a worker process,
and its cache key names everything it is made from, so a build can tell whether the file it
wrote last time still stands without rendering it again. Rendering libraries are imported
inside the render functions: importing this table costs ``check`` neither Jinja2 nor WeasyPrint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from convenantgen import workers
from convenantgen.provenance import provenance

if TYPE_CHECKING:
    from convenantgen.layout import Layout
    from convenantgen.model import Covenant
    from convenantgen.pipeline import Checked

Progress = Callable[[int, int], None]  # (covenants done, covenants in all)
DEFAULT = ("html", "pdf")


@dataclass(frozen=True)
class Options:
    """What besides the covenants decides an output."""

    commit: str | None = None  # the git commit recorded in the page (``build --git-commit``)


@dataclass(frozen=True)
class Artifact:
    """One output file, rendered but not yet written."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Kind:
    """One kind of output: its file name, how it is rendered and what decides its bytes."""

    name: str
    pattern: str  # the file name; '{id}' stands for the covenant id (absent in a collection's)
    description: str
    render: Callable[[Sequence[Checked], Options], bytes]  # one covenant, or all of a collection
    collection: bool = False
    needs_weasyprint: bool = False
    uses_commit: bool = False  # the git commit is printed in it, so it is part of its key

    def file_name(self, covenant_id: str = "") -> str:
        """The name of the file in the output folder."""
        return self.pattern.format(id=covenant_id)

    def key(self, env: str, members: Iterable[tuple[str, str]], options: Options) -> str:
        """The cache key: kind, environment, (id, content hash) of each covenant, options used."""
        body = [self.name, self.pattern, env, sorted(members), options.commit if self.uses_commit else None]
        return hashlib.sha256(json.dumps(body).encode("utf-8")).hexdigest()


def _parts(item: Checked) -> tuple[Covenant, Layout]:
    assert item.covenant is not None and item.layout is not None, "only checked covenants render"
    return item.covenant, item.layout


def _html(items: Sequence[Checked], options: Options) -> bytes:
    from convenantgen.render import render_html

    [item] = items
    covenant, layout = _parts(item)
    # the PDF is written beside the page (the default kinds): the page links to it
    extra = {**provenance(item, options.commit), "pdf": KINDS["pdf"].file_name(covenant.id)}
    page = render_html(covenant, layout, "screen", extra)
    return page.html.encode("utf-8")


def _pdf(items: Sequence[Checked], options: Options) -> bytes:
    from convenantgen.pdf import render_pdf  # WeasyPrint is heavy: only what prints imports it
    from convenantgen.render import render_html
    from convenantgen.schedule import document_date

    [item] = items
    covenant, layout = _parts(item)
    printed = render_html(covenant, layout, "print", provenance(item, options.commit))
    return render_pdf(printed.html, document_date(covenant))


def _calendar(items: Sequence[Checked], options: Options) -> bytes:
    from convenantgen.ical import build_calendar

    return build_calendar(_parts(item) for item in items)


def _yaml(items: Sequence[Checked], options: Options) -> bytes:
    [item] = items
    assert item.source is not None
    return item.source.text.encode("utf-8")  # exactly the text that was checked


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("html", "{id}.html", "the covenant as a web page", _html, uses_commit=True),
        Kind(
            "pdf",
            "{id}.pdf",
            "the covenant as a PDF/A with a signature field per party",
            _pdf,
            needs_weasyprint=True,
            uses_commit=True,
        ),
        Kind("ics", "{id}.ics", "the covenant's deadlines as an iCalendar file", _calendar),
        Kind("yaml", "{id}.yaml", "a copy of the source text that was checked", _yaml),
        Kind(
            "calendar",
            "convenanten.ics",
            "the deadlines of every covenant built, in one iCalendar file",
            _calendar,
            collection=True,
        ),
    )
}


def select(names: Iterable[str]) -> tuple[Kind, ...]:
    """The kinds named, in table order; a :class:`KeyError` names the first unknown one."""
    wanted = list(dict.fromkeys(names))
    for name in wanted:
        if name not in KINDS:
            raise KeyError(name)
    return tuple(kind for kind in KINDS.values() if kind.name in wanted)


def covenant_names(covenant_id: str) -> set[str]:
    """Every file name a kind can give a covenant's outputs."""
    return {kind.file_name(covenant_id) for kind in KINDS.values() if not kind.collection}


def collection_names() -> set[str]:
    """Every file name of a collection output."""
    return {kind.file_name() for kind in KINDS.values() if kind.collection}


def render_covenant(item: Checked, kinds: Sequence[str], options: Options = Options()) -> list[Artifact]:
    """The files of the per-covenant ``kinds`` (names from :data:`KINDS`) of one covenant."""
    covenant, _ = _parts(item)
    out = []
    for name in kinds:
        kind = KINDS[name]
        assert not kind.collection, name
        out.append(Artifact(kind.file_name(covenant.id), kind.render((item,), options)))
    return out


def render_collection(kind: Kind, items: Sequence[Checked], options: Options = Options()) -> Artifact:
    """The one file of a collection kind, made of ``items``."""
    assert kind.collection, kind.name
    return Artifact(kind.file_name(), kind.render(tuple(items), options))


def _render_task(task: tuple[Checked, tuple[str, ...], Options]) -> list[Artifact]:
    return render_covenant(*task)


def render_all(
    tasks: Sequence[tuple[Checked, tuple[str, ...]]],
    options: Options,
    jobs: int,
    progress: Progress | None = None,
) -> list[list[Artifact]]:
    """The files of each (covenant, kinds) task, over ``jobs`` processes when there is more than one.

    ``progress(done, total)`` is called before the first and after every covenant.
    """
    work = [(item, tuple(kinds), options) for item, kinds in tasks]
    report = progress or _no_progress
    report(0, len(work))
    if jobs <= 1 or len(work) <= 1:
        return _collect(map(_render_task, work), len(work), report)
    if any(KINDS[name].needs_weasyprint for _, kinds, _ in work for name in kinds):
        import weasyprint  # noqa: F401  (imported once here, shared by the forked workers)
    with workers.pool(min(jobs, len(work))) as pool:
        return _collect(pool.map(_render_task, work), len(work), report)


def _no_progress(done: int, total: int) -> None:
    return None


def _collect(results: Iterable[list[Artifact]], total: int, progress: Progress) -> list[list[Artifact]]:
    out: list[list[Artifact]] = []
    for done, result in enumerate(results, 1):
        out.append(result)
        progress(done, total)
    return out
