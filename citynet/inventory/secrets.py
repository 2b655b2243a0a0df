"""Find passwords and secrets put into inventory data, where they must never be.

Keys are split into words however they are spelled (``tacacsKey``,
``snmp_community_ro``, ``SNMP-Community``) and compared with the secret words
of :mod:`citynet.ios.secrets`; values are read with the same secret table the
redaction uses, so a configuration line carrying a secret is caught wherever it
hides (a string, a list of lines, a nested mapping). Findings never repeat the
value they refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from citynet.ios.secrets import HINT, INVENTORY_KEY_WORDS, mask_uncached

NAMING_WORDS = frozenset(
    {
        "name",
        "names",
        "id",
        "ids",
        "chain",
        "group",
        "groups",
        "user",
        "users",
        "username",
        "type",
        "length",
        "file",
        "path",
        "server",
        "servers",
        "policy",
        "profile",
        "view",
        "level",
        "encryption",
        "lifetime",
        "expiry",
        "required",
        "enabled",
        "marker",
        "ref",
    }
)
"""Last words that make a key the *name* of a secret rather than the secret
(``key_chain_name``, ``secret_ref``, ``password_policy``)."""

_SECRET_WORDS = frozenset(INVENTORY_KEY_WORDS)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_HASH = re.compile(r"^\$(?:1|5|6|8|9|14|2[aby]?|y)\$")
_PEM = re.compile(r"-----BEGIN [A-Z ]*(?:PRIVATE KEY|ENCRYPTED)|PuTTY-User-Key-File")
SAFE_SECRET_VALUES = (None, "", False)


def key_words(key: str) -> list[str]:
    """A variable name split into lower-case words, however it is spelled.

    >>> key_words("tacacsKey"), key_words("snmp_community_ro"), key_words("SNMP-Community")
    (['tacacs', 'key'], ['snmp', 'community', 'ro'], ['snmp', 'community'])
    """
    return [word.lower() for word in _WORD.findall(key)]


def is_secret_key(key: str) -> bool:
    """Whether a variable name says it holds a secret.

    >>> is_secret_key("pwd"), is_secret_key("key_chain_name"), is_secret_key("snmp_v3_user")
    (True, False, False)
    """
    words = key_words(key)
    if not words or words[-1] in NAMING_WORDS:
        return False
    return any(word in _SECRET_WORDS for word in words)


def value_reason(value: str) -> str | None:
    """Why a string value looks like a secret, or None.

    >>> value_reason("snmp-server community 7 0822455D0A16")
    'value is a configuration line carrying a secret'
    >>> value_reason("Authorized access only") is None
    True
    """
    if _HASH.match(value.strip()):
        return "value looks like a password hash"
    if _PEM.search(value):
        return "value holds a private key"
    if HINT.search(value) is not None:
        for line in value.splitlines():
            stripped = line.strip()
            if stripped and mask_uncached(stripped) != stripped:
                return "value is a configuration line carrying a secret"
    return None


def find_secrets(
    data: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield (path, reason) for every value that is or looks like a secret.

    >>> list(find_secrets({"data": {"tacacs_key": "s3cr3t", "vlan": 10}}))
    [(('data', 'tacacs_key'), "key 'tacacs_key' holds a secret")]
    >>> list(find_secrets({"banner": "enable secret 9 $9$abc"}))
    [(('banner',), 'value is a configuration line carrying a secret')]
    """
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if isinstance(key, str) and is_secret_key(key) and value not in SAFE_SECRET_VALUES:
                yield here, f"key {key!r} holds a secret"
            else:
                yield from find_secrets(value, here)
    elif isinstance(data, list | tuple):
        for index, item in enumerate(data):
            yield from find_secrets(item, (*path, index))
    elif isinstance(data, str):
        reason = value_reason(data)
        if reason is not None:
            yield path, reason
