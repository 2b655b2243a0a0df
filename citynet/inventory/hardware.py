"""The hardware catalogue: device models and modules, read from ``hardware.yaml`` (package data).

Each model says which platform it runs and which roles it can fill, its physical
ports, module slots, PoE budget, SRST and throughput limits and the software it
should run; each module, the slot it fits and the voice ports or DSP channels it
adds. The catalogue is data: a new model is an entry in ``hardware.yaml``, not code.

>>> isr = hardware("ISR4321/K9")
>>> [slot.slot for slot in isr.slots], isr.srst_max_phones, isr.throughput.default_mbps
(['0/1', '0/2', '0/4'], 50, 50)
>>> hardware("C9300-48P").port("access", 48, member=2)
'GigabitEthernet2/0/48'
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache, cached_property
from importlib import resources
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from citynet.diagnostics import Diagnostic
from citynet.errors import InventoryError
from citynet.inventory.schema import PortRole, Role, SlotName
from citynet.platforms import Platform

CATALOGUE_FILE = "citynet/inventory/hardware.yaml"
"""How messages name the catalogue."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PortUse(StrEnum):
    ACCESS = "access"
    """User-facing switch ports."""
    UPLINK = "uplink"
    ONBOARD = "onboard"
    """A router's own Ethernet ports."""
    MANAGEMENT = "management"
    """The out-of-band management port."""


class SlotKind(StrEnum):
    NIM = "nim"
    SM = "sm"
    PVDM = "pvdm"
    """The motherboard DSP slot."""


class VoiceKind(StrEnum):
    FXS = "fxs"
    FXO = "fxo"
    T1E1 = "t1e1"


class PortGroup(_Model):
    """Ports named from one pattern: ``{n}`` is the port number, ``{m}`` the stack member."""

    name: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Za-z][A-Za-z0-9/{}.-]*$")]
    first: int = Field(default=1, ge=0)
    count: int = Field(ge=1, le=512)
    use: PortUse

    @property
    def last(self) -> int:
        return self.first + self.count - 1

    def names(self, members: int) -> list[str]:
        """Every port of the group on a stack of ``members`` switches."""
        stacked = range(1, members + 1) if "{m}" in self.name else range(1, 2)
        if "{n}" not in self.name:
            return [self.name.replace("{m}", str(m)) for m in stacked]
        return [
            self.name.format(m=m, n=n) for m in stacked for n in range(self.first, self.last + 1)
        ]

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        parts = re.split(r"(\{[mn]\})", self.name)
        body = "".join(
            f"(?P<{p[1]}>[0-9]+)" if p in ("{m}", "{n}") else re.escape(p) for p in parts
        )
        return re.compile(body + "$")

    def member_and_number(self, interface: str) -> tuple[int, int] | None:
        """``(member, port number)`` if ``interface`` is named by this group's pattern."""
        match = self._regex.match(interface)
        if match is None:
            return None
        found = match.groupdict()
        return int(found.get("m") or 1), int(found.get("n") or self.first)


class Software(_Model):
    train: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]+\.[0-9]+$")]
    """What the configuration's ``version`` line says."""
    release: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9][0-9A-Za-z.()]*$")]
    """The release the device should run (``show version``)."""


class Slot(_Model):
    slot: SlotName
    kind: SlotKind


class Throughput(_Model):
    default_mbps: int = Field(ge=1)
    levels_mbps: tuple[int, ...] = Field(min_length=1)


class Hardware(_Model):
    """One device model."""

    platform: Platform
    roles: frozenset[Role]
    software: Software
    ports: tuple[PortGroup, ...] = Field(min_length=1)
    max_members: int = Field(default=1, ge=1, le=16)
    poe_budget_w: int = Field(default=0, ge=0)
    slots: tuple[Slot, ...] = ()
    srst_max_phones: int = Field(default=0, ge=0)
    throughput: Throughput | None = None
    pid: str = ""
    """The model's product id (its key in the catalogue)."""

    def group(self, use: PortUse | str) -> PortGroup | None:
        """The first port group of a kind (``access``, ``uplink`` ...)."""
        return next((g for g in self.ports if g.use == use), None)

    def port(self, use: PortUse | str, index: int = 1, *, member: int = 1) -> str:
        """The ``index``-th port (1 = the first) of a kind on stack member ``member``.

        >>> hardware("C9500-24Y4C").port("uplink")
        'HundredGigE1/0/25'
        """
        group = self.group(use)
        if group is None:
            raise KeyError(f"no {use} ports")
        return group.name.format(m=member, n=group.first + index - 1)

    @property
    def access_ports(self) -> int:
        """User-facing ports per switch (stack member); 0 for routers and cores' uplinks."""
        group = self.group(PortUse.ACCESS)
        return group.count if group else 0

    def interfaces(self, members: int = 1) -> list[str]:
        """Every physical interface of a device of this model (and ``members`` stack members)."""
        return [name for group in self.ports for name in group.names(members)]

    def port_problem(self, interface: str, members: int = 1) -> str | None:
        """Why ``interface`` is not a port of this model, or None if it is one.

        >>> hardware("C9200-24P").port_problem("GigabitEthernet1/0/25")
        'C9200-24P has GigabitEthernet1/0/1-24, not port 25'
        >>> hardware("C9200-24P").port_problem("GigabitEthernet3/0/1", members=2)
        'GigabitEthernet3/0/1 is on stack member 3, but the stack has 2 members'
        """
        named = [(g, found) for g in self.ports if (found := g.member_and_number(interface))]
        if not named:
            return f"{self.pid} has no interface named like {interface}"
        for group, (member, number) in named:
            if group.first <= number <= group.last and 1 <= member <= members:
                return None
        group, (member, number) = named[0]
        if member < 1:
            return "stack members are numbered from 1"
        if member > members:
            plural = "s" if members != 1 else ""
            return (
                f"{interface} is on stack member {member}, but the stack has {members} "
                f"member{plural}"
            )
        spans = ", ".join(f"{g.name.format(m=member, n=g.first)}-{g.last}" for g, _ in named)
        return f"{self.pid} has {spans}, not port {number}"

    def slot(self, name: str) -> Slot | None:
        return next((s for s in self.slots if s.slot == name), None)


