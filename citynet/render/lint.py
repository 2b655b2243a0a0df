"""Lint rendered configurations: references, unused objects, management access, hardware,
addressing, and the routing of each site.

Pure: takes configuration texts (and, for messages, the hosts' resolved views),
returns diagnostics. Per-device checks look at one configuration; fleet checks
(duplicate addresses, overlapping subnets, and the site checks of
:mod:`citynet.render.lint_site`) look at all of them together. Each
configuration is read once (:func:`citynet.render.scan.scan_config`); pass the
scans to both when you have them.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator

from citynet.diagnostics import Diagnostic, Severity
from citynet.inventory.hardware import hardware
from citynet.inventory.model import HostView
from citynet.inventory.schema import Role
from citynet.render.lint_site import lint_sites
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
from citynet.voice.lint import BASIC_REFERENCES, lint_voice, site_options

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
    model: str | None = None,
    scan: Scan | None = None,
) -> list[Diagnostic]:
    """Undefined references (errors), unused objects (warnings), management access, and
    module slots the model lacks (``model``, or the view's)."""
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
    problems.extend(_slots(host, file, scan, view, model or (view.model if view else None)))
    if "dial-peer voice " in text or (view is not None and view.role is Role.VOICE_GATEWAY):
        problems.extend(
            lint_voice(text, host=host, file=file, skip=BASIC_REFERENCES, **site_options(view))
        )
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


def _slots(
    host: str, file: str, scan: Scan, view: HostView | None, model: str | None
) -> Iterator[Diagnostic]:
    """Voice ports, ``port`` statements, T1 controllers and voice cards in a slot the
    model lacks, or (with the inventory) in a slot that holds no module."""
    spec = hardware(model) if model else None
    if spec is None or not scan.slots:
        return
    have = {slot.slot for slot in spec.slots}
    modules = view.data.get("modules", {}) if view is not None else None
    reported: set[tuple[str, str]] = set()
    for line, slot in sorted(scan.slots, key=lambda item: item[0].no):
        key = (slot, line.text.split(" ", 1)[0])  # once per slot and kind of command
        if key in reported:
            continue
        reported.add(key)
        if slot not in have:
            listed = ", ".join(f"{s.slot} ({s.kind})" for s in spec.slots) or "none"
            yield Diagnostic(
                file,
                line.no,
                f"{line.text!r} is in slot {slot}, which {_article(spec.pid)} lacks (its "
                f"slots: {listed})",
                "put the module in a slot the model has (inventory: modules) and take the "
                "voice ports from it",
                host=host,
            )
        elif modules is not None and slot not in modules:
            yield Diagnostic(
                file,
                line.no,
                f"{line.text!r} is in slot {slot}, which holds no module",
                "list the module in the host's modules, or use the slot that holds it"
                + (f" ({view.sources['modules']})" if view and "modules" in view.sources else ""),
                host=host,
            )


def _article(pid: str) -> str:
    return f"{'an' if pid[:1].upper() in 'AEIO' else 'a'} {pid}"


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
    """Duplicate addresses and overlapping subnets across every configuration, and the
    checks of each site (:func:`citynet.render.lint_site.lint_sites`)."""
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
    problems.extend(lint_sites({h: scans[h] for h in configs}, views, file_of))
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
