"""What a string value of the inventory may hold, and how a refused value is shown.

Every string ends up in a device configuration, where a newline starts a new
command: ``address: "1 Main St\\nusername x privilege 15 ..."`` would add a
user. So a value holds printable characters only (``str.isprintable``: no
control, format or line-separator characters, no space other than the plain
one). Only fields the schema declares multi-line (``MULTILINE_VARIABLES``, the
banner) may hold newlines, and never the banner delimiter.

A refused value is shown with escapes and shortened (:func:`shown`), never raw.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

SHOWN_LIMIT = 40
"""Characters of a refused value that a message shows."""

BANNER_DELIMITER = "^"
"""Templates write banners as ``banner login ^C ... ^C``: a body holding ``^``
(or the ETX character it stands for) would end the banner early, and the rest
would be read as configuration commands."""
BANNER_MAX_LINES = 40
BANNER_MAX_LINE = 200

MULTILINE_VARIABLES = frozenset({"banner_login"})
"""Variables whose value is multi-line text (checked by :func:`banner_problem`)."""

_NAMED = {
    "\n": "a newline",
    "\r": "a carriage return",
    "\t": "a tab",
    "\x00": "a NUL character",
    "\x1b": "an escape character",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
    "\x85": "a next-line character",
}
_CATEGORY = {
    "Cc": "the control character",
    "Cf": "the invisible format character",
    "Zs": "the space character",
    "Zl": "the line separator",
    "Zp": "the paragraph separator",
    "Co": "the private-use character",
    "Cs": "the surrogate",
    "Cn": "the unassigned code point",
}


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """A value as an error message shows it: escaped like ``repr``, at most ``limit`` characters.

    >>> print(shown("1 Main St\\nusername x"))
    '1 Main St\\nusername x'
    >>> print(shown("x" * 100, limit=5))
    'xxxxx'... (100 characters)
    >>> print(shown("a\\n" * 30))
    'a\\na\\na\\na\\na\\na\\na\\na\\na\\na\\na\\na\\na\\na'... (60 characters)
    >>> print(shown("\\u202eevil"))
    '\\u202eevil'
    """
    text = repr(value)
    if len(text) <= limit + 2:
        return text
    if not isinstance(value, str):
        return text[:limit] + "..."
    cut = value[:limit]
    while len(repr(cut)) > limit + 2:
        cut = cut[:-1]
    return f"{cut!r}... ({len(value)} characters)"


def describe_char(char: str) -> str:
    """How a message names a character that a value may not hold.

    >>> describe_char("\\n"), describe_char("\\x07"), describe_char("\\u202e")
    ('a newline', "the control character '\\\\x07'", "the invisible format character '\\\\u202e'")
    """
    named = _NAMED.get(char)
    if named is not None:
        return named
    kind = _CATEGORY.get(unicodedata.category(char), "the character")
    return f"{kind} {char!r}"


def line_problem(value: str) -> str | None:
    """What makes ``value`` unfit for one line of configuration, or None.

    >>> line_problem("400 Datacenter Way") is None
    True
    >>> line_problem("400 Datacenter Way\\r\\nusername x")
    'contains a carriage return at position 19'
    """
    if value.isprintable():
        return None
    for index, char in enumerate(value):
        if not char.isprintable():
            return f"contains {describe_char(char)} at position {index + 1}"
    return None  # pragma: no cover - isprintable() found one


def banner_problem(value: str) -> str | None:
    """What makes ``value`` unfit for a banner body, or None.

    Lines are separated by newlines; each holds printable characters only and
    no ``^`` (the delimiter that would end the banner early).

    >>> banner_problem("Authorized access only.\\nAll use is monitored.") is None
    True
    >>> banner_problem("Bye ^C\\nusername x privilege 15")
    "contains the banner delimiter '^' at position 5 (it would end the banner early)"
    """
    if not value.strip():
        return "is empty"
    delimiter = value.find(BANNER_DELIMITER)
    if delimiter >= 0:
        return (
            f"contains the banner delimiter {BANNER_DELIMITER!r} at position {delimiter + 1} "
            "(it would end the banner early)"
        )
    lines = value.removesuffix("\n").split("\n")
    if len(lines) > BANNER_MAX_LINES:
        return f"has {len(lines)} lines (at most {BANNER_MAX_LINES})"
    offset = 0
    for number, line in enumerate(lines, start=1):
        problem = line_problem(line)
        if problem is not None:
            where, _, position = problem.rpartition(" at position ")
            return f"{where} at position {offset + int(position)}"
        if len(line) > BANNER_MAX_LINE:
            return f"line {number} has {len(line)} characters (at most {BANNER_MAX_LINE})"
        offset += len(line) + 1
    return None


def value_problem(value: str, multiline: bool = False) -> str | None:
    """:func:`banner_problem` for multi-line fields, :func:`line_problem` for any other."""
    return banner_problem(value) if multiline else line_problem(value)


def is_multiline(path: tuple[str | int, ...]) -> bool:
    """Whether the value at ``path`` is declared multi-line text (``...data.banner_login``).

    >>> is_multiline(("data", "banner_login")), is_multiline(("h1", "data", "banner_login"))
    (True, True)
    >>> is_multiline(("h1", "data", "site_address"))
    False
    """
    return len(path) >= 2 and path[-2] == "data" and path[-1] in MULTILINE_VARIABLES


def find_unprintable(
    data: Any, path: tuple[str | int, ...] = (), *, skip_top_keys: bool = False
) -> Iterator[tuple[tuple[str | int, ...], str, bool]]:
    """Yield (path, problem, is_key) for every key or string value that breaks the rules.

    ``skip_top_keys`` leaves the top-level keys to the name rules (hosts, sites
    and groups are checked there).

    >>> list(find_unprintable({"h1": {"data": {"site_address": "a\\nb", "ok": ["x"]}}}))
    [(('h1', 'data', 'site_address'), 'contains a newline at position 2', False)]
    >>> list(find_unprintable({"data": {"banner_login": "Hello\\nWorld"}}))
    []
    """
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if isinstance(key, str) and not (skip_top_keys and not path):
                problem = line_problem(key)
                if problem is not None:
                    yield here, problem, True
                    continue
            yield from find_unprintable(value, here)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from find_unprintable(item, (*path, index))
    elif isinstance(data, str):
        problem = value_problem(data, is_multiline(path))
        if problem is not None:
            yield path, problem, False
