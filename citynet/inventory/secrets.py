"""Find passwords and secrets put into inventory data, where they must never be."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

SECRET_KEY = re.compile(
    r"(^|_)(password|passwd|secret|community|psk|key|token|passphrase|credentials?)s?$",
    re.IGNORECASE,
)
SECRET_VALUE = re.compile(
    r"^\$(1|5|6|8|9|14)\$"  # crypt / IOS type 5, 8, 9 hashes
    r"|\b(secret|password|key|community)\s+[05789]\s+\S"  # IOS lines with an encrypted secret
    r"|\b(secret|password)\s+\S",  # IOS lines with a clear-text secret
    re.IGNORECASE,
)
SAFE_SECRET_VALUES = (None, "", False)


def find_secrets(
    data: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield (path, reason) for every value that is or looks like a secret.

    >>> list(find_secrets({"data": {"tacacs_key": "s3cr3t", "vlan": 10}}))
    [(('data', 'tacacs_key'), "key 'tacacs_key' holds a secret")]
    >>> list(find_secrets({"banner": "enable secret 9 $9$abc"}))
    [(('banner',), 'value looks like a password or password hash')]
    """
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if isinstance(key, str) and SECRET_KEY.search(key) and value not in SAFE_SECRET_VALUES:
                yield here, f"key {key!r} holds a secret"
            else:
                yield from find_secrets(value, here)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from find_secrets(item, (*path, index))
    elif isinstance(data, str) and SECRET_VALUE.search(data):
        yield path, "value looks like a password or password hash"
