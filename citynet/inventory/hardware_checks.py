"""The inventory against the hardware catalogue: what a device of that model can really be.

A model the catalogue does not know, a platform or role the model cannot have,
a port beyond the model's count (or on a stack member the stack lacks), a
module in a slot the model lacks or of the wrong kind, voice ports the modules
do not provide, more SRST phones than the model registers, WAN shaping above
the throughput licence, port roles that need a VLAN the site lacks, PoE above
the switch's budget.
"""

from __future__ import annotations

from collections.abc import Iterator

from citynet.diagnostics import Diagnostic, Severity
from citynet.inventory.hardware import (
    Hardware,
    PortUse,
    SlotKind,
    VoiceKind,
    catalogue,
    dsp_slots,
    expand_ports,
    hardware,
    module,
    module_ports,
)
from citynet.inventory.model import Inventory
from citynet.inventory.schema import HostData, PortRole, Role, VlanRole
from citynet.workspace import Settings

ROLE_VLANS: dict[PortRole, VlanRole] = {
    PortRole.PRINTER: VlanRole.PRINTERS,
    PortRole.CAMERA: VlanRole.CAMERAS,
    PortRole.AP: VlanRole.WIRELESS,
    PortRole.UNUSED: VlanRole.PARKING,
}
"""The VLAN each port role puts its port in (phone_pc: data and voice; uplink: a trunk)."""

_VOICE_FIELDS = {VoiceKind.T1E1: "pri", VoiceKind.FXO: "fxo", VoiceKind.FXS: "fxs"}
_VOICE_WORDS = {VoiceKind.T1E1: "T1/E1 (PRI)", VoiceKind.FXO: "FXO", VoiceKind.FXS: "FXS"}


def _a(word: str) -> str:
    """``word`` with its indefinite article, as model names are read (an ISR4321, a C9300).

    >>> _a("ISR4321/K9"), _a("C9300-48P"), _a("NIM-4FXO")
    ('an ISR4321/K9', 'a C9300-48P', 'a NIM-4FXO')
    """
    return f"{'an' if word[:1].upper() in 'AEIO' else 'a'} {word}"


def _at(inv: Inventory, name: str, *path: str | int) -> tuple[str, int | None]:
    return inv.docs["hosts"].file, inv.line("hosts", name, *path)


def check_hardware(inv: Inventory, settings: Settings) -> Iterator[Diagnostic]:
    """Every host against its model's catalogue entry."""
    far_ends = _far_ends(inv)
    for name, view in inv.views.items():
        data = inv.hosts[name].data
        hw = hardware(data.model)
        if hw is None:
            yield Diagnostic(
                *_at(inv, name, "data", "model"),
                f"unknown model {data.model!r}",
                f"use one of {', '.join(sorted(catalogue().models))} (or add it to the "
                "hardware catalogue, citynet/inventory/hardware.yaml)",
                host=name,
            )
            continue
        if view.platform is not None and hw.platform != view.platform:
            yield Diagnostic(
                *_at(inv, name, "data", "model"),
                f"{data.model} runs {hw.platform}, but {name!r} has platform {view.platform}",
                f"use group platform_{hw.platform.removeprefix('cisco_')}",
                host=name,
            )
        if view.role is not None and view.role not in hw.roles:
            yield Diagnostic(
                *_at(inv, name, "data", "model"),
                f"{_a(data.model)} cannot be a {view.role}",
                "correct the model or the role group",
                host=name,
            )
            continue  # its ports, slots and limits would only repeat the problem
        if data.stack_members > hw.max_members:
            yield Diagnostic(
                *_at(inv, name, "data", "stack_members"),
                f"{_a(data.model)} stack has at most {hw.max_members} member"
                f"{'s' if hw.max_members != 1 else ''}, not {data.stack_members}",
                f"use stack_members: {hw.max_members} or less",
                host=name,
            )
        yield from _ports(inv, name, hw, data, far_ends.get(name, []))
        yield from _modules(inv, name, hw, data)
        yield from _srst(inv, name, hw, view.role)
        yield from _throughput(inv, name, hw, data)
        yield from _port_roles(inv, name, hw, data, view.role)


