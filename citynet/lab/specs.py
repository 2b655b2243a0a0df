"""From inventory hosts to lab devices: model facts, neighbours and device objects.

The inventory is read through the small :class:`HostLike` protocol (``HostView``
satisfies it), so the lab does not depend on how the inventory is loaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from citynet.ios.noise import ModelDefaults, model_defaults
from citynet.lab.device import LabDevice, LabLogin
from citynet.lab.owned import with_modules
from citynet.lab.shows.model import IOS_VERSION, IOSXE_VERSION, DeviceFacts, Neighbor

__all__ = [
    "IOSXE_VERSION",
    "IOS_VERSION",
    "DeviceSpec",
    "HostLike",
    "default_serial",
    "device_from_spec",
    "platform_of",
    "specs_from_hosts",
]


class HostLike(Protocol):
    """What the lab needs to know about an inventory host."""

    @property
    def name(self) -> str: ...

    @property
    def address(self) -> str: ...

    @property
    def port(self) -> int | None: ...

    @property
    def model(self) -> str: ...

    @property
    def data(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class DeviceSpec:
    """Everything needed to start one lab device."""

    name: str
    address: str
    config_text: str
    port: int = 22
    model: str = "C9300-48P"
    serial: str = ""
    platform: str = "cisco_iosxe"
    neighbors: tuple[Neighbor, ...] = field(default_factory=tuple)
    device_lines: bool = True
    """Whether the device shows the lines its model writes by itself (see ``lab.owned``)."""
    modules: tuple[tuple[str, str], ...] = ()
    """``(slot, module)`` of its installed modules: their ports are shown too."""

    def facts(self) -> DeviceFacts:
        """The ``show version`` / ``show inventory`` facts for this device."""
        serial = self.serial or default_serial(self.name)
        if self.platform == "cisco_ios":
            return DeviceFacts(
                self.model,
                IOS_VERSION,
                serial,
                "C2960X-UNIVERSALK9-M",
                "cisco_ios",
                self.neighbors,
            )
        image = "CAT9K_IOSXE" if self.model.startswith("C9") else "X86_64_LINUX_IOSD-UNIVERSALK9-M"
        return DeviceFacts(self.model, IOSXE_VERSION, serial, image, "cisco_iosxe", self.neighbors)

    def filesystem(self) -> str:
        """``bootflash:`` on ISR routers, ``flash:`` on switches."""
        return "bootflash:" if self.model.upper().startswith("ISR") else "flash:"


def default_serial(name: str) -> str:
    """A stable serial number derived from the device name.

    >>> default_serial("sw1") == default_serial("sw1")
    True
    """
    digest = hashlib.sha256(name.encode()).hexdigest().upper()
    return "FOC" + digest[:8]


def platform_of(model: str, declared: object | None = None) -> str:
    """``cisco_ios`` for Catalyst 2960 models (or when declared so), else ``cisco_iosxe``."""
    if declared is not None and str(declared) in ("cisco_ios", "cisco_iosxe"):
        return str(declared)
    return "cisco_ios" if model.upper().startswith("WS-C2960") else "cisco_iosxe"


def _neighbor(local_interface: str, peer: HostLike, peer_interface: str) -> Neighbor:
    data = peer.data
    address = str(data.get("mgmt_ip") or data.get("loopback_ip") or peer.address)
    router_id = str(data.get("loopback_ip", "") or "")
    return Neighbor(local_interface, peer.name, peer_interface, peer.model, address, router_id)


def specs_from_hosts(hosts: Iterable[HostLike], configs: Mapping[str, str]) -> list[DeviceSpec]:
    """Device specs for inventory hosts, with CDP/LLDP neighbours from their ``uplinks``.

    Args:
        hosts: inventory hosts (``HostView`` objects or anything shaped like them).
        configs: host name -> configuration text (the golden configuration).

    Each ``uplinks`` entry (``interface``, ``peer``, ``peer_interface``) gives both ends
    a neighbour.
    """
    items = list(hosts)
    by_name = {h.name: h for h in items}
    links: dict[str, list[Neighbor]] = {h.name: [] for h in items}
    for host in items:
        for uplink in host.data.get("uplinks", []) or []:
            peer = by_name.get(str(uplink.get("peer", "")))
            local, remote = str(uplink.get("interface", "")), str(uplink.get("peer_interface", ""))
            if peer is None or not local:
                continue
            links[host.name].append(_neighbor(local, peer, remote))
            links[peer.name].append(_neighbor(remote, host, local))
    specs = []
    for host in items:
        platform = platform_of(host.model, getattr(host, "platform", None))
        specs.append(
            DeviceSpec(
                name=host.name,
                address=host.address,
                config_text=configs.get(host.name, f"hostname {host.name}\n"),
                port=host.port or 22,
                model=host.model,
                serial=str(host.data.get("serial", "") or ""),
                platform=platform,
                neighbors=tuple(links[host.name]),
                modules=tuple(
                    (str(slot), str(name))
                    for slot, name in (host.data.get("modules") or {}).items()
                ),
            )
        )
    return specs


def device_from_spec(
    spec: DeviceSpec,
    credentials: LabLogin | None = None,
    *,
    port: int | None = None,
    seconds_per_minute: float = 60.0,
) -> LabDevice:
    """A :class:`LabDevice` for a spec (``port`` overrides the spec's port)."""
    return LabDevice(
        spec.name,
        spec.address,
        spec.port if port is None else port,
        spec.config_text,
        credentials=credentials,
        facts=spec.facts(),
        filesystem=spec.filesystem(),
        seconds_per_minute=seconds_per_minute,
        device_lines=_device_lines(spec),
    )


def _device_lines(spec: DeviceSpec) -> ModelDefaults | None:
    if not spec.device_lines:
        return None
    found = model_defaults(spec.model)
    if found is None or found.platform != spec.platform:
        return None
    return with_modules(found, dict(spec.modules))
