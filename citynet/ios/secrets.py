"""The one secret table: every kind of secret IOS and IOS-XE keep in a configuration.

Each :class:`SecretKind` says where the secret sits (a regex whose group ``v``
is the value), what it protects, which words betray it (the quick test that
skips the other lines), and how the diff engine compares it. Redaction
(:mod:`citynet.ios.redact`), the diff engine's parser and the inventory's secret
guard all read this table; a new kind of secret is a new row here and nowhere else.

A masked value is :data:`REDACTED`, and the encryption-type digit before it is
dropped (``enable secret 9 $9$...`` -> ``enable secret <redacted>``), so a running
config and a golden config compare by the secret's presence, never its value.

Rendered and golden configs carry *named* markers instead (``<secret:tacacs_key>``,
see :func:`marker`): they say which secret goes where, so a plan can list the
secrets its commands need and a rotation can be planned; the push resolves
them. A named marker is already redacted: it is never masked again, and it is
never a secret in clear. :func:`presence` turns it into :data:`REDACTED` for
the comparisons that go by presence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

REDACTED = "<redacted>"
"""What a secret value becomes in every output."""

NAME_PATTERN = r"[a-z][a-z0-9_]{0,63}"
"""What a secret's name looks like (``tacacs_key``): the push reads it from
``CITYNET_SECRET_<NAME in upper case>``."""
_NAME = re.compile(rf"{NAME_PATTERN}\Z")
MARKER = re.compile(rf"<secret:({NAME_PATTERN})>")
"""A named secret marker; group 1 is the name."""
MARKER_START = "<secret:"


def _masked(value: str) -> bool:
    """Whether a secret's value is already masked (a bare or a well-formed named marker)."""
    return value.startswith(REDACTED) or MARKER.fullmatch(value) is not None


class SecretNameError(ValueError):
    """A secret's name that does not match :data:`NAME_PATTERN`."""


def marker(name: str) -> str:
    """The named marker that stands for a secret in rendered and golden configs.

    Raises:
        SecretNameError: ``name`` is not a lowercase identifier.

    >>> marker("tacacs_key")
    '<secret:tacacs_key>'
    """
    if not isinstance(name, str) or _NAME.match(name) is None:
        raise SecretNameError(
            f"secret({name!r}): a secret's name is lowercase letters, digits and _, "
            "starting with a letter, at most 64 (like 'tacacs_key')"
        )
    return f"<secret:{name}>"


def marker_names(text: str) -> list[str]:
    """The names of the secret markers in a text, in order of first use.

    >>> marker_names(" key <secret:tacacs_key>\\nenable secret <secret:enable> <secret:tacacs_key>")
    ['tacacs_key', 'enable']
    """
    if MARKER_START not in text:
        return []
    return list(dict.fromkeys(MARKER.findall(text)))


def unnamed(text: str) -> str:
    """A text with every named marker as :data:`REDACTED` (a device's value has no name).

    >>> unnamed("tacacs server A\\n key <secret:tacacs_key>\\n")
    'tacacs server A\\n key <redacted>\\n'
    """
    return MARKER.sub(REDACTED, text) if MARKER_START in text else text


_TRAILING_TYPE = re.compile(r"^(ntp authentication-key \d+ \S+ <redacted>) [0-9]$")
"""IOS shows an NTP key's encryption type after its value (``... md5 1234ABCD 7``)."""


def presence(text: str) -> str:
    """A masked line as it compares by presence: named markers as :data:`REDACTED`, and
    no encryption-type digit after a masked value.

    >>> presence("key <secret:tacacs_key>")
    'key <redacted>'
    >>> presence("ntp authentication-key 1 md5 <redacted> 7")
    'ntp authentication-key 1 md5 <redacted>'
    """
    text = unnamed(text)
    if text.startswith("ntp authentication-key "):
        text = _TRAILING_TYPE.sub(r"\1", text)
    return text


