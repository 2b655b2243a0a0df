"""Voice gateways police their control plane without policing calls away.

Each packet a gateway's CPU receives is classified as IOS does: the first class of the
``COPP`` policy whose access list permits it; the test reads classes, policers and
access lists from the rendered config itself.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

import pytest

from citynet.compliance.engine import check_config
from citynet.compliance.rules import default_rules
from citynet.inventory.loader import load_inventory
from citynet.inventory.model import Inventory
from citynet.render.renderer import Renderer
from tests.support import PROJECT


@pytest.fixture(scope="module")
def city() -> Inventory:
    return load_inventory(PROJECT / "inventory")


def _render(city: Inventory, host: str) -> str:
    result = Renderer(city, PROJECT / "templates").render(city.views[host])
    assert result.text is not None, result.error
    return result.text


def _sections(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line and not line.startswith(" "):
            current = found.setdefault(line, [])
        elif line.startswith(" "):
            current.append(line)
    return found


@dataclass(frozen=True)
class Packet:
    protocol: str
    source: str
    source_port: int
    destination_port: int


_ENTRY = re.compile(
    r"\d+ permit (?P<proto>\w+) (?P<src>host \S+|any|\S+ \S+)(?: eq (?P<sport>\w+))? any"
    r"(?: eq (?P<dport>\w+)| range (?P<low>\d+) (?P<high>\d+))?$"
)
PORTS = {"bgp": 179, "tacacs": 49, "snmp": 161, "ntp": 123, "bootps": 67}
"""The port names IOS shows in place of these numbers."""


def _port(text: str) -> int:
    return PORTS[text] if text in PORTS else int(text)


def _permits(entry: str, packet: Packet) -> bool:
    found = _ENTRY.fullmatch(entry.strip())
    assert found, f"entry the test cannot read: {entry!r}"
    if found["proto"] not in ("ip", packet.protocol):
        return False
    source = found["src"]
    address = ipaddress.IPv4Address(packet.source)
    if source.startswith("host "):
        if address != ipaddress.IPv4Address(source[5:]):
            return False
    elif source != "any":
        net, wildcard = source.split()
        if address not in ipaddress.IPv4Network(f"{net}/{wildcard}"):
            return False
    if found["sport"] and _port(found["sport"]) != packet.source_port:
        return False
    if found["dport"] and _port(found["dport"]) != packet.destination_port:
        return False
    return not found["low"] or int(found["low"]) <= packet.destination_port <= int(found["high"])


def classify(text: str, packet: Packet) -> tuple[str, bool]:
    """The class the packet falls in, and whether that class polices it."""
    sections = _sections(text)
    policy = sections["policy-map COPP"]
    classes = [line.split()[1] for line in policy if line.startswith(" class ")]
    for name in classes:
        body = policy[policy.index(f" class {name}") + 1 :]
        policed = bool(body) and body[0].startswith("  police ")
        if name == "class-default":
            return name, policed
        (match,) = sections[f"class-map match-any {name}"]
        acl = match.split()[-1]
        if any(_permits(e, packet) for e in sections[f"ip access-list extended {acl}"]):
            return name, policed
    raise AssertionError("no class-default")


@pytest.mark.parametrize("host", ["fs01-vg01", "dc1-vg01", "ch-vg01"])
def test_calls_are_never_policed_and_the_rest_is(city: Inventory, host: str) -> None:
    text = _render(city, host)
    assert _sections(text)["control-plane"] == [" service-policy input COPP"]
    agent = str(city.defaults.data["call_agents"][1])
    phone = "10.2.20.15"
    unpoliced = [
        Packet("udp", agent, 5060, 5060),  # SIP from the call agent
        Packet("tcp", agent, 40000, 5060),  # SIP over TCP, a connection it opened
        Packet("tcp", agent, 5060, 40001),  # SIP over TCP, a connection the gateway opened
        Packet("tcp", agent, 2000, 51000),  # SCCP: the DSP farm registered with it
        Packet("tcp", phone, 52000, 2000),  # SCCP: a phone registering in SRST
        Packet("udp", phone, 24000, 18000),  # RTP to the gateway's DSPs
    ]
    if city.sites[city.views[host].site].voice.pstn == "sip":  # the SIP trunk's provider
        unpoliced.append(Packet("udp", "10.251.0.10", 5060, 5060))
    for packet in unpoliced:
        name, policed = classify(text, packet)
        assert not policed, (packet, name)
    assert classify(text, Packet("udp", "10.9.9.9", 40000, 5060)) == ("class-default", True)
    assert classify(text, Packet("tcp", "10.9.9.9", 40000, 23)) == ("class-default", True)
    assert classify(text, Packet("tcp", "10.0.44.50", 40000, 22)) == ("COPP-MANAGEMENT", True)


def test_voice_gateways_pass_the_control_plane_rule_unwaived(city: Inventory) -> None:
    rules = default_rules()
    text = _render(city, "fs01-vg01")
    result = check_config(text, rules, role="voice_gateway", platform="cisco_iosxe", host="g")
    status = {r.rule: r.status for r in result.results}
    assert status["CN-CTRL-06"] == "pass"
    waivers = (PROJECT / "inventory" / "baseline_waivers.yaml").read_text()
    assert "CN-CTRL-06" not in waivers
