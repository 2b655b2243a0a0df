"""VLAN lists as IOS writes them (``1-5,10,20-22``), and back.

``None`` stands for "all VLANs", the default of ``switchport trunk allowed vlan``.
The list syntax is read and written with netutils; what is IOS's own (``all``,
``none``, runs of three or more written as ranges) is here.
"""

from __future__ import annotations

from collections.abc import Iterable

_WIDE = 1 << 20
"""A line length netutils never reaches: one list, never wrapped."""


def parse_vlans(text: str) -> frozenset[int] | None:
    """Parse an IOS VLAN list.

    >>> sorted(parse_vlans("1-3,10"))
    [1, 2, 3, 10]
    >>> parse_vlans("all") is None
    True
    >>> parse_vlans("none")
    frozenset()

    Raises:
        ValueError: the text is not a VLAN list (or names a VLAN outside 1-4094).
    """
    from netutils.vlan import vlanconfig_to_list

    text = text.strip()
    if text == "all":
        return None
    if text == "none":
        return frozenset()
    cleaned = text.replace(" ", "").strip(",")
    for part in cleaned.split(","):
        low, _, high = part.partition("-")
        if not low.isdigit() or (high and (not high.isdigit() or int(high) < int(low))):
            raise ValueError(f"not a VLAN range: {part!r}")
    return frozenset(vlanconfig_to_list(cleaned)) if cleaned else frozenset()


def format_vlans(vlans: Iterable[int] | None) -> str:
    """Format VLANs as IOS does, with runs of three or more written as ranges.

    >>> format_vlans([10, 1, 2, 3, 20, 21])
    '1-3,10,20,21'
    >>> format_vlans([]), format_vlans(None)
    ('none', 'all')
    """
    from netutils.vlan import vlanlist_to_config

    if vlans is None:
        return "all"
    ordered = sorted(set(vlans))
    if not ordered:
        return "none"
    return ",".join(
        vlanlist_to_config(
            ordered, first_line_len=_WIDE, other_line_len=_WIDE, min_grouping_size=3
        )
    )
