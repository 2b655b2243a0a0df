"""Switching show commands: the VLAN table."""

from __future__ import annotations

from citynet.ios.names import short_interface_name
from citynet.lab.shows.model import interfaces, vlans
from citynet.lab.shows.request import ShowRequest


def _wrap_ports(ports: list[str], width: int) -> list[str]:
    """Port lists as IOS wraps them in the Ports column (from column 48).

    IOS adds another port while the line is still shorter than the terminal width, so a
    line may run a little past it (four ``GiX/Y/Z`` ports on an 80-column terminal).

    >>> _wrap_ports(["Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Gi1/0/4", "Gi1/0/5"], 80)
    ['Gi1/0/1, Gi1/0/2, Gi1/0/3, Gi1/0/4', 'Gi1/0/5']
    """
    room = width - 48 if width > 0 else 1 << 30
    chunks: list[str] = []
    for port in ports:
        if chunks and len(chunks[-1]) < room:
            chunks[-1] += ", " + port
        else:
            chunks.append(port)
    return chunks or [""]


def show_vlan_brief(request: ShowRequest) -> str:
    """``show vlan brief``; the Ports column wraps at the terminal ``width`` (0: never)."""
    root, width = request.root, request.term_width
    table = vlans(root)
    members: dict[int, list[str]] = {vid: [] for vid in table}
    for intf in interfaces(root):
        physical = intf.kind not in ("Vlan", "Loopback", "Tunnel", "Port-channel")
        if physical and intf.switchport in (None, "access") and intf.address is None:
            members.setdefault(intf.access_vlan, []).append(short_interface_name(intf.name))
    lines = [
        "",
        "VLAN Name                             Status    Ports",
        "---- -------------------------------- --------- -------------------------------",
    ]
    for vid in sorted(table):
        ports = members.get(vid, [])
        chunks = _wrap_ports(ports, width)
        lines.append(f"{vid:<5}{table[vid][:32]:<33}{'active':<10}{chunks[0]}".rstrip())
        for chunk in chunks[1:]:
            lines.append(" " * 48 + chunk)
    for vid, name in (
        (1002, "fddi-default"),
        (1003, "token-ring-default"),
        (1004, "fddinet-default"),
        (1005, "trnet-default"),
    ):
        lines.append(f"{vid:<5}{name:<33}act/unsup")
    return "\n".join(lines)
