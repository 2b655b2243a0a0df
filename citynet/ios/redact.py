"""Secrets out of device configurations: one rule set per platform.

Every configuration that leaves a device (backups, diffs, reports, logs,
error messages) goes through :func:`redact_config` or :func:`redact_line`.
A secret value becomes ``<redacted>`` and its encryption-type digit is dropped
(``enable secret 9 $9$...`` -> ``enable secret <redacted>``), so a running
config compares with a golden config by the secret's presence, never its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from citynet.platforms import Platform

REDACTED = "<redacted>"

# (pattern, what it protects); group "v" is the secret value.
IOS_SECRET_RULES: tuple[tuple[str, str], ...] = (
    (r"^enable (?:secret|password)(?: level \d+)?(?: [0-9])? (?P<v>\S+)", "enable secret/password"),
    (r"^username \S+ .*?(?:secret|password)(?: [0-9])? (?P<v>\S+)", "local user secret/password"),
    (
        r"^(?:tacacs-server|radius-server)(?: host \S+)?.* key(?: [0-9])? (?P<v>\S+)",
        "TACACS+/RADIUS global key",
    ),
    (r"^key(?: [0-9])? (?P<v>(?!\d+$)\S+)$", "TACACS+/RADIUS server-block key"),
    (r"^server-private \S+ .*key(?: [0-9])? (?P<v>\S+)", "AAA private server key"),
    (r"^pac key(?: [0-9])? (?P<v>\S+)", "RADIUS PAC key"),
    (r"^snmp-server community (?P<v>\S+)", "SNMP community"),
    (
        r"^snmp-server host \S+ (?:(?:informs|traps) )?(?:version (?:1|2c) )?"
        r"(?!version )(?P<v>\S+)",
        "SNMP host community",
    ),
    (
        r"^snmp-server user \S+ \S+ (?:remote \S+ )?v3 .*?auth (?:md5|sha\S*) (?P<v>\S+)",
        "SNMPv3 auth key",
    ),
    (
        r"^snmp-server user \S+ \S+ (?:remote \S+ )?v3 .*? priv (?:des|3des|aes(?: \d+)?) "
        r"(?P<v>\S+)",
        "SNMPv3 priv key",
    ),
    (r"^key-string(?: [0-9])? (?P<v>\S+)", "key chain key"),
    (r"^crypto isakmp key(?: [0-9])? (?P<v>\S+)", "ISAKMP pre-shared key"),
    (
        r"pre-shared-key(?: local| remote)?(?: address \S+(?: \S+)?)?(?: [0-9])? (?P<v>\S+)",
        "IKE pre-shared key",
    ),
    (r"^ppp chap password(?: [0-9])? (?P<v>\S+)", "PPP CHAP password"),
    (r"^ppp pap sent-username \S+ password(?: [0-9])? (?P<v>\S+)", "PPP PAP password"),
    (r"^ip ospf authentication-key(?: [0-9])? (?P<v>\S+)", "OSPF authentication key"),
    (r"^ip ospf message-digest-key \d+ md5(?: [0-9])? (?P<v>\S+)", "OSPF MD5 key"),
    (r"^neighbor \S+ password(?: [0-9])? (?P<v>\S+)", "BGP neighbor password"),
    (r"^ntp authentication-key \d+ md5 (?P<v>\S+)", "NTP key"),
    (
        r"^standby(?: \d+)? authentication(?: md5 key-string| text)?(?: [0-9])? (?P<v>\S+)",
        "HSRP authentication",
    ),
    (r"^authentication username \S+ password(?: [0-9])? (?P<v>\S+)", "SIP authentication"),
    (
        r"^credentials (?:dhcp )?(?:number \S+ )?username \S+ password(?: [0-9])? (?P<v>\S+)",
        "SIP credentials",
    ),
    (r"^password(?: [0-9])? (?P<v>\S+)", "line or voice register password"),
    (r"^wpa-psk ascii(?: [0-9])? (?P<v>\S+)", "wireless PSK"),
    (r"\b(?:secret|password)(?: [0-9])? (?P<v>\S+)", "any other secret or password"),
)
"""IOS and IOS-XE secret locations (applied to each line without its indentation)."""


@dataclass(frozen=True)
class RuleSet:
    """The secret rules and the device noise of one platform."""

    secrets: tuple[re.Pattern[str], ...]
    noise: tuple[re.Pattern[str], ...]
    hint: re.Pattern[str]


def _compile(rules: Iterable[tuple[str, str]]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern, _ in rules)


IOS_NOISE = (
    r"^Building configuration\.\.\.$",
    r"^Current configuration : \d+ bytes$",
    r"^! Last configuration change at ",
    r"^! NVRAM config last updated at ",
    r"^! No configuration change since last restart",
    r"^ntp clock-period \d+$",
)

_IOS = RuleSet(
    secrets=_compile(IOS_SECRET_RULES),
    noise=tuple(re.compile(p) for p in IOS_NOISE),
    hint=re.compile(r"secret|password|key|community|snmp-server|credentials"),
)
_TYPE_DIGIT = re.compile(r"(?:secret|password|key|key-string|md5) [0-9]$")
"""An encryption-type digit just before a secret value (dropped with the value)."""

RULES: dict[Platform, RuleSet] = {Platform.CISCO_IOS: _IOS, Platform.CISCO_IOSXE: _IOS}
"""The rule set of each platform."""


MARKERS: tuple[str, ...] = (
    "secret",
    "password",
    "key",
    "community",
    "snmp-server",
    "credentials",
    "Building configuration",
    "Current configuration",
    "! Last configuration change",
    "! NVRAM config",
    "! No configuration change",
    "ntp clock-period",
    "banner ",
)
"""Words found in every line that may need redaction, dropping or care (banners)."""


def _candidate_lines(text: str) -> list[int]:
    """Start offsets of the lines holding a marker, in order (one C-level scan per word)."""
    starts = set()
    for word in MARKERS:
        found = text.find(word)
        while found != -1:
            starts.add(text.rfind("\n", 0, found) + 1)
            found = text.find(word, found + len(word))
    return sorted(starts)


def redact_line(line: str, platform: Platform = Platform.CISCO_IOSXE) -> str:
    """Mask the secret value in one configuration line, keeping its indentation.

    >>> redact_line(" key 7 0822455D0A16")
    ' key <redacted>'
    >>> redact_line("snmp-server user mon NET-RO v3 auth sha AuthKey1 priv aes 128 PrivKey2")
    'snmp-server user mon NET-RO v3 auth sha <redacted> priv aes 128 <redacted>'
    >>> redact_line("key chain OSPF-KEYS")
    'key chain OSPF-KEYS'
    """
    rules = RULES[platform]
    stripped = line.lstrip(" ")
    if rules.hint.search(stripped) is None:
        return line
    indent = line[: len(line) - len(stripped)]
    changed = stripped
    for regex in rules.secrets:
        # A line may hold more than one secret (SNMPv3 auth and priv): apply every rule.
        match = regex.search(changed)
        if match and match.group("v") != REDACTED:
            start, end = match.span("v")
            head = changed[:start].rstrip(" ")
            if _TYPE_DIGIT.search(head):
                head = head[:-2]
            changed = f"{head} {REDACTED}{changed[end:]}"
    return indent + changed


def redact_config(text: str, platform: Platform = Platform.CISCO_IOSXE) -> str:
    """Redact every line and drop the device's noise (build banner, timestamps).

    Banner bodies are kept as written: they are text, not configuration. One
    scan of the whole text finds the few lines that need work; the rest is
    copied as it is.

    >>> redact_config("Building configuration...\\nhostname r1\\nenable secret 9 x\\n")
    'hostname r1\\nenable secret <redacted>\\n'
    """
    rules = RULES[platform]
    text = text.replace("\r\n", "\n")
    pieces: list[str] = []
    pos = 0
    for start in _candidate_lines(text):
        if start < pos:
            continue  # a line already handled, or inside a banner
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = text[start:end]
        pieces.append(text[pos:start])
        if any(regex.match(line) for regex in rules.noise):
            pos = min(end + 1, len(text))
            continue
        if line.startswith("banner "):
            delimiter = _banner_end(line)
            close = text.find(delimiter, end) if delimiter else -1
            if close != -1:
                newline = text.find("\n", close)
                end = len(text) if newline == -1 else newline
            pieces.append(text[start:end])
        else:
            pieces.append(redact_line(line, platform))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _banner_end(line: str) -> str | None:
    parts = line.split(maxsplit=2)
    if len(parts) < 3:
        return None
    body = parts[2]
    delimiter = "^C" if body.startswith("^C") else body[:1]
    rest = body[len(delimiter) :]
    return None if delimiter in rest else delimiter


def redact_text(text: str, platform: Platform = Platform.CISCO_IOSXE) -> str:
    """Redact free text (an error message, a log line) line by line."""
    return "\n".join(
        redact_line(line.strip(), platform) if RULES[platform].hint.search(line) else line
        for line in text.splitlines()
    )
