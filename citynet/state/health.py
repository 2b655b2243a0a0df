"""What is wrong on a voice gateway from one snapshot alone (no "before" to compare with).

A live drift report reads a voice gateway's state once; :func:`voice_health` says what in it
needs an engineer: a dial-peer or voice port configured up but not working, an ISDN
D-channel not up at layer 1 or layer 2, a SIP registration not registered, no DSP up, a
voice feature whose show command failed. SRST phones are left out: they register with the
gateway only while the call manager is unreachable.
"""

from __future__ import annotations

from collections.abc import Mapping

from citynet.state.features import FEATURES, VOICE_FEATURES
from citynet.state.model import Snapshot, StateProblem

_L1, _L2 = "ACTIVE", "MULTIPLE_FRAME_ESTABLISHED"


def voice_health(snapshot: Snapshot) -> list[StateProblem]:
    """The problems one snapshot shows on the voice features it holds, in feature order.

    Each problem's ``before`` is the healthy state, ``after`` the state found.

    >>> up = {"admin": "up", "oper": "up"}
    >>> down = Snapshot("cisco_iosxe", {"dial-peers": {"dial-peer 10": up,
    ...     "dial-peer 200": {"admin": "up", "oper": "down"},
    ...     "dial-peer 300": {"admin": "down", "oper": "down"}}})
    >>> [p.message for p in voice_health(down)]
    ['dial-peer 200 is admin up but oper down']
    >>> voice_health(Snapshot("cisco_iosxe", {"dsp": {}}))[0].message
    'no DSP resources available (none up)'
    """
    problems: list[StateProblem] = []
    for name in VOICE_FEATURES:
        if name in snapshot.errors:
            problems.append(
                StateProblem(
                    name,
                    FEATURES[name].title,
                    "readable",
                    "unreadable",
                    f"{FEATURES[name].title} could not be read: {snapshot.errors[name]}",
                )
            )
        elif name in snapshot.features:
            problems += _CHECKS.get(name, _none)(name, snapshot.features[name])
    return problems


Items = Mapping[str, Mapping[str, str]]


def _none(name: str, items: Items) -> list[StateProblem]:
    return []


def _admin_up_oper_down(name: str, items: Items, working: frozenset[str]) -> list[StateProblem]:
    down: dict[str, int] = {}
    for item, fields in items.items():
        if fields.get("admin") == "up" and fields.get("oper", "") not in working:
            key = item.split(" channel ")[0]  # a PRI's 23 channels are one finding
            down[key] = down.get(key, 0) + 1
    return [
        StateProblem(
            name,
            item,
            "oper up",
            "oper down",
            f"{item}{f' ({n} channels)' if n > 1 else ''} is admin up but oper down",
        )
        for item, n in down.items()
    ]


def _dial_peers(name: str, items: Items) -> list[StateProblem]:
    return _admin_up_oper_down(name, items, frozenset({"up"}))


def _voice_ports(name: str, items: Items) -> list[StateProblem]:
    return _admin_up_oper_down(name, items, frozenset({"up", "dorm"}))


def _isdn(name: str, items: Items) -> list[StateProblem]:
    problems = []
    for item, fields in items.items():
        l1, l2 = fields.get("layer1", ""), fields.get("layer2", "")
        if l1 != _L1 or l2 != _L2:
            problems.append(
                StateProblem(
                    name,
                    item,
                    f"layer1 {_L1}, layer2 {_L2}",
                    f"layer1 {l1 or 'unknown'}, layer2 {l2 or 'unknown'}",
                    f"ISDN D-channel {item} is down: layer 1 {l1 or 'unknown'}, "
                    f"layer 2 {l2 or 'unknown'}",
                )
            )
    return problems


def _sip(name: str, items: Items) -> list[StateProblem]:
    return [
        StateProblem(
            name,
            item,
            "registered yes",
            f"registered {fields['registered'] or 'unknown'}",
            f"SIP {item} is not registered",
        )
        for item, fields in items.items()
        if "registered" in fields and fields["registered"] != "yes"
    ]


def _dsp(name: str, items: Items) -> list[StateProblem]:
    if any(fields.get("state") == "up" for fields in items.values()):
        return []
    found = ", ".join(f"{i} {f.get('state', 'unknown')}" for i, f in items.items()) or "none up"
    return [
        StateProblem(
            name, "DSP resources", "a DSP up", found, f"no DSP resources available ({found})"
        )
    ]


_CHECKS = {
    "dial-peers": _dial_peers,
    "voice-ports": _voice_ports,
    "isdn": _isdn,
    "sip": _sip,
    "dsp": _dsp,
}