def _far_ends(inv: Inventory) -> dict[str, list[tuple[str, int, str]]]:
    """For each host, the uplinks of other hosts that end on it: (host, index, interface)."""
    ends: dict[str, list[tuple[str, int, str]]] = {}
    for name, entry in inv.hosts.items():
        for index, link in enumerate(entry.data.uplinks):
            ends.setdefault(link.peer, []).append((name, index, link.peer_interface))
    return ends


def _port_problem(hw: Hardware, interface: str, members: int) -> str | None:
    problem = hw.port_problem(interface, members)
    if problem is None:
        group = next(g for g in hw.ports if g.member_and_number(interface))
        if group.use is PortUse.MANAGEMENT:
            return f"{interface} is the {hw.pid}'s out-of-band management port"
    return problem


def _ports(
    inv: Inventory,
    name: str,
    hw: Hardware,
    data: HostData,
    far_ends: list[tuple[str, int, str]],
) -> Iterator[Diagnostic]:
    members = data.stack_members
    own: list[tuple[tuple[str | int, ...], str]] = [
        (("data", "wan", i, "interface"), link.interface) for i, link in enumerate(data.wan)
    ]
    own += [
        (("data", "uplinks", i, "interface"), link.interface) for i, link in enumerate(data.uplinks)
    ]
    for path, interface in own:
        problem = _port_problem(hw, interface, members)
        if problem is not None:
            yield Diagnostic(
                *_at(inv, name, *path),
                f"{name} {interface}: {problem}",
                f"use a port the {hw.pid} has ({_ports_of(hw, members)})",
                host=name,
            )
    for other, index, interface in far_ends:
        problem = _port_problem(hw, interface, members)
        if problem is not None:
            yield Diagnostic(
                *_at(inv, other, "data", "uplinks", index, "peer_interface"),
                f"uplink ends on {name} {interface}: {problem}",
                f"use a port the {hw.pid} has ({_ports_of(hw, members)})",
                host=other,
            )


def _ports_of(hw: Hardware, members: int) -> str:
    spans = []
    for group in hw.ports:
        if group.use is PortUse.MANAGEMENT:
            continue
        last = members if "{m}" in group.name else 1
        first_name = group.name.format(m=1, n=group.first)
        spans.append(
            first_name
            if group.count == 1 and last == 1
            else f"{first_name}-{group.last}" + (f" on members 1-{last}" if last > 1 else "")
        )
    return ", ".join(spans)


