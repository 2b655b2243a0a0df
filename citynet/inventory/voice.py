"""The City's voice plan: dial plan, call control, phones, and the checks that keep 911 working.

Three sources: ``voice.yaml`` (the City-wide dial plan and the call-control servers),
each site's ``voice`` block in ``sites.yaml`` (PSTN access, site code, DIDs, emergency
response locations, lifeline lines) and ``phones.csv`` (the phones, as the call agent
exports them, with the access switch port each sits on).

:func:`check_voice` returns every problem with file and line. What a gateway's
configuration makes of this data is worked out in :mod:`citynet.render.dialplan`.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StrictInt, StringConstraints, ValidationError

from citynet.diagnostics import Diagnostic
from citynet.inventory.hardware import VoiceKind, hardware, module_ports
from citynet.inventory.schema import (
    Digits,
    HostName,
    Interface,
    Model,
    Pstn,
    Role,
    Site,
    SiteId,
    Text,
)
from citynet.inventory.text import shown

if TYPE_CHECKING:
    from citynet.inventory.model import Inventory

PHONES_FILE = "phones.csv"
PHONE_COLUMNS = ("extension", "mac", "model", "protocol", "site", "switch", "port")
MAX_PHONES_BYTES = 8 * 1024 * 1024
"""phones.csv is bounded like the YAML files: a bigger file is refused, not read."""

DidRange = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]{10}-[0-9]{10}$")]


class PhoneProtocol(StrEnum):
    SIP = "sip"
    SCCP = "sccp"


class DialPlan(Model):
    site_code_digits: StrictInt | None = Field(default=None, ge=1, le=6)
    """Digits of every site code (None: any, as long as they are unique)."""
    station_digits: StrictInt = Field(default=4, ge=2, le=6)
    pstn_access_code: Digits = "9"
    did_blocks: list[DidRange] = Field(default_factory=list)
    """The numbers the City owns; every site's DIDs lie inside one of them."""


class CallServer(Model):
    name: Text
    address: ipaddress.IPv4Address
    site: SiteId


class VoicePlan(Model):
    dial_plan: DialPlan = Field(default_factory=DialPlan)
    call_control: list[CallServer] = Field(default_factory=list)


Mac = Annotated[str, StringConstraints(strict=True, max_length=17)]


class PhoneRow(Model):
    extension: Digits
    mac: Mac
    model: Annotated[
        str, StringConstraints(strict=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{1,30}$")
    ]
    protocol: PhoneProtocol
    site: SiteId
    switch: HostName
    port: Interface


@dataclass(frozen=True)
class Phone:
    """One phone of phones.csv (``file`` and ``line``: where it is written)."""

    file: str
    line: int
    extension: str
    mac: str
    model: str
    protocol: PhoneProtocol
    site: str
    switch: str
    port: str


_MAC_FORMS = (
    re.compile(
        r"^([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]"
        r"([0-9a-f]{2})[:-]([0-9a-f]{2})$"
    ),
    re.compile(r"^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$"),
    re.compile(r"^([0-9a-f]{12})$"),
)


def normal_mac(text: str) -> str | None:
    """A MAC address in Cisco's form, or None when ``text`` is not one.

    >>> normal_mac("F8:7B:20:01:02:0A"), normal_mac("f87b.2001.020a"), normal_mac("f87b2001")
    ('f87b.2001.020a', 'f87b.2001.020a', None)
    """
    for form in _MAC_FORMS:
        found = form.match(text.strip().lower())
        if found:
            digits = "".join(found.groups())
            return f"{digits[0:4]}.{digits[4:8]}.{digits[8:12]}"
    return None


def load_phones(path: Path, display: str, problems: list[Diagnostic]) -> list[Phone]:
    """Read phones.csv (absent: no phones); append every problem found to ``problems``."""
    if not path.exists():
        return []
    if not path.is_file() or path.stat().st_size > MAX_PHONES_BYTES:
        problems.append(
            Diagnostic(
                display,
                None,
                f"is not a regular file of at most {MAX_PHONES_BYTES // 1024 // 1024} MB",
                "export the phones as one CSV file",
            )
        )
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Diagnostic(display, None, f"cannot be read: {exc}", "save it as UTF-8"))
        return []
    return parse_phones(text, display, problems)