class Module(_Model):
    """A module for a slot: voice ports (numbered from 0 in the order listed) or DSPs."""

    fits: SlotKind
    ports: dict[VoiceKind, int] = Field(default_factory=dict)
    dsp_channels: int = Field(default=0, ge=0)


class Catalogue(_Model):
    models: dict[str, Hardware] = Field(min_length=1)
    modules: dict[str, Module] = Field(default_factory=dict)
    poe_draw_w: dict[PortRole, float] = Field(default_factory=dict)
    """PoE power an access port draws, by port role."""

    @model_validator(mode="before")
    @classmethod
    def _name_models(cls, data: Any) -> Any:
        models = data.get("models") if isinstance(data, dict) else None
        if isinstance(models, dict):
            data = {
                **data,
                "models": {
                    pid: {**entry, "pid": pid} if isinstance(entry, dict) else entry
                    for pid, entry in models.items()
                },
            }
        return data


def parse_catalogue(text: str, display: str = CATALOGUE_FILE) -> Catalogue:
    """Read a catalogue; raise :class:`InventoryError` naming the file and line of each problem."""
    from citynet.inventory.yamlload import load_yaml_text

    problems: list[Diagnostic] = []
    doc = load_yaml_text(text, display, problems)
    if doc is None or problems:
        found: list[object] = [*problems] or [Diagnostic(display, None, "unreadable", "fix it")]
        raise InventoryError(found)
    try:
        catalogue = Catalogue.model_validate(doc.data)
    except ValidationError as exc:
        found = [
            Diagnostic(
                display,
                doc.line(*error["loc"]),
                f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}",
                "correct the hardware catalogue",
            )
            for error in exc.errors()
        ]
        raise InventoryError(found) from None
    return catalogue


@cache
def catalogue() -> Catalogue:
    """The catalogue shipped with citynet (read once)."""
    text = resources.files("citynet.inventory").joinpath("hardware.yaml").read_text("utf-8")
    return parse_catalogue(text)


def hardware(model: str) -> Hardware | None:
    """A model's entry, or None when the catalogue does not know it."""
    return catalogue().models.get(model)


def module(name: str) -> Module | None:
    return catalogue().modules.get(name)


def slot_of(port: str) -> str:
    """The slot a voice port, controller or module port is in (``0/2/1:23`` -> ``0/2``).

    >>> slot_of("0/2/1:23"), slot_of("0/1/0"), slot_of("0/4")
    ('0/2', '0/1', '0/4')
    """
    return "/".join(port.split(":", 1)[0].split("/")[:2])


def module_ports(modules: dict[str, str]) -> dict[VoiceKind, list[str]]:
    """Voice ports the modules provide, by kind, in slot order (``0/1/0``, ``0/1/1`` ...).

    Modules the catalogue does not know provide nothing (the inventory checks report them).

    >>> module_ports({"0/2": "NIM-4FXSP", "0/1": "NIM-2FXS/4FXOP"})[VoiceKind.FXO]
    ['0/1/2', '0/1/3', '0/1/4', '0/1/5']
    """
    found: dict[VoiceKind, list[str]] = {kind: [] for kind in VoiceKind}
    for slot in sorted(modules, key=_slot_key):
        entry = module(modules[slot])
        if entry is None:
            continue
        number = 0
        for kind, count in entry.ports.items():
            found[kind].extend(f"{slot}/{n}" for n in range(number, number + count))
            number += count
    return found


def dsp_slots(modules: dict[str, str]) -> list[tuple[str, int]]:
    """``(slot, channels)`` of every module with DSPs, in slot order."""
    result = []
    for slot in sorted(modules, key=_slot_key):
        entry = module(modules[slot])
        if entry is not None and entry.dsp_channels:
            result.append((slot, entry.dsp_channels))
    return result


MAX_RANGE = 512
"""Most ports one ``port_roles`` entry may name."""


def expand_ports(spec: str) -> list[str] | None:
    """The interfaces of ``Name1/0/1-4`` (or of one interface); None when the run is invalid.

    >>> expand_ports("GigabitEthernet1/0/1-3")
    ['GigabitEthernet1/0/1', 'GigabitEthernet1/0/2', 'GigabitEthernet1/0/3']
    >>> expand_ports("GigabitEthernet1/0/9-2") is None
    True
    """
    head, dash, high = spec.rpartition("-")
    if not dash or not high.isdigit():
        return [spec]
    match = re.match(r"^(.*?)([0-9]+)$", head)
    if match is None or len(high) > 6:
        return None
    prefix, low = match.group(1), int(match.group(2))
    if not low <= int(high) < low + MAX_RANGE:
        return None
    return [f"{prefix}{n}" for n in range(low, int(high) + 1)]


def _slot_key(slot: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in slot.split("/"))


def describe(value: Any) -> str:
    """A catalogue value as messages show it (lists joined)."""
    if isinstance(value, list | tuple | frozenset | set):
        return ", ".join(str(v) for v in sorted(value, key=str))
    return str(value)