def _modules(inv: Inventory, name: str, hw: Hardware, data: HostData) -> Iterator[Diagnostic]:
    slots = ", ".join(f"{s.slot} ({s.kind})" for s in hw.slots) or "none"
    misplaced = False
    for slot, module_name in data.modules.items():
        where = _at(inv, name, "data", "modules", slot)
        entry = module(module_name)
        have = hw.slot(slot)
        misplaced = misplaced or have is None or entry is None or entry.fits != have.kind
        if have is None:
            fits = entry.fits if entry else None
            fitting = [s.slot for s in hw.slots if s.slot not in data.modules and s.kind == fits]
            yield Diagnostic(
                *where,
                f"{_a(hw.pid)} has no slot {slot} (its slots: {slots})",
                f"move the {module_name} to a free {fits or 'module'} slot ("
                + (", ".join(fitting) if fitting else "none left")
                + ") and its voice ports with it",
                host=name,
            )
        elif entry is None:
            known = sorted(m for m, spec in catalogue().modules.items() if spec.fits == have.kind)
            yield Diagnostic(
                *where,
                f"unknown module {module_name!r}",
                f"use one of {', '.join(known) or 'the catalogue modules'} (or add it to "
                "citynet/inventory/hardware.yaml)",
                host=name,
            )
        elif entry.fits != have.kind:
            yield Diagnostic(
                *where,
                f"{_a(module_name)} goes into a {entry.fits} slot, but {slot} of {_a(hw.pid)} is "
                f"a {have.kind} slot",
                f"use a {entry.fits} slot ("
                + (", ".join(s.slot for s in hw.slots if s.kind == entry.fits) or "it has none")
                + ")",
                host=name,
            )
    ports = data.voice_ports
    if ports is None or misplaced:
        return  # the module problems above come first
    provided = module_ports(data.modules)
    free = [s.slot for s in hw.slots if s.slot not in data.modules and s.kind is not SlotKind.PVDM]
    for kind, field in _VOICE_FIELDS.items():
        wanted = getattr(ports, field)
        have_ports = provided[kind]
        if wanted > len(have_ports):
            where_from = ", ".join(
                f"{m} in {s}" for s, m in sorted(data.modules.items()) if _provides(m, kind)
            )
            yield Diagnostic(
                *_at(inv, name, "data", "voice_ports"),
                f"voice_ports.{field}: {wanted} {_VOICE_WORDS[kind]} port"
                f"{'s' if wanted != 1 else ''}, but the modules provide {len(have_ports)}"
                + (f" ({where_from})" if where_from else ""),
                (
                    f"add a module with {_VOICE_WORDS[kind]} ports in a free slot "
                    f"({', '.join(free)}), or lower voice_ports.{field}"
                    if free
                    else f"every module slot of the {hw.pid} is taken: swap a module for one "
                    f"with more {_VOICE_WORDS[kind]} ports, use a model with more slots, or "
                    f"lower voice_ports.{field}"
                ),
                host=name,
            )
    dsps = dsp_slots(data.modules)
    channels = sum(count for _, count in dsps)
    if ports.dsp_channels > channels:
        have_dsp = ", ".join(f"{data.modules[s]} in {s}" for s, _ in dsps)
        yield Diagnostic(
            *_at(inv, name, "data", "voice_ports"),
            f"voice_ports.dsp_channels: {ports.dsp_channels} DSP channels, but the modules "
            f"provide {channels}" + (f" ({have_dsp})" if have_dsp else ""),
            f"fit a PVDM4 of at least {ports.dsp_channels} channels, or lower "
            "voice_ports.dsp_channels",
            host=name,
        )


def _provides(module_name: str, kind: VoiceKind) -> bool:
    entry = module(module_name)
    return entry is not None and kind in entry.ports


def _srst(inv: Inventory, name: str, hw: Hardware, role: Role | None) -> Iterator[Diagnostic]:
    if role is not Role.VOICE_GATEWAY:
        return
    site_id = inv.hosts[name].data.site
    site = inv.sites.get(site_id)
    if site is None or site.voice is None or not site.voice.srst:
        return
    if site.voice.max_phones > hw.srst_max_phones:
        bigger = sorted(
            (spec.srst_max_phones, pid)
            for pid, spec in catalogue().models.items()
            if Role.VOICE_GATEWAY in spec.roles and spec.srst_max_phones >= site.voice.max_phones
        )
        alternative = f" or use {_a(bigger[0][1])} ({bigger[0][0]} phones)" if bigger else ""
        yield Diagnostic(
            inv.docs["sites"].file,
            inv.line("sites", site_id, "voice", "max_phones"),
            f"site {site_id} falls back to SRST on {name} for {site.voice.max_phones} phones, "
            f"but {_a(hw.pid)} registers at most {hw.srst_max_phones}",
            f"lower voice.max_phones to {hw.srst_max_phones}{alternative}",
            host=name,
        )


def _throughput(inv: Inventory, name: str, hw: Hardware, data: HostData) -> Iterator[Diagnostic]:
    limits = hw.throughput
    if limits is None:
        if data.throughput_mbps is not None:
            yield Diagnostic(
                *_at(inv, name, "data", "throughput_mbps"),
                f"{_a(hw.pid)} has no throughput licence levels",
                "remove throughput_mbps",
                host=name,
            )
        return
    levels = ", ".join(str(level) for level in limits.levels_mbps)
    licensed = data.throughput_mbps or limits.default_mbps
    if data.throughput_mbps is not None and data.throughput_mbps not in limits.levels_mbps:
        yield Diagnostic(
            *_at(inv, name, "data", "throughput_mbps"),
            f"throughput_mbps: {data.throughput_mbps} is not a throughput level of {_a(hw.pid)}",
            f"use one of {levels}",
            host=name,
        )
        return
    shaped = sum(link.bandwidth_mbps for link in data.wan)
    if shaped > licensed:
        enough = [level for level in limits.levels_mbps if level >= shaped]
        how = (
            f"set throughput_mbps: {enough[0]} (licence that level)"
            if enough
            else (
                f"{_a(hw.pid)} forwards at most {max(limits.levels_mbps)} Mb/s: use a bigger model"
            )
        )
        what = "its licence" if data.throughput_mbps else "no throughput licence"
        yield Diagnostic(
            *_at(inv, name, "data", "wan"),
            f"WAN shaped to {shaped} Mb/s, but {_a(hw.pid)} with {what} forwards {licensed} Mb/s",
            f"{how}, or lower bandwidth_mbps",
            host=name,
        )


