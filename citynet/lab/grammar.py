"""What the simulated IOS configuration parser knows about commands.

Plain data: which words start a global command, which commands open a
sub-mode (and its prompt), which commands belong to a sub-mode, and how many
leading words identify a command so that entering it again replaces it.
"""

from __future__ import annotations

import functools


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


#: First words accepted at global configuration level.
GLOBAL_WORDS: frozenset[str] = _words(
    """
    aaa access-list alias boot-end-marker login sccp dspfarm boot-start-marker alarm-profile
    application
    archive arp authentication auto banner bfd boot bridge bridge-domain call call-home
    call-manager-fallback card cdp chat-script class-map clock cns config-register
    control-plane controller crypto ctl-client default default-value dial-peer
    diagnostic dot1x downward-compatible-config enable end ephone ephone-dn errdisable
    event exception exit file flow gateway hostname hw-module identity interface ip ipv6
    isdn key l2 l2vpn lacp license line lldp logging mac macro management-interface
    memory mgcp mls monitor mpls multilink netconf network-clock ntp object-group
    parameter-map parser platform policy-map port-channel power privilege process
    pseudowire-class qos radius radius-server redundancy restconf rmon route-map router
    sampler scheduler service sip-ua snmp snmp-server spanning-tree stcapp subscriber
    switch system tacacs tacacs-server telephony-service template track transceiver udld
    username version vlan virtual-service voice voice-card voice-port vpdn vrf vstack vtp wsma
    xconnect
    zone zone-pair
    """
)

#: Interface sub-mode vocabulary (first word of the positive form).
INTERFACE_WORDS: frozenset[str] = _words(
    """
    arp authentication auto bandwidth bfd carrier-delay cdp channel-group
    channel-protocol clock crypto dampening default delay description dot1q dot1x duplex
    encapsulation flowcontrol frame-relay h323-gateway hold-queue isdn ip ipv6 keepalive
    lacp l2protocol-tunnel link lldp load-interval mab mac mac-address macro media-type
    mls mpls mtu negotiation nameif network-policy ospf peer power ppp priority-queue
    pvc qos service-policy shutdown snmp source spanning-tree speed srr-queue standby
    storm-control switchport timeout trust tunnel udld vlan vrf vrrp xconnect
    zone-member access-session authentication device-tracking logging pppoe dialer
    physical-layer cts ethernet ntp hsrp pim
    """
)

#: Line sub-mode vocabulary.
LINE_WORDS: frozenset[str] = _words(
    """
    access-class autocommand absolute-timeout databits escape-character exec
    exec-timeout flowcontrol history ipv6 length location logging login modem monitor
    motd-banner notify parity password privilege session-timeout speed stopbits
    transport width authorization accounting exec-banner activation-character
    """
)

