"""What every command handler receives: streams, terminal state, environment, workspace."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from citynet.workspace import Workspace


class ExitStatus(IntEnum):
    """Exit codes, the same for every command (see DESIGN.md)."""

    SUCCESS = 0
    ERROR = 1
    USAGE = 2
    DIFFERENCES = 3
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it


@dataclass
class Context:
    """Streams, terminal state, environment and the (lazily found) workspace of one invocation.

    ``main()`` fills in the real streams and asks them whether they are
    terminals; commands read ``stdin_isatty`` (may we prompt?) and
    ``stderr_isatty`` (may we draw progress?) from here, never from ``sys``.
    The defaults are those of a test or a pipeline: no input, no terminal.
    """

    stdout: IO[str]
    stderr: IO[str]
    env: Mapping[str, str]
    root_arg: str | None = None
    cwd: Path = field(default_factory=Path.cwd)
    stdin: IO[str] = field(default_factory=io.StringIO)
    stdin_isatty: bool = False
    stderr_isatty: bool = False
    _workspace: Workspace | None = None

    def workspace(self) -> Workspace:
        """The workspace given with ``--root`` or found upward from the cwd."""
        if self._workspace is None:
            from citynet.workspace import find_workspace

            start = Path(self.root_arg) if self.root_arg else self.cwd
            self._workspace = find_workspace(start, explicit=self.root_arg is not None)
        return self._workspace
