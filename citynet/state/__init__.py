"""Operational state snapshots for pre- and post-change checks.

A snapshot holds, per state feature (interfaces, neighbours, OSPF, BGP, HSRP and on
voice gateways ISDN, SIP, dial-peers, voice ports, DSPs and SRST phones), what a device's
show commands report, parsed by Genie where it has a parser and by TTP templates shipped
in this package where it has none. :func:`compare_snapshots` says what got worse;
:func:`voice_health` what is wrong on a voice gateway from one snapshot alone (live drift).

A push uses it so::

    features = features_for(plan_device["features"], role)   # from the diff features
    pre = take_snapshot(connection.send_command, platform, features)
    ...                                                       # push, fresh session
    post = take_snapshot(fresh.send_command, platform, features)
    problems = compare_snapshots(pre, post)                   # [] -> configure confirm

For many devices, :func:`collect` the raw outputs first and parse them together with
:func:`parse_snapshots` (a process pool). Snapshots and problems go to the change store
as ``to_dict()`` and come back with ``from_dict()``. A problem is also raised for an item
the change removes on purpose (a dial-peer deleted by the plan is "gone after it"):
filter those by the plan's removals.
"""

from __future__ import annotations

from citynet.state.compare import compare_snapshots
from citynet.state.features import FEATURES, ShowCommand, StateFeature, features_for
from citynet.state.health import voice_health
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
    "voice_health",
]
