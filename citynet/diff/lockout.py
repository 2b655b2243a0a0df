"""Remediations that could cut the tool (and everybody else) off the device.

Pure: the running configuration's text and the diff's changes come in, the risks
come out. A change is a lockout risk when it removes or replaces what remote
management depends on: AAA, local users, SSH, the VTY lines or the ACL they use,
the address of the management interface, or a route to the networks that ACL lets
in. Two checks also refuse a target outright: an empty golden config, and one far
smaller than the running config (a truncated or half-written file), since pushing
it would remove almost everything.

A push refuses a plan with lockout risks unless the plan says so explicitly.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass

from citynet.diff.compare import Change

MIN_RUNNING_LINES = 100
"""Below this, a running config is a snippet, not a device: no size check."""
SMALLEST_TARGET_SHARE = 0.25
"""A golden config with fewer configuration lines than this share of the running
config's is refused as a target."""


@dataclass(frozen=True, slots=True)
class LockoutRisk:
    """One change that may cut off management access, and why."""

    line: str
    path: tuple[str, ...]
    reason: str

    def __str__(self) -> str:
        where = " > ".join(self.path)
        return f"{where + ' > ' if where else ''}{self.line}: {self.reason}"


# (parent regex or None for top level, line regex, reason) for lines removed or replaced.
_REMOVAL_RULES: tuple[tuple[str | None, str, str], ...] = (
    (None, r"aaa new-model$", "turns AAA off: TACACS+ logins stop working"),
    (None, r"aaa authentication (?:login|enable) ", "changes how logins are authenticated"),
    (None, r"aaa authorization exec ", "changes who may get a shell"),
    (None, r"(?:tacacs|radius) server ", "removes an AAA server"),
    (None, r"aaa group server ", "removes an AAA server group"),
    (None, r"username ", "removes or changes a local user (the fallback login)"),
    (None, r"ip ssh ", "changes the SSH server"),
    (None, r"ip domain[ -]name ", "changes the domain name the SSH host key is bound to"),
    (None, r"crypto key ", "changes the SSH host key"),
    (None, r"line vty ", "removes VTY lines"),
    (r"line vty ", r"access-class ", "changes which hosts may log in"),
    (r"line vty ", r"transport input ", "changes the protocols accepted for login"),
    (r"line vty ", r"login ", "changes how VTY logins are authenticated"),
    (r"line vty ", r"(?:no )?exec$", "changes whether VTY logins get a shell"),
    (None, r"ip default-gateway ", "removes the default gateway"),
    (None, r"ip route (?:vrf \S+ )?0\.0\.0\.0 0\.0\.0\.0 ", "removes the default route"),
)
_COMPILED = tuple(
    (re.compile(parent) if parent else None, re.compile(line), reason)
    for parent, line, reason in _REMOVAL_RULES
)
_ADDED_RULES: tuple[tuple[str | None, str, str], ...] = (
    (None, r"no aaa new-model$", "turns AAA off"),
    (None, r"no ip ssh ", "turns an SSH setting off"),
    (r"line vty ", r"(?:no login|login$)", "changes how VTY logins are authenticated"),
    (r"interface ", r"shutdown$", "shuts an interface down"),
)
_ADDED = tuple(
    (re.compile(parent) if parent else None, re.compile(line), reason)
    for parent, line, reason in _ADDED_RULES
)


@dataclass(frozen=True)
class ManagementContext:
    """What remote management depends on, read from the running configuration.

    Attributes:
        vty_acls: names of the ACLs on the VTY lines.
        admitted: networks those ACLs permit (where management comes from).
        interfaces: interfaces management depends on (the SSH/AAA source
            interface, the management VRF, the one holding the management address).
    """

    vty_acls: frozenset[str]
    admitted: tuple[ipaddress.IPv4Network, ...]
    interfaces: frozenset[str]


_ACCESS_CLASS = re.compile(r"^ access-class (\S+) in\b", re.M)
_SOURCE = re.compile(
    r"ip (?:ssh|tacacs|radius|http client) source-interface (\S+)$|"
    r" (?:ip )?(?:tacacs|radius) source-interface (\S+)$"
)
_ADDRESS = re.compile(r"^ ip address (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)", re.M)
_ADDRESSING = re.compile(r"(?:ip address|(?:ip )?vrf forwarding) ")
_MGMT_VRF = re.compile(r" (?:ip )?vrf forwarding (?:Mgmt-vrf|Mgmt-intf|MGMT)\b", re.I)