#: Global commands whose first words never belong to a sub-mode: entering one of
#: them in a sub-mode leaves the sub-mode, as IOS does.
GLOBAL_ONLY: tuple[str, ...] = (
    "interface",
    "router",
    "line",
    "route-map",
    "class-map",
    "policy-map",
    "hostname",
    "ip route",
    "ipv6 route",
    "ip access-list",
    "ipv6 access-list",
    "ip domain",
    "ip domain-name",
    "ip domain-lookup",
    "ip name-server",
    "ip scp",
    "ip ssh",
    "ip http",
    "ip cef",
    "ip routing",
    "ip prefix-list",
    "ip dhcp",
    "ip vrf",
    "ip sla",
    "ip forward-protocol",
    "ip community-list",
    "ip as-path",
    "ip bgp-community",
    "ip tcp",
    "ip ftp",
    "ip tftp",
    "ip multicast-routing",
    "ip default-gateway",
    "ipv6 unicast-routing",
    "ipv6 cef",
    "username",
    "enable",
    "service",
    "aaa",
    "ntp",
    "snmp-server",
    "access-list",
    "file",
    "boot",
    "version",
    "clock",
    "errdisable",
    "vtp",
    "banner",
    "archive",
    "control-plane",
    "dial-peer",
    "voice-port",
    "voice",
    "sip-ua",
    "telephony-service",
    "crypto",
    "key chain",
    "track",
    "vrf definition",
    "redundancy",
    "tacacs-server",
    "radius-server",
    "tacacs",
    "radius",
    "license",
    "multilink",
    "logging host",
    "logging buffered",
    "logging console",
    "logging trap",
    "logging source-interface",
    "logging facility",
    "spanning-tree mode",
    "spanning-tree vlan",
    "spanning-tree extend",
    "spanning-tree portfast default",
    "spanning-tree portfast bpduguard",
    "spanning-tree loopguard",
    "vlan",
    "lldp run",
    "cdp run",
    "mac address-table",
    "end",
    "alias",
    "object-group",
    "parameter-map",
    "zone",
    "zone-pair",
    "event",
    "call-home",
    "platform",
    "system",
    "memory",
    "scheduler",
    "udld",
    "diagnostic",
    "power redundancy-mode",
    "privilege",
    "default interface",
    "port-channel",
    "controller",
    "template",
    "identity",
    "mls qos",
    "qos",
    "exception",
)

#: Section headers at global level: (prefix words, sub-mode name).
SECTION_HEADERS: tuple[tuple[str, str], ...] = (
    ("interface", "config-if"),
    ("router", "config-router"),
    ("line", "config-line"),
    ("route-map", "config-route-map"),
    ("class-map", "config-cmap"),
    ("policy-map", "config-pmap"),
    ("ip access-list extended", "config-ext-nacl"),
    ("ip access-list standard", "config-std-nacl"),
    ("ip access-list", "config-nacl"),
    ("ipv6 access-list", "config-ipv6-acl"),
    ("ip vrf", "config-vrf"),
    ("vrf definition", "config-vrf"),
    ("ip dhcp pool", "dhcp-config"),
    ("ip sla", "config-ip-sla"),
    ("key chain", "config-keychain"),
    ("archive", "config-archive"),
    ("control-plane", "config-cp"),
    ("dial-peer voice", "config-dial-peer"),
    ("voice-port", "config-voiceport"),
    ("voice service", "conf-voi-serv"),
    ("voice class", "config-class"),
    ("voice translation-rule", "cfg-translation-rule"),
    ("voice translation-profile", "cfg-translation-profile"),
    ("voice register", "config-register"),
    ("voice emergency response", "cfg-emrgncy-resp-location"),
    ("sip-ua", "config-sip-ua"),
    ("telephony-service", "config-telephony"),
    ("call-manager-fallback", "config-cm-fallback"),
    ("ephone-dn", "config-ephone-dn"),
    ("ephone", "config-ephone"),
    ("track", "config-track"),
    ("redundancy", "config-red"),
    ("crypto pki trustpoint", "ca-trustpoint"),
    ("crypto pki certificate chain", "config-cert-chain"),
    ("crypto isakmp policy", "config-isakmp"),
    ("crypto keyring", "conf-keyring"),
    ("crypto map", "config-crypto-map"),
    ("crypto ipsec profile", "ipsec-profile"),
    ("aaa group server", "config-sg"),
    ("spanning-tree mst configuration", "config-mst"),
    ("object-group", "config-object-group"),
    ("parameter-map", "config-profile"),
    ("zone security", "config-sec-zone"),
    ("zone-pair", "config-sec-zone-pair"),
    ("event manager applet", "config-applet"),
    ("flow record", "config-flow-record"),
    ("flow exporter", "config-flow-exporter"),
    ("flow monitor", "config-flow-monitor"),
    ("controller", "config-controller"),
    ("application", "config-app"),
    ("mgcp profile", "config-mgcp-profile"),
    ("gateway", "config-gateway"),
    ("template", "config-template"),
    ("virtual-service", "config-virt-serv"),
    ("sccp ccm group", "config-sccp-ccm"),
    ("dspfarm profile", "config-dspfarm-profile"),
    ("voice-card", "config-voicecard"),
    ("stcapp supplementary-services", "config-stcapp-suppl-serv"),
    ("stcapp feature access-code", "config-stcapp-fac"),
)

