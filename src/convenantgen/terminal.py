"""A progress bar on the terminal for long builds: on stderr, and only when someone watches.

Standard output stays clean for reports and JSON. The bar is shown only when stderr is a
terminal and the report is not JSON, so logs, pipes and CI stay free of bar redraws.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import click

Progress = Callable[[int, int], None]


def wanted(fmt: str, stream: TextIO | None = None) -> bool:
    """Show a bar: stderr (or ``stream``) is a terminal and the output is not JSON."""
    stream = stream or sys.stderr
    try:
        return fmt != "json" and stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced stream
        return False


@contextlib.contextmanager
def terminal_bar(label: str, enabled: bool) -> Iterator[Progress | None]:
    """Yield a ``progress(done, total)`` that draws a click progress bar on stderr, or None."""
    if not enabled:
        yield None
        return
    bars: list[Any] = []
    with contextlib.ExitStack() as stack:

        def report(done: int, total: int) -> None:
            if not bars:
                if total == 0:
                    return
                bar = click.progressbar(
                    length=total, label=label, file=sys.stderr, show_pos=True, show_eta=False
                )
                bars.append(stack.enter_context(bar))
            bar = bars[0]
            bar.update(done - bar.pos)

        yield report