def parse_phones(text: str, display: str, problems: list[Diagnostic]) -> list[Phone]:
    """Parse the CSV text of phones.csv (pure; see :func:`load_phones`).

    >>> rows = "extension,mac,model,protocol,site,switch,port\\n"
    >>> rows += "8033001,f87b.2001.020a,CP-8845,sip,CH,ch-acc01,GigabitEthernet1/0/1\\n"
    >>> [(p.line, p.extension, p.mac) for p in parse_phones(rows, "phones.csv", [])]
    [(2, '8033001', 'f87b.2001.020a')]
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        problems.append(
            Diagnostic(
                display,
                reader.line_num or None,
                f"is not a CSV file a phone system exports ({exc})",
                "export the phones again as plain UTF-8 CSV",
            )
        )
        return []
    if not rows:
        return []
    header, lines = rows[0], _line_numbers(text)
    columns = [c.strip() for c in header]
    if tuple(columns) != PHONE_COLUMNS:
        problems.append(
            Diagnostic(
                display,
                1,
                f"the header is {','.join(columns)!r}",
                f"the columns are, in this order: {','.join(PHONE_COLUMNS)}",
            )
        )
        return []
    phones = []
    for row, line in zip(rows[1:], lines[1:], strict=False):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(PHONE_COLUMNS):
            problems.append(
                Diagnostic(
                    display,
                    line,
                    f"has {len(row)} fields, not {len(PHONE_COLUMNS)}",
                    f"write one phone a line: {','.join(PHONE_COLUMNS)}",
                )
            )
            continue
        raw = dict(zip(PHONE_COLUMNS, (cell.strip() for cell in row), strict=True))
        try:
            entry = PhoneRow.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else "row"
                problems.append(
                    Diagnostic(
                        display,
                        line,
                        f"phone {shown(raw['extension'])}: {field} {shown(raw.get(field))} "
                        f"is not valid" + (f" ({error['msg']})" if error["type"] == "enum" else ""),
                        _PHONE_HINTS.get(field, "correct the value"),
                    )
                )
            continue
        mac = normal_mac(entry.mac)
        if mac is None:
            problems.append(
                Diagnostic(
                    display,
                    line,
                    f"phone {entry.extension}: mac {shown(entry.mac)} is not a MAC address",
                    "write it as f87b.2001.020a or f8:7b:20:01:02:0a",
                )
            )
            continue
        phones.append(
            Phone(
                display,
                line,
                entry.extension,
                mac,
                entry.model,
                entry.protocol,
                entry.site,
                entry.switch,
                entry.port,
            )
        )
    return phones


def _line_numbers(text: str) -> list[int]:
    """The line each CSV record starts on (a quoted field may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    starts, last = [], 0
    for _ in reader:
        starts.append(last + 1)
        last = reader.line_num
    return starts


_PHONE_HINTS = {
    "extension": "write the full site-coded extension, digits only",
    "model": "write the model as the call agent shows it (e.g. CP-8845)",
    "protocol": "use sip or sccp",
    "site": "use the site id of sites.yaml",
    "switch": "use the access switch's host name",
    "port": "use the switch port name (e.g. GigabitEthernet1/0/5)",
}


# --- numbers --------------------------------------------------------------------------------


def did_range(text: str) -> tuple[int, int]:
    """The first and last number of a DID range.

    >>> did_range("5552013000-5552013999")
    (5552013000, 5552013999)
    """
    first, last = text.split("-")
    return int(first), int(last)


def did_block(first: int, last: int) -> tuple[str, int] | None:
    """A DID range as one pattern: (the fixed leading digits, how many digits vary), or None
    when the range is not an aligned block of 10, 100, 1000 or 10000 numbers.

    >>> did_block(5552013000, 5552013999), did_block(5552013000, 5552013499)
    (('5552013', 3), None)
    """
    size = last - first + 1
    for width in range(1, 5):
        if size == 10**width and first % 10**width == 0:
            return f"{first:010d}"[: 10 - width], width
    return None


def _phones_by_site(inv: Inventory) -> dict[str, list[Phone]]:
    found: dict[str, list[Phone]] = {}
    for phone in inv.phones:
        found.setdefault(phone.site, []).append(phone)
    return found


def _phones(count: int) -> str:
    return f"{count} phone{'' if count == 1 else 's'}"


def _gateways(inv: Inventory) -> dict[str, list[str]]:
    """Each site's voice gateways (sorted)."""
    by_site: dict[str, list[str]] = {}
    for name in sorted(inv.views):
        if inv.views[name].role is Role.VOICE_GATEWAY:
            by_site.setdefault(inv.views[name].site, []).append(name)
    return by_site


def analog_extensions(site_code: str, stations: int, count: int) -> list[str]:
    """Extensions of a gateway's analog (FXS) stations: stations 0901, 0902, ...

    >>> analog_extensions("821", 4, 2)
    ['8210901', '8210902']
    """
    return [f"{site_code}{900 + n:0{stations}d}" for n in range(1, count + 1)]


def fxs_count(inv: Inventory, name: str) -> int:
    data = inv.hosts[name].data
    ports = data.voice_ports
    if ports is None:
        return 0
    return min(ports.fxs, len(module_ports(data.modules)[VoiceKind.FXS]))


# --- checks ---------------------------------------------------------------------------------


def check_voice(inv: Inventory) -> list[Diagnostic]:
    """Every voice problem of the inventory (dial plan, DIDs, 911 paths, phones)."""
    plan = inv.voice_plan or VoicePlan()
    gateways = _gateways(inv)
    return [
        *_check_call_control(inv, plan),
        *_check_site_codes(inv, plan),
        *_check_dids(inv, plan),
        *_check_emergency(inv, planned=inv.voice_plan is not None),
        *_check_pstn_ports(inv, gateways),
        *_check_survivable(inv, plan, gateways),
        *_check_phones(inv, plan, gateways),
    ]


def _site_at(inv: Inventory, site_id: str, *path: str | int) -> tuple[str, int | None]:
    return inv.docs["sites"].file, inv.line("sites", site_id, "voice", *path)


def _plan_at(inv: Inventory, *path: str | int) -> tuple[str, int | None]:
    return inv.docs["voice"].file, inv.line("voice", *path)


def _check_call_control(inv: Inventory, plan: VoicePlan) -> Iterator[Diagnostic]:
    for index, server in enumerate(plan.call_control):
        if not inv.exists("sites", server.site):
            yield Diagnostic(
                *_plan_at(inv, "call_control", index, "site"),
                f"call-control server {server.name} is at site {server.site!r}, which "
                "sites.yaml does not define",
                "correct the site id",
            )
    if not plan.call_control:
        return
    agents = [str(a) for a in inv.defaults.data.get("call_agents", [])]
    servers = [str(s.address) for s in plan.call_control]
    if agents != servers:
        yield Diagnostic(
            *_plan_at(inv, "call_control"),
            f"the call-control servers are {', '.join(servers)} but the call_agents the "
            f"gateways trust and route to are {', '.join(agents) or 'none'}",
            "list the same addresses, in the same order, in defaults.yaml call_agents",
        )


def _check_site_codes(inv: Inventory, plan: VoicePlan) -> Iterator[Diagnostic]:
    digits = plan.dial_plan.site_code_digits
    access = plan.dial_plan.pstn_access_code
    seen: dict[str, str] = {}
    for site_id, site in inv.sites.items():
        if site.voice is None:
            continue
        code = site.voice.site_code
        if inv.docs["sites"].is_flagged((site_id, "voice", "site_code")):
            continue  # already reported as a YAML trap
        if digits is not None and len(code) != digits:
            yield Diagnostic(
                *_site_at(inv, site_id, "site_code"),
                f"site {site_id}: site code {code!r} has {len(code)} digits; the dial plan's "
                f"extensions start with a {digits}-digit site code",
                f"use a {digits}-digit site code no other site has",
            )
        if code.startswith((access, "0")):
            yield Diagnostic(
                *_site_at(inv, site_id, "site_code"),
                f"site {site_id}: site code {code!r} starts with {code[0]!r}, so its "
                "extensions collide with PSTN access, 911 or the operator",
                f"use a site code that does not start with {access!r} or '0'",
            )
        if code in seen:
            yield Diagnostic(
                *_site_at(inv, site_id, "site_code"),
                f"site {site_id}: site code {code!r} is also site {seen[code]}'s, so the two "
                "sites' extensions collide",
                "give each site a site code of its own",
            )
        else:
            seen[code] = site_id


def _check_dids(inv: Inventory, plan: VoicePlan) -> Iterator[Diagnostic]:
    blocks = [did_range(b) for b in plan.dial_plan.did_blocks]
    ranges: list[tuple[int, int, str]] = []
    for site_id, site in inv.sites.items():
        if site.voice is None or site.voice.did_range is None:
            continue
        first, last = did_range(site.voice.did_range)
        where = _site_at(inv, site_id, "did_range")
        if first > last:
            yield Diagnostic(
                *where,
                f"site {site_id}: DID range {site.voice.did_range} ends before it starts",
                "write the first number, then the last",
            )
            continue
        ranges.append((first, last, site_id))
        if blocks and not any(lo <= first and last <= hi for lo, hi in blocks):
            yield Diagnostic(
                *where,
                f"site {site_id}: DIDs {site.voice.did_range} are not inside the City's DID "
                f"blocks ({', '.join(plan.dial_plan.did_blocks)}): caller ID would present "
                "numbers the City does not own",
                "take the site's DIDs from one of the City's blocks (voice.yaml did_blocks)",
            )
        if did_block(first, last) is None:
            yield Diagnostic(
                *where,
                f"site {site_id}: DID range {site.voice.did_range} is not an aligned block "
                "of 10, 100, 1000 or 10000 numbers, so DIDs and stations cannot be mapped "
                "by one translation rule",
                "use a range like 5552013000-5552013999",
            )
    ranges.sort()
    for (first_a, last_a, site_a), (first_b, _, site_b) in pairwise(ranges):
        if first_b <= last_a:
            yield Diagnostic(
                *_site_at(inv, site_b, "did_range"),
                f"site {site_b}: its DIDs overlap site {site_a}'s ({first_a}-{last_a}): a "
                f"call to {first_b} would ring at two sites",
                "give each site DIDs of its own",
            )


def _check_emergency(inv: Inventory, *, planned: bool) -> Iterator[Diagnostic]:
    """Emergency locations and ELINs: required at every site with PSTN access once the
    inventory has a dial plan (voice.yaml), and at every site with phones."""
    phones = _phones_by_site(inv)
    elins: dict[str, str] = {}
    for site_id, site in inv.sites.items():
        voice = site.voice
        if voice is None:
            continue
        if voice.emergency is None:
            if planned and voice.pstn is not Pstn.NONE:
                yield Diagnostic(
                    *_site_at(inv, site_id, "pstn"),
                    f"site {site_id} has PSTN access ({voice.pstn}) but no emergency route: "
                    "no emergency response location and ELIN for its 911 calls",
                    "add voice.emergency.locations with the ELIN, name and subnet of each location",
                )
            elif site_id in phones:
                yield Diagnostic(
                    *_site_at(inv, site_id, "pstn"),
                    f"site {site_id} has {_phones(len(phones[site_id]))} but no emergency "
                    "response location: their 911 calls would present no callback number",
                    "add voice.emergency.locations with the ELIN, name and subnet of each location",
                )
            continue
        span = did_range(voice.did_range) if voice.did_range else None
        ids: set[int] = set()
        for index, location in enumerate(voice.emergency.locations):
            where = _site_at(inv, site_id, "emergency", "locations", index)
            if location.id in ids:
                yield Diagnostic(
                    *where,
                    f"site {site_id}: emergency response location {location.id} is listed twice",
                    "number the site's locations 1, 2, ...",
                )
            ids.add(location.id)
            if span is None or not span[0] <= int(location.elin) <= span[1]:
                yield Diagnostic(
                    *where,
                    f"site {site_id}: ELIN {location.elin} of location {location.id} is not "
                    f"one of the site's DIDs ({voice.did_range or 'none'}): a callback from "
                    "911 would not reach the site",
                    "use a DID of the site, kept for this location",
                )
            if location.elin in elins:
                yield Diagnostic(
                    *where,
                    f"site {site_id}: ELIN {location.elin} is also {elins[location.elin]}'s: "
                    "dispatch could not tell the two locations apart",
                    "give every location an ELIN of its own",
                )
            else:
                elins[location.elin] = f"{site_id} location {location.id}"
            if not any(location.subnet.subnet_of(net) for net in site.ranges):
                yield Diagnostic(
                    *where,
                    f"site {site_id}: location {location.id}'s subnet {location.subnet} is not "
                    "inside the site's ranges, so no phone of the site is ever in it",
                    "use the voice subnet (or a part of it) the location's phones are in",
                )


def _check_pstn_ports(inv: Inventory, gateways: dict[str, list[str]]) -> Iterator[Diagnostic]:
    """A site with PRI or analog PSTN access has a gateway with a port to carry 911."""
    for site_id, site in inv.sites.items():
        voice = site.voice
        if voice is None or voice.pstn in (Pstn.NONE, Pstn.SIP):
            continue
        here = gateways.get(site_id, [])
        # ports counted but missing from the modules are the hardware checks' to report
        counted = [inv.hosts[name].data.voice_ports for name in here]
        if not any(p is not None and (p.pri if voice.pstn is Pstn.PRI else p.fxo) for p in counted):
            kind = "PRI" if voice.pstn is Pstn.PRI else "FXO"
            yield Diagnostic(
                *_site_at(inv, site_id, "pstn"),
                f"site {site_id} has PSTN access ({voice.pstn}) but "
                + (f"no {kind} port in use on {', '.join(here)}" if here else "no voice gateway")
                + ": no dial-peer can carry its 911 calls",
                f"set voice_ports.{voice.pstn} on the site's gateway to the {kind} ports its "
                "modules have, or correct voice.pstn",
            )


def _survives(plan: VoicePlan, site_id: str, site: Site, gateways: dict[str, list[str]]) -> bool:
    """Whether the site can still call 911 when its WAN is down."""
    voice = site.voice
    if voice is None:
        return False
    if voice.lifeline is not None:
        return True
    if voice.pstn is Pstn.NONE or not gateways.get(site_id):
        return False
    has_agent = any(server.site == site_id for server in plan.call_control)
    return voice.srst or has_agent


def _check_survivable(
    inv: Inventory, plan: VoicePlan, gateways: dict[str, list[str]]
) -> Iterator[Diagnostic]:
    phones = _phones_by_site(inv)
    for site_id, site in inv.sites.items():
        voice = site.voice
        if voice is None:
            continue
        if voice.pstn is Pstn.NONE:
            if voice.pstn_via is None:
                if site_id in phones:
                    yield Diagnostic(
                        *_site_at(inv, site_id, "pstn"),
                        f"site {site_id} has no PSTN access and names no site that carries "
                        "its PSTN and 911 calls",
                        "set voice.pstn_via to a site whose gateway has PSTN access",
                    )
            else:
                via = inv.sites.get(voice.pstn_via)
                if (
                    via is None
                    or via.voice is None
                    or via.voice.pstn is Pstn.NONE
                    or not gateways.get(voice.pstn_via)
                ):
                    yield Diagnostic(
                        *_site_at(inv, site_id, "pstn_via"),
                        f"site {site_id}'s PSTN calls go via {voice.pstn_via}, which has no "
                        "voice gateway with PSTN access",
                        "name a site with a voice gateway and pstn: pri, fxo or sip",
                    )
        elif voice.pstn_via is not None:
            yield Diagnostic(
                *_site_at(inv, site_id, "pstn_via"),
                f"site {site_id} has its own PSTN access ({voice.pstn}) and also names "
                f"pstn_via {voice.pstn_via}",
                "remove pstn_via (it is for sites with pstn: none)",
            )
        if site_id in phones and not _survives(plan, site_id, site, gateways):
            yield Diagnostic(
                *_site_at(inv, site_id),
                f"site {site_id} has {_phones(len(phones[site_id]))} and no 911 path that "
                "survives a WAN outage (no SRST gateway with local PSTN lines, no call agent "
                "at the site, no lifeline lines)",
                "enable SRST on a gateway with local PSTN access at the site, or add "
                "voice.lifeline (analog lines from the carrier to single-line phones)",
            )


def _phone_ports(inv: Inventory, switch: str) -> dict[str, str]:
    """Every access port of a switch and what the inventory makes of it (``user`` and
    ``phone_pc`` are phone ports)."""
    from citynet.render.ports import access_ports  # pure; render builds on inventory

    entry = inv.hosts[switch]
    model = hardware(entry.data.model)
    if model is None:
        return {}
    linked = {link.interface for link in entry.data.uplinks}
    for other in inv.hosts.values():
        linked.update(u.peer_interface for u in other.data.uplinks if u.peer == switch)
    site = inv.sites.get(entry.data.site)
    roles = {str(v.role) for v in site.vlans} if site else set()
    ports = access_ports(
        model, entry.data.stack_members, linked, list(entry.data.port_roles), roles, "none"
    )
    found = {str(port["name"]): str(port["kind"]) for port in ports}
    found.update({name: "link" for name in linked})
    return found


PHONE_PORT_KINDS = frozenset({"user", "phone_pc"})


def _check_phones(
    inv: Inventory, plan: VoicePlan, gateways: dict[str, list[str]]
) -> Iterator[Diagnostic]:
    stations = plan.dial_plan.station_digits
    owners: dict[str, str] = {}
    for site_id in sorted(inv.sites):
        site = inv.sites[site_id]
        if site.voice is None:
            continue
        for name in gateways.get(site_id, []):
            for n, ext in enumerate(
                analog_extensions(site.voice.site_code, stations, fxs_count(inv, name)), 1
            ):
                owners.setdefault(ext, f"analog station {n} of {name}")
    macs: dict[str, int] = {}
    ports: dict[tuple[str, str], int] = {}
    port_kinds: dict[str, dict[str, str]] = {}
    for phone in inv.phones:
        at = (phone.file, phone.line)
        home = inv.sites.get(phone.site)
        if home is None or home.voice is None:
            yield Diagnostic(
                *at,
                f"phone {phone.extension}: site {phone.site!r} is not a site with voice",
                "use the site id of sites.yaml",
            )
            continue
        code = home.voice.site_code
        if len(phone.extension) != len(code) + stations or not phone.extension.startswith(code):
            yield Diagnostic(
                *at,
                f"phone {phone.extension}: extensions at {phone.site} are site code {code} "
                f"followed by a {stations}-digit station",
                f"write it as {code}{'N' * stations}",
            )
        if phone.extension in owners:
            yield Diagnostic(
                *at,
                f"phone {phone.extension}: the extension is also {owners[phone.extension]}",
                "extensions are unique City-wide: give this phone a free station",
            )
        else:
            owners[phone.extension] = f"the phone on line {phone.line}"
        if phone.mac in macs:
            yield Diagnostic(
                *at,
                f"phone {phone.extension}: MAC {phone.mac} is also the phone's on line "
                f"{macs[phone.mac]}",
                "correct the MAC: one phone, one line of phones.csv",
            )
        else:
            macs[phone.mac] = phone.line
        yield from _check_phone_port(inv, phone, at, ports, port_kinds)
    yield from _check_capacity(inv, gateways)


def _check_phone_port(
    inv: Inventory,
    phone: Phone,
    at: tuple[str, int],
    ports: dict[tuple[str, str], int],
    port_kinds: dict[str, dict[str, str]],
) -> Iterator[Diagnostic]:
    view = inv.views.get(phone.switch)
    if view is None or view.role is not Role.ACCESS or view.site != phone.site:
        what = (
            "is not in the inventory"
            if view is None
            else f"is at site {view.site}"
            if view.site != phone.site
            else f"is a {view.role}, not an access switch"
        )
        yield Diagnostic(
            *at,
            f"phone {phone.extension}: switch {phone.switch!r} {what}",
            f"use the access switch of {phone.site} the phone is cabled to",
        )
        return
    if phone.switch not in port_kinds:
        port_kinds[phone.switch] = _phone_ports(inv, phone.switch)
    kind = port_kinds[phone.switch].get(phone.port)
    if kind is None:
        yield Diagnostic(
            *at,
            f"phone {phone.extension}: {phone.switch} has no access port {phone.port}",
            f"use one of {phone.switch}'s access ports",
        )
    elif kind not in PHONE_PORT_KINDS:
        yield Diagnostic(
            *at,
            f"phone {phone.extension}: {phone.switch} {phone.port} is not a phone port "
            f"(the inventory makes it {kind.replace('_', ' ')}): the phone would get no "
            "voice VLAN",
            f"move the phone to a phone port, or give {phone.port} role phone_pc in "
            f"{phone.switch}'s port_roles",
        )
    key = (phone.switch, phone.port)
    if key in ports:
        yield Diagnostic(
            *at,
            f"phone {phone.extension}: {phone.switch} {phone.port} already has the phone on "
            f"line {ports[key]}",
            "one phone a port: correct the port",
        )
    else:
        ports[key] = phone.line


def _check_capacity(inv: Inventory, gateways: dict[str, list[str]]) -> Iterator[Diagnostic]:
    phones = _phones_by_site(inv)
    for site_id, found in sorted(phones.items()):
        site = inv.sites.get(site_id)
        if site is None or site.voice is None:
            continue
        if len(found) > site.voice.max_phones:
            extra = found[site.voice.max_phones]
            yield Diagnostic(
                extra.file,
                extra.line,
                f"site {site_id} has {len(found)} phones, more than its voice.max_phones "
                f"({site.voice.max_phones})",
                "raise voice.max_phones (and check the SRST gateway holds them) or move phones",
            )
        if not site.voice.srst:
            continue
        for name in gateways.get(site_id, []):
            hw = hardware(inv.hosts[name].data.model)
            if hw is not None and len(found) > hw.srst_max_phones:
                extra = found[hw.srst_max_phones]
                yield Diagnostic(
                    extra.file,
                    extra.line,
                    f"site {site_id} has {len(found)} phones, but in SRST its gateway {name} "
                    f"({hw.pid}) registers at most {hw.srst_max_phones}: the rest would lose "
                    "911 in a WAN outage",
                    "use a bigger gateway model, or add lifeline lines for the rest",
                    host=name,
                )
