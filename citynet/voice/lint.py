"""Dial-plan lint: what in a gateway's configuration would misroute or drop a call.

Pure: configuration text in, :class:`~citynet.diagnostics.Diagnostic` out, on a
rendered or a running configuration alike. The rules:

- ``voice-undefined``: a translation profile or rule, voice class (codec,
  e164-pattern-map, uri, server-group, dpg, tenant, sip-profiles), ELIN zone or
  location, or dial-peer of a group that is referenced but not defined;
- ``voice-overlap``: two dial-peers to different places match the same number
  with the same explicit digits and preference, so IOS picks one at random;
- ``voice-never``: a dial-peer that loses on longest match for every number it
  matches, so it is never selected (a backup on ``preference`` is not this);
- ``voice-emergency-translation``: a called-number translation rule that turns
  an emergency number into anything but itself or ``911``;
- ``voice-emergency-route``: at a gateway with a PSTN dial-peer, an emergency
  number that does not reach one, leaves as anything but ``911``, or waits
  for the interdigit timeout on a ``T`` pattern;
- ``voice-codec``: a VoIP inbound leg and a VoIP outbound leg that can carry
  the same number and share no codec (a warning when a transcoder exists);
- ``voice-unmodelled`` (warning): routing could not be checked because the
  configuration uses a construct :mod:`citynet.voice.route` refuses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from citynet.diagnostics import Diagnostic, Severity
from citynet.voice.model import DialPeer, VoiceConfig, parse_voice
from citynet.voice.patterns import Pattern, UnmodelledPattern, compile_pattern
from citynet.voice.route import RouteResult, Unmodelled, is_pstn, outbound_peers, route
from citynet.voice.samples import samples
from citynet.voice.translate import UnmodelledRule, apply_rule_set

EMERGENCY_NUMBERS = ("911", "9911")
"""Dialled everywhere in the City; a site may add its own."""
DEFAULT_CODEC = "g729r8"
"""A VoIP dial-peer's codec when it names none (IOS default)."""
BASIC_REFERENCES = frozenset({"translation-profile", "translation-rule", "voice class codec"})
"""References :mod:`citynet.render.lint` already checks on rendered configs."""


def lint_voice(
    text: str,
    *,
    host: str | None = None,
    file: str | None = None,
    emergency: Iterable[str] = (),
    skip: frozenset[str] = frozenset(),
    cfg: VoiceConfig | None = None,
    pstn: bool | None = None,
) -> list[Diagnostic]:
    """Every dial-plan finding of one configuration, by line.

    Args:
        text: the configuration.
        host, file: for the messages (``file`` defaults to ``<host>.cfg``).
        emergency: the site's own emergency numbers, besides 911 and 9911.
        skip: reference kinds not to report (those another lint already reports).
        cfg: the parsed voice sections, when the caller has them.
        pstn: whether the inventory gives the site PSTN access (None: judge by the
            configuration's dial-peers alone).
    """
    cfg = cfg if cfg is not None else parse_voice(text)
    if cfg.empty and not pstn:
        return []
    where = file or f"{host or 'config'}.cfg"
    numbers = tuple(dict.fromkeys((*EMERGENCY_NUMBERS, *emergency)))
    found: list[Diagnostic] = []

    def add(line: int | None, message: str, hint: str, severity: Severity = Severity.ERROR) -> None:
        found.append(Diagnostic(where, line, message, hint, host=host, severity=severity))

    for line, message, hint in _undefined(cfg, skip):
        add(line, message, hint)
    try:
        peers = outbound_peers(cfg)
    except Unmodelled as exc:
        add(
            None,
            f"dial plan not checked: {exc}",
            "use only modelled wildcards, or check the routing on the device",
            Severity.WARNING,
        )
        peers = []
    live = [(p, pat) for p, pat in peers if not p.shutdown]
    grouped = {tag for (kind, _), cls in cfg.classes.items() if kind == "dpg" for tag in cls.peers}
    ungrouped = [(p, pat) for p, pat in live if p.tag not in grouped]
    for line, message, hint, severity in _overlaps(cfg, ungrouped):
        add(line, message, hint, severity)
    for line, message, hint in _emergency_translations(cfg, numbers, live):
        add(line, message, hint)
    if peers or pstn:
        for where_no, message, hint, severity in _emergency_routes(cfg, numbers, pstn):
            add(where_no, message, hint, severity)
    for line, message, severity in _codecs(cfg, live):
        add(line, message, "give both legs a common codec (voice class codec)", severity)
    return sorted(found, key=lambda d: d.line or 0)


