"""Resolve each host's variables the way Nornir does, recording where each came from.

Nornir looks a key up in the host's data, then in its groups (in order, each
group's parents depth-first, no group twice), then in the defaults. citynet
adds the site layer as a group ``site_<ID>`` put first in the host's groups,
so the precedence is host > site > groups > defaults.
"""

from __future__ import annotations

from typing import Any

from citynet.inventory.model import SITE_GROUP_PREFIX, HostView, Inventory, Source, site_layer
from citynet.inventory.schema import HostEntry, Role
from citynet.platforms import Platform

_ATTRIBUTES = ("platform", "port", "username")
_DOC_KIND = {"host": "hosts", "site": "sites", "group": "groups", "defaults": "defaults"}


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


def resolve_host(inventory: Inventory, name: str, entry: HostEntry) -> HostView:
    """The resolved view of one host."""
    hosts_file = inventory.docs["hosts"].file
    groups_file = inventory.docs["groups"].file
    sites_file = inventory.docs["sites"].file
    defaults_file = inventory.docs["defaults"].file

    layers: list[tuple[Source, dict[str, Any], dict[str, Any]]] = []
    host_data = entry.data.model_dump(mode="json", exclude_unset=True)
    layers.append(
        (
            Source("host", name, hosts_file, inventory.line("hosts", name)),
            host_data,
            entry.model_dump(include=set(_ATTRIBUTES)),
        )
    )
    site_id = entry.data.site
    site = inventory.sites.get(site_id)
    if site is not None:
        layers.append(
            (
                Source("site", site_id, sites_file, inventory.line("sites", site_id)),
                site_layer(site),
                {},
            )
        )
    group_order = extended_groups(inventory, list(entry.groups))
    for group_name in group_order:
        group = inventory.groups[group_name]
        layers.append(
            (
                Source("group", group_name, groups_file, inventory.line("groups", group_name)),
                group.data,
                group.model_dump(include=set(_ATTRIBUTES)),
            )
        )
    layers.append(
        (
            Source("defaults", "defaults", defaults_file, None),
            inventory.defaults.data,
            inventory.defaults.model_dump(include=set(_ATTRIBUTES)),
        )
    )

    data: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    attributes: dict[str, Any] = {}
    for source, layer_data, layer_attrs in layers:
        doc_kind = _DOC_KIND[source.layer]
        for key, value in layer_data.items():
            if key in data:
                continue
            data[key] = value
            line = _data_line(inventory, doc_kind, source, key)
            sources[key] = Source(source.layer, source.name, source.file, line)
        for key, value in layer_attrs.items():
            if value is not None and key not in attributes:
                attributes[key] = value
                line = _attr_line(inventory, doc_kind, source, key)
                sources[key] = Source(source.layer, source.name, source.file, line)

    role = next((g.removeprefix("role_") for g in group_order if g.startswith("role_")), None)
    region = next((g.removeprefix("region_") for g in group_order if g.startswith("region_")), "")
    platform = attributes.get("platform")
    return HostView(
        name=name,
        address=str(entry.hostname),
        platform=Platform(platform) if platform else None,
        port=attributes.get("port"),
        role=Role(role) if role is not None and role in set(Role) else None,
        site=site_id,
        region=region,
        model=entry.data.model,
        tags=tuple(entry.data.tags),
        groups=(SITE_GROUP_PREFIX + site_id, *group_order),
        data=data,
        sources=sources,
    )


def _data_line(inventory: Inventory, doc_kind: str, source: Source, key: str) -> int | None:
    if source.layer == "defaults":
        return inventory.line(doc_kind, "data", key)
    if source.layer == "site":
        return (
            inventory.line(doc_kind, source.name, "data", key)
            if key in (inventory.sites[source.name].data)
            else inventory.line(doc_kind, source.name, _site_field(key))
        )
    return inventory.line(doc_kind, source.name, "data", key)


def _site_field(key: str) -> str:
    return {"site_name": "name", "site_kind": "kind", "site_address": "address"}.get(key, key)


def _attr_line(inventory: Inventory, doc_kind: str, source: Source, key: str) -> int | None:
    if source.layer == "defaults":
        return inventory.line(doc_kind, key)
    return inventory.line(doc_kind, source.name, key)


def resolve_all(inventory: Inventory) -> dict[str, HostView]:
    """Resolved views of every (schema-valid) host."""
    return {name: resolve_host(inventory, name, entry) for name, entry in inventory.hosts.items()}