#: Nested sub-mode headers: parent sub-mode -> ((prefix, sub-mode name), ...).
NESTED_HEADERS: dict[str, tuple[tuple[str, str], ...]] = {
    "config-router": (("address-family", "config-router-af"),),
    "config-vrf": (("address-family", "config-vrf-af"),),
    "config-pmap": (("class", "config-pmap-c"),),
    "config-keychain": (("key", "config-keychain-key"),),
    "conf-voi-serv": (("sip", "conf-serv-sip"),),
    "config-stcapp-suppl-serv": (("port", "config-stcapp-suppl-serv-port"),),
    "config-cert-chain": (("certificate", "config-pubkey"),),
}

#: Number of leading words that identify a command (keyed replacement).
KEY_WORDS: dict[str, int] = {
    "hostname": 1,
    "description": 1,
    "version": 1,
    "speed": 1,
    "duplex": 1,
    "mtu": 1,
    "bandwidth": 1,
    "encapsulation": 1,
    "channel-group": 1,
    "load-interval": 1,
    "router-id": 1,
    "exec-timeout": 1,
    "password": 1,
    "stopbits": 1,
    "media-type": 1,
    "negotiation": 1,
    "login": 1,
    "path": 1,
    "maximum": 1,
    "time-period": 1,
    "shutdown": 1,
    "name": 1,
    "delay": 1,
    "keepalive": 1,
    "ip address": 2,
    "ip domain-name": 2,
    "ip default-gateway": 2,
    "enable secret": 2,
    "enable password": 2,
    "clock timezone": 2,
    "clock summer-time": 2,
    "banner motd": 2,
    "banner login": 2,
    "banner exec": 2,
    "banner incoming": 2,
    "spanning-tree mode": 2,
    "vtp mode": 2,
    "vtp domain": 2,
    "vtp version": 2,
    "logging buffered": 2,
    "snmp-server location": 2,
    "snmp-server contact": 2,
    "switchport mode": 2,
    "transport input": 2,
    "transport output": 2,
    "logging source-interface": 2,
    "logging trap": 2,
    "logging console": 2,
    "privilege level": 2,
    "file prompt": 2,
    "spanning-tree portfast": 2,
    "spanning-tree bpduguard": 2,
    "ip mtu": 2,
    "username": 2,
    "bgp router-id": 2,
    "vrf forwarding": 2,
    "set metric": 2,
    "set local-preference": 2,
    "set weight": 2,
    "ip helper-address": 3,
    "set community": 2,
    "ip domain name": 3,
    "ip ssh version": 3,
    "ip ssh time-out": 3,
    "ip ssh authentication-retries": 3,
    "switchport access vlan": 3,
    "switchport voice vlan": 3,
    "snmp-server community": 3,
    "ntp server": 3,
    "logging host": 3,
    "ip vrf forwarding": 3,
    "ip ospf cost": 3,
    "ip ospf priority": 3,
    "ip ospf network": 3,
    "ip ospf hello-interval": 3,
    "ip ospf dead-interval": 3,
    "switchport trunk native vlan": 4,
    "switchport trunk allowed vlan": 4,
    "switchport trunk encapsulation": 3,
    "power inline": 2,
    "match ip address": 3,
    "ip nat inside": 3,
    "ip nat outside": 3,
    "storm-control broadcast level": 3,
    "storm-control multicast level": 3,
    "ip http server": 3,
    "ip http secure-server": 3,
    "ip domain lookup": 3,
    "ip domain-lookup": 2,
    "aaa new-model": 2,
    "service password-encryption": 2,
    "ip cef": 2,
    "ipv6 cef": 2,
    "ip routing": 2,
    "cdp run": 2,
    "lldp run": 2,
    "ip scp server": 3,
    "ip ssh source-interface": 3,
    "ip tacacs source-interface": 3,
    "ntp source": 2,
    "snmp-server trap-source": 2,
    "ip tcp synwait-time": 3,
    "service timestamps debug": 3,
    "service timestamps log": 3,
    "switchport nonegotiate": 2,
    "switchport port-security maximum": 3,
    "switchport port-security violation": 3,
    "switchport port-security aging time": 4,
    "switchport port-security aging type": 4,
    "sccp local": 2,
    "login on-success": 2,
    "login on-failure": 2,
    "login block-for": 1,
    "ip redirects": 2,
    "ip unreachables": 2,
    "ip proxy-arp": 2,
    "destination-pattern": 1,
    "session target": 2,
    "session protocol": 2,
    "port": 1,
    "dtmf-relay": 1,
    "voice-class codec": 2,
    "incoming called-number": 2,
    "answer-address": 1,
    "translation-profile incoming": 2,
    "translation-profile outgoing": 2,
    "max-conn": 1,
    "preference": 1,
    "translate called": 2,
    "translate calling": 2,
    "rule": 2,
    "codec preference": 3,
    # voice: single-valued commands of dial-peers, voice ports, SRST, SIP, DSP farms
    "retry": 2,
    "timers": 2,
    "max-ephones": 1,
    "max-dn": 1,
    "max-conferences": 1,
    "max-pool": 1,
    "host": 1,
    "associate ccm": 3,
    "associate profile": 3,
    "echo-cancel coverage": 2,
    "fallback-dn": 1,
    "ip source-address": 2,
    "timing": 2,
    "timeouts": 2,
    "cptone": 1,
    "connection": 1,
    "signal": 1,
    "framing": 1,
    "linecode": 1,
    "cablelength": 1,
    "pri-group": 1,
    "limit-dn": 2,
    "dialplan-pattern": 2,
    "default-destination": 1,
    "call-forward": 2,
    "time-format": 1,
    "transfer-system": 1,
    "session transport": 2,
    "media-class": 1,
    "destination": 1,
    "incoming uri": 3,
    "voice-class sip tenant": 3,
    "voice-class sip profiles": 3,
    "voice-class sip localhost": 3,
    "voice-class sip bind": 4,
    "set pstn-cause": 3,
    "sip-server": 1,
    "registrar": 1,
    "switchback method": 2,
    "bind interface": 2,
}