def site_options(view: Any) -> dict[str, Any]:
    """What a host's inventory data tells the lint: the site's own emergency numbers and
    whether the site has PSTN access (``voice: {pstn: pri|fxo|sip|none}``)."""
    return {"emergency": emergency_numbers(view), "pstn": site_pstn(view)}


def site_pstn(view: Any) -> bool | None:
    """Whether the inventory gives the site PSTN access (None: it does not say)."""
    data = getattr(view, "data", None) or {}
    voice = data.get("voice")
    if not isinstance(voice, dict) or not isinstance(voice.get("pstn"), str):
        return None
    return bool(voice["pstn"] != "none")


def emergency_numbers(view: Any) -> tuple[str, ...]:
    """A site's own emergency numbers from a host's inventory data (``emergency_numbers``,
    or ``voice: {emergency_numbers: [...]}``), besides 911 and 9911."""
    data = getattr(view, "data", None) or {}
    found = data.get("emergency_numbers")
    if found is None and isinstance(data.get("voice"), dict):
        found = data["voice"].get("emergency_numbers")
    if not isinstance(found, list):
        return ()
    return tuple(str(n) for n in found if re.fullmatch(r"\+?[0-9*#]{1,32}", str(n)))


def _leaves_as(number: str) -> set[str]:
    """What an emergency number may be sent as: 911 for 911 and 9911; a site's own
    number as dialled or without its leading access code 9.

    >>> sorted(_leaves_as("9911")), sorted(_leaves_as("95550100"))
    (['911'], ['5550100', '95550100'])
    """
    if number in EMERGENCY_NUMBERS:
        return {"911"}
    return {number, number[1:]} if number.startswith("9") and len(number) > 1 else {number}


def _undefined(cfg: VoiceConfig, skip: frozenset[str]) -> Iterator[tuple[int, str, str]]:
    """Dangling references. ``skip`` leaves out the kinds another lint reports, but only
    where that lint looks (a dial-peer's own translation-profile and voice-class codec,
    a profile's translate lines), never a voice-port's or a call-block's profile."""
    classes = {(f"voice class {kind}", name) for kind, name in cfg.classes}
    # (kind, name, line, owner, whether render.lint's scan reports it too)
    refs: list[tuple[str, str, int, str, bool]] = []
    for peer in cfg.peers.values():
        for line in (peer.profile_in, peer.profile_out):
            if line is not None:
                refs.append(("translation-profile", line.text, line.no, peer.label, True))
        if peer.codec_class is not None:
            codec = peer.codec_class
            refs.append(("voice class codec", codec.text, codec.no, peer.label, True))
        if peer.zone is not None:
            zone_ref = peer.zone
            refs.append(("emergency response zone", zone_ref.text, zone_ref.no, peer.label, False))
        for kind, name, line in peer.refs:
            refs.append((kind, name, line.no, peer.label, False))
    for name, line in cfg.voice_port_profiles:
        refs.append(("translation-profile", name, line.no, "voice-port", False))
    for profile in cfg.profiles.values():
        owner = f"translation-profile {profile.name}"
        for ref in profile.translate.values():
            refs.append(("translation-rule", ref.text, ref.no, owner, True))
    for zone in cfg.zones.values():
        for ref in zone.locations:
            refs.append(
                ("emergency response location", ref.text, ref.no, f"zone {zone.name}", False)
            )
    for (kind, name), cls in cfg.classes.items():
        if kind == "dpg":
            for tag in cls.peers:
                if tag not in cfg.peers:
                    yield (
                        cls.line,
                        f"voice class dpg {name} lists dial-peer {tag}, which is not defined",
                        f"define dial-peer voice {tag}, or take it out of the group",
                    )
    defined = {
        "translation-profile": set(cfg.profiles),
        "translation-rule": set(cfg.rules),
        "emergency response zone": set(cfg.zones),
        "emergency response location": set(cfg.locations),
    }
    for kind, name, ref_no, owner, basic in refs:
        if basic and kind in skip:
            continue
        known = name in defined[kind] if kind in defined else (kind, name) in classes
        if not known:
            yield (
                ref_no,
                f"{owner} references {kind} {name}, which is not defined",
                f"define {_definition(kind, name)}, or correct the reference",
            )


