"""A configuration's hash, taken over the diff engine's normalised, redacted tree.

The hash is over what the configuration *means* to IOS, as the diff engine reads
it: noise and device-owned lines out, secrets masked, spacing collapsed, trunk
VLAN lists merged, defaults dropped, order kept only where it matters (access-list
entries), sequence numbers dropped (:func:`citynet.diff.model.canonical`). So a
device rewriting its own configuration (reordering sections, renumbering an ACL,
re-encrypting a secret, adding a build banner) never changes it, while any change
of meaning does.

Definition (:func:`reference_hash`): the SHA-256 of the sorted, distinct SHA-256
digests of the canonical top-level items. :func:`config_hash` computes the same
value faster: the City's configurations share most of their top-level blocks
(428 devices: 70,000 blocks, 3,500 distinct), so each distinct block is parsed
once and its digests kept in a :class:`BlockCache`. A key given twice keeps its
last line, as the engine does; a section header given twice (two sections the
engine merges) takes the reference path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable

from citynet.diff.blocks import split_blocks
from citynet.diff.model import canonical
from citynet.diff.parse import parse
from citynet.errors import ConfigParseError
from citynet.ios import rules
from citynet.ios.driver import driver_for

HASH_VERSION = "2"
"""Part of every hash: a change of the definition changes every hash."""
_MAX_BLOCKS = 500_000


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _stable(item: Hashable) -> str:
    """A deterministic, unambiguous text of a canonical item (sets sorted, tuples in order)."""
    if isinstance(item, str):
        return _quote(item)
    if isinstance(item, frozenset):
        return "{" + ",".join(sorted(_stable(i) for i in item)) + "}"
    if isinstance(item, tuple):
        return "[" + ",".join(_stable(i) for i in item) + "]"
    if item is None:
        return "null"
    return _quote(str(item))


def _digests(items: Hashable) -> set[str]:
    assert isinstance(items, frozenset)
    return {hashlib.sha256(_stable(i).encode("utf-8")).hexdigest() for i in items}


def _combine(digests: set[str]) -> str:
    joined = "\n".join(sorted(digests))
    return hashlib.sha256(f"citynet-config-{HASH_VERSION}\n{joined}".encode()).hexdigest()


def reference_hash(text: str, platform: str = "cisco_iosxe", *, source: str = "<config>") -> str:
    """The hash by its definition: parse the whole text, hash the canonical items.

    Raises:
        ConfigParseError: the text is not a configuration.
    """
    tree = parse(text, source=source, driver=driver_for(platform))
    return _combine(_digests(canonical(tree)))


def _key(text: str) -> str:
    """The identity of a top-level line, as the diff engine's ``effective`` keys it."""
    positive = text[3:] if text[:3] == "no " else text
    if positive.partition(" ")[0] in rules.rules_for("root"):
        return rules.key_rule("root", text)[0]
    return positive


Block = tuple[str, str, bool, frozenset[str]] | None
"""A top-level block: its key, its line, whether it has children, its digests (None:
not a single top-level line, so the reference path decides)."""


class BlockCache:
    """What each top-level block already seen gives, by platform and text."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], Block] = {}
        self.hits = 0
        self.misses = 0

    def block(self, platform: str, block: str, source: str) -> Block:
        """The key, line, children flag and digests of one block (parsed on a miss)."""
        found = (platform, block)
        if found in self._entries:
            self.hits += 1
            return self._entries[found]
        self.misses += 1
        tree = parse(block, source=source, driver=driver_for(platform))
        entry: Block = None
        if len(tree.children) == 1:
            node = tree.children[0]
            entry = (
                _key(node.text),
                node.text,
                bool(node.children),
                frozenset(_digests(canonical(tree))),
            )
        elif not tree.children:
            entry = ("", "", False, frozenset())
        if len(self._entries) < _MAX_BLOCKS:
            self._entries[found] = entry
        return entry


def _numbered(block: str) -> bool:
    first = block.partition("\n")[0].strip()
    return bool(rules.NUMBERED_ACL.match(first) or rules.NUMBERED_SECTION.match(first))


def config_hash(
    text: str,
    platform: str = "cisco_iosxe",
    *,
    cache: BlockCache | None = None,
    source: str = "<config>",
) -> str:
    """The hash of a configuration (equal to :func:`reference_hash`, computed by block).

    Raises:
        ConfigParseError: the text is not a configuration.

    >>> a = "hostname r1\\ninterface Gi1\\n description up\\nntp server 10.0.0.1\\n"
    >>> b = ("Building configuration...\\nntp server 10.0.0.1\\n!\\nhostname r1\\n"
    ...      "interface Gi1\\n description up\\nend\\n")
    >>> config_hash(a) == config_hash(b) == reference_hash(a)
    True
    >>> config_hash(a) == config_hash(a.replace("up", "down"))
    False
    """
    cache = cache if cache is not None else BlockCache()
    # As the diff engine's ``effective``: the last line of a key wins (two sections with
    # the same header merge, which only the reference path does).
    lines: dict[str, tuple[str, bool, frozenset[str]]] = {}
    numbered: list[str] = []
    for block in split_blocks(text):
        if _numbered(block):
            numbered.append(block)
            continue
        try:
            entry = cache.block(platform, block, source)
        except ConfigParseError:
            return reference_hash(text, platform, source=source)  # the error, with its line
        if entry is None:
            return reference_hash(text, platform, source=source)
        key, line, children, digests = entry
        if not line:
            continue
        seen = lines.get(key)
        if seen is not None and seen[0] == line and (seen[1] or children):
            return reference_hash(text, platform, source=source)
        lines[key] = (line, children, digests)
    found: set[str] = set()
    for _, _, digests in lines.values():
        found |= digests
    if numbered:
        found |= _digests(canonical(parse("\n".join(numbered), driver=driver_for(platform))))
    return _combine(found)