def _acl_networks(block: str) -> list[ipaddress.IPv4Network]:
    """Networks an ACL block permits as sources (standard, extended or numbered)."""
    networks = []
    for raw in block.splitlines():
        words = raw.split()
        if words[:1] == ["access-list"]:
            words = words[2:]
        elif raw[:1].isspace():
            if words and words[0].isdigit():
                words = words[1:]
        else:
            continue
        if not words or words[0] != "permit":
            continue
        words = words[1:]
        if words and words[0] in ("ip", "tcp", "udp", "icmp"):
            words = words[1:]
        network = _source(words)
        if network is not None:
            networks.append(network)
    return networks


def _source(words: Sequence[str]) -> ipaddress.IPv4Network | None:
    try:
        if not words:
            return None
        if words[0] == "any":
            return ipaddress.IPv4Network("0.0.0.0/0")
        if words[0] == "host" and len(words) > 1:
            return ipaddress.IPv4Network(f"{words[1]}/32")
        if len(words) > 1 and re.fullmatch(r"[\d.]+", words[1]):
            return ipaddress.IPv4Network(f"{words[0]}/{words[1]}", strict=False).supernet(0)
        return ipaddress.IPv4Network(f"{words[0]}/32")
    except ValueError:
        return None


def _lines_with(text: str, marker: str) -> list[str]:
    """Every line of ``text`` holding ``marker`` (found with str.find: no regex scan)."""
    found = []
    at = text.find(marker)
    while at != -1:
        begin = text.rfind("\n", 0, at) + 1
        close = text.find("\n", at)
        close = len(text) if close == -1 else close
        found.append(text[begin:close])
        at = text.find(marker, close)
    return found


def management_context(running: str, management_address: str | None = None) -> ManagementContext:
    """Read what management access depends on from a running configuration.

    Plain string searches, no walk over every line: this runs for every device with drift.

    >>> ctx = management_context(
    ...     "ip access-list standard MGMT\\n 10 permit 10.0.8.0 0.0.0.255\\n"
    ...     "interface Vlan99\\n ip address 10.9.9.2 255.255.255.0\\n"
    ...     "line vty 0 4\\n access-class MGMT in\\n", "10.9.9.2")
    >>> sorted(ctx.vty_acls), [str(n) for n in ctx.admitted], sorted(ctx.interfaces)
    (['MGMT'], ['10.0.8.0/24'], ['interface Vlan99'])
    """
    acls = frozenset(
        words[1]
        for words in (line.split() for line in _lines_with(running, " access-class "))
        if len(words) > 2 and words[0] == "access-class" and words[2] == "in"
    )
    admitted: list[ipaddress.IPv4Network] = []
    for name in acls:
        for kind in ("standard", "extended"):
            header = f"\nip access-list {kind} {name}\n"
            at = ("\n" + running).find(header)
            if at != -1:
                body = running[at + len(header) - 1 :]
                block = re.match(r"(?:[ \t].*(?:\n|$))*", body)
                admitted.extend(_acl_networks(block.group(0) if block else ""))
        numbered = [
            line for line in _lines_with(running, f"access-list {name} ")
            if line.startswith("access-list ")
        ]
        admitted.extend(_acl_networks("\n".join(numbered)))
    interfaces = set()
    for line in _lines_with(running, "source-interface "):
        match = _SOURCE.match(line)
        if match:
            interfaces.add(f"interface {match.group(1) or match.group(2)}")
    owners = [line for line in _lines_with(running, "vrf forwarding ") if _MGMT_VRF.match(line)]
    if _is_v4(management_address):
        owners += _lines_with(running, f" ip address {management_address} ")
    for line in owners:
        where = ("\n" + running).find("\n" + line + "\n")
        begin = ("\n" + running).rfind("\ninterface ", 0, where + 1)
        if where != -1 and begin != -1:
            interfaces.add(running[begin : running.find("\n", begin)].rstrip())
    return ManagementContext(acls, tuple(admitted), frozenset(interfaces))


