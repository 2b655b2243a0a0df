"""Select hosts with the filters every fleet command takes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from citynet.errors import CitynetError
from citynet.inventory.model import HostView, Inventory


@dataclass(frozen=True)
class HostFilter:
    """``--host`` (repeatable), ``--site``, ``--role``, ``--platform``, ``--tag``.

    Values of one option are alternatives (OR); different options combine (AND).
    """

    hosts: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def matches(self, view: HostView) -> bool:
        return (
            (not self.hosts or view.name in self.hosts)
            and (not self.sites or view.site in self.sites)
            and (not self.roles or str(view.role) in self.roles)
            and (not self.platforms or str(view.platform) in self.platforms)
            and (not self.tags or any(t in view.tags for t in self.tags))
        )

    @property
    def empty(self) -> bool:
        return not (self.hosts or self.sites or self.roles or self.platforms or self.tags)


def select(inventory: Inventory, host_filter: HostFilter) -> list[HostView]:
    """The hosts matching ``host_filter``, in inventory order.

    Raises:
        CitynetError: a named host or site does not exist (a typo must not select nothing).
    """
    _check_known("host", host_filter.hosts, inventory.views)
    _check_known("site", host_filter.sites, inventory.sites)
    return [view for view in inventory.views.values() if host_filter.matches(view)]


def _check_known(what: str, names: Iterable[str], known: Iterable[str]) -> None:
    known_set = set(known)
    missing = [n for n in names if n not in known_set]
    if missing:
        raise CitynetError(
            f"no {what} named {', '.join(repr(m) for m in missing)} in the inventory; "
            f"see 'citynet inventory list'"
        )