#: Commands that are on by default: entering them only removes a shown ``no`` form.
DEFAULT_ON: tuple[str, ...] = (
    "ip redirects",
    "ip unreachables",
    "ip proxy-arp",
    "ip domain lookup",
    "ip domain-lookup",
    "ip route-cache",
    "cdp enable",
    "cdp run",
    "keepalive",
    "mop enabled",
    "service pad",
    "service config",
    "logging console",
    "ip source-route",
    "ip gratuitous-arps",
)

DEFAULT_ON_SET: frozenset[str] = frozenset(DEFAULT_ON)
"""``DEFAULT_ON`` for lookups; a device model may differ (``cdp run`` is off on a CSR1000V)."""

#: Commands whose ``no`` form stays shown even after removing the positive form.
SHOWN_NEGATION: tuple[str, ...] = ("ip address",)

#: Commands whose ``no`` form is never shown in the running configuration.
NEVER_STORED_NO: tuple[str, ...] = (
    "shutdown",
    "description",
    "username",
    "ip route",
    "ipv6 route",
    "interface",
    "vlan",
    "router",
    "access-list",
    "ip access-list",
    "ipv6 access-list",
    "ntp server",
    "logging host",
    "snmp-server community",
    "snmp-server host",
    "banner",
    "route-map",
    "class-map",
    "policy-map",
    "hostname",
    "enable secret",
    "enable password",
    "ip name-server",
    "ip helper-address",
    "standby",
    "channel-group",
    "switchport access",
    "switchport trunk",
    "switchport voice",
    "switchport mode",
    "neighbor",
    "network",
    "ip prefix-list",
    "file prompt",
    "archive",
    "ip vrf",
    "vrf definition",
    "dial-peer",
    "voice-port",
    "key chain",
    "track",
    "ip dhcp pool",
    "speed",
    "duplex",
    "mtu",
    "bandwidth",
    "load-interval",
    "ip access-group",
    "service-policy",
    "vrrp",
    "spanning-tree portfast",
    "switchport port-security",
    "power inline",
    "storm-control",
    "ip ospf",
    "ipv6 address",
)

