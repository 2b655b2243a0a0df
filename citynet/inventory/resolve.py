"""Resolve each host's variables the way Nornir does, recording where each came from.

Nornir looks a key up in the host's data, then in its groups (in order, each
group's parents depth-first, no group twice), then in the defaults. citynet
adds the site layer as a group ``site_<ID>`` put first in the host's groups,
so the precedence is host > site > groups > defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from citynet.inventory.model import SITE_GROUP_PREFIX, HostView, Inventory, Source, site_layer
from citynet.inventory.schema import HostEntry, Role
from citynet.platforms import Platform

ATTRIBUTES = ("platform", "port", "username")
_SITE_FIELDS = {"site_name": "name", "site_kind": "kind", "site_address": "address"}


@dataclass(frozen=True)
class Layer:
    """One level of variables: its values and, per key, where the key was set."""

    data: dict[str, Any]
    attributes: dict[str, Any]
    sources: dict[str, Source]


def extended_groups(inventory: Inventory, groups: list[str]) -> list[str]:
    """Groups in Nornir's lookup order (``Host.extended_groups``); unknown ones are skipped.

    Cycles are cut (and reported by the checks).
    """
    order: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail or name not in inventory.groups:
            return
        if name not in order:
            order.append(name)
        for parent in inventory.groups[name].groups:
            visit(parent, (*trail, name))

    for name in groups:
        visit(name, ())
    return order


def _layer(
    layer: str,
    name: str,
    file: str,
    data: dict[str, Any],
    attributes: dict[str, Any],
    line_of: Any,
) -> Layer:
    attrs = {k: v for k, v in attributes.items() if v is not None}
    sources = {key: Source(layer, name, file, line_of("data", key)) for key in data}
    sources.update({key: Source(layer, name, file, line_of(key)) for key in attrs})
    return Layer(data, attrs, sources)


def group_layer(inventory: Inventory, name: str) -> Layer:
    group = inventory.groups[name]
    return _layer(
        "group",
        name,
        inventory.docs["groups"].file,
        group.data,
        group.model_dump(include=set(ATTRIBUTES)),
        lambda *path: inventory.line("groups", name, *path),
    )


def site_layer_of(inventory: Inventory, site_id: str) -> Layer:
    site = inventory.sites[site_id]
    data = site_layer(site)

    def line_of(*path: str) -> int | None:
        key = path[-1]
        if key in site.data:
            return inventory.line("sites", site_id, "data", key)
        return inventory.line("sites", site_id, _SITE_FIELDS.get(key, key))

    return _layer("site", site_id, inventory.docs["sites"].file, data, {}, line_of)


def defaults_layer(inventory: Inventory) -> Layer:
    defaults = inventory.defaults
    return _layer(
        "defaults",
        "defaults",
        inventory.docs["defaults"].file,
        defaults.data,
        defaults.model_dump(include=set(ATTRIBUTES)),
        lambda *path: inventory.line("defaults", *path),
    )


def host_layer(inventory: Inventory, name: str, entry: HostEntry) -> Layer:
    return _layer(
        "host",
        name,
        inventory.docs["hosts"].file,
        entry.data.model_dump(mode="json", exclude_unset=True),
        entry.model_dump(include=set(ATTRIBUTES)),
        lambda *path: inventory.line("hosts", name, *path),
    )


def merge(layers: list[Layer]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Source]]:
    """First layer wins per top-level key, as in Nornir (no deep merge)."""
    data: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for layer in layers:
        for key, value in layer.data.items():
            if key not in data:
                data[key] = value
                sources[key] = layer.sources[key]
        for key, value in layer.attributes.items():
            if key not in attributes:
                attributes[key] = value
                sources[key] = layer.sources[key]
    return data, attributes, sources


def resolve_all(inventory: Inventory) -> dict[str, HostView]:
    """Resolved views of every (schema-valid) host."""
    groups = {name: group_layer(inventory, name) for name in inventory.groups}
    sites = {site_id: site_layer_of(inventory, site_id) for site_id in inventory.sites}
    defaults = defaults_layer(inventory)
    views = {}
    for name, entry in inventory.hosts.items():
        order = extended_groups(inventory, list(entry.groups))
        layers = [host_layer(inventory, name, entry)]
        if entry.data.site in sites:
            layers.append(sites[entry.data.site])
        layers += [groups[g] for g in order]
        layers.append(defaults)
        data, attributes, sources = merge(layers)
        role = next((g.removeprefix("role_") for g in order if g.startswith("role_")), None)
        region = next((g.removeprefix("region_") for g in order if g.startswith("region_")), "")
        platform = attributes.get("platform")
        views[name] = HostView(
            name=name,
            address=str(entry.hostname),
            platform=Platform(platform) if platform else None,
            port=attributes.get("port"),
            role=Role(role) if role is not None and role in set(Role) else None,
            site=entry.data.site,
            region=region,
            model=entry.data.model,
            tags=tuple(entry.data.tags),
            groups=(SITE_GROUP_PREFIX + entry.data.site, *order),
            data=data,
            sources=sources,
        )
    return views
