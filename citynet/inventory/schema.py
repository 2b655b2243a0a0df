"""The typed model of the inventory files (frozen pydantic models, extra keys forbidden).

Structure only; checks across entries and files live in :mod:`checks`.
"""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from citynet.inventory.names import RULES, NameKind, name_problem
from citynet.inventory.text import line_problem, shown
from citynet.platforms import Platform


def _name_rule(kind: NameKind) -> AfterValidator:
    def check(value: str) -> str:
        problem = name_problem(kind, value)
        if problem is not None:
            raise PydanticCustomError(
                "citynet_name",
                "{kind} {shown} is not valid: it {problem}",
                {
                    "kind": str(kind),
                    "shown": shown(value),
                    "problem": problem,
                    "hint": f"write it as {RULES[kind]}",
                },
            )
        return value

    return AfterValidator(check)


def _one_line(value: str) -> str:
    problem = line_problem(value)
    if problem is not None:
        raise PydanticCustomError(
            "citynet_text",
            "{shown} {problem}",
            {
                "shown": shown(value),
                "problem": problem,
                "hint": "keep the value on one line, without control characters",
            },
        )
    return value


HostName = Annotated[str, StringConstraints(strict=True), _name_rule(NameKind.HOST)]
SiteId = Annotated[str, StringConstraints(strict=True), _name_rule(NameKind.SITE)]
GroupName = Annotated[str, StringConstraints(strict=True), _name_rule(NameKind.GROUP)]
RegionName = Annotated[str, StringConstraints(strict=True), _name_rule(NameKind.REGION)]
TagName = Annotated[str, StringConstraints(strict=True), _name_rule(NameKind.TAG)]
UserName = Annotated[
    str, StringConstraints(strict=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=63)
]
Text = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=200), AfterValidator(_one_line)
]
VlanName = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Za-z0-9_.-]{1,32}$")]
Digits = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]+$")]
Interface = Annotated[
    str, StringConstraints(strict=True, pattern=r"^[A-Za-z][A-Za-z-]*[0-9]+(/[0-9]+)*(\.[0-9]+)?$")
]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Role(StrEnum):
    """What a device does at its site. Each role is a Nornir group ``role_<value>``."""

    ROUTER = "router"
    CORE = "core"
    ACCESS = "access"
    VOICE_GATEWAY = "voice_gateway"


class SiteKind(StrEnum):
    CITY_HALL = "city_hall"
    ADMINISTRATION = "administration"
    POLICE_HQ = "police_hq"
    POLICE_DISTRICT = "police_district"
    FIRE_HQ = "fire_hq"
    FIRE_STATION = "fire_station"
    EMERGENCY_OPERATIONS = "emergency_operations"
    COMMUNICATIONS_911 = "communications_911"
    DATA_CENTER = "data_center"
    NET_OFFICE = "net_office"
    PARK = "park"
    RECREATION_CENTER = "recreation_center"
    PUBLIC_WORKS = "public_works"
    MARINA = "marina"
    LIBRARY = "library"


class VlanRole(StrEnum):
    DATA = "data"
    VOICE = "voice"
    MANAGEMENT = "management"
    PRINTERS = "printers"
    CAMERAS = "cameras"
    GUEST = "guest"
    SERVERS = "servers"
    WIRELESS = "wireless"
    NATIVE = "native"
    PARKING = "parking"
    """Where unused access ports wait, shut down (no subnet, never on a trunk)."""


class Pstn(StrEnum):
    NONE = "none"
    PRI = "pri"
    FXO = "fxo"
    SIP = "sip"


class Vlan(Model):
    id: StrictInt = Field(ge=1, le=4094)
    name: VlanName
    role: VlanRole
    subnet: ipaddress.IPv4Network | None = None


Did = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]{10}$")]
"""A ten-digit North American number (NPA-NXX-XXXX), written as digits only."""


class EmergencyLocation(Model):
    """An emergency response location: where the phones in ``subnet`` are, and the ELIN
    (a DID of the site) a 911 call from them presents, so dispatch can call back."""

    id: StrictInt = Field(ge=1, le=9999)
    name: Text
    elin: Did
    subnet: ipaddress.IPv4Network
    address: Text | None = None
    """The dispatchable address (default: the site's address)."""


class SiteEmergency(Model):
    """The site's emergency response zone: its locations, in priority order."""

    locations: list[EmergencyLocation] = Field(min_length=1)


class Lifeline(Model):
    """Analog lines from the carrier to single-line phones at the site, independent of the
    City network: the site's 911 path when its WAN is down and no gateway survives it."""

    lines: StrictInt = Field(ge=1, le=24)
    location: Text
    provider: Text