class Compare(StrEnum):
    """How the diff engine compares a secret between running and golden configs."""

    PRESENCE = "presence"
    """Equal when both carry a secret there; the value itself is never read."""


@dataclass(frozen=True, slots=True)
class SecretKind:
    """One kind of secret in configuration text.

    Attributes:
        name: short identifier (``ospf-md5-key``), used in tests and reports.
        what: what the secret protects, for people.
        pattern: regex searched in a line without its indentation; group ``v`` is the value.
        words: substrings every line holding this secret contains (a fast pre-filter).
        compare: how the diff engine compares it.
    """

    name: str
    what: str
    pattern: str
    words: tuple[str, ...]
    compare: Compare = Compare.PRESENCE


_T = r"(?:[0-9] )?"
"""An optional encryption-type digit before a value."""

SECRET_KINDS: tuple[SecretKind, ...] = (
    SecretKind(
        "enable-secret",
        "enable secret or password",
        rf"^enable (?:secret|password) (?:level \d+ )?{_T}(?P<v>\S+)",
        ("enable secret", "enable password"),
    ),
    SecretKind(
        "user-secret",
        "local user secret or password",
        rf"^username \S+ .*?(?:secret|password) {_T}(?P<v>\S+)",
        ("username",),
    ),
    SecretKind(
        "aaa-global-key",
        "TACACS+/RADIUS key given globally or per host",
        rf"^(?:tacacs|radius)-server (?:.* )?key {_T}(?P<v>\S+)",
        ("tacacs-server", "radius-server"),
    ),
    SecretKind(
        "aaa-server-key",
        "TACACS+/RADIUS key in a server block",
        rf"^key {_T}(?P<v>(?!\d+$)(?!config-key )\S+)$",
        ("key",),
    ),
    SecretKind(
        "aaa-private-key",
        "AAA private server key",
        rf"^server-private \S+ .*key {_T}(?P<v>\S+)",
        ("server-private",),
    ),
    SecretKind(
        "radius-pac-key",
        "RADIUS PAC key",
        rf"^pac key {_T}(?P<v>\S+)",
        ("pac key",),
    ),
    SecretKind(
        "config-key",
        "master key for type 6 password encryption",
        r"^key config-key password-encrypt (?P<v>\S+)",
        ("config-key",),
    ),
    SecretKind(
        "snmp-community",
        "SNMP community",
        r"^snmp-server community (?P<v>\S+)",
        ("snmp-server community",),
    ),
    SecretKind(
        "snmp-host-community",
        "SNMP v1/v2c community sent with traps or informs",
        r"^snmp-server host \S+ (?:vrf \S+ )?(?:(?:informs|traps?) )?(?:version (?:1|v?2c) )?"
        r"(?!version |informs |traps? |vrf |community )(?P<v>\S+)",
        ("snmp-server host",),
    ),
    SecretKind(
        "snmp-host-community-keyword",
        "SNMP community given after the 'community' keyword",
        r"^snmp-server host \S+ (?:.* )?community (?P<v>\S+)",
        ("snmp-server host",),
    ),
    SecretKind(
        "snmpv3-auth-key",
        "SNMPv3 user authentication key",
        r"^snmp-server user \S+ \S+ (?:remote \S+ (?:udp-port \d+ )?)?v3 (?:encrypted )?"
        r"auth (?:md5|sha\S*) (?P<v>\S+)",
        ("snmp-server user",),
    ),
    SecretKind(
        "snmpv3-priv-key",
        "SNMPv3 user privacy key",
        r"^snmp-server user \S+ \S+ .*? priv (?:des|3des|aes(?: \d+)?) (?P<v>\S+)",
        ("snmp-server user",),
    ),
    SecretKind(
        "key-chain-key",
        "key chain key string",
        rf"^key-string {_T}(?P<v>\S+)",
        ("key-string",),
    ),
    SecretKind(
        "isakmp-key",
        "ISAKMP pre-shared key",
        rf"^crypto isakmp key {_T}(?P<v>\S+)",
        ("isakmp key",),
    ),
    SecretKind(
        "ike-psk",
        "IKEv2 keyring pre-shared key",
        rf"pre-shared-key (?:(?:local|remote) )?(?:address \S+ (?:\S+ )?)?{_T}(?P<v>\S+)",
        ("pre-shared-key",),
    ),
    SecretKind(
        "ppp-chap",
        "PPP CHAP password",
        rf"^ppp chap password {_T}(?P<v>\S+)",
        ("ppp chap",),
    ),
    SecretKind(
        "ppp-pap",
        "PPP PAP password",
        rf"^ppp pap sent-username \S+ password {_T}(?P<v>\S+)",
        ("ppp pap",),
    ),
    SecretKind(
        "ospf-key",
        "OSPF authentication key",
        rf"^ip ospf authentication-key {_T}(?P<v>\S+)",
        ("ospf authentication-key",),
    ),
    SecretKind(
        "ospf-md5-key",
        "OSPF message-digest key",
        rf"^ip ospf message-digest-key \d+ md5 {_T}(?P<v>\S+)",
        ("message-digest-key",),
    ),
    SecretKind(
        "ospfv3-key",
        "OSPFv3 IPsec authentication key",
        rf"^(?:ipv6 ospf|ospfv3(?: \d+)?) authentication ipsec spi \d+ (?:md5|sha1) {_T}"
        r"(?P<v>\S+)",
        ("authentication ipsec",),
    ),
    SecretKind(
        "bgp-password",
        "BGP neighbour password",
        rf"^neighbor \S+ password {_T}(?P<v>\S+)",
        ("password",),
    ),
    SecretKind(
        "ntp-key",
        "NTP authentication key",
        r"^ntp authentication-key \d+ (?:md5|sha1|sha256|cmac-aes-128) (?P<v>\S+)",
        ("ntp authentication-key",),
    ),
    SecretKind(
        "hsrp-auth",
        "HSRP authentication string or MD5 key",
        rf"^standby (?:\d+ )?authentication (?:md5 key-string |text )?{_T}"
        r"(?!md5 key-chain )(?P<v>\S+)",
        ("authentication",),
    ),
    SecretKind(
        "vrrp-auth",
        "VRRP authentication string or MD5 key",
        rf"^vrrp \d+ authentication (?:md5 key-string |text )?{_T}(?!md5 key-chain )(?P<v>\S+)",
        ("authentication",),
    ),
    SecretKind(
        "glbp-auth",
        "GLBP authentication string or MD5 key",
        rf"^glbp \d+ authentication (?:md5 key-string |text )?{_T}(?!md5 key-chain )(?P<v>\S+)",
        ("authentication",),
    ),
    SecretKind(
        "nhrp-auth",
        "NHRP authentication string",
        r"^(?:ip|ipv6) nhrp authentication (?P<v>\S+)",
        ("nhrp authentication",),
    ),
    SecretKind(
        "sip-authentication",
        "SIP digest authentication",
        rf"^authentication username \S+ password {_T}(?P<v>\S+)",
        ("authentication username",),
    ),
    SecretKind(
        "sip-credentials",
        "SIP registration credentials",
        rf"^credentials (?:dhcp )?(?:number \S+ )?username \S+ password {_T}(?P<v>\S+)",
        ("credentials",),
    ),
    SecretKind(
        "line-password",
        "line or voice register password",
        rf"^password {_T}(?P<v>\S+)",
        ("password",),
    ),
    SecretKind(
        "wpa-psk",
        "wireless pre-shared key",
        rf"^wpa-psk (?:ascii|hex) {_T}(?P<v>\S+)",
        ("wpa-psk",),
    ),
    SecretKind(
        "url-password",
        "password inside a URL (archive path, file transfer, call-home)",
        r"\b[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]+:(?P<v>[^@\s]+)@",
        ("://",),
    ),
    SecretKind(
        "any-secret",
        "any other secret or password keyword",
        rf"\b(?:secret|password) {_T}(?P<v>\S+)",
        ("secret", "password"),
    ),
)
"""Every kind of secret, most specific first (a line may hold several: all are applied)."""

