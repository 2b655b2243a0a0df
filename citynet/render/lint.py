"""Lint rendered configurations: references, unused objects, addressing, management access.

Pure: takes configuration texts (and, for messages, the hosts' resolved views),
returns diagnostics. Per-device checks look at one configuration; fleet checks
(duplicate addresses, overlapping subnets) look at all of them together. Each
configuration is read once (:func:`citynet.render.scan.scan_config`); pass the
scans to both when you have them.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator

from citynet.diagnostics import Diagnostic, Severity
from citynet.inventory.model import HostView
from citynet.inventory.schema import Role
from citynet.render.scan import (
    DEFINITIONS,
    REFERENCES,
    WARN_UNUSED,
    Address,
    Line,
    Scan,
    config_lines,
    scan_config,
)

__all__ = [
    "DEFINITIONS",
    "PREDEFINED",
    "REFERENCES",
    "WARN_UNUSED",
    "Address",
    "Line",
    "addresses",
    "config_lines",
    "lint_config",
    "lint_fleet",
    "scan_config",
    "source_of",
]

PREDEFINED = {("vlan", v) for v in ("1", "1002", "1003", "1004", "1005")}
"""Objects every device has without configuring them."""


def source_of(view: HostView | None, token: str, keys: tuple[str, ...] = ()) -> str:
    """Where in the inventory a value came from: the first variable holding ``token``."""
    if view is None:
        return ""
    for key in keys or tuple(view.data):
        if key in view.data and token in json.dumps(view.data[key]):
            return f"inventory: {view.sources[key]}"
    return ""


def lint_config(
    host: str,
    text: str,
    view: HostView | None = None,
    file: str | None = None,
    *,
    scan: Scan | None = None,
) -> list[Diagnostic]:
    """Undefined references (errors), unused objects (warnings), management access."""
    file = file or f"{host}.cfg"
    scan = scan or scan_config(text)
    problems: list[Diagnostic] = []
    for (kind, name), line in sorted(scan.used.items(), key=lambda i: i[1].no):
        if (kind, name) in scan.defined or (kind, name) in PREDEFINED:
            continue
        keys = ("vlans",) if kind == "vlan" else ()
        source = source_of(view, name, keys)
        problems.append(
            Diagnostic(
                file,
                line.no,
                f"{kind} {name} is used but not defined: {line.text!r}",
                "define it, or correct the reference" + (f" ({source})" if source else ""),
                host=host,
            )
        )
    for (kind, name), line in scan.defined.items():
        if kind in WARN_UNUSED and (kind, name) not in scan.used:
            problems.append(
                Diagnostic(
                    file,
                    line.no,
                    f"{kind} {name} is defined but never used",
                    "remove it or reference it",
                    host=host,
                    severity=Severity.WARNING,
                )
            )
    problems.extend(_management(host, file, scan, view))
    return sorted(problems, key=lambda p: p.line or 0)


def _management(host: str, file: str, scan: Scan, view: HostView | None) -> Iterator[Diagnostic]:
    if not scan.ssh_vty:
        yield Diagnostic(
            file,
            scan.first_vty,
            "no management access: no VTY line accepts SSH",
            "add 'transport input ssh' to the VTY lines",
            host=host,
        )
    if view is None:
        return
    entry_ip = (
        view.data.get("mgmt_ip")
        if view.role in (Role.ACCESS, Role.CORE)
        else view.data.get("loopback_ip")
    )
    if not entry_ip:
        return
    if all(str(address.ip) != entry_ip for _, _, _, address in scan.addresses):
        key = (
            "mgmt_ip"
            if "mgmt_ip" in view.data and view.role in (Role.ACCESS, Role.CORE)
            else "loopback_ip"
        )
        yield Diagnostic(
            file,
            None,
            f"no management access: no interface has the management address {entry_ip}",
            f"inventory: {view.sources[key]}",
            host=host,
        )


def addresses(host: str, site: str, text: str, scan: Scan | None = None) -> list[Address]:
    """Every interface ``ip address A M`` of a configuration, with its interface."""
    scan = scan or scan_config(text)
    return [
        Address(host, site, interface, interface_line, line, value)
        for interface, interface_line, line, value in scan.addresses
    ]


def lint_fleet(
    configs: dict[str, str],
    views: dict[str, HostView],
    file_of: dict[str, str] | None = None,
    scans: dict[str, Scan] | None = None,
) -> list[Diagnostic]:
    """Duplicate addresses and overlapping subnets across every configuration."""
    file_of = file_of or {h: f"{h}.cfg" for h in configs}
    scans = dict(scans or {})
    for host, text in configs.items():
        if host not in scans:
            scans[host] = scan_config(text)
    found: list[Address] = []
    for host in configs:
        site = views[host].site if host in views else ""
        found.extend(addresses(host, site, configs[host], scans[host]))
    problems: list[Diagnostic] = []
    first: dict[ipaddress.IPv4Address, Address] = {}
    for item in found:
        other = first.setdefault(item.address.ip, item)
        if other is not item:
            problems.append(
                Diagnostic(
                    file_of[item.host],
                    item.line.no,
                    f"duplicate IP address {item.address.ip} on {item.interface}: also on "
                    f"{other.host} {other.interface}",
                    _hint(views.get(item.host), str(item.address.ip)),
                    host=item.host,
                )
            )
    problems.extend(_overlaps(found, views, file_of))
    return problems


def _hint(view: HostView | None, token: str) -> str:
    source = source_of(view, token)
    return (
        f"give each interface its own address ({source})"
        if source
        else "give each interface its own address"
    )


def _overlaps(
    found: list[Address], views: dict[str, HostView], file_of: dict[str, str]
) -> Iterator[Diagnostic]:
    """Subnets that overlap without being the same segment at the same site."""
    nets = sorted(
        (a for a in found if a.address.network.prefixlen < 32),
        key=lambda a: (int(a.address.network.network_address), a.address.network.prefixlen),
    )
    open_: list[Address] = []
    for item in nets:
        start = int(item.address.network.network_address)
        open_ = [o for o in open_ if int(o.address.network.broadcast_address) >= start]
        for other in open_:
            same_segment = other.address.network == item.address.network and other.site == item.site
            if same_segment or (other.host == item.host and other.interface == item.interface):
                continue
            yield Diagnostic(
                file_of[item.host],
                item.line.no,
                f"subnet {item.address.network} on {item.interface} overlaps "
                f"{other.address.network} on {other.host} {other.interface}",
                "use non-overlapping subnets ("
                + (
                    source_of(views.get(item.host), str(item.address.network.network_address))
                    or "see the site's VLAN plan"
                )
                + ")",
                host=item.host,
            )
            break
        open_.append(item)
