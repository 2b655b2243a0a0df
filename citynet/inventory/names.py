"""The names of hosts, sites, groups, regions and tags: one documented pattern each.

A host name becomes the device's ``hostname`` and the file
``golden_configs/<name>.cfg``, so it follows what IOS accepts as a hostname
(the ARPANET rules of RFC 1035 that Cisco's ``hostname`` command documents):
letters, digits and hyphens, starting with a letter, ending with a letter or a
digit, at most 63 characters. Site ids follow the same rule (they become the
group ``site_<ID>`` and appear in configurations). Group, region and tag names
are labels: a letter, then letters, digits, underscores or hyphens, at most 63
characters (``role_voice_gateway``, ``platform_iosxe``, ``region_downtown``,
``site_DC1``). None of them can hold a path separator, a dot, a space or a
control character.
"""

from __future__ import annotations

import re
from enum import StrEnum

from citynet.inventory.text import describe_char, shown

MAX_NAME = 63


class NameKind(StrEnum):
    HOST = "host name"
    SITE = "site id"
    GROUP = "group name"
    REGION = "region name"
    TAG = "tag"


HOSTNAME_PATTERN = r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
"""What IOS accepts as a hostname (and citynet as a host name or site id)."""
LABEL_PATTERN = r"[A-Za-z][A-Za-z0-9_-]{0,62}"
"""Group, region and tag names."""

PATTERNS: dict[NameKind, re.Pattern[str]] = {
    NameKind.HOST: re.compile(HOSTNAME_PATTERN),
    NameKind.SITE: re.compile(HOSTNAME_PATTERN),
    NameKind.GROUP: re.compile(LABEL_PATTERN),
    NameKind.REGION: re.compile(LABEL_PATTERN),
    NameKind.TAG: re.compile(LABEL_PATTERN),
}

_RULE_HOSTNAME = (
    "letters, digits and hyphens, starting with a letter and ending with a letter or "
    f"digit, at most {MAX_NAME} characters (what IOS accepts as a hostname)"
)
_RULE_LABEL = (
    f"a letter, then letters, digits, underscores or hyphens, at most {MAX_NAME} characters"
)
RULES: dict[NameKind, str] = {
    NameKind.HOST: _RULE_HOSTNAME,
    NameKind.SITE: _RULE_HOSTNAME,
    NameKind.GROUP: _RULE_LABEL,
    NameKind.REGION: _RULE_LABEL,
    NameKind.TAG: _RULE_LABEL,
}
"""Each kind of name's rule, in words (for error messages and the README)."""


def is_valid(kind: NameKind, name: object) -> bool:
    """Whether ``name`` is a valid name of that kind.

    >>> is_valid(NameKind.HOST, "dc1-rtr01"), is_valid(NameKind.HOST, "../golden_configs/x")
    (True, False)
    >>> is_valid(NameKind.GROUP, "role_voice_gateway"), is_valid(NameKind.HOST, "rtr01\\n")
    (True, False)
    """
    return isinstance(name, str) and PATTERNS[kind].fullmatch(name) is not None


def name_problem(kind: NameKind, name: object) -> str | None:
    """What is wrong with ``name`` as a name of that kind, in words, or None.

    >>> name_problem(NameKind.HOST, "dc1-rtr01") is None
    True
    >>> name_problem(NameKind.HOST, "../golden_configs/dc1-rtr02")
    "contains '/' (a path separator)"
    >>> name_problem(NameKind.HOST, "1st-floor")
    "starts with '1' (it must start with a letter)"
    >>> name_problem(NameKind.SITE, "")
    'is empty'
    """
    if not isinstance(name, str):
        return f"is {type(name).__name__}, not a string"
    if is_valid(kind, name):
        return None
    if name == "":
        return "is empty"
    for char in name:
        if not char.isprintable():
            return f"contains {describe_char(char)}"
    for char in name:
        if char in "/\\":
            return f"contains {char!r} (a path separator)"
    if not name[0].isascii() or not name[0].isalpha():
        return f"starts with {name[0]!r} (it must start with a letter)"
    if len(name) > MAX_NAME:
        return f"is {len(name)} characters long (at most {MAX_NAME})"
    allowed = "-" if PATTERNS[kind].pattern == HOSTNAME_PATTERN else "-_"
    for char in name:
        if not (char.isascii() and (char.isalnum() or char in allowed)):
            return f"contains {char!r}"
    return f"ends with {name[-1]!r} (it must end with a letter or digit)"


def explain(kind: NameKind, name: object) -> tuple[str, str]:
    """The message and the fix for an invalid name (the name shown escaped, shortened).

    >>> explain(NameKind.HOST, "a/b")[0]
    "host name 'a/b' is not valid: it contains '/' (a path separator)"
    """
    problem = name_problem(kind, name) or "is not valid"
    return (
        f"{kind} {shown(name)} is not valid: it {problem}",
        f"rename it: {RULES[kind]}",
    )