def _acl_name(header: str) -> str | None:
    """The name of the ACL a top-level line defines, or None.

    >>> _acl_name("ip access-list standard MGMT"), _acl_name("access-list 10 permit any")
    ('MGMT', '10')
    """
    words = header.split()
    if header.startswith("ip access-list ") and len(words) > 3:
        return words[3]
    if words[:1] == ["access-list"] and len(words) > 1:
        return words[1]
    return None


def _is_v4(text: str | None) -> bool:
    try:
        return text is not None and ipaddress.IPv4Address(text) is not None
    except ValueError:
        return False


def _route_destination(line: str) -> ipaddress.IPv4Network | None:
    words = line.split()
    if words[:2] != ["ip", "route"]:
        return None
    if len(words) > 3 and words[2] == "vrf":
        words = words[2:]
    try:
        return ipaddress.IPv4Network(f"{words[2]}/{words[3]}", strict=False)
    except (ValueError, IndexError):
        return None


def lockout_risks(changes: Sequence[Change], context: ManagementContext) -> list[LockoutRisk]:
    """The changes that may cut off management access.

    >>> ctx = ManagementContext(frozenset({"MGMT"}), (), frozenset())
    >>> [r.reason for r in lockout_risks([Change("extra", (), "aaa new-model")], ctx)]
    ['turns AAA off: TACACS+ logins stop working']
    """
    risks: list[LockoutRisk] = []
    for change in changes:
        parent = change.path[0] if change.path else None
        reason = _reason(change, parent, context)
        if reason is not None:
            risks.append(LockoutRisk(change.line, change.path, reason))
    return risks


def _reason(change: Change, parent: str | None, context: ManagementContext) -> str | None:
    rules = _COMPILED if change.kind == "extra" else _ADDED if change.kind == "missing" else ()
    for parent_re, line_re, reason in rules:
        if parent_re is None:
            if parent is None and line_re.match(change.line):
                return reason
        elif parent is not None and parent_re.match(parent) and line_re.match(change.line):
            if parent.startswith("interface ") and parent not in context.interfaces:
                continue
            return reason
    if change.kind not in ("extra", "order"):
        return None
    acl = _acl_name(parent or change.line)
    if acl is not None and acl in context.vty_acls:
        return f"changes {acl}, the ACL that decides who may log in"
    if parent in context.interfaces and _ADDRESSING.match(change.line):
        return "changes the address of an interface management depends on"
    if parent is None and change.line in context.interfaces:
        return "removes an interface management depends on"
    destination = _route_destination(change.line) if parent is None else None
    if (
        destination is not None
        and destination.prefixlen > 0
        and any(destination.overlaps(n) for n in context.admitted)
    ):
        return "removes a route to the networks allowed to manage the device"
    return None


def config_lines(text: str) -> int:
    """Configuration lines in a text, about (no blank lines, ``!`` or the closing ``end``).

    Counted with str.count: the size check runs for every device with drift.

    >>> config_lines("hostname r1\\n!\\ninterface Gi1\\n shutdown\\n\\nend\\n")
    3
    """
    body = "\n" + text.replace("\r\n", "\n").strip("\n") + "\n"
    if body == "\n\n":
        return 0
    lines = body.count("\n") - 1
    skipped = body.count("\n!") + body.count("\n\n") + body.count("\nend\n")
    return max(lines - skipped, 0)


def target_problem(running: str, golden: str) -> str | None:
    """Why ``golden`` must not be pushed over ``running``, or None when it may be.

    >>> target_problem("hostname r1\\n", "")
    'the golden config is empty: pushing it would remove the whole configuration'
    """
    golden_lines = config_lines(golden)
    running_lines = config_lines(running)
    if golden_lines == 0 and running_lines > 0:
        return "the golden config is empty: pushing it would remove the whole configuration"
    if running_lines < MIN_RUNNING_LINES:
        return None
    if golden_lines < running_lines * SMALLEST_TARGET_SHARE:
        return (
            f"the golden config has {golden_lines} configuration lines against "
            f"{running_lines} running: it looks truncated or half-written; regenerate it "
            "with 'citynet golden update' and check it before any push"
        )
    stripped = golden.rstrip("\n")
    if stripped and not golden.endswith("\n") and not stripped.endswith("end"):
        return (
            "the golden config ends in the middle of a line: it looks truncated; "
            "regenerate it with 'citynet golden update'"
        )
    return None