INVENTORY_KEY_WORDS: tuple[str, ...] = (
    "password",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "secret",
    "secrets",
    "key",
    "keys",
    "psk",
    "community",
    "communities",
    "token",
    "credential",
    "credentials",
    "privkey",
)
"""Words that make an inventory variable name a secret (``tacacsKey``, ``snmp_community_ro``)."""


@dataclass(frozen=True, slots=True)
class _Compiled:
    kind: SecretKind
    regex: re.Pattern[str]


_COMPILED = tuple(_Compiled(kind, re.compile(kind.pattern)) for kind in SECRET_KINDS)
_WORDS = tuple(dict.fromkeys(word for kind in SECRET_KINDS for word in kind.words))
# The fewest words that still find every line: a word holding another one adds nothing.
_HINT_WORDS = sorted(w for w in _WORDS if not any(o != w and o in w for o in _WORDS))
HINT = re.compile("|".join(re.escape(word) for word in _HINT_WORDS))
"""Matches every line that may hold a secret (and some that do not)."""
_TYPE_DIGIT = re.compile(r"(?:secret|password|key|key-string|md5|sha1|text|ascii|hex) [0-9] $")


def mask_line(text: str) -> str:
    """Mask every secret value in one line given without its indentation.

    >>> mask_line("enable secret 9 $9$abc")
    'enable secret <redacted>'
    >>> mask_line("snmp-server user mon NET-RO v3 auth sha AuthKey1 priv aes 128 PrivKey2")
    'snmp-server user mon NET-RO v3 auth sha <redacted> priv aes 128 <redacted>'
    >>> mask_line("key chain WAN"), mask_line("standby 1 authentication md5 key-chain HSRP")
    ('key chain WAN', 'standby 1 authentication md5 key-chain HSRP')
    >>> mask_line("path scp://backup:Pa55@10.0.0.7/cfg")
    'path scp://backup:<redacted>@10.0.0.7/cfg'
    >>> mask_line("enable secret <secret:enable_secret>")
    'enable secret <secret:enable_secret>'
    """
    if HINT.search(text) is None:
        return text
    return _mask_cached(text) if len(text) < 512 else mask_uncached(text)


