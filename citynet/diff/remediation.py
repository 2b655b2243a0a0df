"""Order and render remediation commands as push-ready IOS text.

Top-level commands run in three phases: first everything that creates or
changes configuration, definitions before what references them (by tier:
VRFs, VLANs, access lists and prefix lists, then route-maps and policy-maps,
then interfaces, then the rest); then removals, references before the
definitions they use (reverse tier). Nested sections end with the exit their
mode needs (``exit-address-family``, ``exit``).
"""

from __future__ import annotations

from collections.abc import Iterable

from citynet.diff.compare import Cmd
from citynet.diff.parse import Node, render_line
from citynet.ios import rules


def order(cmds: Iterable[Cmd]) -> list[Cmd]:
    """Top-level commands in push order (stable within a tier)."""
    cmds = list(cmds)
    changes = sorted((c for c in cmds if not c.removal), key=lambda c: c.tier)
    removals = sorted((c for c in cmds if c.removal), key=lambda c: -c.tier)
    return changes + removals


def render(cmds: Iterable[Cmd]) -> list[str]:
    """Push-ready lines for ordered top-level commands (one-space indentation).

    >>> from citynet.diff.compare import Cmd
    >>> render([Cmd("router bgp 1", [Cmd("address-family ipv4", [Cmd("network 10.0.0.0")])])])
    ['router bgp 1', ' address-family ipv4', '  network 10.0.0.0', ' exit-address-family']
    """
    out: list[str] = []
    for cmd in cmds:
        _render(cmd, 0, out)
    return out


def _render(cmd: Cmd, depth: int, out: list[str]) -> None:
    if cmd.body is not None:
        out.extend(render_line(Node(cmd.text, body=cmd.body), depth))
    else:
        out.append(" " * depth + cmd.text)
    for child in cmd.children:
        _render(child, depth + 1, out)
    if depth and cmd.children:
        out.append(" " * depth + rules.exit_command(cmd.text))
