"""Writing files safely: atomically, inside the workspace, never over an input.

Every file citynet writes goes through :func:`atomic_write`: the text goes to a
temporary file in the same folder, is flushed to disk, and replaces the target
in one rename, so a reader sees the old file or the new one, never a truncated
one, and a crash or a full disk leaves the old file in place. A target that is
(or sits under) a symbolic link leading out of the allowed folder is refused.
:func:`exclusive` serialises writers (two ``golden update`` runs).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from citynet.errors import CitynetError


class FileSafetyError(CitynetError):
    """A write was refused (outside the workspace, over an input) or failed."""


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every link resolved, is ``folder`` or under it.

    >>> inside(Path("/tmp/a/b"), Path("/tmp/a")), inside(Path("/tmp/a/../c"), Path("/tmp/a"))
    (True, False)
    """
    resolved = path.resolve()
    root = folder.resolve()
    return resolved == root or root in resolved.parents


def atomic_write(path: Path, text: str, *, within: Path | None = None) -> None:
    """Write ``text`` to ``path`` atomically (temporary file, fsync, rename).

    Args:
        path: the file to write.
        text: its new content (UTF-8).
        within: when given, the write is refused unless the target, with every
            symbolic link resolved, lies in this folder.

    Raises:
        FileSafetyError: the target leaves ``within``, is a folder, or the write failed
            (the message says why; the old file, if any, is untouched).
    """
    if within is not None and not inside(path, within):
        raise FileSafetyError(
            f"refusing to write {path}: it leads outside {within} (a symbolic link or '..'); "
            "write inside the workspace"
        )
    if path.is_dir():
        raise FileSafetyError(f"cannot write {path}: it is a folder; give a file name")
    real = path.resolve() if path.is_symlink() else path
    folder = real.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileSafetyError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
        raise FileSafetyError(f"cannot write {path}: {reason}; the old file is unchanged") from None
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def check_output(output: Path, inputs: Iterable[Path]) -> None:
    """Refuse an ``--output`` file that is one of the command's inputs or under one.

    Raises:
        FileSafetyError: the output would overwrite an input or is a folder.

    >>> check_output(Path("/tmp/report.html"), [Path("/tmp/inventory")])
    """
    if output.is_dir():
        raise FileSafetyError(f"--output {output} is a folder; give a file name")
    target = output.resolve()
    for source in inputs:
        resolved = source.resolve()
        if target == resolved or resolved in target.parents:
            raise FileSafetyError(
                f"--output {output} would overwrite {source}, an input of this command; "
                "write the report somewhere else"
            )


@contextlib.contextmanager
def exclusive(lock_file: Path, *, what: str, wait: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` (waiting up to ``wait`` seconds).

    Raises:
        FileSafetyError: another run holds the lock for longer than ``wait``.
    """
    import fcntl

    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise FileSafetyError(
                        f"another citynet run is doing {what} (lock {lock_file}); "
                        "wait for it to finish and try again"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