def mask_uncached(text: str) -> str:
    """:func:`mask_line` without the cache (for one-off text such as error messages)."""
    changed = text
    for compiled in _COMPILED:
        if not any(word in changed for word in compiled.kind.words):
            continue
        match = compiled.regex.search(changed)
        if match is None or _masked(match.group("v")):
            continue
        start, end = match.span("v")
        head = changed[:start]
        if _TYPE_DIGIT.search(head):
            head = head[:-2]
        changed = f"{head}{REDACTED}{changed[end:]}"
    return changed


_mask_cached = lru_cache(maxsize=65536)(mask_uncached)


def kinds_in(text: str) -> list[str]:
    """The names of the secret kinds found in one line (without its indentation).

    >>> kinds_in("ip ospf message-digest-key 1 md5 7 0822455D0A16")
    ['ospf-md5-key']
    """
    found = []
    for compiled in _COMPILED:
        match = compiled.regex.search(text)
        if match is not None and not _masked(match.group("v")):
            found.append(compiled.kind.name)
    return found


def has_secret(text: str) -> bool:
    """Whether a masked line carries a secret value (to be filled in at push time).

    >>> has_secret("key <secret:tacacs_key>"), has_secret("key <redacted>"), has_secret("key")
    (True, True, False)
    """
    return REDACTED in text or MARKER.search(text) is not None
