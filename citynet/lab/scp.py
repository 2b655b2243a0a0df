"""The receiving side of an SCP upload (``scp -t flash:/file``), as IOS's SCP server."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

OK = b"\x00"
FAIL = b"\x01"


def parse_scp_command(command: str) -> str | None:
    """The target of an ``scp -t TARGET`` command, or None for anything else.

    >>> parse_scp_command("scp -t flash:/candidate_config.txt")
    'flash:/candidate_config.txt'
    >>> parse_scp_command("show version") is None
    True
    """
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    if len(words) < 3 or words[0] != "scp" or "-t" not in words[1:-1]:
        return None
    return words[-1]


@dataclass
class ScpSink:
    """Protocol state of one upload; call :meth:`receive` with each chunk of data.

    ``reply`` sends bytes back to the client; ``store(name, data)`` saves a file (name is
    the target, or the sent file name when the target is a directory).
    """

    target: str
    reply: Callable[[bytes], None]
    store: Callable[[str, bytes], None]
    buffer: bytes = b""
    expecting: int | None = None
    name: str = ""
    stored: list[str] = field(default_factory=list)

    def start(self) -> None:
        """Tell the client the sink is ready."""
        self.reply(OK)

    def receive(self, data: bytes) -> None:
        """Consume client data: control lines, then file contents and their trailing NUL."""
        self.buffer += data
        while self.buffer:
            if self.expecting is not None:
                if len(self.buffer) < self.expecting + 1:
                    return
                content = self.buffer[: self.expecting]
                self.buffer = self.buffer[self.expecting + 1 :]
                self.expecting = None
                self.store(self.name, content)
                self.stored.append(self.name)
                self.reply(OK)
                continue
            if b"\n" not in self.buffer:
                return
            line, _, self.buffer = self.buffer.partition(b"\n")
            self._control(line.decode("utf-8", "replace"))

    def _control(self, line: str) -> None:
        kind = line[:1]
        if kind == "C":
            parts = line[1:].split(" ", 2)
            if len(parts) != 3 or not parts[1].isdigit():
                self.reply(FAIL + b"scp: protocol error\n")
                return
            self.expecting = int(parts[1])
            directory = self.target.endswith(":") or self.target.endswith("/")
            self.name = self.target + parts[2] if directory else self.target
            self.reply(OK)
        elif kind in ("T", "D", "E"):
            self.reply(OK)
        else:
            self.reply(FAIL + b"scp: protocol error\n")
