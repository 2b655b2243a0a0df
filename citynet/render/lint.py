"""Lint rendered configurations: references, unused objects, addressing, management access.

Pure: takes configuration texts (and, for messages, the hosts' resolved views),
returns diagnostics. Per-device checks look at one configuration; fleet checks
(duplicate addresses, overlapping subnets) look at all of them together.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from citynet.diagnostics import Diagnostic, Severity
from citynet.inventory.model import HostView
from citynet.inventory.schema import Role


@dataclass(frozen=True)
class Line:
    """One configuration line with its number and its top-level section line."""

    no: int
    text: str
    section: str


def config_lines(text: str) -> list[Line]:
    """Lines of a configuration with their section; banner bodies and ``!`` are skipped."""
    result: list[Line] = []
    section = ""
    banner_end: str | None = None
    for no, raw in enumerate(text.splitlines(), start=1):
        if banner_end is not None:
            if banner_end in raw:
                banner_end = None
            continue
        stripped = raw.strip()
        if not stripped or stripped.startswith("!"):
            continue
        if not raw.startswith(" "):
            section = stripped
            match = re.match(r"banner \S+ (\S)", stripped) or re.match(
                r"banner \S+ (\^C)", stripped
            )
            if stripped.startswith("banner "):
                delimiter = "^C" if "^C" in stripped else (match.group(1) if match else "")
                rest = stripped.split(delimiter, 1)[1] if delimiter in stripped else ""
                if delimiter and delimiter not in rest:
                    banner_end = delimiter
        result.append(Line(no, stripped, section))
    return result


# (kind, pattern) pairs: group 1 (or every name in it, for lists) is the object.
DEFINITIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("access-list", r"^ip access-list (?:standard|extended) (\S+)$"),
        ("access-list", r"^access-list (\d+) "),
        ("prefix-list", r"^ip prefix-list (\S+) "),
        ("route-map", r"^route-map (\S+) "),
        ("class-map", r"^class-map (?:match-any |match-all )?(\S+)$"),
        ("policy-map", r"^policy-map (\S+)$"),
        ("vlan", r"^vlan ([\d,-]+)$"),
        ("translation-rule", r"^voice translation-rule (\d+)$"),
        ("translation-profile", r"^voice translation-profile (\S+)$"),
        ("voice class codec", r"^voice class codec (\d+)$"),
        ("voice-port", r"^voice-port (\S+)$"),
        ("tacacs server", r"^tacacs server (\S+)$"),
        ("aaa server group", r"^aaa group server tacacs\+ (\S+)$"),
        ("snmp view", r"^snmp-server view (\S+) "),
        ("interface", r"^interface (\S+)$"),
        ("dspfarm profile", r"^dspfarm profile (\d+) "),
    )
)

REFERENCES: tuple[tuple[str, str | None, re.Pattern[str]], ...] = tuple(
    (kind, section, re.compile(pattern))
    for kind, section, pattern in (
        ("access-list", None, r"^ip access-group (\S+) (?:in|out)$"),
        ("access-list", None, r"^access-class (\S+) in"),
        ("access-list", None, r"^snmp-server group \S+ v3 \S+ .*access (\S+)$"),
        ("access-list", "route-map", r"^match ip address (?!prefix-list)(.+)$"),
        ("prefix-list", "route-map", r"^match ip address prefix-list (.+)$"),
        ("prefix-list", None, r"^neighbor \S+ prefix-list (\S+) (?:in|out)$"),
        ("route-map", None, r"^neighbor \S+ route-map (\S+) (?:in|out)$"),
        ("route-map", None, r"^redistribute .* route-map (\S+)"),
        ("policy-map", None, r"^service-policy (?:input|output) (\S+)$"),
        ("policy-map", "policy-map", r"^service-policy (\S+)$"),
        ("class-map", "policy-map", r"^class (?!class-default$)(\S+)$"),
        ("vlan", "interface", r"^switchport (?:access|voice) vlan (\d+)$"),
        ("vlan", "interface", r"^switchport trunk native vlan (\d+)$"),
        ("vlan", "interface", r"^switchport trunk allowed vlan ([\d,-]+)$"),
        ("translation-rule", "voice translation-profile", r"^translate \S+ (\d+)$"),
        ("translation-profile", "dial-peer", r"^translation-profile (?:incoming|outgoing) (\S+)$"),
        ("voice class codec", "dial-peer", r"^voice-class codec (\d+)$"),
        ("voice-port", "dial-peer", r"^port (\S+)$"),
        ("tacacs server", "aaa group server", r"^server name (\S+)$"),
        (
            "aaa server group",
            None,
            r"^aaa (?:authentication|authorization|accounting) .*group (?!tacacs\+|radius)(\S+)",
        ),
        ("snmp view", None, r"^snmp-server group \S+ v3 \S+ read (\S+)"),
        ("interface", None, r"source-interface (\S+)$"),
        ("interface", "sccp", r"^sccp local (\S+)$"),
        ("dspfarm profile", "sccp ccm group", r"^associate profile (\d+) "),
    )
)

WARN_UNUSED = frozenset(
    {
        "access-list",
        "prefix-list",
        "route-map",
        "class-map",
        "policy-map",
        "translation-rule",
        "translation-profile",
        "voice class codec",
    }
)
"""Objects that are suspicious when defined but never used."""


def _names(kind: str, raw: str) -> list[str]:
    if kind == "vlan":
        ids: list[str] = []
        for part in raw.split(","):
            low, _, high = part.partition("-")
            ids.extend(str(v) for v in range(int(low), int(high or low) + 1))
        return ids
    return raw.split()


@dataclass
class _Objects:
    defined: dict[tuple[str, str], Line] = field(default_factory=dict)
    used: dict[tuple[str, str], list[Line]] = field(default_factory=dict)


def _lead(pattern: re.Pattern[str]) -> str:
    """The first word a pattern's lines start with ('' when it can match anywhere)."""
    match = re.match(r"\^([a-z][a-z-]*)", pattern.pattern)
    return match.group(1) if match else ""


