"""The loaded inventory and each host's resolved view (merged variables with provenance)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citynet.inventory.schema import DefaultsEntry, GroupEntry, HostEntry, Role, Site
from citynet.inventory.yamlload import YamlDoc
from citynet.platforms import Platform

if TYPE_CHECKING:
    from citynet.inventory.voice import Phone, VoicePlan

FILES = {
    "defaults": "defaults.yaml",
    "groups": "groups.yaml",
    "hosts": "hosts.yaml",
    "sites": "sites.yaml",
    "voice": "voice.yaml",
}
"""The inventory files, by kind. Nornir's SimpleInventory reads the first three as they are;
voice.yaml (the City dial plan) and phones.csv are read by :mod:`citynet.inventory.voice`."""

SITE_GROUP_PREFIX = "site_"


@dataclass(frozen=True)
class Source:
    """Where a resolved value was set: the layer, the entry's name, the file and line."""

    layer: str
    name: str
    file: str
    line: int | None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = self.layer if self.layer == "defaults" else f"{self.layer} {self.name}"
        return f"{label} ({where})"


@dataclass(frozen=True)
class HostView:
    """One host with every variable resolved the way Nornir resolves it.

    Order of precedence: host, then its site, then its groups (in order,
    parents depth-first), then defaults.
    """

    name: str
    address: str
    platform: Platform | None
    port: int | None
    role: Role | None
    site: str
    region: str
    model: str
    tags: tuple[str, ...]
    groups: tuple[str, ...]
    data: dict[str, Any]
    sources: dict[str, Source]

    def summary(self) -> dict[str, Any]:
        """The fields ``inventory list`` shows."""
        return {
            "name": self.name,
            "site": self.site,
            "region": self.region,
            "role": str(self.role) if self.role else None,
            "platform": str(self.platform) if self.platform else None,
            "model": self.model,
            "address": self.address,
            "tags": list(self.tags),
        }


@dataclass
class Inventory:
    """A validated inventory: its entries, resolved host views and source lines."""

    root: Path
    defaults: DefaultsEntry
    groups: dict[str, GroupEntry]
    sites: dict[str, Site]
    hosts: dict[str, HostEntry]
    docs: dict[str, YamlDoc]
    views: dict[str, HostView] = field(default_factory=dict)
    broken: dict[str, set[str]] = field(default_factory=dict)
    """Entries present in a file but invalid (already reported): references to them
    are not reported again."""
    voice_plan: VoicePlan | None = None
    """The City dial plan (voice.yaml); None when the inventory has none."""
    phones: list[Phone] = field(default_factory=list)
    """The phones (phones.csv), valid rows only."""

    def exists(self, kind: str, name: str) -> bool:
        """Whether an entry is defined, valid or not."""
        entries: dict[str, dict[str, Any]] = {
            "hosts": self.hosts,
            "groups": self.groups,
            "sites": self.sites,
        }
        valid = entries[kind]
        return name in valid or name in self.broken.get(kind, set())

    def is_broken(self, kind: str, name: str) -> bool:
        return name in self.broken.get(kind, set())

    def line(self, kind: str, *path: str | int) -> int | None:
        doc = self.docs.get(kind)
        return doc.line(*path) if doc else None

    def site_data(self, site_id: str) -> dict[str, Any]:
        """The site layer of variables, as the Nornir site group carries them."""
        return site_layer(self.sites[site_id])


def site_layer(site: Site) -> dict[str, Any]:
    """Variables a site contributes to each of its hosts (site data overrides the fixed ones)."""
    fixed = site.model_dump(mode="json", exclude={"data"})
    layer: dict[str, Any] = {
        "site_name": fixed.pop("name"),
        "site_kind": fixed.pop("kind"),
        "site_address": fixed.pop("address"),
    }
    layer.update(fixed)
    layer.update(site.data)
    return layer
