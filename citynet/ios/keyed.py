"""Secrets as keyed hashes: a changed secret shows between two backups, its value never does.

Redaction (:mod:`citynet.ios.redact`) turns every secret value into ``<redacted>``, so two
backups of a device look the same whether or not someone changed its TACACS key. With a key
from the environment (``CITYNET_SECRET_HMAC_KEY``) a backup stores ``<hmac:0123456789abcdef>``
instead: the first 16 hex digits of HMAC-SHA256(key, value as the device shows it, with its
encryption-type digit). The same value gives the same marker, a changed value another one, and
without the key nobody can test a guess against it. Without the key, ``<redacted>`` as before.

Where the secret sits is the one secret table's business (:mod:`citynet.ios.secrets`): this
module lets redaction find the values, then puts the keyed marker where it put ``<redacted>``.
Everywhere else a marker is just a secret that is there: the diff engine and the compliance
checks mask it like any value, so against a golden config's marker it compares as present.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping

from citynet.errors import CitynetError
from citynet.ios.redact import redact_config, redact_line
from citynet.ios.secrets import REDACTED
from citynet.platforms import Platform

HMAC_KEY_VARIABLE = "CITYNET_SECRET_HMAC_KEY"
"""The environment variable holding the key (at least :data:`MIN_KEY_LENGTH` characters)."""

MIN_KEY_LENGTH = 16
MARKER = re.compile(r"<hmac:[0-9a-f]{16}>")
"""A keyed hash where a secret value was."""

_SHIELD = f"{REDACTED}:hmac:"
"""A marker in disguise while redaction runs again: a value starting with ``<redacted>`` is
already masked, so redaction leaves it as it is."""
_VALUE = r"((?:[0-9] )?\S+)"
"""A masked value as it stood: an optional encryption-type digit and the value."""


def hmac_key(env: Mapping[str, str]) -> bytes | None:
    """The key from ``CITYNET_SECRET_HMAC_KEY``, or None when it is not set.

    Raises:
        CitynetError: the key is set but too short to resist guessing.
    """
    value = env.get(HMAC_KEY_VARIABLE, "")
    if not value:
        return None
    if len(value) < MIN_KEY_LENGTH:
        raise CitynetError(
            f"{HMAC_KEY_VARIABLE} is {len(value)} characters long: use at least "
            f"{MIN_KEY_LENGTH} random ones (e.g. 'openssl rand -hex 32'), or unset it to keep "
            "backups with <redacted> secrets"
        )
    return value.encode("utf-8")


def marker(value: str, key: bytes) -> str:
    """The keyed hash marker of one secret value.

    >>> marker("9 $9$abc", b"0123456789abcdef")
    '<hmac:2fe61feeaf7d6c93>'
    """
    digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"<hmac:{digest[:16]}>"


def _keyed_line(original: str, masked: str, key: bytes) -> str:
    """``masked`` with each ``<redacted>`` replaced by the marker of the value it hid."""
    parts = masked.split(REDACTED)
    pattern = _VALUE.join(re.escape(part) for part in parts)
    found = re.fullmatch(pattern, original)
    if found is None:
        return masked  # cannot tell which value went where: stay redacted
    pieces = [parts[0]]
    for value, part in zip(found.groups(), parts[1:], strict=True):
        pieces.extend((marker(value, key), part))
    return "".join(pieces)


def redact_keyed(
    text: str, key: bytes | None, platform: Platform | str = Platform.CISCO_IOSXE
) -> str:
    """:func:`~citynet.ios.redact.redact_config`, with keyed markers when there is a key.

    >>> text = "hostname r1\\nenable secret 9 $9$abc\\n"
    >>> redact_keyed(text, None)
    'hostname r1\\nenable secret <redacted>\\n'
    >>> redact_keyed(text, b"0123456789abcdef")
    'hostname r1\\nenable secret <hmac:2fe61feeaf7d6c93>\\n'
    """
    masked = redact_config(text, platform)
    if key is None or REDACTED not in masked:
        return masked
    originals = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    index = 0
    for line in masked.split("\n"):
        if REDACTED not in line:
            out.append(line)
            continue
        # a masked line stands for the first original line after the previous masked one
        # that masks to it (masked lines keep their order; only noise lines are dropped)
        start, prefix = index, line[: line.index(REDACTED)]
        while index < len(originals) and not (
            originals[index].startswith(prefix) and redact_line(originals[index], platform) == line
        ):
            index += 1
        if index == len(originals):
            index = start
            out.append(line)
            continue
        out.append(_keyed_line(originals[index], line, key))
        index += 1
    return "\n".join(out)


def redact_keeping_markers(text: str, platform: Platform | str = Platform.CISCO_IOSXE) -> str:
    """Redact a stored text again without turning its keyed markers into ``<redacted>``.

    >>> redact_keeping_markers("key <hmac:0123456789abcdef>\\nkey 7 0822455D0A16\\n")
    'key <hmac:0123456789abcdef>\\nkey <redacted>\\n'
    """
    if "<hmac:" not in text:
        return redact_config(text, platform)
    shielded = MARKER.sub(lambda m: _SHIELD + m.group(0)[6:], text)
    masked = redact_config(shielded, platform)
    return masked.replace(_SHIELD, "<hmac:")
