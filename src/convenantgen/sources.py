"""Reading and finding covenant sources: regular files in the folder named, never more than a limit.

A pull request can add a ``*.yaml`` that is a symbolic link to /etc/passwd, a CI secret or
/proc/kmsg. Every source, whether named on the command line or found in a folder, is read
through :func:`read_bytes`: a link is followed only when its target lies inside the folder
the source belongs to, and anything but a regular file is refused before a byte is read.
A refusal never quotes the refused file, nor where a link points (resolving a link through
/proc can name files the author of the link could not see).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from convenantgen.findings import Finding, Severity
from convenantgen.i18n import N_, _

SUFFIXES = (".yaml", ".yml")
_NOT_READ = N_("it was not read")
_NOT_FOLLOWED = N_("it was not followed")
_LINK_HINT = N_("a covenant must be a file in the repository: replace the link by the file itself")
# O_NONBLOCK: opening a FIFO with no writer must not hang; O_NOCTTY: a terminal must not become ours.
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_KINDS = (
    (stat.S_ISDIR, N_("a folder")),
    (stat.S_ISFIFO, N_("a named pipe (FIFO)")),
    (stat.S_ISCHR, N_("a device")),
    (stat.S_ISBLK, N_("a device")),
    (stat.S_ISSOCK, N_("a socket")),
)


class _Refused(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_bytes(path: Path, root: Path | None, limit: int) -> bytes | Finding:
    """The bytes of the regular file at ``path``, or the CG001 finding that refuses it.

    A symbolic link is followed only to a target inside ``root`` (by default the folder
    that holds ``path``); more than ``limit`` bytes are never read.
    """
    try:
        return _read(_target(path, path.parent if root is None else root), limit)
    except _Refused as exc:
        message, hint = exc.message, exc.hint
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket (or a device without a driver) cannot be opened
            message, hint = (
                _("the file is not a regular file; {not_read}").format(not_read=_(_NOT_READ)),
                _("check the path"),
            )
        else:
            message, hint = (
                _("cannot read the file: {strerror}").format(strerror=exc.strerror),
                _("check the path"),
            )
    return Finding(str(path), 1, 1, "CG001", Severity.ERROR, message, hint)


def _target(path: Path, root: Path) -> Path:
    """``path`` itself, or the real path of the link at ``path`` when it stays inside ``root``."""
    if not path.is_symlink():
        return path
    # Where it points is judged before whether it exists: a link out gets one message either
    # way, so links cannot probe which files exist outside the folder.
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(os.path.realpath(root)):
        raise _Refused(
            _("a symbolic link to a place outside '{root}'; {not_followed}").format(
                root=root, not_followed=_(_NOT_FOLLOWED)
            ),
            _("{link_hint} (links are followed only inside '{root}')").format(
                link_hint=_(_LINK_HINT), root=root
            ),
        )
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a link loop, before Python 3.13
        raise _Refused(
            _("a symbolic link that leads nowhere (a missing target, or a loop); {not_followed}").format(
                not_followed=_(_NOT_FOLLOWED)
            ),
            _(_LINK_HINT),
        ) from None


def _read(target: Path, limit: int) -> bytes:
    fd = os.open(target, _OPEN_FLAGS)
    try:
        # What was opened is what counts: a check on the name could be raced.
        info = os.fstat(fd)
        for test, kind in _KINDS:
            if test(info.st_mode):
                raise _Refused(
                    _("the file is {kind}, not a regular file; {not_read}").format(
                        kind=_(kind), not_read=_(_NOT_READ)
                    ),
                    _("check the path"),
                )
        if not stat.S_ISREG(info.st_mode):
            raise _Refused(
                _("the file is not a regular file; {not_read}").format(not_read=_(_NOT_READ)),
                _("check the path"),
            )
        if info.st_size > limit:
            raise _too_large(_("{size:,} bytes").format(size=info.st_size), limit)
        # The size stat gives is no promise (files in /proc say 0): read one byte past the limit.
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise _too_large(_("more than {limit:,} bytes").format(limit=limit), limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(size: str, limit: int) -> _Refused:
    return _Refused(
        _("the file is {size}; the limit is {limit:,}").format(size=size, limit=limit),
        _("a covenant is a few dozen kilobytes; check that this is the right file"),
    )


PROGRESS_SUFFIX = ".voortgang"  # <covenant stem>.voortgang.yaml: see progress.py


def is_progress_file(path: Path) -> bool:
    """True for ``*.voortgang.yaml`` (and ``.yml``): realised numbers beside a covenant, not a covenant."""
    return path.suffix in SUFFIXES and path.stem.endswith(PROGRESS_SUFFIX)


def discover(paths: Iterable[Path], progress: bool = False) -> dict[Path, Path | None]:
    """Covenant files named directly, or found (sorted) in the folders named, each with its root.

    The root is the folder a link there may point into: the folder named, or None (the
    file's own folder) for a file named directly. Linked folders are never walked; a linked
    ``*.yaml`` is listed, and :func:`read_bytes` decides whether it may be followed.
    Progress files (``*.voortgang.yaml``) are never covenants; with ``progress`` the
    progress files are returned instead.
    """
    found: dict[Path, Path | None] = {}
    for path in paths:
        if path.is_dir() and not _outside(path):
            for file in sorted(_walk(path)):
                found.setdefault(file, path)
        else:
            found.setdefault(path, None)
    return {file: root for file, root in found.items() if is_progress_file(file) == progress}


def _outside(folder: Path) -> bool:
    """True for a folder named as a link that points out of the folder holding the link."""
    if not folder.is_symlink():
        return False
    return not Path(os.path.realpath(folder)).is_relative_to(os.path.realpath(folder.parent))


def _walk(folder: Path) -> Iterable[Path]:
    # followlinks=False: a linked folder is listed in ``dirs`` but never entered.
    for top, dirs, files in os.walk(folder):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            if Path(name).suffix in SUFFIXES:
                yield Path(top, name)