#: Commands that need more words than given answer ``% Incomplete command.``.
MIN_WORDS: dict[str, int] = {
    "hostname": 2,
    "interface": 2,
    "router": 2,
    "description": 1,
    "username": 2,
    "ip": 2,
    "ipv6": 2,
    "vlan": 2,
    "ip address": 3,
    "ip route": 5,
    "access-list": 3,
    "banner": 2,
    "line": 2,
    "route-map": 2,
    "logging host": 3,
    "ntp server": 3,
    "snmp-server": 2,
    "enable": 2,
    "enable secret": 3,
    "switchport access": 3,
    "switchport mode": 3,
    "spanning-tree": 2,
    "service": 2,
    "archive": 1,
    "file": 3,
    "file prompt": 3,
}


@functools.lru_cache(maxsize=4096)
def _split(prefix: str) -> list[str]:
    return prefix.split()


def starts_with_words(words: list[str], prefix: str) -> bool:
    """Whether ``words`` begin with the words of ``prefix`` (case-insensitive)."""
    pwords = _split(prefix)
    if len(words) < len(pwords):
        return False
    return [w.lower() for w in words[: len(pwords)]] == pwords


def header_mode(words: list[str]) -> str | None:
    """The sub-mode a global command opens, or None for a one-line command."""
    if not words:
        return None
    if words[0].lower() == "vlan":
        return "config-vlan" if len(words) > 1 and words[1][:1].isdigit() else None
    if starts_with_words(words, "ip sla") and (len(words) < 3 or not words[2][:1].isdigit()):
        return None
    if starts_with_words(words, "archive") and len(words) > 1:
        return None
    if starts_with_words(words, "crypto map") and len(words) < 4:
        return None
    for prefix, mode in SECTION_HEADERS:
        if starts_with_words(words, prefix):
            if mode == "config-if" and "." in words[-1]:
                return "config-subif"
            return mode
    return None


def nested_mode(parent_mode: str, words: list[str]) -> str | None:
    """The nested sub-mode ``words`` open inside ``parent_mode``, if any."""
    for prefix, mode in NESTED_HEADERS.get(parent_mode, ()):
        if starts_with_words(words, prefix):
            if prefix == "key" and len(words) > 1 and not words[1].isdigit():
                return None
            return mode
    return None


def is_global_only(words: list[str]) -> bool:
    """Whether a command can only be entered at global configuration level."""
    return any(starts_with_words(words, prefix) for prefix in GLOBAL_ONLY)