def _definition(kind: str, name: str) -> str:
    if kind in ("translation-profile", "translation-rule"):
        return f"'voice {kind} {name}'"
    if kind.startswith("emergency"):
        return f"'voice {kind} {name}'"
    return f"'{kind} {name}'"


def _destination(peer: DialPeer) -> tuple[str, str, str, str, str]:
    where = peer.port or peer.session_target or peer.server_group
    return (
        peer.kind,
        where.text if where else "",
        peer.profile_out.text if peer.profile_out else "",
        peer.prefix,
        peer.forward_digits or "",
    )


def _handling(cfg: VoiceConfig, peer: DialPeer, pattern: Pattern) -> tuple[object, ...]:
    """Everything but the port or target: two dial-peers alike in this send the same
    digits to the same kind of place (two PRIs, two call agents)."""
    return (
        peer.kind,
        peer.profile_out.text if peer.profile_out else "",
        peer.prefix,
        peer.forward_digits or "",
        peer.digit_strip,
        pattern.leading_explicit,
        is_pstn(cfg, peer),
    )


Grouped = list[tuple[Pattern, list[tuple[int, DialPeer, Pattern]]]]


def _by_pattern(live: list[tuple[DialPeer, Pattern]]) -> Grouped:
    """The live dial-peers grouped by pattern text (each pattern tested once per number),
    each with its position in ``live``."""
    grouped: dict[str, tuple[Pattern, list[tuple[int, DialPeer, Pattern]]]] = {}
    for position, (peer, pattern) in enumerate(live):
        grouped.setdefault(pattern.text, (pattern, []))[1].append((position, peer, pattern))
    return list(grouped.values())


def _winners(number: str, by_pattern: Grouped) -> list[tuple[DialPeer, Pattern]]:
    """The dial-peers with the longest match for ``number``, in the order of ``live``."""
    matching = [(pat, peers) for pat, peers in by_pattern if pat.matches(number)]
    if not matching:
        return []
    best = max(pat.explicit for pat, _ in matching)
    winners = sorted(item for pat, peers in matching if pat.explicit == best for item in peers)
    return [(peer, pattern) for _, peer, pattern in winners]


def hunt_order(number: str, live: list[tuple[DialPeer, Pattern]]) -> list[DialPeer]:
    """The dial-peers IOS tries for ``number``, first to last: longest match, then
    preference (ties in configuration order)."""
    matching = [(p, pat) for p, pat in live if pat.matches(number)]
    matching.sort(key=lambda item: (-item[1].explicit, item[0].preference))
    return [p for p, _ in matching]