class SiteVoice(Model):
    pstn: Pstn
    pstn_via: SiteId | None = None
    """For ``pstn: none``: the site whose gateway carries this site's PSTN calls."""
    srst: StrictBool = False
    site_code: Digits
    did_range: (
        Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]{10}-[0-9]{10}$")] | None
    ) = None
    max_phones: StrictInt = Field(default=0, ge=0, le=5000)
    emergency: SiteEmergency | None = None
    lifeline: Lifeline | None = None


class Site(Model):
    name: Text
    kind: SiteKind
    region: RegionName
    address: Text
    ranges: list[ipaddress.IPv4Network] = Field(min_length=1)
    loopback_subnet: ipaddress.IPv4Network | None = None
    transit_subnet: ipaddress.IPv4Network | None = None
    """Point-to-point /30s between routers and core switches are taken from it, in order."""
    ospf_area: StrictInt = Field(default=0, ge=0)
    vlans: list[Vlan] = Field(min_length=1)
    voice: SiteVoice | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class WanLink(Model):
    interface: Interface
    address: ipaddress.IPv4Interface
    peer: ipaddress.IPv4Address
    bandwidth_mbps: StrictInt = Field(ge=1, le=100_000)
    provider: Text
    circuit_id: Text


class Link(Model):
    interface: Interface
    peer: HostName
    peer_interface: Interface


class VoicePorts(Model):
    pri: StrictInt = Field(default=0, ge=0, le=8)
    fxs: StrictInt = Field(default=0, ge=0, le=48)
    fxo: StrictInt = Field(default=0, ge=0, le=24)
    dsp_channels: StrictInt = Field(default=0, ge=0, le=2048)


class PortRole(StrEnum):
    """What is plugged into an access port (a port the inventory does not describe keeps
    the site's standard access configuration)."""

    PHONE_PC = "phone_pc"
    AP = "ap"
    PRINTER = "printer"
    CAMERA = "camera"
    UPLINK = "uplink"
    """A trunk to a switch the inventory does not manage."""
    UNUSED = "unused"


PortRange = Annotated[
    str,
    StringConstraints(
        strict=True, pattern=r"^[A-Za-z][A-Za-z-]*[0-9]+(/[0-9]+)*(-[0-9]+)?$", max_length=64
    ),
]
"""One interface (``GigabitEthernet1/0/5``) or a run of them (``GigabitEthernet1/0/1-24``)."""

SlotName = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]+/[0-9]+$")]
ModuleName = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z0-9][A-Z0-9/-]{1,40}$")]


class PortAssignment(Model):
    ports: PortRange
    role: PortRole
    description: Text | None = None


class HostData(Model):
    """A host's own data: the fields below, plus overrides of variables that defaults,
    groups or sites define (checked in :mod:`checks`; anything else is a typo)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    site: SiteId
    model: Text
    serial: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z0-9]{8,14}$")]
    mgmt_ip: ipaddress.IPv4Address | None = None
    """In-band management address in the site's management VLAN (switches and voice
    gateways; routers are managed on their loopback)."""
    loopback_ip: ipaddress.IPv4Address | None = None
    wan: list[WanLink] = Field(default_factory=list)
    uplinks: list[Link] = Field(default_factory=list)
    stack_members: StrictInt = Field(default=1, ge=1, le=8)
    hsrp_priority: StrictInt | None = Field(default=None, ge=1, le=255)
    voice_ports: VoicePorts | None = None
    modules: dict[SlotName, ModuleName] = Field(default_factory=dict)
    """Modules in the device's slots (``'0/1': NIM-4FXO``), as the hardware catalogue names them."""
    throughput_mbps: StrictInt | None = Field(default=None, ge=1, le=100_000)
    """The throughput level the router is licensed for (the model's default when absent)."""
    port_roles: list[PortAssignment] = Field(default_factory=list)
    """What is plugged into which access ports."""
    tags: list[TagName] = Field(default_factory=list)


class _NornirEntry(Model):
    port: StrictInt | None = Field(default=None, ge=1, le=65535)
    username: UserName | None = None
    platform: Platform | None = None
    connection_options: dict[str, Any] | None = None


class DefaultsEntry(_NornirEntry):
    hostname: None = None
    data: dict[str, Any] = Field(default_factory=dict)


class GroupEntry(_NornirEntry):
    hostname: None = None
    groups: list[GroupName] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)


class HostEntry(_NornirEntry):
    hostname: ipaddress.IPv4Address
    groups: list[GroupName] = Field(min_length=1)
    data: HostData


ROLE_REQUIRES: dict[Role, tuple[str, ...]] = {
    Role.ROUTER: ("loopback_ip", "wan"),
    Role.CORE: ("mgmt_ip", "loopback_ip", "hsrp_priority", "uplinks"),
    Role.ACCESS: ("mgmt_ip", "uplinks"),
    Role.VOICE_GATEWAY: ("mgmt_ip", "loopback_ip", "voice_ports", "uplinks"),
}
"""The host data fields each role must set."""

GROUP_PREFIXES = ("role_", "platform_", "region_")
"""Every host is in exactly one group of each of these kinds."""
