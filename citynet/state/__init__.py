"""Operational state snapshots for pre- and post-change checks.

A snapshot holds, per state feature (interfaces, neighbours, OSPF, BGP, HSRP and on
voice gateways ISDN, SIP, dial-peers, voice ports, DSPs and SRST phones), what a device's
show commands report, parsed by Genie where it has a parser and by TTP templates shipped
in this package where it has none. :func:`compare_snapshots` says what got worse.
"""

from __future__ import annotations

from citynet.state.compare import compare_snapshots
from citynet.state.features import FEATURES, ShowCommand, StateFeature, features_for
from citynet.state.model import RawSnapshot, Snapshot, StateProblem
from citynet.state.snapshot import collect, commands_for, parse_snapshots, take_snapshot

__all__ = [
    "FEATURES",
    "RawSnapshot",
    "ShowCommand",
    "Snapshot",
    "StateFeature",
    "StateProblem",
    "collect",
    "commands_for",
    "compare_snapshots",
    "features_for",
    "parse_snapshots",
    "take_snapshot",
]
