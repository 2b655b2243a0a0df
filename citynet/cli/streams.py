"""The console streams of the ``citynet`` script: quiet when the reader goes away."""

from __future__ import annotations

import contextlib
import io
import os
from typing import IO, TextIO


class PipeGuard(io.TextIOBase, TextIO):
    """A text stream that drops its output, quietly, once its reader has gone.

    ``citynet inventory list | head`` closes the pipe while citynet still
    writes. Writing on regardless lets the command finish, so its exit status
    is the one it would have had (3 for drift found, 1 for an error), and the
    interpreter's last flush finds /dev/null instead of the closed pipe.

    >>> class Closed(io.StringIO):
    ...     def write(self, text: str) -> int:
    ...         raise BrokenPipeError(32, "Broken pipe")
    >>> guard = PipeGuard(Closed())
    >>> guard.write("first line\\n"), guard.reader_gone
    (11, True)
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        if not self.reader_gone:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self._reader_went_away()
        return len(text)

    def flush(self) -> None:
        if not self.reader_gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._reader_went_away()

    def isatty(self) -> bool:
        return isatty(self.stream)

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    def _reader_went_away(self) -> None:
        self.reader_gone = True
        # What is still buffered (and the interpreter's flush at exit) goes to /dev/null.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            fd = self.stream.fileno()
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, fd)
            os.close(devnull)


def isatty(stream: IO[str]) -> bool:
    """Whether ``stream`` is a terminal (False for anything that cannot tell, or is closed).

    >>> isatty(io.StringIO())
    False
    """
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False