def _overlaps(
    cfg: VoiceConfig, live: list[tuple[DialPeer, Pattern]]
) -> Iterator[tuple[int, str, str, Severity]]:
    """Equal-preference overlaps (an error when the tied dial-peers handle the call
    differently, a warning when they differ only in port or target) and dial-peers
    that never win on longest match."""
    reported: set[str] = set()
    groups: dict[str, tuple[list[tuple[DialPeer, Pattern]], frozenset[int], int]] = {}
    # Dial-peers with one pattern (one per port or target, told apart by preference) share
    # their representative numbers: the other patterns are the same set for each of them.
    sampled: dict[str, tuple[list[str], bool]] = {}
    by_pattern = _by_pattern(live)
    for peer, pattern in live:
        if pattern.text not in sampled:
            others = [pat for p, pat in live if p is not peer]
            sampled[pattern.text] = samples(pattern, others)
        numbers, complete = sampled[pattern.text]
        ever_longest = False
        beaten_by: dict[str, int] = {}
        for number in numbers:
            known = groups.get(number)
            if known is None:
                winners = _winners(number, by_pattern)
                known = groups[number] = (
                    winners,
                    frozenset(id(p) for p, _ in winners),
                    min((p.preference for p, _ in winners), default=0),
                )
            group, members, pref = known
            if id(peer) in members:
                ever_longest = True
                if peer.preference != pref:
                    continue
                for other, other_pat in group:
                    if (
                        other is peer
                        or other.preference != pref
                        or _destination(other) == _destination(peer)
                    ):
                        continue
                    first, second = sorted(
                        ((peer, pattern), (other, other_pat)), key=lambda x: x[0].line
                    )
                    if second[0].tag in reported:
                        continue  # each dial-peer once, against the first it overlaps
                    reported.add(second[0].tag)
                    assert second[0].destination_pattern is not None
                    alike = _handling(cfg, *first) == _handling(cfg, *second)
                    yield (
                        second[0].destination_pattern.no,
                        f"dial-peer {second[0].tag} ({second[1].text}) and dial-peer "
                        f"{first[0].tag} ({first[1].text}) both match {number} with "
                        f"{second[1].explicit} explicit digit(s) and preference {pref}: IOS "
                        "picks one at random"
                        + (
                            " (they differ only in port or target)"
                            if alike
                            else ", and they handle the call differently"
                        ),
                        "give the backup a higher preference (e.g. 'preference 1'), or make "
                        "the patterns distinct",
                        Severity.WARNING if alike else Severity.ERROR,
                    )
            else:
                for other, _ in group:
                    beaten_by[other.tag] = beaten_by.get(other.tag, 0) + 1
        if numbers and complete and not ever_longest:
            assert peer.destination_pattern is not None
            winner = max(beaten_by, key=lambda t: beaten_by[t]) if beaten_by else "another"
            yield (
                peer.destination_pattern.no,
                f"dial-peer {peer.tag} ({pattern.text}) can never be selected: every number it "
                f"matches has a longer match (e.g. dial-peer {winner})",
                "remove the dial-peer, or make its pattern more specific than the others",
                Severity.ERROR,
            )


def _emergency_translations(
    cfg: VoiceConfig, numbers: tuple[str, ...], live: list[tuple[DialPeer, Pattern]]
) -> Iterator[tuple[int, str, str]]:
    """Called-number rules an emergency call can pass through: the outgoing profile of
    every dial-peer it matches, in hunt order up to one with ``huntstop`` (IOS hunts on
    to them when the first one fails), and every incoming profile (dial-peers,
    voice-ports)."""
    uses: list[tuple[str, str]] = []
    for number in numbers:
        for peer in hunt_order(number, live):
            if peer.profile_out is not None:
                uses.append((peer.profile_out.text, number))
            if peer.huntstop:
                break
    incoming = [p.profile_in.text for p in cfg.peers.values() if p.profile_in is not None]
    incoming += [name for name, _ in cfg.voice_port_profiles]
    uses.extend((name, n) for name in incoming for n in numbers)
    seen: set[tuple[str, str]] = set()
    for name, number in uses:
        profile = cfg.profiles.get(name)
        ref = profile.translate.get("called") if profile else None
        if profile is None or ref is None or ref.text not in cfg.rules:
            continue
        if (ref.text, number) in seen:
            continue
        seen.add((ref.text, number))
        rules = cfg.rules[ref.text]
        try:
            step = apply_rule_set(rules, number)
        except UnmodelledRule:
            continue
        if step is None or (not step.rejected and step.after in {number} | _leaves_as(number)):
            continue
        what = "rejects it" if step.rejected else f"turns it into {step.after}"
        yield (
            step.line,
            f"voice translation-rule {rules.name} rule {step.rule} (called numbers of "
            f"translation-profile {profile.name}) {what}: emergency number {number} must "
            f"leave as {' or '.join(sorted(_leaves_as(number)))}",
            f"add a rule before it that keeps {number} (e.g. 'rule 1 /^911$/ /911/'), or keep "
            "emergency numbers off this profile's dial-peers",
        )