def _by_lead(
    items: Iterable[tuple[str, re.Pattern[str]]],
) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for kind, pattern in items:
        table.setdefault(_lead(pattern), []).append((kind, pattern))
    return table


_DEFINED_BY = _by_lead(DEFINITIONS)
_USED_BY: dict[str, list[tuple[str, str | None, re.Pattern[str]]]] = {}
for _kind, _section, _pattern in REFERENCES:
    _USED_BY.setdefault(_lead(_pattern), []).append((_kind, _section, _pattern))
PREDEFINED = {("vlan", v) for v in ("1", "1002", "1003", "1004", "1005")}
"""Objects every device has without configuring them."""


def _collect(lines: Iterable[Line]) -> _Objects:
    objects = _Objects()
    is_switch = False
    anywhere = _USED_BY.get("", [])
    for line in lines:
        top = line.text == line.section
        word = line.text.split(" ", 1)[0]
        if top:
            for kind, pattern in _DEFINED_BY.get(word, ()):
                match = pattern.match(line.text)
                if match:
                    for name in _names(kind, match.group(1)):
                        objects.defined.setdefault((kind, name), line)
        is_switch = is_switch or word == "switchport"
        candidates = _USED_BY.get(word, [])
        if "source-interface" in line.text:
            candidates = candidates + anywhere
        for kind, section, pattern in candidates:
            if section is not None and (top or not line.section.startswith(section)):
                continue
            match = pattern.search(line.text)
            if match:
                for name in _names(kind, match.group(1)):
                    objects.used.setdefault((kind, name), []).append(line)
        svi = re.match(r"^interface Vlan(\d+)$", line.text)
        if svi and top:
            objects.used.setdefault(("vlan-svi", svi.group(1)), []).append(line)
    if is_switch:
        for (kind, name), used in list(objects.used.items()):
            if kind == "vlan-svi":
                objects.used.setdefault(("vlan", name), []).extend(used)
    return objects


def source_of(view: HostView | None, token: str, keys: tuple[str, ...] = ()) -> str:
    """Where in the inventory a value came from: the first variable holding ``token``."""
    if view is None:
        return ""
    for key in keys or tuple(view.data):
        if key in view.data and token in json.dumps(view.data[key]):
            return f"inventory: {view.sources[key]}"
    return ""


def lint_config(
    host: str, text: str, view: HostView | None = None, file: str | None = None
) -> list[Diagnostic]:
    """Undefined references (errors), unused objects (warnings), management access."""
    file = file or f"{host}.cfg"
    lines = config_lines(text)
    objects = _collect(lines)
    problems: list[Diagnostic] = []
    for (kind, name), uses in sorted(objects.used.items(), key=lambda i: i[1][0].no):
        if kind == "vlan-svi" or (kind, name) in objects.defined or (kind, name) in PREDEFINED:
            continue
        line = uses[0]
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
    for (kind, name), line in objects.defined.items():
        if kind in WARN_UNUSED and (kind, name) not in objects.used:
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
    problems.extend(_management(host, file, lines, view))
    return sorted(problems, key=lambda p: p.line or 0)


def _management(
    host: str, file: str, lines: list[Line], view: HostView | None
) -> Iterator[Diagnostic]:
    vty = [line for line in lines if line.section.startswith("line vty")]
    if not any(line.text == "transport input ssh" for line in vty):
        yield Diagnostic(
            file,
            vty[0].no if vty else None,
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
    addresses = {
        m.group(1) for line in lines if (m := re.match(r"^ip address (\S+) \S+", line.text))
    }
    if entry_ip not in addresses:
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


@dataclass(frozen=True)
class Address:
    host: str
    site: str
    interface: str
    interface_line: int
    line: Line
    address: ipaddress.IPv4Interface


def addresses(host: str, site: str, text: str) -> list[Address]:
    """Every ``ip address A M`` of a configuration, with its interface."""
    result = []
    iface, iface_line = "", 0
    for line in config_lines(text):
        if line.text == line.section and line.text.startswith("interface "):
            iface, iface_line = line.text.split()[1], line.no
        match = re.match(r"^ip address (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)", line.text)
        if match and line.section.startswith("interface "):
            value = ipaddress.IPv4Interface(f"{match.group(1)}/{match.group(2)}")
            result.append(Address(host, site, iface, iface_line, line, value))
    return result


def lint_fleet(
    configs: dict[str, str], views: dict[str, HostView], file_of: dict[str, str] | None = None
) -> list[Diagnostic]:
    """Duplicate addresses and overlapping subnets across every configuration."""
    file_of = file_of or {h: f"{h}.cfg" for h in configs}
    found: list[Address] = []
    for host, text in configs.items():
        found.extend(addresses(host, views[host].site if host in views else "", text))
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
