"""Emergency routing before and after a change: what the board sees and what makes a
plan high risk.

Pure: the running and target configurations of one gateway in, the routes of
911 and 9911 (and a site's own numbers) on each side out, and the reasons a
plan touches emergency routing: a route that differs after the change, or a
command inside a dial-peer, translation profile or translation rule that an
emergency call passes through on either side (IOS hunts on through every
dial-peer the number matches, so all of them count, not only the first).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from citynet.errors import CitynetError
from citynet.voice.lint import EMERGENCY_NUMBERS
from citynet.voice.model import VoiceConfig, parse_voice
from citynet.voice.route import Unmodelled, outbound_peers, route


def route_summary(cfg: VoiceConfig, number: str) -> dict[str, Any]:
    """One number's route on one configuration, as the packet shows it."""
    try:
        result = route(cfg, number)
    except (Unmodelled, CitynetError) as exc:
        return {"routed": False, "refused": str(exc)}
    summary: dict[str, Any] = {
        "routed": result.routed,
        "dial_peer": result.peer.tag if result.peer else None,
        "sent": result.sent if result.routed else None,
        "leaves_via": result.leaves_via if result.routed else "",
    }
    if result.failure:
        summary["failure"] = result.failure
    if result.waits and result.peer is not None and result.peer.destination_pattern is not None:
        summary["waits"] = result.peer.destination_pattern.text.endswith("T")
    return summary


def describe(summary: dict[str, Any]) -> str:
    """One line for a person.

    >>> describe({"routed": True, "dial_peer": "90", "sent": "911", "leaves_via": "port 0/2/0:23"})
    'dial-peer 90 sends 911 out of port 0/2/0:23'
    """
    if "refused" in summary:
        return f"not modelled: {summary['refused']}"
    if not summary.get("routed"):
        return f"no route: {summary.get('failure', 'no dial-peer matches')}"
    text = (
        f"dial-peer {summary['dial_peer']} sends {summary['sent']} out of {summary['leaves_via']}"
    )
    return text + (" after the interdigit timeout" if summary.get("waits") else "")


def emergency_routes(
    running: str, golden: str, numbers: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Before (running) and after (golden) for every emergency number; ``[]`` when
    neither side has dial-peers."""
    if "dial-peer voice " not in running and "dial-peer voice " not in golden:
        return []
    before, after = parse_voice(running), parse_voice(golden)
    if not (before.peers or after.peers):
        return []
    rows = []
    for number in dict.fromkeys((*EMERGENCY_NUMBERS, *numbers)):
        old, new = route_summary(before, number), route_summary(after, number)
        rows.append({"number": number, "before": old, "after": new, "changed": old != new})
    return rows


def emergency_objects(cfg: VoiceConfig, numbers: Iterable[str] = ()) -> set[str]:
    """The section headers an emergency call can pass through on one configuration."""
    wanted = tuple(dict.fromkeys((*EMERGENCY_NUMBERS, *numbers)))
    try:
        peers = outbound_peers(cfg)
    except Unmodelled:
        peers = []
    used: set[str] = set()
    for peer, pattern in peers:
        if not any(pattern.matches(n) for n in wanted):
            continue
        used.add(f"dial-peer voice {peer.tag}" + (f" {peer.kind}" if peer.kind else ""))
        if peer.profile_out is not None:
            used.add(f"voice translation-profile {peer.profile_out.text}")
            profile = cfg.profiles.get(peer.profile_out.text)
            for ref in profile.translate.values() if profile else ():
                used.add(f"voice translation-rule {ref.text}")
    return used


def emergency_touches(
    tops: Iterable[str], running: str, golden: str, numbers: Iterable[str] = ()
) -> list[str]:
    """Why a change touches emergency routing (empty: it does not).

    ``tops`` are the top-level lines the plan's commands change (a section header,
    or the line itself).
    """
    if "dial-peer voice " not in running and "dial-peer voice " not in golden:
        return []
    numbers = tuple(numbers)
    before, after = parse_voice(running), parse_voice(golden)
    used = emergency_objects(before, numbers) | emergency_objects(after, numbers)
    reasons = [f"changes {top}, which emergency calls use" for top in sorted(set(tops) & used)]
    for row in emergency_routes(running, golden, numbers):
        if row["changed"]:
            reasons.append(
                f"{row['number']}: before {describe(row['before'])}; after {describe(row['after'])}"
            )
    return reasons
