"""One canonical serialisation for everything citynet hashes or signs.

JSON with sorted keys, no insignificant whitespace, UTF-8 (RFC 8785 style for the
values citynet uses: strings, integers, booleans, null, lists, objects; floats are
refused, since their text is not canonical).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def _check(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError(f"{value!r}: floats have no canonical form; use an integer or a string")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{key!r}: object keys must be strings")
            _check(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check(item)


def canonical_json(value: Any) -> str:
    """The canonical text of a JSON-ready value.

    >>> canonical_json({"b": [1, "é"], "a": None})
    '{"a":null,"b":[1,"é"]}'
    """
    _check(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str) -> str:
    """SHA-256 of a text's UTF-8 bytes, in hex.

    >>> sha256_hex("")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(value: Any) -> str:
    """SHA-256 of a value's canonical text."""
    return sha256_hex(canonical_json(value))
