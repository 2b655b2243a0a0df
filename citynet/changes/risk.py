"""The risk flags of one device's planned changes.

Pure: the diff engine's result, the two configuration texts and what the
inventory says about the device come in; a sorted list of flags comes out. The
change policy maps flags to a risk level and the level to a quorum.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from citynet.diff.compare import Change
from citynet.diff.engine import DiffResult
from citynet.diff.lockout import management_context
from citynet.voice.risk import emergency_touches

FLAGS: dict[str, str] = {
    "lockout": "may cut off management access",
    "aaa": "AAA: logins, TACACS+, local users",
    "management": "VTY lines and management ACLs",
    "routing": "routing adjacencies and routes",
    "uplinks": "uplinks and trunks",
    "voice": "voice services",
    "emergency_calls": "emergency (911) call routing",
    "public_safety": "a public-safety site",
}
"""Every risk flag, with what it means for the board."""

VOICE_FEATURES = frozenset(
    {
        "voice",
        "voice-dial-peers",
        "voice-translation",
        "voice-classes",
        "sip",
        "srst",
        "dspfarm",
        "voice-ports",
        "pri",
    }
)
EMERGENCY_NUMBERS = ("911", "9911", "19911")
_ROUTING_TOP = ("router ", "ip route ", "ipv6 route ", "ip prefix-list ", "route-map ")
_ROUTING_IF = ("ip ospf ", "ipv6 ospf ", "bfd ", "ip pim ", "ip router ", "ip summary-address ")
_SECTION = re.compile(r"^(\S[^\n]*)\n((?:[ \t][^\n]*\n?)*)", re.M)
_EMERGENCY_WORDS = re.compile(r"(?<!\d)9?911(?!\d)|emergency", re.I)


def _top(change: Change) -> str:
    return change.path[0] if change.path else change.line


def _sections(text: str, prefix: str) -> dict[str, str]:
    """The body text of every top-level section whose header starts with ``prefix``."""
    return {
        m.group(1).strip(): m.group(2)
        for m in _SECTION.finditer(text)
        if m.group(1).startswith(prefix)
    }


def dial_pattern_matches(pattern: str, number: str) -> bool:
    """Whether an IOS ``destination-pattern`` can route a dialled number.

    >>> [dial_pattern_matches(p, "9911") for p in ("9T", "9911", "[1-8]...", "911")]
    [True, True, False, False]
    """
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "[":
            end = pattern.find("]", index)
            if end < 0:
                return False
            body = pattern[index + 1 : end]
            if not re.fullmatch(r"\^?[0-9-]+", body):
                return False
            out.append(f"[{body}]")
            index = end + 1
            continue
        if char == ".":
            out.append(r"\d")
        elif char == "T":
            out.append(r"\d*")
        elif char == "+" and index == 0:
            out.append(r"\+?")
        elif char in "%?,":
            pass
        else:
            out.append(re.escape(char))
        index += 1
    try:
        return re.fullmatch("".join(out), number) is not None
    except re.error:
        return False


def _emergency_routing(changes: Iterable[Change], running: str, golden: str) -> bool:
    peers: dict[str, str] | None = None
    for change in changes:
        top = _top(change)
        if _EMERGENCY_WORDS.search(change.line) or (
            top.startswith("voice translation-") and _EMERGENCY_WORDS.search(top)
        ):
            return True
        if not top.startswith("dial-peer "):
            continue
        if peers is None:
            peers = {**_sections(running, "dial-peer "), **_sections(golden, "dial-peer ")}
        bodies = [peers.get(top, ""), change.line]
        for body in bodies:
            for pattern in re.findall(r"destination-pattern (\S+)", body):
                if any(dial_pattern_matches(pattern, n) for n in EMERGENCY_NUMBERS):
                    return True
    return False


def _trunks(text: str) -> set[str]:
    return {
        header
        for header, body in _sections(text, "interface ").items()
        if "switchport mode trunk" in body
        or "channel-group" in body
        or header.startswith("interface Port-channel")
    }


def flags_for(
    result: DiffResult,
    running: str,
    golden: str,
    *,
    site_kind: str,
    public_safety_kinds: Collection[str],
    uplinks: Collection[str] = (),
) -> list[str]:
    """The risk flags of one device's remediation, sorted.

    Args:
        result: the diff engine's result for the device.
        running: the running configuration (redacted).
        golden: the target configuration.
        site_kind: the kind of the device's site (``fire_station`` ...).
        public_safety_kinds: the site kinds the change policy names as public safety.
        uplinks: the device's uplink and WAN interface names (from the inventory).
    """
    changes = result.changes
    features = {f.name for f in result.features if f.lines}
    flags: set[str] = set()
    if result.lockout:
        flags.add("lockout")
    if "aaa" in features:
        flags.add("aaa")
    # What the whole texts say (VTY ACLs, trunks) is read only when a change needs it.
    vty_acls: frozenset[str] | None = None
    uplink_headers: set[str] | None = None
    for change in changes:
        top = _top(change)
        inner = change.line if change.path else ""
        acl = _acl_name(top)
        if acl is not None and vty_acls is None:
            vty_acls = management_context(running).vty_acls | management_context(golden).vty_acls
        if top.startswith(("line vty", "ip ssh ", "ip http ")) or (
            acl is not None and vty_acls is not None and acl in vty_acls
        ):
            flags.add("management")
        if top.startswith(_ROUTING_TOP) or (
            top.startswith("interface ") and inner.startswith(_ROUTING_IF)
        ):
            flags.add("routing")
        if top.startswith("interface "):
            if uplink_headers is None:
                uplink_headers = (
                    {f"interface {u}" for u in uplinks} | _trunks(running) | _trunks(golden)
                )
            if top in uplink_headers:
                flags.add("uplinks")
    if features & VOICE_FEATURES:
        flags.add("voice")
    if _emergency_routing(changes, running, golden) or emergency_touches(
        [_top(c) for c in changes], running, golden
    ):
        flags.add("emergency_calls")
    if site_kind in public_safety_kinds:
        flags.add("public_safety")
    return sorted(flags)


def _acl_name(header: str) -> str | None:
    words = header.split()
    if header.startswith(("ip access-list ", "ipv6 access-list ")) and len(words) > 3:
        return words[3]
    if words[:1] == ["access-list"] and len(words) > 1:
        return words[1]
    return None
