"""Pre- and post-change checks behind one small protocol.

A :class:`Checker` takes an operational snapshot of what a change can affect
(through ``send``, one show command at a time, on an open session) and compares
two snapshots: each finding is one line an engineer reads. :class:`StateChecker`
is the operational-state package (``citynet.state``: Genie and TTP parsers per
feature), imported only when used; :class:`InterfaceChecker` is a small check of
its own (interfaces from ``show ip interface brief``), used when that package is
not installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any, Protocol

Send = Callable[[str], str]


class Checker(Protocol):
    """Snapshots and their comparison."""

    def take(self, send: Send, platform: str, features: Sequence[str], role: str) -> Any:
        """A snapshot of the device's state for these touched features."""
        ...

    def compare(self, pre: Any, post: Any) -> list[str]:
        """What got worse from ``pre`` to ``post`` (empty: nothing)."""
        ...


class StateChecker:
    """``citynet.state``: the features a change touches, parsed by Genie or TTP."""

    def take(self, send: Send, platform: str, features: Sequence[str], role: str) -> Any:
        state = importlib.import_module("citynet.state")
        wanted = state.features_for(tuple(features), role)
        return state.take_snapshot(send, platform, wanted)

    def compare(self, pre: Any, post: Any) -> list[str]:
        state = importlib.import_module("citynet.state")
        return [str(getattr(p, "message", p)) for p in state.compare_snapshots(pre, post)]


def parse_interface_brief(text: str) -> dict[str, tuple[str, str]]:
    """``show ip interface brief`` as interface -> (status, protocol).

    >>> parse_interface_brief(
    ...     "Interface  IP-Address  OK? Method Status  Protocol\\n"
    ...     "Vlan10     10.0.0.1    YES NVRAM  up      up\\n"
    ...     "Gi1/0/2    unassigned  YES unset  administratively down down\\n")
    {'Vlan10': ('up', 'up'), 'Gi1/0/2': ('administratively down', 'down')}
    """
    found: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        words = line.split()
        if len(words) < 6 or words[0] == "Interface" or words[2] not in ("YES", "NO"):
            continue
        found[words[0]] = (" ".join(words[4:-1]), words[-1])
    return found


class InterfaceChecker:
    """Interfaces that were up and up before the change must still be."""

    command = "show ip interface brief"

    def take(self, send: Send, platform: str, features: Sequence[str], role: str) -> Any:
        return parse_interface_brief(send(self.command))

    def compare(self, pre: Any, post: Any) -> list[str]:
        problems = []
        for name, (status, protocol) in sorted(pre.items()):
            if (status, protocol) != ("up", "up"):
                continue
            now = post.get(name)
            if now != ("up", "up"):
                after = "absent" if now is None else f"{now[0]}/{now[1]}"
                problems.append(f"interface {name} was up/up before the change, now {after}")
        return problems


def default_checker() -> Checker:
    """The operational-state checks when installed, else the interface check."""
    import importlib.util

    if importlib.util.find_spec("citynet.state") is None:
        return InterfaceChecker()
    return StateChecker()
