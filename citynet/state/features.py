"""The state features: which show commands each needs, how each is parsed, what is volatile.

A state feature is what a pre/post-check compares: the interfaces' status, the OSPF
adjacencies, the dial-peers' operational status ... Each feature lists its show commands;
each command is parsed by Genie (``genie``) where Genie has a parser for it, else by a TTP
template shipped in :mod:`citynet.state` (``ttp/<name>.ttp``). Fields are of three kinds:

* ``watched``: the operational state; a change for the worse is a problem;
* ``volatile``: counters, uptimes and timers; never compared (the declared excludes);
* anything else: descriptive (a pattern, a peer's platform), shown but not compared,
  since the change itself may alter it (the config comparison checks those).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class ShowCommand:
    """One show command of a feature and how its output is parsed.

    Attributes:
        command: the command as sent (``show isdn status``).
        parser: ``genie`` or ``ttp``.
        template: the TTP template's name (``ttp/<template>.ttp``) when ``parser`` is ``ttp``.
    """

    command: str
    parser: str
    template: str = ""


@dataclass(frozen=True)
class StateFeature:
    """One thing a pre/post-check compares.

    Attributes:
        name: the feature's name (``interfaces``, ``dial-peers`` ...).
        title: what it is, in words.
        commands: the show commands it needs.
        watched: fields whose change for the worse is a problem.
        volatile: fields never compared (counters, uptimes, timers).
        healthy: field -> the values that are good; a watched field moving to one of them
            from a value that is not is an improvement, not a problem.
        voice: whether it exists only on voice gateways.
    """

    name: str
    title: str
    commands: tuple[ShowCommand, ...]
    watched: frozenset[str]
    volatile: frozenset[str] = frozenset()
    healthy: Mapping[str, frozenset[str]] = field(default_factory=dict)
    voice: bool = False


def _genie(command: str) -> ShowCommand:
    return ShowCommand(command, "genie")


def _ttp(command: str, template: str) -> ShowCommand:
    return ShowCommand(command, "ttp", template)


_UP = frozenset({"up"})

_FEATURES: tuple[StateFeature, ...] = (
    StateFeature(
        "interfaces",
        "interface status",
        (_genie("show ip interface brief"),),
        watched=frozenset({"status", "protocol"}),
        healthy={"status": _UP, "protocol": _UP},
    ),
    StateFeature(
        "ports",
        "switch port status",
        (_genie("show interfaces status"),),
        watched=frozenset({"status"}),
        volatile=frozenset({"duplex", "speed"}),
        healthy={"status": frozenset({"connected"})},
    ),
    StateFeature(
        "vlans",
        "VLANs",
        (_genie("show vlan brief"),),
        watched=frozenset({"status"}),
        healthy={"status": frozenset({"active"})},
    ),
    StateFeature(
        "cdp",
        "CDP neighbours",
        (_genie("show cdp neighbors detail"),),
        watched=frozenset({"present"}),
        volatile=frozenset({"hold_time"}),
    ),
    StateFeature(
        "lldp",
        "LLDP neighbours",
        (_genie("show lldp neighbors"),),
        watched=frozenset({"present"}),
        volatile=frozenset({"hold_time"}),
    ),
    StateFeature(
        "ospf",
        "OSPF neighbours",
        (_genie("show ip ospf neighbor"),),
        watched=frozenset({"state"}),
        volatile=frozenset({"dead_time"}),
        healthy={"state": frozenset({"FULL", "2WAY"})},
    ),
    StateFeature(
        "bgp",
        "BGP sessions",
        (_genie("show ip bgp summary"),),
        watched=frozenset({"state"}),
        volatile=frozenset({"up_down", "prefixes", "msg_rcvd", "msg_sent"}),
        healthy={"state": frozenset({"Established"})},
    ),
    StateFeature(
        "hsrp",
        "HSRP groups",
        (_genie("show standby brief"),),
        watched=frozenset({"state"}),
        healthy={"state": frozenset({"Active", "Standby"})},
    ),
    StateFeature(
        "isdn",
        "ISDN layer 1 and layer 2",
        (_ttp("show isdn status", "isdn_status"),),
        watched=frozenset({"layer1", "layer2"}),
        volatile=frozenset({"calls", "ccbs", "channel_mask", "l2_discards", "l2_session"}),
        healthy={
            "layer1": frozenset({"ACTIVE"}),
            "layer2": frozenset({"MULTIPLE_FRAME_ESTABLISHED"}),
        },
        voice=True,
    ),
    StateFeature(
        "sip",
        "SIP user agent, registrations and trunk keepalives",
        (
            _ttp("show sip-ua status", "sip_ua_status"),
            _ttp("show sip-ua register status", "sip_ua_register_status"),
        ),
        watched=frozenset({"state", "registered"}),
        volatile=frozenset({"expires"}),
        healthy={"state": frozenset({"ENABLED"}), "registered": frozenset({"yes"})},
        voice=True,
    ),
    StateFeature(
        "dial-peers",
        "dial-peer operational status",
        (_ttp("show dial-peer voice summary", "dial_peer_voice_summary"),),
        watched=frozenset({"admin", "oper", "out_status", "keepalive"}),
        healthy={
            "admin": _UP,
            "oper": _UP,
            "out_status": _UP,
            "keepalive": frozenset({"active"}),
        },
        voice=True,
    ),
    StateFeature(
        "voice-ports",
        "voice port state",
        (_ttp("show voice port summary", "voice_port_summary"),),
        watched=frozenset({"admin", "oper"}),
        volatile=frozenset({"in_status", "out_status"}),
        healthy={"admin": _UP, "oper": frozenset({"up", "dorm"})},
        voice=True,
    ),
    StateFeature(
        "dsp",
        "DSP resources",
        (_genie("show voice dsp group all"),),
        watched=frozenset({"state"}),
        volatile=frozenset({"credits_used", "voice_channels", "signaling_channels"}),
        healthy={"state": _UP},
        voice=True,
    ),
    StateFeature(
        "srst",
        "phones registered to the gateway (SRST)",
        (
            _ttp("show ephone registered", "ephone_registered"),
            _ttp("show voice register pool all brief", "voice_register_pool_brief"),
        ),
        watched=frozenset({"state"}),
        healthy={"state": frozenset({"REGISTERED"})},
        voice=True,
    ),
)

FEATURES: Mapping[str, StateFeature] = MappingProxyType({f.name: f for f in _FEATURES})
"""Every state feature, by name, in the order snapshots list them."""

VOICE_FEATURES: tuple[str, ...] = tuple(f.name for f in _FEATURES if f.voice)
"""The features only voice gateways have."""

SWITCH_ROLES = frozenset({"core", "access", "distribution"})
"""Roles whose devices switch (ports and VLANs)."""

VOICE_ROLE = "voice_gateway"

_L3 = ("interfaces", "cdp", "lldp", "ospf", "bgp", "hsrp")
# diff-engine feature (citynet/diff/features.yaml) -> the state features it can affect
_AFFECTS: Mapping[str, tuple[str, ...]] = {
    "system": ("cdp", "lldp", "ospf", "bgp"),
    "aaa": (),
    "snmp": (),
    "ntp": (),
    "logging": (),
    "banners": (),
    "management": (),
    "vlans": ("vlans", "ports", "hsrp", "cdp", "lldp", "ospf"),
    "interfaces": (*_L3, "vlans", "ports"),
    "acls": ("ospf", "bgp", "hsrp"),
    "routing": ("ospf", "bgp", "hsrp"),
    "first-hop": ("hsrp",),
    "qos": ("ports",),
    "crypto": ("ospf", "bgp"),
}
_VOICE_AFFECTS: Mapping[str, tuple[str, ...]] = {
    "voice-dial-peers": ("dial-peers", "sip"),
    "voice-translation": ("dial-peers",),
    "voice-classes": ("dial-peers", "sip"),
    "sip": ("sip", "dial-peers"),
    "srst": ("srst",),
    "dspfarm": ("dsp",),
    "voice-ports": ("voice-ports", "dial-peers"),
    "pri": ("isdn", "voice-ports", "dial-peers"),
    "voice": ("dial-peers", "voice-ports", "dsp", "srst", "sip", "isdn"),
}


def features_for(touched: Iterable[str], role: str) -> tuple[str, ...]:
    """The state features a change touching diff-engine ``touched`` features can affect.

    ``interfaces`` is always checked (it shows the device still answers on its ports).
    A voice gateway always gets every voice feature: its phones are life-safety services,
    so every change there is checked for calls still routing. A diff feature this table
    does not know (``uncovered``, a new one) gets every non-voice feature.

    >>> features_for(["ntp"], "router")
    ('interfaces',)
    >>> features_for(["routing"], "core")
    ('interfaces', 'ospf', 'bgp', 'hsrp')
    """
    wanted: set[str] = {"interfaces"}
    switch = role in SWITCH_ROLES
    for name in touched:
        if name in _AFFECTS:
            wanted.update(_AFFECTS[name])
        elif name in _VOICE_AFFECTS:
            wanted.update(_VOICE_AFFECTS[name])
        else:
            wanted.update(f for f in FEATURES if not FEATURES[f].voice)
    if role == VOICE_ROLE:
        wanted.update(VOICE_FEATURES)
    if not switch:
        wanted -= {"ports", "vlans"}
    return tuple(f for f in FEATURES if f in wanted)
