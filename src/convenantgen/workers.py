"""Render workers that end with the build that started them.

A forked worker blocks on the pool's call queue, whose write end it inherited itself, so it
never sees the parent go: after ``kill -9`` of a build, its workers would live on. Each worker
therefore watches its parent twice: on Linux the kernel sends it SIGKILL when the thread that
forked it ends (``PR_SET_PDEATHSIG``), and everywhere a thread waits on a pipe whose only
write end the parent holds; end of file means the parent is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from convenantgen import i18n

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent ends (Linux only; else nothing)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch_parent(read_fd: int) -> None:
    """End this process as soon as the parent's end of the pipe is closed."""

    def wait() -> None:
        while True:
            try:
                if not os.read(read_fd, 1):
                    break
            except InterruptedError:
                continue
            except OSError:
                break
        os._exit(1)  # from any thread: the whole process ends, mid-render or idle

    threading.Thread(target=wait, name="convenantgen-parent-watch", daemon=True).start()


def _initialise(parent: int, read_fd: int, write_fd: int, language: str) -> None:
    i18n.set_language(language)  # the build's language, also where workers are not forked
    os.close(write_fd)  # our inherited copy would keep the pipe open for ever
    _die_with_parent()
    _watch_parent(read_fd)
    if os.getppid() != parent:  # the parent died before the watches were set up
        os._exit(1)


@contextlib.contextmanager
def pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``jobs`` forked workers that end when this process ends, however it ends."""
    read_fd, write_fd = os.pipe()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_initialise,
            initargs=(os.getpid(), read_fd, write_fd, i18n.language()),
        ) as executor:
            yield executor
    finally:
        os.close(write_fd)
        os.close(read_fd)
