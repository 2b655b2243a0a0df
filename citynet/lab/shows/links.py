"""Which of a device's cabled neighbours it can see: none over a shut interface."""

from __future__ import annotations

from citynet.ios.names import canonical_interface_name
from citynet.lab.config_engine import ConfigNode
from citynet.lab.shows.model import Neighbor
from citynet.lab.shows.request import ShowRequest


def shut_interfaces(root: ConfigNode) -> frozenset[str]:
    """The full names of the interfaces the configuration shuts."""
    return frozenset(
        canonical_interface_name(node.words[1])
        for node in root.children
        if node.words[:1] == ["interface"]
        and len(node.words) > 1
        and any(child.text == "shutdown" for child in node.children)
    )


def live_neighbors(request: ShowRequest) -> tuple[Neighbor, ...]:
    """The neighbours CDP, LLDP and routing protocols see: those over interfaces that are up."""
    shut = shut_interfaces(request.root)
    return tuple(
        n
        for n in request.facts.neighbors
        if canonical_interface_name(n.local_interface) not in shut
    )