def _emergency_routes(
    cfg: VoiceConfig, numbers: tuple[str, ...], site_pstn: bool | None
) -> Iterator[tuple[int | None, str, str, Severity]]:
    pstn = [p for p in cfg.peers.values() if not p.shutdown and is_pstn(cfg, p)]
    hint = (
        "add direct dial-peers 'destination-pattern 911' and '9911' to the PSTN, ahead of 9T, "
        "that send 911"
    )
    if not pstn:
        if site_pstn:
            yield (
                None,
                "the site has PSTN access (inventory: voice.pstn) but no dial-peer of this "
                "gateway leads to it: emergency calls cannot reach the PSTN",
                hint,
                Severity.ERROR,
            )
        return
    for number in numbers:
        try:
            result = route(cfg, number)
        except Unmodelled as exc:
            yield (
                None,
                f"emergency routing not checked: {exc}",
                "check 911 and 9911 on the device ('show dial-peer voice summary', "
                "'test voice translation-rule')",
                Severity.WARNING,
            )
            return
        for outcome in (result, *result.alternatives):
            problem = _emergency_problem(cfg, number, outcome, tied=outcome is not result)
            if problem is not None:
                yield (*problem, hint, Severity.ERROR)
                break


def _emergency_problem(
    cfg: VoiceConfig, number: str, result: RouteResult, *, tied: bool
) -> tuple[int | None, str] | None:
    """What is wrong with one way an emergency number can go (``tied``: when IOS picks
    this dial-peer among equals)."""
    peer = result.peer
    line = peer.destination_pattern.no if peer and peer.destination_pattern else None
    if not result.routed:
        return line, f"emergency number {number} is not routed: {result.failure}"
    assert peer is not None
    goes = "may go (tied at random)" if tied else "goes"
    if not is_pstn(cfg, peer):
        return line, (
            f"emergency number {number} {goes} to dial-peer {peer.tag} ({result.leaves_via}), "
            "not to the PSTN dial-peer this gateway has"
        )
    if result.sent not in _leaves_as(number):
        return line, (
            f"emergency number {number} leaves dial-peer {peer.tag} as {result.sent!r}, "
            f"not as {' or '.join(sorted(_leaves_as(number)))}"
        )
    if peer.destination_pattern and peer.destination_pattern.text.endswith("T"):
        return line, (
            f"emergency number {number} is routed on dial-peer {peer.tag} "
            f"({peer.destination_pattern.text}) only: it waits for the interdigit timeout"
        )
    return None


def _codec_set(cfg: VoiceConfig, peer: DialPeer) -> tuple[str, ...]:
    if peer.codec_class is not None:
        cls = cfg.classes.get(("codec", peer.codec_class.text))
        return cls.codecs if cls else ()
    return peer.codecs or (DEFAULT_CODEC,)


def _codecs(
    cfg: VoiceConfig, live: list[tuple[DialPeer, Pattern]]
) -> Iterator[tuple[int, str, Severity]]:
    inbound: list[tuple[DialPeer, Pattern | None]] = []
    for peer in cfg.peers.values():
        if peer.kind != "voip" or peer.shutdown:
            continue
        if peer.incoming_called is not None:
            try:
                inbound.append((peer, compile_pattern(peer.incoming_called.text)))
            except UnmodelledPattern:
                continue
        elif any(kind == "voice class uri" for kind, _, _ in peer.refs):
            inbound.append((peer, None))
    severity = Severity.WARNING if cfg.transcoder else Severity.ERROR
    for in_peer, in_pattern in inbound:
        in_codecs = _codec_set(cfg, in_peer)
        for out_peer, out_pattern in live:
            if out_peer is in_peer or out_peer.kind != "voip":
                continue
            out_codecs = _codec_set(cfg, out_peer)
            if not in_codecs or not out_codecs or set(in_codecs) & set(out_codecs):
                continue
            if in_pattern is not None:
                numbers, _ = samples(out_pattern, [in_pattern])
                shared = next((n for n in numbers if in_pattern.matches(n)), None)
                if shared is None:
                    continue
            assert out_peer.destination_pattern is not None
            yield (
                out_peer.destination_pattern.no,
                f"codec mismatch: dial-peer {in_peer.tag} takes calls in with "
                f"{', '.join(in_codecs)} and dial-peer {out_peer.tag} sends them on with "
                f"{', '.join(out_codecs)}"
                + (" (a transcoder must bridge them)" if cfg.transcoder else ""),
                severity,
            )
