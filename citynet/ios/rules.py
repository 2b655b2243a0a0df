"""IOS / IOS-XE configuration semantics, as data.

Everything the parser, the comparison and the config-applying model need to
know about IOS lives here as plain tables, so that a new command is a new row,
not new code:

* ``CONTEXTS``: how a section header names the mode its children live in.
* ``KEYED``: commands that replace their previous value (``hostname``,
  ``description``, ``standby N priority`` ...), per mode, with how to replace.
Secrets are in :mod:`citynet.ios.secrets` (masked at parse time) and device
noise in :mod:`citynet.ios.noise`, both reached through the platform's driver.
* ``TIERS``: the order in which top-level sections are created (definitions
  first) and removed (references first).
* ``DEFAULT_LINES``: lines that equal their absence (a device never shows them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from citynet.ios.secrets import REDACTED

__all__ = ["REDACTED"]


class Replace(Enum):
    """How a keyed command takes a new value."""

    OVERWRITE = "overwrite"  # entering the new value replaces the old one
    REMOVE_FIRST = "remove-first"  # the old entry must be removed before the new one


@dataclass(frozen=True, slots=True)
class KeyRule:
    """A command whose identity is a prefix of its text (``hostname X`` -> ``hostname``).

    Attributes:
        context: the mode the rule applies in (see ``CONTEXTS``).
        pattern: regex matched at the start of the positive form of the line; its
            groups, with the rule name, form the key.
        name: short name of the rule, used in keys and reports.
        replace: how a different value for the same key is applied.
        negate: regex whose match at the start of the line is the text to negate
            (``no <match>``); default: the whole line.
    """

    context: str
    pattern: str
    name: str
    replace: Replace = Replace.OVERWRITE
    negate: str | None = None


NOISE_WHOLE: frozenset[str] = frozenset({"end"})
"""Top-level lines that close the configuration (never compared)."""

# Lines that close a sub-mode; structural only, never compared.
EXIT_LINE = re.compile(r"exit(?:-[a-z-]+)?$")

# Children of headers starting so are opaque device data (certificate hex), ignored.
IGNORE_CHILDREN: tuple[str, ...] = ("certificate ",)

# (parent context or "*", header regex, child context). First match wins.
CONTEXTS: tuple[tuple[str, str, str], ...] = (
    ("root", r"interface ", "interface"),
    ("root", r"router bgp ", "bgp"),
    ("bgp", r"address-family ", "bgp-af"),
    ("bgp", r"template peer-", "bgp-af"),
    ("vrf", r"address-family ", "vrf-af"),
    ("root", r"router (?:ospf|ospfv3|eigrp|rip|isis)", "igp"),
    ("root", r"ip access-list (?:standard|extended|role-based) ", "acl"),
    ("root", r"ipv6 access-list ", "acl"),
    ("root", r"mac access-list extended ", "acl"),
    ("root", r"voice translation-rule ", "translation-rule"),
    ("root", r"voice translation-profile ", "translation-profile"),
    ("root", r"voice class codec ", "codec-class"),
    ("root", r"dial-peer voice ", "dial-peer"),
    ("root", r"vlan \d", "vlan"),
    ("root", r"line ", "line"),
    ("root", r"route-map ", "route-map"),
    ("root", r"(?:vrf definition|ip vrf) ", "vrf"),
    ("root", r"policy-map ", "policy-map"),
    ("policy-map", r"class ", "policy-class"),
    ("root", r"sip-ua$", "sip-ua"),
    ("root", r"(?:tacacs|radius) server ", "aaa-server"),
    ("root", r"voice service voip$", "voice-service"),
    ("root", r"voice-port ", "voice-port"),
    ("root", r"controller (?:T1|E1|t1|e1) ", "controller"),
    ("root", r"dspfarm profile ", "dspfarm"),
    ("root", r"voice class uri ", "uri-class"),
    ("root", r"voice class e164-pattern-map ", "e164-map"),
    ("root", r"voice class server-group ", "server-group"),
    ("root", r"voice class dpg ", "dpg"),
    ("root", r"voice class tenant ", "tenant"),
    ("root", r"call-manager-fallback$", "srst"),
    ("root", r"voice register global$", "srst"),
    ("root", r"telephony-service$", "srst"),
    ("root", r"voice register pool ", "sip-pool"),
    ("root", r"voice register dn ", "sip-dn"),
    ("root", r"sccp ccm group ", "sccp-group"),
    ("root", r"stcapp supplementary-services$", "stcapp"),
    ("stcapp", r"port ", "stcapp-port"),
    ("root", r"stcapp feature access-code$", "stcapp-codes"),
    ("root", r"key chain ", "key-chain"),
    ("key-chain", r"key \d", "key"),
)

# Contexts whose children are an ordered list of (optionally numbered) entries.
ORDERED_CONTEXTS: frozenset[str] = frozenset({"acl"})

# Sequence number at the start of an ordered entry ("10 permit ...", "sequence 10 ...").
SEQ = re.compile(r"(?:sequence )?(\d+) (.*)$")

# Numbered ACL lines at the top level: "access-list 10 permit any".
NUMBERED_ACL = re.compile(r"access-list (\d+) (.*)$")
# A numbered ACL written in named mode: "ip access-list extended 101".
NUMBERED_SECTION = re.compile(r"ip access-list (?:standard|extended) (\d+)$")

# The list command taking add/remove.
TRUNK_ALLOWED = "switchport trunk allowed vlan"

R = Replace.REMOVE_FIRST


def _each(context: str, commands: tuple[str, ...], name: str) -> tuple[KeyRule, ...]:
    """One overwrite rule per single-valued command (the command is part of the key)."""
    return tuple(KeyRule(context, rf"{c}(?: |$)", f"{name}-{c}") for c in commands)


KEYED: tuple[KeyRule, ...] = (
    # --- global -----------------------------------------------------------
    KeyRule("root", r"hostname(?: |$)", "hostname"),
    KeyRule("root", r"ip domain[ -]name(?: |$)", "domain-name"),
    KeyRule("root", r"snmp-server location(?: |$)", "snmp-location"),
    KeyRule("root", r"snmp-server contact(?: |$)", "snmp-contact"),
    KeyRule("root", r"snmp-server chassis-id(?: |$)", "snmp-chassis"),
    KeyRule("root", r"logging console(?: |$)", "logging-console"),
    KeyRule("root", r"logging monitor(?: |$)", "logging-monitor"),
    KeyRule("root", r"logging buffered(?: |$)", "logging-buffered"),
    KeyRule("root", r"logging trap(?: |$)", "logging-trap"),
    KeyRule("root", r"logging source-interface(?: |$)", "logging-source"),
    KeyRule("root", r"logging host (\S+)", "logging-host"),
    KeyRule("root", r"ntp source(?: |$)", "ntp-source"),
    KeyRule("root", r"ntp server (?:vrf \S+ )?(\S+)", "ntp-server"),
    KeyRule("root", r"ip default-gateway(?: |$)", "default-gateway"),
    KeyRule("root", r"clock timezone(?: |$)", "timezone"),
    KeyRule("root", r"spanning-tree mode(?: |$)", "stp-mode"),
    KeyRule("root", r"vtp mode(?: |$)", "vtp-mode"),
    KeyRule("root", r"vtp domain(?: |$)", "vtp-domain"),
    KeyRule("root", r"ip ssh version(?: |$)", "ssh-version"),
    KeyRule("root", r"ip ssh time-out(?: |$)", "ssh-timeout"),
    KeyRule("root", r"ip tftp source-interface(?: |$)", "tftp-source"),
    KeyRule("root", r"service timestamps (debug|log)(?: |$)", "timestamps"),
    KeyRule("root", r"enable secret(?: |$)", "enable-secret", negate=r"enable secret"),
    KeyRule("root", r"enable password(?: |$)", "enable-password", negate=r"enable password"),
    KeyRule("root", r"username (\S+)(?: |$)", "username", negate=r"username \S+"),
    KeyRule("root", r"aaa authentication login (\S+)", "aaa-login"),
    KeyRule("root", r"aaa authentication enable (\S+)", "aaa-enable"),
    KeyRule("root", r"aaa authorization (\S+(?: \d+)?) (\S+)", "aaa-authz"),
    KeyRule("root", r"aaa accounting (\S+(?: \d+)?) (\S+)", "aaa-acct"),
    KeyRule("root", r"ip route (vrf \S+ )?(\S+ \S+ \S+)", "ip-route"),
    KeyRule("root", r"ip prefix-list (\S+) seq (\d+)", "prefix-list", R),
    KeyRule("root", r"router bgp(?: |$)", "bgp-process", R),
    KeyRule("root", r"route-map (\S+) (?:permit|deny)(?: (\d+))?$", "route-map", R),
    KeyRule("root", r"dial-peer voice (\S+)(?: |$)", "dial-peer", R),
    KeyRule("root", r"ip http authentication(?: |$)", "http-auth"),
    KeyRule("root", r"ip name-server(?: |$)", "name-server"),
    KeyRule("root", r"banner (\S+)", "banner"),
    KeyRule("root", r"ip access-list (?:standard|extended) (\S+)$", "named-acl", R),
    KeyRule("root", r"spanning-tree vlan (\S+) (priority|root)(?: |$)", "stp-vlan"),
    KeyRule("root", r"errdisable recovery interval(?: |$)", "errdisable-interval"),
    KeyRule("root", r"vtp version(?: |$)", "vtp-version"),
    KeyRule("root", r"clock summer-time(?: |$)", "summer-time"),
    KeyRule("root", r"logging facility(?: |$)", "logging-facility"),
    KeyRule("root", r"ntp master(?: |$)", "ntp-master"),
    KeyRule("root", r"login block-for(?: |$)", "login-block"),
    KeyRule(
        "root",
        r"(ip (?:ssh|ftp|tacacs|radius|domain lookup)|snmp-server|ip http client) "
        r"source-interface(?: |$)",
        "source-interface",
    ),
    KeyRule("root", r"snmp-server trap-source(?: |$)", "snmp-trap-source"),
    # --- interface --------------------------------------------------------
    KeyRule("interface", r"description(?: |$)", "description"),
    KeyRule("interface", r"ip address(?!.* secondary$)(?: |$)", "ip-address"),
    KeyRule("interface", r"switchport access vlan(?: |$)", "access-vlan"),
    KeyRule("interface", r"switchport voice vlan(?: |$)", "voice-vlan"),
    KeyRule("interface", r"switchport mode(?: |$)", "switchport-mode"),
    KeyRule("interface", r"switchport trunk native vlan(?: |$)", "native-vlan"),
    KeyRule("interface", r"switchport trunk allowed vlan(?: |$)", "allowed-vlan"),
    KeyRule("interface", r"switchport trunk encapsulation(?: |$)", "trunk-encap"),
    KeyRule("interface", r"(?:ip )?vrf forwarding(?: |$)", "vrf-forwarding"),
    KeyRule("interface", r"encapsulation dot1Q(?: |$)", "dot1q"),
    KeyRule("interface", r"channel-group(?: |$)", "channel-group"),
    KeyRule("interface", r"mtu(?: |$)", "mtu"),
    KeyRule("interface", r"ip mtu(?: |$)", "ip-mtu"),
    KeyRule("interface", r"speed(?: |$)", "speed"),
    KeyRule("interface", r"duplex(?: |$)", "duplex"),
    KeyRule("interface", r"bandwidth(?: |$)", "bandwidth"),
    KeyRule("interface", r"load-interval(?: |$)", "load-interval"),
    KeyRule("interface", r"ip access-group \S+ (in|out)$", "access-group"),
    KeyRule("interface", r"service-policy (input|output)(?: |$)", "service-policy"),
    KeyRule("interface", r"ip ospf cost(?: |$)", "ospf-cost"),
    KeyRule("interface", r"ip helper-address (\S+)$", "helper"),
    KeyRule("interface", r"standby version(?: |$)", "hsrp-version"),
    KeyRule("interface", r"standby (\d+) priority(?: |$)", "hsrp-priority"),
    KeyRule("interface", r"standby (\d+) ip(?!.* secondary$)(?: |$)", "hsrp-ip"),
    KeyRule("interface", r"standby (\d+) preempt(?: |$)", "hsrp-preempt"),
    KeyRule("interface", r"standby (\d+) timers(?: |$)", "hsrp-timers"),
    KeyRule("interface", r"standby (\d+) track (\S+)", "hsrp-track"),
    KeyRule(
        "interface",
        r"standby (\d+) authentication(?: |$)",
        "hsrp-auth",
        negate=r"standby \d+ authentication",
    ),
    KeyRule("interface", r"power inline(?: |$)", "power-inline"),
    KeyRule("interface", r"spanning-tree portfast(?: |$)", "portfast"),
    KeyRule("interface", r"spanning-tree bpduguard(?: |$)", "bpduguard"),
    KeyRule("interface", r"spanning-tree (?:vlan \S+ )?(cost|port-priority)(?: |$)", "stp-cost"),
    KeyRule("interface", r"storm-control (broadcast|multicast|unicast) level(?: |$)", "storm"),
    KeyRule("interface", r"storm-control action(?: |$)", "storm-action"),
    KeyRule("interface", r"ip dhcp snooping limit rate(?: |$)", "dhcp-snoop-rate"),
    KeyRule("interface", r"ip arp inspection limit rate(?: |$)", "arp-inspection-rate"),
    KeyRule("interface", r"switchport port-security (maximum|violation|aging time)(?: |$)", "psec"),
    KeyRule(
        "interface",
        r"authentication (host-mode|port-control|periodic|timer \S+)(?: |$)",
        "authentication",
    ),
    KeyRule("interface", r"mls qos trust(?: |$)", "qos-trust"),
    KeyRule("interface", r"auto qos(?: |$)", "auto-qos"),
    KeyRule("interface", r"ip tcp adjust-mss(?: |$)", "adjust-mss"),
    KeyRule("interface", r"ip ospf (\d+ )?area(?: |$)", "ospf-area"),
    KeyRule(
        "interface", r"ip ospf (network|hello-interval|dead-interval|priority)(?: |$)", "ospf-param"
    ),
    KeyRule("interface", r"ip pim(?: |$)", "pim"),
    KeyRule("interface", r"keepalive(?: |$)", "keepalive"),
    KeyRule("interface", r"delay(?: |$)", "delay"),
    KeyRule("vlan", r"state(?: |$)", "vlan-state"),
    # --- routing ----------------------------------------------------------
    KeyRule("bgp", r"bgp router-id(?: |$)", "router-id"),
    KeyRule("bgp", r"neighbor (\S+) remote-as(?: |$)", "nbr-remote-as"),
    KeyRule("bgp", r"neighbor (\S+) description(?: |$)", "nbr-description"),
    KeyRule("bgp", r"neighbor (\S+) update-source(?: |$)", "nbr-update-source"),
    KeyRule("bgp", r"neighbor (\S+) peer-group(?: |$)", "nbr-peer-group"),
    KeyRule(
        "bgp", r"neighbor (\S+) password(?: |$)", "nbr-password", negate=r"neighbor \S+ password"
    ),
    KeyRule("bgp", r"timers bgp(?: |$)", "bgp-timers"),
    KeyRule("bgp-af", r"neighbor (\S+) route-map \S+ (in|out)$", "nbr-route-map"),
    KeyRule("bgp-af", r"neighbor (\S+) send-community(?: |$)", "nbr-send-community"),
    KeyRule("bgp-af", r"neighbor (\S+) maximum-prefix(?: |$)", "nbr-max-prefix"),
    KeyRule("bgp-af", r"maximum-paths(?: |$)", "maximum-paths"),
    KeyRule("igp", r"router-id(?: |$)", "igp-router-id"),
    KeyRule("igp", r"auto-cost reference-bandwidth(?: |$)", "ref-bw"),
    KeyRule("vrf", r"rd(?: |$)", "rd"),
    KeyRule("route-map", r"set local-preference(?: |$)", "set-local-pref"),
    KeyRule("route-map", r"set metric(?: |$)", "set-metric"),
    KeyRule("route-map", r"set weight(?: |$)", "set-weight"),
    KeyRule("route-map", r"description(?: |$)", "description"),
    KeyRule("policy-class", r"police(?: |$)", "police"),
    KeyRule("policy-class", r"bandwidth(?: |$)", "bandwidth"),
    KeyRule("policy-class", r"priority(?: |$)", "priority"),
    KeyRule("policy-class", r"set dscp(?: |$)", "set-dscp"),
    # --- vlans, lines -----------------------------------------------------
    KeyRule("vlan", r"name(?: |$)", "vlan-name"),
    KeyRule("line", r"exec-timeout(?: |$)", "exec-timeout"),
    KeyRule("line", r"session-timeout(?: |$)", "session-timeout"),
    KeyRule("line", r"transport input(?: |$)", "transport-input"),
    KeyRule("line", r"transport output(?: |$)", "transport-output"),
    KeyRule("line", r"access-class \S+ (in|out)", "access-class"),
    KeyRule("line", r"privilege level(?: |$)", "privilege"),
    KeyRule("line", r"login(?: |$)", "login"),
    KeyRule("line", r"password(?: |$)", "line-password", negate=r"password"),
    KeyRule("aaa-server", r"key(?: |$)", "server-key", negate=r"key"),
    KeyRule("aaa-server", r"address ipv4(?: |$)", "server-address"),
    KeyRule("key", r"key-string(?: |$)", "key-string", negate=r"key-string"),
    # --- voice ------------------------------------------------------------
    # entering ``rule N`` or ``codec preference N`` again replaces entry N
    KeyRule("translation-rule", r"rule (\d+)(?: |$)", "rule", negate=r"rule \d+"),
    KeyRule("translation-profile", r"translate (\S+)", "translate"),
    KeyRule("codec-class", r"codec preference (\d+)(?: |$)", "codec-preference"),
    KeyRule("dial-peer", r"destination-pattern(?: |$)", "destination-pattern"),
    KeyRule("dial-peer", r"incoming called-number(?: |$)", "incoming-called"),
    KeyRule("dial-peer", r"answer-address(?: |$)", "answer-address"),
    KeyRule("dial-peer", r"session target(?: |$)", "session-target"),
    KeyRule("dial-peer", r"session protocol(?: |$)", "session-protocol"),
    KeyRule("dial-peer", r"session transport(?: |$)", "session-transport"),
    KeyRule("dial-peer", r"dtmf-relay(?: |$)", "dtmf-relay"),
    KeyRule("dial-peer", r"codec(?: |$)", "codec"),
    KeyRule("dial-peer", r"voice-class codec(?: |$)", "voice-class-codec"),
    KeyRule("dial-peer", r"voice-class sip bind (control|media)(?: |$)", "sip-bind"),
    KeyRule("dial-peer", r"translation-profile (incoming|outgoing)(?: |$)", "translation-profile"),
    KeyRule("dial-peer", r"description(?: |$)", "description"),
    KeyRule("dial-peer", r"preference(?: |$)", "preference"),
    KeyRule("dial-peer", r"max-conn(?: |$)", "max-conn"),
    KeyRule("dial-peer", r"port(?: |$)", "port"),
    KeyRule("dial-peer", r"forward-digits(?: |$)", "forward-digits"),
    KeyRule("dial-peer", r"destination e164-pattern-map(?: |$)", "e164-map"),
    KeyRule("dial-peer", r"destination (?:dpg|uri)(?: |$)", "destination"),
    KeyRule("dial-peer", r"incoming uri (via|request|to|from)(?: |$)", "incoming-uri"),
    KeyRule("dial-peer", r"incoming called e164-pattern-map(?: |$)", "incoming-e164-map"),
    KeyRule("dial-peer", r"incoming calling e164-pattern-map(?: |$)", "incoming-calling-map"),
    KeyRule("dial-peer", r"voice-class sip (tenant|profiles|localhost)(?: |$)", "sip-class"),
    KeyRule("dial-peer", r"media-class(?: |$)", "media-class"),
    KeyRule("dial-peer", r"fax (protocol|rate)(?: |$)", "fax"),
    KeyRule("dial-peer", r"prefix(?: |$)", "prefix"),
    KeyRule("dial-peer", r"ip qos dscp \S+ (media|signaling|video)(?: |$)", "dscp"),
    KeyRule("dial-peer", r"huntstop(?: |$)", "huntstop"),
    KeyRule("dial-peer", r"digit-strip(?: |$)", "digit-strip"),
    KeyRule("dial-peer", r"call-block translation-profile incoming(?: |$)", "call-block"),
    # --- voice classes, SIP, SRST, DSP farm, voice ports, PRI controllers ----
    KeyRule("codec-class", r"description(?: |$)", "description"),
    *_each("uri-class", ("host", "pattern", "user-id", "phone context"), "uri"),
    KeyRule("e164-map", r"description(?: |$)", "description"),
    KeyRule("e164-map", r"url(?: |$)", "url"),
    KeyRule("server-group", r"description(?: |$)", "description"),
    KeyRule("server-group", r"ipv4 (\S+)", "server", negate=r"ipv4 \S+"),
    KeyRule("server-group", r"ipv6 (\S+)", "server", negate=r"ipv6 \S+"),
    KeyRule("server-group", r"hunt-scheme(?: |$)", "hunt-scheme"),
    KeyRule("dpg", r"description(?: |$)", "description"),
    KeyRule("dpg", r"dial-peer (\d+)(?: |$)", "member", negate=r"dial-peer \d+"),
    *_each(
        "tenant",
        ("sip-server", "registrar", "outbound-proxy", "bind control", "bind media"),
        "tenant",
    ),
    KeyRule("sip-ua", r"registrar (?:(\d+) )?(?=\S+:)", "registrar", negate=r"registrar"),
    KeyRule("sip-ua", r"set pstn-cause (\d+)(?: |$)", "pstn-cause"),
    *_each(
        "srst",
        (
            "ip source-address",
            "max-ephones",
            "max-dn",
            "max-conferences",
            "max-pool",
            "keepalive",
            "time-format",
            "mode",
            "transfer-system",
            "default-destination",
            "system message",
            "source-address",
        ),
        "srst",
    ),
    KeyRule("srst", r"limit-dn (\S+)(?: |$)", "limit-dn"),
    KeyRule("srst", r"dialplan-pattern (\d+)(?: |$)", "dialplan-pattern"),
    KeyRule("srst", r"alias (\d+)(?: |$)", "alias"),
    KeyRule("srst", r"call-forward (busy|noan|all)(?: |$)", "call-forward"),
    KeyRule("sip-pool", r"id (?:mac|network|ip|device-id-name)(?: |$)", "pool-id"),
    KeyRule("sip-pool", r"number (\d+)(?: |$)", "pool-number"),
    *_each("sip-pool", ("dtmf-relay", "codec", "voice-class codec", "description", "type"), "pool"),
    *_each("sip-dn", ("number", "name", "label"), "dn"),
    KeyRule("dspfarm", r"description(?: |$)", "description"),
    KeyRule("dspfarm", r"maximum sessions(?: |$)", "maximum-sessions"),
    KeyRule("dspfarm", r"associate application(?: |$)", "associate"),
    KeyRule("sccp-group", r"associate ccm (\d+)(?: |$)", "ccm"),
    KeyRule("sccp-group", r"associate profile (\d+)(?: |$)", "profile"),
    *_each("sccp-group", ("description", "bind interface", "switchback method"), "setting"),
    KeyRule("stcapp-port", r"fallback-dn(?: |$)", "fallback-dn"),
    *_each(
        "stcapp-codes",
        (
            "prefix",
            "call forward all",
            "call forward cancel",
            "pickup group",
            "pickup local",
            "pickup direct",
        ),
        "access-code",
    ),
    KeyRule("voice-port", r"description(?: |$)", "description"),
    KeyRule("voice-port", r"connection(?: |$)", "connection"),
    *_each(
        "voice-port",
        (
            "cptone",
            "echo-cancel coverage",
            "signal",
            "input gain",
            "output attenuation",
            "compand-type",
            "impedance",
        ),
        "setting",
    ),
    KeyRule("voice-port", r"caller-id alerting (\S+)(?: |$)", "caller-id-alerting"),
    KeyRule("voice-port", r"timeouts (\S+)(?: |$)", "timeouts"),
    KeyRule("voice-port", r"timing (\S+)(?: |$)", "timing"),
    KeyRule("voice-port", r"translation-profile (incoming|outgoing)(?: |$)", "translation-profile"),
    *_each(
        "controller",
        ("framing", "linecode", "cablelength", "clock source", "description"),
        "setting",
    ),
    KeyRule("controller", r"pri-group(?: |$)", "pri-group", R),
    KeyRule("controller", r"ds0-group (\d+)(?: |$)", "ds0-group", R),
    KeyRule("sip-ua", r"sip-server(?: |$)", "sip-server"),
    KeyRule("sip-ua", r"retry (\S+)(?: |$)", "retry"),
    KeyRule("sip-ua", r"timers (\S+)(?: |$)", "timers"),
    KeyRule(
        "sip-ua",
        r"credentials (?:dhcp )?(?:number (\S+) )?username (\S+)",
        "credentials",
        negate=r"credentials (?:dhcp )?(?:number \S+ )?username \S+",
    ),
)

# Top-level sections: creation tier (low first); removal runs in reverse tier order.
DEFAULT_TIER = 4
TIERS: tuple[tuple[str, int], ...] = (
    (r"(?:vrf definition|ip vrf) ", 1),
    (r"vlan \d", 1),
    (r"key chain ", 1),
    (r"object-group ", 1),
    (r"ip access-list ", 1),
    (r"ipv6 access-list ", 1),
    (r"mac access-list ", 1),
    (r"access-list ", 1),
    (r"ip prefix-list ", 1),
    (r"ipv6 prefix-list ", 1),
    (r"ip as-path ", 1),
    (r"ip community-list ", 1),
    (r"class-map ", 1),
    (r"track ", 1),
    (r"aaa group server ", 1),
    (r"(?:tacacs|radius) server ", 0),
    (r"voice translation-rule ", 1),
    (r"voice class codec ", 1),
    (r"voice class (?:e164-pattern-map|uri|sip-profiles|server-group) ", 1),
    (r"route-map ", 2),
    (r"policy-map ", 2),
    (r"voice translation-profile ", 2),
    (r"voice class (?:dpg|tenant) ", 2),
    (r"card type ", 0),
    (r"voice-card ", 0),
    (r"controller ", 0),
    (r"isdn switch-type", 0),
    (r"voice register (?:global|dn) ", 1),
    (r"voice register global$", 1),
    (r"voice register pool ", 2),
    (r"voice-port ", 3),
    (r"dial-peer ", 5),
    (r"interface ", 3),
)

# Lines that equal their absence in a given context: a device never shows them.
DEFAULT_LINES: dict[str, frozenset[str]] = {
    "interface": frozenset({"no shutdown", "no ip address"}),
    "voice-port": frozenset({"no shutdown"}),
    "controller": frozenset({"no shutdown"}),
    "dspfarm": frozenset({"no shutdown"}),
    "dial-peer": frozenset({"no shutdown"}),
}

# Sections for hardware the device has: never removed. Removing one means removing
# its lines (``no X`` for each); with no lines it equals its absence.
PHYSICAL_SECTION = re.compile(r"(?:voice-port |controller (?:T1|E1|t1|e1) |voice-card )\S+$")

# Sections that can be entered again by their header without its last word.
REENTERED_BY_PREFIX: tuple[str, ...] = ("dial-peer voice ",)

# Modes whose section must be shut while its lines change and re-enabled after
# (IOS refuses to change a registered DSP farm profile's codecs or sessions).
SHUT_WHILE_CHANGED: frozenset[str] = frozenset({"dspfarm"})

# Commands that reset others in their section, so they are entered first when a
# section is created (a VRF change removes addresses; encapsulation and
# "no switchport" must precede an address).
FIRST_IN_SECTION: tuple[str, ...] = (
    "vrf forwarding ",
    "ip vrf forwarding ",
    "no switchport",
    "encapsulation ",
)

# Interfaces that cannot be deleted: removing them means ``default interface X``.
PHYSICAL_INTERFACE = re.compile(
    r"interface (?:(?:Fast|Gigabit|TenGigabit|TwentyFiveGig|FortyGigabit|Hundred(?:Gig)?)"
    r"(?:E|e)thernet|Ethernet|Serial|Cellular|Async|Dialer\d)[\d/:]+$"
)

# Sub-mode exits to emit after a nested section in push-ready text.
EXITS: tuple[tuple[str, str], ...] = (
    (r"address-family ", "exit-address-family"),
    (r"af-interface ", "exit-af-interface"),
    (r"topology ", "exit-af-topology"),
    (r"service-family ", "exit-service-family"),
    (r"sf-interface ", "exit-sf-interface"),
    (r"template peer-policy ", "exit-peer-policy"),
    (r"template peer-session ", "exit-peer-session"),
)

# --------------------------------------------------------------------------
# Compiled lookups (built once).
# --------------------------------------------------------------------------

_TIER_RES = tuple((re.compile(p), t) for p, t in TIERS)
_EXIT_RES = tuple((re.compile(p), e) for p, e in EXITS)
_CONTEXT_RES = tuple((parent, re.compile(p), child) for parent, p, child in CONTEXTS)


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    rule: KeyRule
    regex: re.Pattern[str]
    negate: re.Pattern[str] | None


def _first_word(pattern: str) -> str:
    word = re.match(r"[a-z0-9-]+", pattern)
    return word.group(0) if word else ""


def _index_rules() -> dict[str, dict[str, list[_CompiledRule]]]:
    index: dict[str, dict[str, list[_CompiledRule]]] = {}
    for rule in KEYED:
        compiled = _CompiledRule(
            rule, re.compile(rule.pattern), re.compile(rule.negate) if rule.negate else None
        )
        by_word = index.setdefault(rule.context, {})
        by_word.setdefault(_first_word(rule.pattern), []).append(compiled)
    return index


_RULES = _index_rules()
_NO_RULES: dict[str, list[_CompiledRule]] = {}


def ignores_children(text: str) -> bool:
    """Whether the children of this header are opaque device data."""
    return text.startswith(IGNORE_CHILDREN)


@lru_cache(maxsize=4096)
def child_context(parent_context: str, header: str) -> str:
    """The mode entered by ``header`` inside ``parent_context``.

    >>> child_context("root", "interface Vlan10")
    'interface'
    >>> child_context("bgp", "address-family ipv4 vrf RED")
    'bgp-af'
    """
    for parent, regex, child in _CONTEXT_RES:
        if parent == parent_context and regex.match(header):
            return child
    return "other"


def key_rule(context: str, text: str) -> tuple[str, KeyRule | None]:
    """The identity of a line in a mode, and the rule that gave it.

    ``no X`` shares its key with ``X``. Lines without a rule are their own key.

    >>> key_rule("root", "hostname r1")[0]
    'hostname|'
    >>> key_rule("interface", "standby 1 priority 110")[0]
    'hsrp-priority|1'
    >>> key_rule("interface", "no shutdown")[0]
    'shutdown'
    """
    positive = text[3:] if text.startswith("no ") else text
    space = positive.find(" ")
    word = positive if space < 0 else positive[:space]
    for compiled in _RULES.get(context, _NO_RULES).get(word, ()):
        match = compiled.regex.match(positive)
        if match:
            groups = ",".join(g for g in match.groups() if g)
            return f"{compiled.rule.name}|{groups}", compiled.rule
    return positive, None


def rules_for(context: str) -> dict[str, list[_CompiledRule]]:
    """The keyed rules of a mode, by first word (to skip :func:`key_rule` when none)."""
    return _RULES.get(context, _NO_RULES)


def negation(context: str, text: str) -> str:
    """The command that removes ``text`` in ``context`` (``no X``; ``default X`` for ``no X``).

    >>> negation("root", "username admin privilege 15 secret <redacted>")
    'no username admin'
    >>> negation("interface", "no ip redirects")
    'default ip redirects'
    >>> negation("root", "banner motd")
    'no banner motd'
    """
    if text.startswith("no "):
        return "default " + text[3:]  # back to the default, whatever the default is
    space = text.find(" ")
    word = text if space < 0 else text[:space]
    for compiled in _RULES.get(context, _NO_RULES).get(word, ()):
        if compiled.regex.match(text):
            if compiled.negate is not None:
                match = compiled.negate.match(text)
                if match:
                    return "no " + match.group(0)
            break
    return "no " + text


def tier(header: str) -> int:
    """Creation tier of a top-level line (definitions low, references high)."""
    for regex, value in _TIER_RES:
        if regex.match(header):
            return value
    return DEFAULT_TIER


def exit_command(header: str) -> str:
    """The command that leaves the sub-mode opened by ``header``.

    >>> exit_command("address-family ipv4 vrf RED")
    'exit-address-family'
    >>> exit_command("class VOICE")
    'exit'
    """
    for regex, command in _EXIT_RES:
        if regex.match(header):
            return command
    return "exit"


def is_default_section(text: str) -> bool:
    """Whether a top-level section with no lines equals its absence (a physical port, or
    a module's voice port or T1/E1 controller).

    >>> is_default_section("interface GigabitEthernet1/0/5"), is_default_section("interface Vlan5")
    (True, False)
    >>> is_default_section("voice-port 0/1/0"), is_default_section("controller T1 0/2/1")
    (True, True)
    """
    if text.startswith("interface "):
        return PHYSICAL_INTERFACE.match(text) is not None
    return PHYSICAL_SECTION.match(text) is not None


def is_default_line(context: str, text: str) -> bool:
    """Whether a line equals its absence (``no shutdown`` on an interface)."""
    defaults = DEFAULT_LINES.get(context)
    return defaults is not None and text in defaults