def _port_roles(
    inv: Inventory, name: str, hw: Hardware, data: HostData, role: Role | None
) -> Iterator[Diagnostic]:
    if not data.port_roles:
        return
    if role is not Role.ACCESS:
        yield Diagnostic(
            *_at(inv, name, "data", "port_roles"),
            f"port_roles describe access switch ports, and {name} is a {role}",
            "remove port_roles",
            host=name,
        )
        return
    site = inv.sites.get(data.site)
    site_roles = {vlan.role for vlan in site.vlans} if site else set(VlanRole)
    linked = {link.interface for link in data.uplinks} | {
        link.peer_interface
        for entry in inv.hosts.values()
        for link in entry.data.uplinks
        if link.peer == name
    }
    seen: dict[str, int] = {}
    draws = catalogue().poe_draw_w
    described: dict[str, PortRole] = {}
    for index, entry in enumerate(data.port_roles):
        where = _at(inv, name, "data", "port_roles", index)
        ports = expand_ports(entry.ports)
        if ports is None:
            yield Diagnostic(
                *where,
                f"port_roles: {entry.ports!r} is not a run of ports",
                "write it as GigabitEthernet1/0/1-24 (first lower than last, at most 512 ports)",
                host=name,
            )
            continue
        needed = ROLE_VLANS.get(entry.role)
        if needed is not None and needed not in site_roles:
            yield Diagnostic(
                *where,
                f"{entry.role} ports go into the {needed} VLAN, which site {data.site} lacks",
                f"add a VLAN with role: {needed} to site {data.site}",
                host=name,
            )
        for port in ports:
            problem = _port_problem(hw, port, data.stack_members)
            if problem is not None:
                yield Diagnostic(
                    *where,
                    f"port_roles: {problem}",
                    f"describe ports the {hw.pid} has ({_ports_of(hw, data.stack_members)})",
                    host=name,
                )
                break
            if port in linked:
                yield Diagnostic(
                    *where,
                    f"port_roles: {port} is an uplink (its configuration follows the link)",
                    "remove it from port_roles",
                    host=name,
                )
                break
            if port in seen:
                yield Diagnostic(
                    *where,
                    f"port_roles: {port} is already described by entry {seen[port] + 1}",
                    "describe each port once",
                    host=name,
                )
                break
            seen[port] = index
            described[port] = entry.role
    if hw.poe_budget_w:
        yield from _poe(inv, name, hw, data, described, linked, draws)


def _poe(
    inv: Inventory,
    name: str,
    hw: Hardware,
    data: HostData,
    described: dict[str, PortRole],
    linked: set[str],
    draws: dict[PortRole, float],
) -> Iterator[Diagnostic]:
    group = hw.group(PortUse.ACCESS)
    if group is None:
        return
    for member in range(1, data.stack_members + 1):
        total = 0.0
        for port in group.names(data.stack_members):
            found = group.member_and_number(port)
            if found is None or found[0] != member or port in linked:
                continue
            total += draws.get(described.get(port, PortRole.PHONE_PC), 0.0)
        if total > hw.poe_budget_w:
            yield Diagnostic(
                *_at(inv, name, "data", "port_roles"),
                f"the ports of stack member {member} draw about {total:g} W of PoE, over the "
                f"{hw.pid}'s budget of {hw.poe_budget_w} W",
                "move power-hungry devices (APs, cameras) to another switch, or mark ports unused",
                host=name,
                severity=Severity.WARNING,
            )
