"""The voice sections of an IOS / IOS-XE configuration, read into typed records.

Pure: configuration text in, :class:`VoiceConfig` out. Only the voice sections
are read (dial-peers, translation rules and profiles, voice classes, emergency
response locations and zones, sip-ua, ``dial-peer hunt``, ``num-exp``); every
other line is skipped. Sections follow indentation of any width, so fragments
written with four spaces (as in published CUBE examples) read the same as a
device's own output. Every record keeps the line it came from, so findings can
name ``file:line``.

A repeated ``dial-peer voice N`` section (as a running configuration shows when
a later block adds ``media-class``) merges into the first one, as IOS does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "DialPeer",
    "ElinLocation",
    "ElinZone",
    "Line",
    "Profile",
    "Rule",
    "RuleSet",
    "VoiceClass",
    "VoiceConfig",
    "parse_voice",
]


@dataclass(frozen=True)
class Line:
    """One configuration line (stripped) and its 1-based number."""

    no: int
    text: str


@dataclass
class DialPeer:
    """One ``dial-peer voice TAG pots|voip`` and what matters for routing and lint."""

    tag: str
    kind: str
    """``pots`` or ``voip`` (``""`` when a continuation block named no kind)."""
    line: int
    description: str = ""
    destination_pattern: Line | None = None
    incoming_called: Line | None = None
    answer_address: Line | None = None
    preference: int = 0
    profile_in: Line | None = None
    profile_out: Line | None = None
    port: Line | None = None
    session_target: Line | None = None
    server_group: Line | None = None
    forward_digits: str | None = None
    """``all``, a digit count, ``extra N``, or ``None`` when not set."""
    digit_strip: bool = True
    prefix: str = ""
    codecs: tuple[str, ...] = ()
    """Codecs named directly (``codec g711ulaw``)."""
    codec_class: Line | None = None
    huntstop: bool = False
    shutdown: bool = False
    zone: Line | None = None
    """``emergency response zone N``."""
    unmodelled: list[Line] = field(default_factory=list)
    """Lines that change outbound routing in ways this model does not follow."""
    refs: list[tuple[str, str, Line]] = field(default_factory=list)
    """Other named objects it references: (kind, name, line)."""
    lines: list[Line] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"dial-peer {self.tag}" + (f" ({self.kind})" if self.kind else "")


@dataclass(frozen=True)
class Rule:
    """``rule N /match/ /replace/`` or ``rule N reject /match/`` of a translation-rule."""

    number: int
    match: str
    replace: str
    reject: bool
    line: Line
    unmodelled: str = ""
    """Why this rule cannot be applied faithfully (``type``/``plan`` conversions ...)."""


@dataclass
class RuleSet:
    """``voice translation-rule N``: its rules, applied first match wins."""

    name: str
    line: int
    rules: list[Rule] = field(default_factory=list)


@dataclass
class Profile:
    """``voice translation-profile NAME``: which rule set translates which number."""

    name: str
    line: int
    translate: dict[str, Line] = field(default_factory=dict)
    """``called`` / ``calling`` / ``redirect-called`` -> the line naming the rule set."""


@dataclass
class VoiceClass:
    """``voice class KIND NAME`` (codec, e164-pattern-map, uri, server-group, dpg ...)."""

    kind: str
    name: str
    line: int
    codecs: tuple[str, ...] = ()
    """For ``codec``: the codecs in preference order."""
    patterns: tuple[str, ...] = ()
    """For ``e164-pattern-map``: its ``e164`` patterns."""
    peers: tuple[str, ...] = ()
    """For ``dpg``: the dial-peers of the group."""
    servers: tuple[str, ...] = ()
    """For ``server-group``: its servers (``ipv4 A``, ``ipv6 A``, ``dns NAME``), in order."""


@dataclass
class ElinLocation:
    """``voice emergency response location N`` with its ``elin``."""

    name: str
    line: int
    elins: tuple[str, ...] = ()


@dataclass
class ElinZone:
    """``voice emergency response zone N`` and the locations it lists."""

    name: str
    line: int
    locations: list[Line] = field(default_factory=list)


@dataclass
class VoiceConfig:
    """Everything voice in one configuration."""

    peers: dict[str, DialPeer] = field(default_factory=dict)
    rules: dict[str, RuleSet] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    classes: dict[tuple[str, str], VoiceClass] = field(default_factory=dict)
    locations: dict[str, ElinLocation] = field(default_factory=dict)
    zones: dict[str, ElinZone] = field(default_factory=dict)
    voice_ports: dict[str, Line] = field(default_factory=dict)
    voice_port_lines: dict[str, list[Line]] = field(default_factory=dict)
    voice_port_profiles: list[tuple[str, Line]] = field(default_factory=list)
    sip_ua: list[Line] = field(default_factory=list)
    border_element: bool = False
    transcoder: bool = False
    """A ``dspfarm profile N transcode`` exists: codec mismatches can be bridged."""
    hunt: Line | None = None
    """``dial-peer hunt N``: only the default (0) is modelled."""
    num_exp: list[Line] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.peers or self.rules or self.profiles or self.classes)


_PEER = re.compile(r"^dial-peer voice (\S+)(?:\s+(pots|voip|vofr|voatm|mmoip))?\s*$")
_RULESET = re.compile(r"^voice translation-rule (\S+)$")
_PROFILE = re.compile(r"^voice translation-profile (\S+)$")
_CLASS = re.compile(r"^voice class (\S+) (\S+)(?:\s+\S+)*$")
_LOCATION = re.compile(r"^voice emergency response location (\S+)$")
_ZONE = re.compile(r"^voice emergency response zone (\S+)$")
_RULE = re.compile(r"^rule (\d+)\s+(reject\s+)?/((?:[^/\\]|\\.)*)/(?:\s+/((?:[^/\\]|\\.)*)/)?(.*)$")
_VOIP_REFS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "voice class e164-pattern-map",
        re.compile(
            r"^(?:destination|incoming (?:called|calling)) "
            r"e164-pattern-map (\S+)"
        ),
    ),
    (
        "voice class uri",
        re.compile(
            r"^(?:incoming uri (?:via|from|to|request|called|calling)"
            r"|destination uri(?:-\S+)?) (\S+)"
        ),
    ),
    ("voice class dpg", re.compile(r"^destination dpg (\S+)")),
    ("voice class tenant", re.compile(r"^voice-class sip tenant (\S+)")),
    ("voice class sip-profiles", re.compile(r"^voice-class sip profiles (\S+)")),
    ("voice class server-group", re.compile(r"^session server-group (\S+)")),
    ("translation-profile", re.compile(r"^call-block translation-profile incoming (\S+)")),
)
# Outbound-routing commands the route model does not follow: a route through a
# dial-peer holding one of these is refused, not guessed.
_UNMODELLED = re.compile(
    r"^(?:destination (?:e164-pattern-map|uri|route-string)|numbering-type|"
    r"trunkgroup|trunk-group-label|carrier-id|information-type|max-conn)"
)


def _blocks(text: str) -> list[tuple[Line, list[Line]]]:
    """Top-level lines with the (stripped) lines indented under them, any indent width."""
    blocks: list[tuple[Line, list[Line]]] = []
    for no, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("!"):
            continue
        if raw[:1] in (" ", "\t"):
            if blocks:
                blocks[-1][1].append(Line(no, stripped))
            continue
        blocks.append((Line(no, stripped), []))
    return blocks


def parse_voice(text: str) -> VoiceConfig:
    """Read the voice sections of a configuration.

    >>> cfg = parse_voice("dial-peer voice 911 pots\\n destination-pattern 911\\n port 0/1/0:23\\n")
    >>> peer = cfg.peers["911"]
    >>> (peer.kind, peer.destination_pattern.text, peer.port.text)
    ('pots', '911', '0/1/0:23')
    """
    cfg = VoiceConfig()
    for head, body in _blocks(text):
        line = head.text
        if m := _PEER.match(line):
            tag = m[1]
            peer = cfg.peers.get(tag)
            if peer is None:
                peer = cfg.peers[tag] = DialPeer(tag, m[2] or "", head.no)
            elif m[2] and not peer.kind:
                peer.kind = m[2]
            for item in body:
                _peer_line(peer, item)
        elif m := _RULESET.match(line):
            rules = cfg.rules.setdefault(m[1], RuleSet(m[1], head.no))
            for item in body:
                rule = _rule(item)
                if rule is not None:
                    rules.rules.append(rule)
            rules.rules.sort(key=lambda r: r.number)
        elif m := _PROFILE.match(line):
            profile = cfg.profiles.setdefault(m[1], Profile(m[1], head.no))
            for item in body:
                words = item.text.split()
                if len(words) == 3 and words[0] == "translate":
                    profile.translate[words[1]] = Line(item.no, words[2])
        elif m := _LOCATION.match(line):
            elins = tuple(
                item.text.split()[2]
                for item in body
                if item.text.startswith("elin ") and len(item.text.split()) >= 3
            )
            cfg.locations[m[1]] = ElinLocation(m[1], head.no, elins)
        elif m := _ZONE.match(line):
            zone = cfg.zones.setdefault(m[1], ElinZone(m[1], head.no))
            zone.locations.extend(
                Line(item.no, item.text.split()[1])
                for item in body
                if item.text.startswith("location ") and len(item.text.split()) >= 2
            )
        elif m := _CLASS.match(line):
            kind, name = m[1], m[2]
            cls = VoiceClass(kind, name, head.no)
            if kind == "codec":
                cls.codecs = tuple(
                    item.text.split()[3]
                    for item in body
                    if item.text.startswith("codec preference ") and len(item.text.split()) >= 4
                )
            elif kind == "e164-pattern-map":
                cls.patterns = tuple(
                    item.text.split()[1] for item in body if item.text.startswith("e164 ")
                )
            elif kind == "server-group":
                cls.servers = tuple(
                    item.text.split()[1]
                    for item in body
                    if item.text.split()[0] in ("ipv4", "ipv6", "dns")
                    and len(item.text.split()) > 1
                )
            elif kind == "dpg":
                cls.peers = tuple(
                    item.text.split()[1] for item in body if item.text.startswith("dial-peer ")
                )
            cfg.classes[(kind, name)] = cls
        elif line.startswith("voice-port "):
            name = line.split()[1]
            cfg.voice_ports[name] = head
            cfg.voice_port_lines[name] = body
            for item in body:
                words = item.text.split()
                if len(words) == 3 and words[0] == "translation-profile":
                    cfg.voice_port_profiles.append((words[2], item))
        elif line == "sip-ua":
            cfg.sip_ua = body
        elif line == "voice service voip":
            cfg.border_element = any(i.text.startswith("mode border-element") for i in body)
        elif re.match(r"^dspfarm profile \S+ transcode", line):
            cfg.transcoder = True
        elif line.startswith("dial-peer hunt "):
            cfg.hunt = head
        elif line.startswith("num-exp "):
            cfg.num_exp.append(head)
    return cfg


def _peer_line(peer: DialPeer, item: Line) -> None:
    text = item.text
    words = text.split()
    peer.lines.append(item)
    key = words[0]
    if key == "description":
        peer.description = text[len("description ") :]
    elif key == "destination-pattern" and len(words) >= 2:
        peer.destination_pattern = Line(item.no, words[1])
        if len(words) > 2:
            peer.unmodelled.append(item)
    elif text.startswith("incoming called-number ") and len(words) >= 3:
        peer.incoming_called = Line(item.no, words[2])
    elif key == "answer-address" and len(words) >= 2:
        peer.answer_address = Line(item.no, words[1])
    elif key == "preference" and len(words) == 2 and words[1].isdigit():
        peer.preference = int(words[1])
    elif key == "translation-profile" and len(words) == 3:
        if words[1] == "incoming":
            peer.profile_in = Line(item.no, words[2])
        elif words[1] == "outgoing":
            peer.profile_out = Line(item.no, words[2])
    elif key == "port" and len(words) >= 2:
        peer.port = Line(item.no, words[1])
    elif text.startswith("session target ") and len(words) >= 3:
        peer.session_target = Line(item.no, words[2])
    elif text.startswith("session server-group ") and len(words) >= 3:
        peer.server_group = Line(item.no, words[2])
    elif key == "forward-digits" and len(words) >= 2:
        peer.forward_digits = " ".join(words[1:])
    elif text == "no digit-strip":
        peer.digit_strip = False
    elif text == "digit-strip":
        peer.digit_strip = True
    elif key == "prefix" and len(words) >= 2:
        peer.prefix = words[1]
    elif key == "codec" and len(words) >= 2 and words[1] != "preference":
        peer.codecs = (*peer.codecs, words[1])
    elif text.startswith("voice-class codec ") and len(words) >= 3:
        peer.codec_class = Line(item.no, words[2])
    elif text == "huntstop":
        peer.huntstop = True
    elif text == "shutdown":
        peer.shutdown = True
    elif text.startswith("emergency response zone") and len(words) >= 4:
        peer.zone = Line(item.no, words[3])
    if _UNMODELLED.match(text):
        peer.unmodelled.append(item)
    for kind, pattern in _VOIP_REFS:
        if m := pattern.match(text):
            peer.refs.append((kind, m[1], item))


def _rule(item: Line) -> Rule | None:
    m = _RULE.match(item.text)
    if m is None:
        return None
    rest = m[5].strip()
    reject = bool(m[2])
    why = ""
    if rest:
        why = f"number type or plan conversion ({rest!r})"
    elif m[4] is None and not reject:
        why = "a rule without a replacement"
    return Rule(int(m[1]), m[3], m[4] or "", reject, item, why)
