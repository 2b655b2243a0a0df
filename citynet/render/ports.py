"""An access switch's ports: what each one is, from its links and the inventory's port roles.

A port the inventory describes (``port_roles``) gets the configuration of its
role: phone and PC, access point, printer, camera, an uplink to an unmanaged
switch, or unused (shut down in the parking VLAN). A port it does not describe
keeps the configuration every access port had before roles existed (a phone
and PC port; the last ports of each switch for printers and cameras), so the
first push of this configuration changes no port's VLANs and cuts no one off.

Each port is ``{"name", "kind", "link", "description", "nac", "trusted", "body"}``:
the template renders the body of each kind (``body``: the kind, ``:nac`` added when
the port authenticates) once and gives it to every port.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from citynet.inventory.hardware import Hardware, expand_ports, hardware
from citynet.inventory.schema import PortAssignment, PortRole

LEGACY_DESCRIPTIONS = {"user": "User port", "printer": "Printer port", "camera": "Camera port"}
"""Descriptions of ports the inventory does not describe (as they always were)."""

ROLE_DESCRIPTIONS: dict[PortRole, str] = {
    PortRole.PHONE_PC: "Phone and PC",
    PortRole.AP: "Access point",
    PortRole.PRINTER: "Printer port",
    PortRole.CAMERA: "Camera port",
    PortRole.UPLINK: "Unmanaged switch",
    PortRole.UNUSED: "Unused",
}

NAC_ROLES = frozenset({PortRole.PHONE_PC, PortRole.AP, PortRole.PRINTER, PortRole.CAMERA})
"""Roles whose ports authenticate (802.1X, then MAB) when the inventory turns NAC on."""

TRUSTED_KINDS = frozenset({"user", "phone_pc"})
"""Ports whose DSCP marking is trusted (from a Cisco phone only): phone ports, nothing else."""


def described_roles(assignments: list[PortAssignment]) -> dict[str, tuple[PortRole, str | None]]:
    """Each described port's role and description (runs expanded; invalid runs skipped)."""
    roles: dict[str, tuple[PortRole, str | None]] = {}
    for entry in assignments:
        for port in expand_ports(entry.ports) or ():
            roles.setdefault(port, (entry.role, entry.description))
    return roles


def access_ports(
    model: Hardware,
    members: int,
    linked: set[str],
    assignments: list[PortAssignment],
    vlan_roles: set[str],
    nac: str,
) -> list[dict[str, Any]]:
    """Every user-facing port of the stack that is not a link, in order."""
    described = described_roles(assignments)
    ports: list[dict[str, Any]] = []
    per_member = model.access_ports
    for number, name in _access_names(model.pid, members):
        if name in linked:
            continue
        found = described.get(name)
        if found is None:
            kind = "user"
            if number > per_member - 2 and "printers" in vlan_roles:
                kind = "printer"
            elif number > per_member - 6 and "cameras" in vlan_roles:
                kind = "camera"
            ports.append(_port(name, kind, LEGACY_DESCRIPTIONS[kind], nac=False))
            continue
        role, description = found
        ports.append(
            _port(
                name,
                str(role),
                description or ROLE_DESCRIPTIONS[role],
                nac=nac != "none" and role in NAC_ROLES,
            )
        )
    listed = {port["name"] for port in ports}
    for name, (role, description) in described.items():
        if name in linked or name in listed:
            continue
        # a described port outside the access group (an uplink port used for a device)
        ports.append(
            _port(
                name,
                str(role),
                description or ROLE_DESCRIPTIONS[role],
                nac=nac != "none" and role in NAC_ROLES,
            )
        )
    return ports


@cache
def _access_names(pid: str, members: int) -> tuple[tuple[int, str], ...]:
    """(number, name) of every access port of a stack of a model, in order."""
    model = hardware(pid)
    if model is None:
        return ()
    return tuple(
        (number, model.port("access", number, member=member))
        for member in range(1, members + 1)
        for number in range(1, model.access_ports + 1)
    )


def _port(name: str, kind: str, description: str, *, nac: bool) -> dict[str, Any]:
    return {
        "name": name,
        "kind": kind,
        "link": None,
        "description": description,
        "nac": nac,
        "trusted": kind in TRUSTED_KINDS,
        "body": f"{kind}:nac" if nac else kind,
    }
