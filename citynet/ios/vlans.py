"""VLAN lists as IOS writes them (``1-5,10,20-22``), and back.

``None`` stands for "all VLANs", the default of ``switchport trunk allowed vlan``.
"""

from __future__ import annotations

from collections.abc import Iterable


def parse_vlans(text: str) -> frozenset[int] | None:
    """Parse an IOS VLAN list.

    >>> sorted(parse_vlans("1-3,10"))
    [1, 2, 3, 10]
    >>> parse_vlans("all") is None
    True
    >>> parse_vlans("none")
    frozenset()

    Raises:
        ValueError: the text is not a VLAN list.
    """
    text = text.strip()
    if text == "all":
        return None
    if text == "none":
        return frozenset()
    vlans: set[int] = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        low, _, high = part.partition("-")
        first = int(low)
        last = int(high) if high else first
        if not 1 <= first <= last <= 4094:
            raise ValueError(f"not a VLAN range: {part!r}")
        vlans.update(range(first, last + 1))
    return frozenset(vlans)


def format_vlans(vlans: Iterable[int] | None) -> str:
    """Format VLANs as IOS does, with ranges of three or more compressed.

    >>> format_vlans([10, 1, 2, 3, 20, 21])
    '1-3,10,20,21'
    >>> format_vlans([])
    'none'
    """
    if vlans is None:
        return "all"
    ordered = sorted(set(vlans))
    if not ordered:
        return "none"
    parts: list[str] = []
    start = prev = ordered[0]
    for vlan in [*ordered[1:], -1]:
        if vlan == prev + 1:
            prev = vlan
            continue
        if prev - start >= 2:
            parts.append(f"{start}-{prev}")
        else:
            parts.extend(str(v) for v in range(start, prev + 1))
        start = prev = vlan
    return ",".join(parts)
