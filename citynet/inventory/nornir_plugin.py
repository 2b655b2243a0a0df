"""Nornir inventory plugin ``CitynetInventory``: SimpleInventory plus the site layer.

Registered under the ``nornir.plugins.inventory`` entry point, so::

    InitNornir(inventory={"plugin": "CitynetInventory",
                          "options": {"inventory_dir": "inventory"}})

It validates the inventory first (a broken inventory never reaches a task),
adds a group ``site_<ID>`` carrying the site's variables in front of each
host's groups, and gives each host its own NAPALM ``optional_args`` dict (with
its port), since nornir-napalm writes into a shared one.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from nornir.core.inventory import (
    ConnectionOptions,
    Defaults,
    Group,
    Groups,
    Host,
    Hosts,
    ParentGroups,
)
from nornir.core.inventory import (
    Inventory as NornirInventory,
)

from citynet.inventory.loader import load_inventory
from citynet.inventory.model import SITE_GROUP_PREFIX, Inventory, site_layer
from citynet.workspace import Settings, load_settings


class CitynetInventory:
    """Load the citynet inventory folder as a Nornir inventory."""

    def __init__(self, inventory_dir: str = "inventory", settings_file: str | None = None) -> None:
        self.inventory_dir = Path(inventory_dir).expanduser()
        self.settings_file = Path(settings_file) if settings_file else None

    def load(self) -> NornirInventory:
        settings = load_settings(self.settings_file) if self.settings_file else Settings()
        return to_nornir(load_inventory(self.inventory_dir, settings))


def _options(raw: dict[str, Any] | None) -> dict[str, ConnectionOptions]:
    return {
        name: ConnectionOptions(
            hostname=opts.get("hostname"),
            port=opts.get("port"),
            username=opts.get("username"),
            password=None,
            platform=opts.get("platform"),
            extras=copy.deepcopy(opts.get("extras")),
        )
        for name, opts in (raw or {}).items()
    }


def to_nornir(inventory: Inventory) -> NornirInventory:
    """Build the Nornir inventory from a validated citynet inventory."""
    defaults = Defaults(
        port=inventory.defaults.port,
        username=inventory.defaults.username,
        platform=inventory.defaults.platform,
        data=copy.deepcopy(inventory.defaults.data),
        connection_options=_options(inventory.defaults.connection_options),
    )
    groups = Groups()
    for name, entry in inventory.groups.items():
        groups[name] = Group(
            name=name,
            port=entry.port,
            username=entry.username,
            platform=entry.platform,
            data=copy.deepcopy(entry.data),
            defaults=defaults,
            connection_options=_options(entry.connection_options),
        )
    for name, entry in inventory.groups.items():
        groups[name].groups.extend(groups[parent] for parent in entry.groups)
    for site_id, site in inventory.sites.items():
        groups[SITE_GROUP_PREFIX + site_id] = Group(
            name=SITE_GROUP_PREFIX + site_id, data=site_layer(site), defaults=defaults
        )
    hosts = Hosts()
    for name, host_entry in inventory.hosts.items():
        view = inventory.views[name]
        connection_options = _options(host_entry.connection_options)
        napalm = connection_options.get("napalm") or ConnectionOptions()
        extras = dict(napalm.extras or _group_napalm_extras(inventory, view.groups))
        extras["optional_args"] = {**extras.get("optional_args", {}), "port": view.port or 22}
        napalm.extras = extras
        connection_options["napalm"] = napalm
        hosts[name] = Host(
            name=name,
            hostname=str(host_entry.hostname),
            port=host_entry.port,
            username=host_entry.username,
            platform=host_entry.platform,
            groups=ParentGroups(
                groups[g] for g in (SITE_GROUP_PREFIX + host_entry.data.site, *host_entry.groups)
            ),
            data=host_entry.data.model_dump(mode="json", exclude_unset=True),
            defaults=defaults,
            connection_options=connection_options,
        )
    return NornirInventory(hosts=hosts, groups=groups, defaults=defaults)


def _group_napalm_extras(inventory: Inventory, groups: tuple[str, ...]) -> dict[str, Any]:
    for name in groups:
        entry = inventory.groups.get(name)
        options = (entry.connection_options or {}) if entry else {}
        if "napalm" in options and options["napalm"].get("extras"):
            return copy.deepcopy(dict(options["napalm"]["extras"]))
    options = inventory.defaults.connection_options or {}
    return copy.deepcopy(dict(options.get("napalm", {}).get("extras") or {}))
