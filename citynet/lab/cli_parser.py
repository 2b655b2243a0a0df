"""Exec-mode command parsing: IOS keyword abbreviations, parser errors and output pipes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citynet.lab.config_engine import CommandError
from citynet.lab.keywords import END, LINE, Tree
from citynet.lab.shows.registry import SHOW_TREE

EXEC_TREE: Tree = {
    "enable": None,
    "disable": None,
    "exit": None,
    "logout": None,
    "quit": None,
    "terminal": {
        "length": None,
        "width": None,
        "monitor": None,
        "no": None,
        "exec": None,
        "shell": None,
        "history": None,
    },
    "configure": {
        "terminal": None,
        "replace": None,
        "confirm": {},
        "revert": None,
        "memory": {},
        "network": None,
        "overwrite-network": None,
    },
    "show": SHOW_TREE,
    "write": {"": {}, "memory": {}, "terminal": {}, "erase": {}, "network": None},
    "copy": None,
    "dir": None,
    "more": None,
    "verify": None,
    "delete": None,
    "ping": None,
    "traceroute": None,
    "reload": None,
    "clear": None,
    "archive": None,
    "clock": None,
    "connect": None,
    "disconnect": None,
    "send": None,
    "setup": None,
    "ssh": None,
    "systat": None,
    "telnet": None,
    "test": None,
    "tclsh": None,
    "debug": None,
    "undebug": None,
    "erase": None,
    "mkdir": None,
    "rename": None,
    "release": None,
    "renew": None,
    "resume": None,
    "rsh": None,
    "login": None,
    "lock": None,
    "pwd": None,
    "cd": None,
    "squeeze": None,
    "format": None,
    "fsck": None,
    "where": None,
    "mrinfo": None,
    "crypto": None,
    "license": None,
    "monitor": None,
    "request": None,
    "install": None,
}

#: Commands available in user exec mode (prompt ``>``).
USER_EXEC = frozenset(
    {
        "enable",
        "exit",
        "logout",
        "quit",
        "terminal",
        "show",
        "ping",
        "traceroute",
        "connect",
        "disconnect",
        "send",
        "ssh",
        "systat",
        "telnet",
        "login",
        "lock",
        "where",
        "mrinfo",
        "disable",
        "release",
        "renew",
        "resume",
        "rsh",
    }
)


@dataclass(frozen=True)
class Parsed:
    """A resolved exec command: its full keywords and the remaining arguments.

    ``columns`` holds where each argument starts in the line, for an error's caret.
    """

    keywords: tuple[str, ...]
    args: tuple[str, ...]
    columns: tuple[int, ...] = field(default=(), repr=False, compare=False)


def _positions(line: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+", line)]


def resolve(
    line: str, tree: Tree = EXEC_TREE, allowed: frozenset[str] | None = None
) -> Parsed | CommandError:
    """Expand abbreviated keywords the way the IOS exec parser does.

    >>> resolve("sh run")
    Parsed(keywords=('show', 'running-config'), args=())
    >>> resolve("s").kind
    'ambiguous'
    >>> resolve("show foo").position
    5
    >>> resolve("sh int gi1/0/1")
    Parsed(keywords=('show', 'interfaces'), args=('gi1/0/1',))
    """
    tokens = line.split()
    cols = _positions(line)
    node: Tree | None = tree
    keywords: list[str] = []
    index = 0
    while index < len(tokens) and node:
        token = tokens[index].lower()
        choices = [
            k for k in node if k not in (END, LINE) and (allowed is None or index or k in allowed)
        ]
        match = [token] if token in choices else [k for k in choices if k.startswith(token)]
        if not match and LINE in node:
            break
        if not match:
            return CommandError("invalid", cols[index])
        if len(match) > 1:
            return CommandError("ambiguous", detail=line.strip())
        keywords.append(match[0])
        node = node[match[0]]
        index += 1
    if node and END not in node and index == len(tokens):
        return CommandError("incomplete")
    if node == {} and index < len(tokens):
        return CommandError("invalid", cols[index])
    return Parsed(tuple(keywords), tuple(tokens[index:]), tuple(cols[index:]))


_PIPES = ("append", "begin", "count", "exclude", "format", "include", "redirect", "section", "tee")


def split_pipe(line: str) -> tuple[str, tuple[str, str] | None] | CommandError:
    """Split ``show ... | include x`` into the command and (filter, regex)."""
    if "|" not in line:
        return line, None
    command, _, rest = line.partition("|")
    words = rest.strip().split(None, 1)
    if not words:
        return CommandError("incomplete")
    matches = [p for p in _PIPES if p.startswith(words[0].lower())]
    if len(matches) != 1:
        pos = len(command) + 1 + (len(rest) - len(rest.lstrip()))
        return CommandError("invalid", pos)
    if len(words) < 2:
        return CommandError("incomplete")
    return command.rstrip(), (matches[0], words[1])


def apply_pipe(output: str, pipe: tuple[str, str] | None) -> str:
    """Filter command output with ``include``/``exclude``/``begin``/``section``/``count``."""
    if pipe is None:
        return output
    kind, pattern = pipe
    try:
        regex = re.compile(pattern)
    except re.error:
        regex = re.compile(re.escape(pattern))
    lines = output.split("\n")
    if kind == "include":
        return "\n".join(line for line in lines if regex.search(line))
    if kind == "exclude":
        return "\n".join(line for line in lines if not regex.search(line))
    if kind == "count":
        return f"Number of lines which match regexp = {sum(1 for x in lines if regex.search(x))}"
    if kind == "begin":
        for index, line in enumerate(lines):
            if regex.search(line):
                return "\n".join(lines[index:])
        return ""
    if kind == "section":
        return _section(lines, regex)
    return output


def _section(lines: list[str], regex: re.Pattern[str]) -> str:
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block and any(regex.search(x) for x in block):
            out.extend(block)

    for line in lines:
        if line and not line.startswith(" "):
            flush()
            block = [line]
        elif block and line.startswith(" "):
            block.append(line)
        else:
            flush()
            block = []
    flush()
    return "\n".join(x for x in out if x.strip() != "!")