def command_key(words: list[str]) -> str:
    """The identity of a command for keyed replacement.

    >>> command_key("ip address 10.0.0.1 255.255.255.0".split())
    'ip address'
    >>> command_key("ip address 10.0.0.2 255.255.255.0 secondary".split())
    'ip address 10.0.0.2 255.255.255.0 secondary'
    >>> command_key("ip access-group 101 in".split())
    'ip access-group in'
    """
    lowered = [w.lower() for w in words]
    if lowered[:2] == ["ip", "address"] and lowered[-1:] == ["secondary"]:
        return " ".join(words)
    if lowered[:2] in (["ip", "access-group"], ["ipv6", "traffic-filter"]) and len(words) >= 4:
        return f"{lowered[0]} {lowered[1]} {lowered[-1]}"
    if lowered[:1] == ["service-policy"] and len(words) >= 3:
        return f"service-policy {lowered[1]}"
    if lowered[:1] == ["standby"] and len(words) >= 3 and words[1].isdigit():
        return " ".join(lowered[:3])
    if lowered[:1] == ["neighbor"] and len(words) >= 3:
        if lowered[2] in ("route-map", "prefix-list", "filter-list", "distribute-list"):
            return " ".join(lowered[:3]) + " " + lowered[-1]
        if lowered[2] in ("remote-as", "description", "update-source", "peer-group", "password"):
            return (
                " ".join(lowered[:3])
                if len(words) > 3 or lowered[2] != "peer-group"
                else (" ".join(words))
            )
    if lowered[:1] == ["route-map"] and len(words) >= 4:
        return f"route-map {words[1]} {words[3]}"
    if lowered[:2] == ["dial-peer", "voice"] and len(words) >= 3:
        return f"dial-peer voice {words[2]}"  # entered again with or without its type
    if lowered[:1] == ["port"] and len(words) == 2 and words[1].count("/") == 1:
        return " ".join(lowered)  # ``port 2/0`` of stcapp: a sub-mode per port, not a value
    if lowered[:2] == ["ip", "prefix-list"] and len(words) >= 5 and lowered[3] == "seq":
        return " ".join(words[:5])
    best = 0
    for size in (4, 3, 2, 1):
        if len(words) >= size and " ".join(lowered[:size]) in KEY_WORDS:
            best = KEY_WORDS[" ".join(lowered[:size])]
            break
    if best and len(words) >= best:
        return " ".join(lowered[:best])
    return " ".join(words)


def never_stored_negation(words: list[str]) -> bool:
    """Whether ``no <words>`` only removes and is never shown."""
    return any(starts_with_words(words, prefix) for prefix in NEVER_STORED_NO)


#: Second words of global ``ip`` commands.
IP_GLOBAL_WORDS: frozenset[str] = _words(
    """
    access-list accounting-threshold address-pool admission arp as-path auth-proxy bgp-community
    bootp cef classless community-list default-gateway default-network device dhcp dns domain
    domain-list domain-lookup domain-name explicit-path extcommunity-list finger flow-cache
    flow-export forward-protocol ftp gratuitous-arps host host-list http icmp igmp inspect ips
    local mfib mroute msdp multicast multicast-routing name-server nat nbar options pim policy
    prefix-list radius rcmd route routing rsvp scp sftp sla source-route ssh subnet-zero tacacs
    tcp telnet tftp vrf wccp bgp ospf rip rtcp qos
    """
)

#: Second keywords IOS expands after these first keywords.
SECOND_WORDS: dict[str, frozenset[str]] = {
    "ip": _words(
        """
        access-group access-list address as-path bgp-community cef community-list default-gateway
        dhcp domain domain-lookup forward-protocol ftp helper-address http mtu name-server nat
        ospf pim prefix-list proxy-arp redirects route routing scp sla ssh tcp tftp unreachables
        vrf igmp flow
        """
    ),
    "switchport": _words("access mode nonegotiate port-security trunk voice host"),
    "spanning-tree": _words(
        "bpdufilter bpduguard extend guard link-type loopguard mode portfast vlan"
    ),
    "logging": _words("buffered console facility host source-interface trap event"),
    "service": _words("password-encryption timestamps tcp-keepalives-in tcp-keepalives-out"),
    "snmp-server": _words("community contact location host enable trap-source"),
    "transport": _words("input output preferred"),
    "exec-timeout": frozenset(),
}


def expand_keyword(token: str, vocabulary: frozenset[str]) -> list[str]:
    """Keywords of ``vocabulary`` that ``token`` abbreviates (itself if it is one)."""
    lowered = token.lower()
    if lowered in vocabulary:
        return [lowered]
    return sorted(word for word in vocabulary if word.startswith(lowered))
