"""Which outbound dial-peer a dialled number matches, and what leaves it.

The call is taken as placed at the gateway itself (from a phone it registers or
from the call agent), en bloc: the inbound leg's translations are not applied.
What is modelled, and where it comes from:

- **Outbound matching** (Cisco document 211306, "Outbound Dial-Peer Matching"
  and "Number String Dial-Peer Hunting"; Dial Peer Configuration Guide,
  "Matching Outbound Dial Peers"): every dial-peer with a ``destination-pattern``
  that is not shut down is a candidate; with the default ``dial-peer hunt 0``
  the one with the longest match (most explicit digits) wins, then the lowest
  ``preference`` (default 0), then IOS picks at random among the rest, which is
  reported as a tie. Any other ``dial-peer hunt`` and ``num-exp`` are refused.
- **Interdigit timeout**: a winning pattern ending in ``T`` collects digits until
  the timeout; a number that another pattern could still extend (``911`` while
  ``9T`` or ``9115`` exist) makes a digit-by-digit caller wait too. Reported,
  not used to pick the dial-peer.
- **Digit manipulation** on the chosen dial-peer, in IOS's order (Cisco
  community, "Digit manipulation techniques in Cisco IOS - sequence"; Dial Peer
  Configuration Guide, "Digit Manipulation"): the outgoing translation-profile
  first; then, on a POTS dial-peer only, the automatic stripping of the
  left-justified explicit digits of the pattern, which ``no digit-strip``,
  ``forward-digits`` or an outgoing profile that has translated the called
  number turn off (the community article: once the number went through the
  profile, digit-strip "has no relevance"); ``forward-digits N`` keeps the last
  N digits (``all``: every digit); ``prefix`` goes in front last. When the
  profile's called rule set matched no rule and nothing else says whether to
  strip, the answer is refused, not guessed.

What would change this makes :func:`route` raise :class:`Unmodelled` instead:
any dial-peer that chooses calls by ``destination e164-pattern-map``, ``uri`` or
``route-string``, or sends them to a dial-peer group (``destination dpg``);
``dial-peer hunt`` other than 0, ``num-exp``; and on a dial-peer the number
matches, ``forward-digits extra``, trunk groups, ``numbering-type``, a
translation rule with ``type``/``plan``, or an unmodelled wildcard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from citynet.errors import CitynetError
from citynet.voice.model import DialPeer, VoiceConfig
from citynet.voice.patterns import Pattern, UnmodelledPattern, check_number, compile_pattern
from citynet.voice.translate import Step, UnmodelledRule, apply_rule_set


class Unmodelled(CitynetError):
    """The configuration routes this number with a construct the model does not follow."""


@dataclass(frozen=True)
class Considered:
    """A dial-peer whose pattern matched the number, and why it won or lost."""

    tag: str
    kind: str
    pattern: str
    explicit: int
    preference: int
    outcome: str
    """``selected``, ``tied``, or why it lost."""


@dataclass
class RouteResult:
    """The answer for one number: the dial-peer, why, the translations and what is sent."""

    number: str
    peer: DialPeer | None = None
    considered: list[Considered] = field(default_factory=list)
    tied: list[str] = field(default_factory=list)
    """Other dial-peers IOS may pick instead (same explicit digits and preference)."""
    steps: list[str] = field(default_factory=list)
    translations: list[Step] = field(default_factory=list)
    sent: str | None = None
    calling_sent: str | None = None
    leaves_via: str = ""
    waits: str = ""
    failure: str = ""
    """Why the call is not routed (empty when it is)."""
    alternatives: list[RouteResult] = field(default_factory=list)
    """What happens when IOS picks one of the tied dial-peers instead."""

    @property
    def routed(self) -> bool:
        return self.peer is not None and not self.failure

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "routed": self.routed,
            "dial_peer": self.peer.tag if self.peer else None,
            "kind": self.peer.kind if self.peer else None,
            "pattern": self.peer.destination_pattern.text
            if self.peer and self.peer.destination_pattern
            else None,
            "tied": list(self.tied),
            "considered": [c.__dict__ for c in self.considered],
            "steps": list(self.steps),
            "translations": [s.describe() for s in self.translations],
            "sent": self.sent,
            "calling_sent": self.calling_sent,
            "leaves_via": self.leaves_via,
            "waits": self.waits,
            "failure": self.failure,
            "if_tied_picks": [
                {
                    "dial_peer": other.peer.tag if other.peer else None,
                    "sent": other.sent if other.routed else None,
                    "leaves_via": other.leaves_via,
                    "failure": other.failure,
                }
                for other in self.alternatives
            ],
        }


def outbound_peers(cfg: VoiceConfig) -> list[tuple[DialPeer, Pattern]]:
    """Every dial-peer with a destination pattern, compiled (shut down ones included).

    Raises:
        Unmodelled: a pattern uses a wildcard the model does not follow.
    """
    out = []
    for peer in _ordered(cfg.peers.values()):
        if peer.destination_pattern is None:
            continue
        try:
            out.append((peer, compile_pattern(peer.destination_pattern.text)))
        except UnmodelledPattern as exc:
            raise Unmodelled(f"line {peer.destination_pattern.no}: {peer.label}: {exc}") from None
    return out


def _ordered(peers: Any) -> list[DialPeer]:
    return sorted(
        peers, key=lambda p: (not p.tag.isdigit(), int(p.tag) if p.tag.isdigit() else 0, p.tag)
    )


def check_modelled(cfg: VoiceConfig) -> None:
    """Refuse configurations whose outbound routing as a whole is not modelled."""
    if cfg.hunt is not None and cfg.hunt.text.split()[2:3] != ["0"]:
        raise Unmodelled(
            f"line {cfg.hunt.no}: {cfg.hunt.text!r}: only the default hunt order "
            "(longest match, preference, random) is modelled"
        )
    for peer in _ordered(cfg.peers.values()):
        for line in peer.unmodelled:
            if line.text.startswith("destination ") and not peer.shutdown:
                raise Unmodelled(
                    f"line {line.no}: {peer.label}: {line.text!r} chooses outbound calls by "
                    "something other than destination-pattern, which is not modelled"
                )
        for kind, name, line in peer.refs:
            if kind == "voice class dpg":
                raise Unmodelled(
                    f"line {line.no}: {peer.label}: {line.text!r}: calls arriving on it go to "
                    f"dial-peer group {name} in the group's order, not by destination-pattern; "
                    "routing through dial-peer groups is not modelled"
                )
    if cfg.num_exp:
        line = cfg.num_exp[0]
        raise Unmodelled(
            f"line {line.no}: {line.text!r}: number expansion before matching is not modelled"
        )


def route(cfg: VoiceConfig, number: str, *, calling: str | None = None) -> RouteResult:
    """The outbound dial-peer for ``number`` and the digits that leave it.

    Raises:
        Unmodelled: the decision depends on a construct the model does not follow.
        CitynetError: ``number`` is not a dialled number.
    """
    check_number(number)
    check_modelled(cfg)
    result = RouteResult(number)
    candidates = [
        (peer, pattern)
        for peer, pattern in outbound_peers(cfg)
        if pattern.matches(number) or _pattern_map(peer)
    ]
    for peer, _ in candidates:
        if peer.unmodelled and not peer.shutdown:
            line = peer.unmodelled[0]
            raise Unmodelled(
                f"line {line.no}: {peer.label}: {line.text!r} changes outbound matching in a way "
                "this model does not follow; check the route on the device ('show dial-peer "
                f"voice summary', 'debug voip dialpeer') instead"
            )
    live = [(p, pat) for p, pat in candidates if not p.shutdown]
    for peer, pattern in candidates:
        if peer.shutdown:
            result.considered.append(
                Considered(
                    peer.tag,
                    peer.kind,
                    pattern.text,
                    pattern.explicit,
                    peer.preference,
                    "shut down",
                )
            )
    if not live:
        result.failure = "no dial-peer matches"
        return result
    best_explicit = max(pattern.explicit for _, pattern in live)
    best_pref = min(p.preference for p, pat in live if pat.explicit == best_explicit)
    winners = [
        (p, pat) for p, pat in live if pat.explicit == best_explicit and p.preference == best_pref
    ]
    chosen, chosen_pattern = winners[0]
    for peer, pattern in live:
        if peer is chosen:
            outcome = "selected"
        elif pattern.explicit < best_explicit:
            outcome = (
                f"lost: longest match ({pattern.explicit} explicit digit(s) against "
                f"{best_explicit})"
            )
        elif peer.preference > best_pref:
            outcome = f"lost: preference {peer.preference} against {best_pref} (lower wins)"
        else:
            outcome = "tied: same explicit digits and preference, IOS picks one at random"
            result.tied.append(peer.tag)
        result.considered.append(
            Considered(
                peer.tag, peer.kind, pattern.text, pattern.explicit, peer.preference, outcome
            )
        )
    result.considered.sort(key=lambda c: (c.outcome != "selected", -c.explicit, c.preference))
    result.peer = chosen
    result.waits = _waits(number, chosen, chosen_pattern, live)
    for peer, pattern in winners:
        target = result
        if peer is not chosen:
            target = RouteResult(number, peer, waits=_waits(number, peer, pattern, live))
            result.alternatives.append(target)
        try:
            _manipulate(cfg, peer, pattern, number, calling, target)
        except UnmodelledRule as exc:
            raise Unmodelled(f"{peer.label}: {exc}") from None
    return result


def _pattern_map(peer: DialPeer) -> bool:
    return any(
        kind == "voice class e164-pattern-map" and line.text.startswith("destination ")
        for kind, _, line in peer.refs
    )


def _waits(
    number: str, chosen: DialPeer, pattern: Pattern, live: list[tuple[DialPeer, Pattern]]
) -> str:
    if pattern.variable:
        return (
            f"{pattern.text} ends in T: dialled digit by digit, the call leaves only after the "
            "interdigit timeout (or #)"
        )
    longer = [
        f"{p.tag} ({pat.text})"
        for p, pat in live
        if p is not chosen and (pat.could_extend(number) or (pat.variable and pat.matches(number)))
    ]
    if longer:
        return (
            "dialled digit by digit, the gateway may wait for the interdigit timeout: "
            f"dial-peer {', '.join(longer)} could still match more digits"
        )
    return ""


def _manipulate(
    cfg: VoiceConfig,
    peer: DialPeer,
    pattern: Pattern,
    number: str,
    calling: str | None,
    result: RouteResult,
) -> None:
    called = number
    translated_called = False
    if peer.profile_out is not None:
        profile = cfg.profiles.get(peer.profile_out.text)
        if profile is None:
            result.failure = (
                f"translation-profile {peer.profile_out.text} (line {peer.profile_out.no}) is not "
                "defined: IOS fails the call"
            )
            return
        for which in ("called", "calling"):
            ref = profile.translate.get(which)
            if ref is None:
                continue
            rules = cfg.rules.get(ref.text)
            if rules is None:
                result.failure = (
                    f"translation-rule {ref.text} (line {ref.no}) is not defined: "
                    "IOS fails the call"
                )
                return
            value = called if which == "called" else calling
            if value is None:
                continue
            step = apply_rule_set(rules, value)
            if which == "called":
                translated_called = step is not None
                if step is None and _strips_by_default(peer):
                    raise Unmodelled(
                        f"{peer.label}: translation-profile {profile.name} has a called rule set "
                        f"({rules.name}) that matches no rule for {value}; whether IOS then "
                        "strips the explicit digits is not modelled (add 'forward-digits' or "
                        "'no digit-strip' to make it explicit)"
                    )
            if step is None:
                result.steps.append(
                    f"translation-profile {profile.name}: translate {which} {rules.name}: no rule "
                    f"matches {value}, unchanged"
                )
                continue
            result.translations.append(step)
            result.steps.append(f"translation-profile {profile.name} ({which}): {step.describe()}")
            if step.rejected:
                result.failure = f"the call is rejected by {step.describe()}"
                return
            if which == "called":
                called = step.after
            else:
                calling = step.after
    if peer.kind == "pots":
        called = _pots_digits(peer, pattern, number, called, translated_called, result)
    elif peer.forward_digits or peer.prefix or not peer.digit_strip:
        result.steps.append("forward-digits, prefix and digit-strip apply to POTS dial-peers only")
    result.sent = called
    result.calling_sent = calling
    if peer.kind == "pots":
        if peer.port is None:
            result.failure = f"{peer.label} has no port: IOS cannot place the call"
        else:
            result.leaves_via = f"port {peer.port.text}"
    elif peer.session_target is not None:
        result.leaves_via = f"session target {peer.session_target.text}"
    elif peer.server_group is not None:
        group = cfg.classes.get(("server-group", peer.server_group.text))
        if group is None:
            result.failure = (
                f"voice class server-group {peer.server_group.text} (line "
                f"{peer.server_group.no}) is not defined: IOS cannot place the call"
            )
        else:
            servers = ", ".join(group.servers) or "no servers"
            result.leaves_via = f"session server-group {group.name} ({servers})"
    else:
        result.failure = f"{peer.label} has no session target: IOS cannot place the call"


def _strips_by_default(peer: DialPeer) -> bool:
    return peer.kind == "pots" and peer.forward_digits is None and peer.digit_strip


def _pots_digits(
    peer: DialPeer,
    pattern: Pattern,
    number: str,
    called: str,
    translated: bool,
    result: RouteResult,
) -> str:
    forward = peer.forward_digits
    if forward is not None:
        if forward == "all":
            result.steps.append("forward-digits all: every digit is sent, nothing stripped")
        elif forward.isdigit():
            kept = called[-int(forward) :] if int(forward) else ""
            result.steps.append(f"forward-digits {forward}: {called} -> {kept}")
            called = kept
        else:
            raise Unmodelled(f"{peer.label}: 'forward-digits {forward}' is not modelled")
    elif translated:
        result.steps.append(
            "the outgoing translation-profile translates the called number: no digit-strip"
        )
    elif not peer.digit_strip:
        result.steps.append("no digit-strip: the explicitly matched digits are kept")
    else:
        count = pattern.leading_explicit
        stripped = called[count:] if called.startswith(number[:count]) else called
        if count and stripped != called:
            result.steps.append(
                f"digit-strip (POTS default): the explicitly matched {called[:count]!r} of "
                f"{pattern.text} is stripped: {called} -> {stripped}"
            )
        called = stripped
    if peer.prefix:
        result.steps.append(f"prefix {peer.prefix}: {called} -> {peer.prefix}{called}")
        called = peer.prefix + called
    return called


PSTN_WORDS = re.compile(r"pstn|carrier|itsp|telco|\bco\b|fxo|\bpri\b|sip trunk|provider", re.I)


def is_pstn(cfg: VoiceConfig, peer: DialPeer) -> bool:
    """Whether a dial-peer leads to the public network: a POTS dial-peer on a digital
    (PRI/T1/E1) or FXO voice-port, or a VoIP dial-peer to a carrier (its description
    or its voice-port's says so, or a border element's ``sip-server``/server-group).

    >>> from citynet.voice.model import parse_voice
    >>> cfg = parse_voice("dial-peer voice 1 pots\\n destination-pattern 911\\n port 0/1/0:23\\n")
    >>> is_pstn(cfg, cfg.peers["1"])
    True
    """
    if PSTN_WORDS.search(peer.description):
        return True
    if peer.kind == "pots" and peer.port is not None:
        port = peer.port.text
        if ":" in port:
            return True
        body = cfg.voice_port_lines.get(port, [])
        head = cfg.voice_ports.get(port)
        texts = [line.text for line in body] + ([head.text] if head else [])
        return any(PSTN_WORDS.search(t) for t in texts)
    if peer.kind == "voip" and cfg.border_element:
        return peer.server_group is not None or (
            peer.session_target is not None and peer.session_target.text == "sip-server"
        )
    return False
