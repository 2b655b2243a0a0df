"""Types of the variables templates use: a value of the wrong shape is an inventory error.

Without this, ``codecs: g711ulaw`` (a string where a list is meant) renders
``codec preference 1 g`` without any error. A variable not listed here is
accepted as it is.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    TypeAdapter,
)

from citynet.inventory.text import banner_problem, line_problem


def _one_line(value: str) -> str:
    problem = line_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _banner(value: str) -> str:
    problem = banner_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


Word = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
Line = Annotated[
    str,
    StringConstraints(strict=True, min_length=1, max_length=200, pattern=r"^[^\n^]*$"),
    AfterValidator(_one_line),
]
Banner = Annotated[str, StringConstraints(strict=True), AfterValidator(_banner)]
"""Multi-line text (see :data:`citynet.inventory.text.MULTILINE_VARIABLES`)."""
Addresses = list[ipaddress.IPv4Address]
Codec = Literal["g711ulaw", "g711alaw", "g729r8", "g729br8", "g722-64", "opus"]


class AaaServer(BaseModel):
    """A TACACS+ or RADIUS server (the City's ISE nodes)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: Word
    address: ipaddress.IPv4Address


VlanRoleName = Literal[
    "data", "voice", "printers", "cameras", "guest", "wireless", "servers", "management"
]


VARIABLES: dict[str, Any] = {
    "domain_name": Word,
    "wan_range": ipaddress.IPv4Network,
    "timezone": Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{3,5} -?\d{1,2}$")],
    "dns_servers": Addresses,
    "ntp_servers": Addresses,
    "syslog_servers": Addresses,
    "snmp_managers": Addresses,
    "call_agents": Addresses,
    "dhcp_servers": Addresses,
    "tacacs_servers": list[AaaServer],
    "radius_servers": list[AaaServer],
    "management_networks": list[ipaddress.IPv4Network],
    "jump_hosts": Annotated[list[ipaddress.IPv4Network], Field(min_length=1)],
    "city_supernet": ipaddress.IPv4Network,
    "summer_time": Annotated[
        str,
        StringConstraints(
            strict=True, max_length=80, pattern=r"^[A-Z]{3,5} recurring( [0-9A-Za-z: ]+)?$"
        ),
    ],
    "nac": Literal["none", "monitor", "closed"],
    "arp_inspection": list[VlanRoleName],
    "bgp_max_prefixes": Annotated[StrictInt, Field(ge=1, le=1_000_000)],
    "snmp_v3_group": Word,
    "snmp_v3_user": Word,
    "local_admin": Word,
    "banner_login": Banner,
    "region_name": Line,
    "config_archive": Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z]+:\S*$")],
    "ospf_process": Annotated[StrictInt, Field(ge=1, le=65535)],
    "bgp_asn": Annotated[StrictInt, Field(ge=1, le=4_294_967_295)],
    "city_core_asn": Annotated[StrictInt, Field(ge=1, le=4_294_967_295)],
    "wan_qos_policy": Word,
    "stp_priority": Annotated[StrictInt, Field(ge=0, le=61440, multiple_of=4096)],
    "stp_mode": Literal["rapid-pvst", "pvst", "mst"],
    "port_security_max": Annotated[StrictInt, Field(ge=1, le=8192)],
    "storm_control_level": Annotated[
        str, StringConstraints(strict=True, pattern=r"^\d{1,3}\.\d{2}$")
    ],
    "codecs": Annotated[list[Codec], Field(min_length=1)],
    "sip_port": Annotated[StrictInt, Field(ge=1, le=65535)],
    "sip_provider": ipaddress.IPv4Address,
}
"""Known variables and their types."""

EXAMPLES: dict[str, str] = {
    "domain_name": "net.city.example",
    "wan_range": "10.250.0.0/16",
    "timezone": "EST -5",
    "dns_servers": "[10.0.44.11, 10.0.76.11]",
    "ntp_servers": "[10.0.44.10]",
    "syslog_servers": "[10.0.44.12]",
    "snmp_managers": "[10.0.44.30]",
    "call_agents": "[10.0.44.40]",
    "dhcp_servers": "[10.0.44.13]",
    "tacacs_servers": "[{name: ISE-1, address: 10.0.44.20}]",
    "radius_servers": "[{name: ISE-1, address: 10.0.44.20}]",
    "management_networks": "[10.0.62.0/24]",
    "jump_hosts": "[10.0.44.50, 10.0.76.48/29] (the hosts allowed to log in to devices: "
    "single addresses or ranges)",
    "city_supernet": "10.0.0.0/8",
    "summer_time": "EDT recurring",
    "nac": "none, monitor (802.1X/MAB in open mode) or closed",
    "arp_inspection": "[voice, guest] (VLAN roles)",
    "bgp_max_prefixes": "500",
    "snmp_v3_group": "CITYNET-RO",
    "snmp_v3_user": "citynet-mon",
    "local_admin": "netadmin",
    "banner_login": "text without ^ (a YAML block, |, for several lines)",
    "region_name": "North",
    "config_archive": "flash:archive",
    "ospf_process": "1",
    "bgp_asn": "65101",
    "city_core_asn": "65000",
    "wan_qos_policy": "WAN-EDGE-QOS",
    "stp_priority": "a multiple of 4096, e.g. 4096",
    "stp_mode": "rapid-pvst",
    "port_security_max": "3",
    "storm_control_level": "'1.00' (quoted)",
    "codecs": "[g711ulaw, g729r8]",
    "sip_port": "5060",
    "sip_provider": "10.251.0.10",
}
"""How each known variable is written, for error messages."""

ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(kind) for name, kind in VARIABLES.items()
}
