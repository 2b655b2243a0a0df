"""What a voice gateway's dial plan says, worked out from the City's voice plan.

Plain Python, so the template stays declarative: which sites the gateway carries to the
PSTN (its own and those naming it ``pstn_via``), the caller-ID and DID translation rules,
the ELINs of emergency calls and the emergency response locations, which SRST the phones
need (SIP, SCCP or both) and how many transcoding sessions its DSPs hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from citynet.inventory.hardware import dsp_slots
from citynet.inventory.voice import (
    PhoneProtocol,
    VoicePlan,
    analog_extensions,
    did_block,
    did_range,
    fxs_count,
)

if TYPE_CHECKING:
    from citynet.inventory.model import HostView, Inventory

EMERGENCY = "911"
CHANNELS_PER_T1 = 24
"""DSP channels a T1 PRI's 23 B-channels (and its D-channel framing) hold."""


def _rule(match: str, replace: str) -> dict[str, str]:
    return {"match": match, "replace": replace}


def gateway_plan(inv: Inventory, view: HostView) -> dict[str, Any]:
    """The dial plan of one voice gateway, ready for the template.

    ``served``: its own site and the sites whose PSTN calls it carries (``pstn_via``);
    ``caller_id``: calling-number rules mapping each served site's extensions to its own
    DID (or its main number), anything else to this site's main number; ``did_in``:
    called-number rules mapping each served site's DIDs to its extensions;
    ``elin_rules``: calling-number rules presenting each served site's first ELIN on 911.
    """
    plan = inv.voice_plan or VoicePlan()
    stations = plan.dial_plan.station_digits
    site = inv.sites[view.site]
    voice = site.voice
    assert voice is not None, f"voice gateway {view.name} at a site without voice"
    carried = (
        sid
        for sid, other in inv.sites.items()
        if other.voice is not None and other.voice.pstn_via == view.site and sid != view.site
    )
    served = [view.site, *sorted(carried)]
    caller_id: list[dict[str, str]] = []
    did_in: list[dict[str, str]] = []
    elin_rules: list[dict[str, str]] = []
    did_patterns: list[str] = []
    wild = "." * stations
    for sid in served:
        other = inv.sites[sid].voice
        assert other is not None
        code = other.site_code
        if other.did_range:
            first, last = did_range(other.did_range)
            block = did_block(first, last)
            if block is not None and block[1] <= stations:
                fixed, width = block
                station_prefix = f"{first:010d}"[10 - stations : 10 - width]
                caller_id.append(
                    _rule(f"/^{code}{station_prefix}\\({'.' * width}\\)$/", f"/{fixed}\\1/")
                )
                did_patterns.append(fixed + "." * width)
                did_in.append(
                    _rule(f"/^{fixed}\\({'.' * width}\\)$/", f"/{code}{station_prefix}\\1/")
                )
            caller_id.append(_rule(f"/^{code}{wild}$/", f"/{first:010d}/"))
        if other.emergency is not None:
            elin_rules.append(_rule(f"/^{code}{wild}$/", f"/{other.emergency.locations[0].elin}/"))
    main = f"{did_range(voice.did_range)[0]:010d}" if voice.did_range else None
    if main is not None:
        caller_id.append(_rule("/^.*$/", f"/{main}/"))
    locations = []
    if voice.emergency is not None:
        for location in voice.emergency.locations:
            locations.append(
                {
                    "id": location.id,
                    "elin": location.elin,
                    "name": location.name,
                    "address": location.address or site.address,
                    "network": str(location.subnet.network_address),
                    "netmask": str(location.subnet.netmask),
                }
            )
        elin_rules.append(_rule("/^.*$/", f"/{voice.emergency.locations[0].elin}/"))
    phones = [p for p in inv.phones if p.site == view.site]
    protocols = {p.protocol for p in phones} or {PhoneProtocol.SIP}
    sccp = sum(1 for p in phones if p.protocol is PhoneProtocol.SCCP)
    data = inv.hosts[view.name].data
    access = plan.dial_plan.pstn_access_code
    codes = sorted({s.voice.site_code for s in inv.sites.values() if s.voice is not None})
    return {
        "site_code": voice.site_code,
        "station_digits": stations,
        "access_code": access,
        # Kept as dialed: should a 911 call ever reach a PSTN-OUT dial-peer (none of the
        # NANP patterns below matches it, but a hand-added one might), it keeps its 9.
        "keep_emergency": _rule(f"/^{EMERGENCY}$/", f"/{EMERGENCY}/"),
        "strip_access": _rule(f"/^{access}\\(.*\\)/", "/\\1/"),
        "emergency_called": _rule(f"/^{access}{EMERGENCY}$/", f"/{EMERGENCY}/"),
        "emergency_numbers": [EMERGENCY, f"{access}{EMERGENCY}"],
        "pstn_patterns": pstn_patterns(access),
        "extension_patterns": extension_patterns(codes, stations),
        "served": served,
        "caller_id": caller_id,
        "did_in": did_in,
        "did_patterns": did_patterns,
        "elin_rules": elin_rules,
        "zone": view.site,
        "locations": locations,
        "main_number": main,
        "default_elin": voice.emergency.locations[0].elin if voice.emergency else None,
        "operator": f"{voice.site_code}{(main or '0' * 10)[10 - stations :]}",
        "analog": analog_extensions(voice.site_code, stations, fxs_count(inv, view.name)),
        "sip_srst": voice.srst and PhoneProtocol.SIP in protocols,
        "sccp_srst": voice.srst and PhoneProtocol.SCCP in protocols,
        # the site's SRST capacity (voice.max_phones) shared: the SCCP phones it has, the
        # rest for SIP phones
        "sccp_phones": max(sccp, 1),
        "sip_phones": max(voice.max_phones - sccp, len(phones) - sccp, 1),
        "dsp_sessions": dsp_sessions(data.modules, data.voice_ports),
    }


def pstn_patterns(access: str) -> list[dict[str, str]]:
    """The outbound PSTN destination patterns: explicit North American Numbering Plan
    numbers behind the access code, in the order of their dial-peer tag blocks.

    Never ``9T``: dialled digit by digit (analog stations, PRI overlap) IOS waits for the
    interdigit timeout (T302, 10 s) while a pattern could still match more digits, so 911
    and 9911 must not be a prefix of any of these. Area codes and central office codes
    are NXX (N is 2-9) and no area code is N11, so a number starting 911 or 1911 never is
    one; the second digit of the area code is split to say so. N11 service codes other
    than 911 (211 to 811) are complete numbers; only international numbers (011 and a
    variable length) end in ``T``, which cannot extend 911 or 9911.

    >>> [p["pattern"] for p in pstn_patterns("9")]  # doctest: +NORMALIZE_WHITESPACE
    ['9[2-9][02-9].[2-9]......', '9[2-9]1[02-9][2-9]......', '91[2-9][02-9].[2-9]......',
     '91[2-9]1[02-9][2-9]......', '9[2-8]11', '9011T']
    """
    subscriber = "[2-9]......"
    return [
        {"name": "10-digit", "pattern": f"{access}[2-9][02-9].{subscriber}"},
        {"name": "10-digit N1X area", "pattern": f"{access}[2-9]1[02-9]{subscriber}"},
        {"name": "1+10-digit", "pattern": f"{access}1[2-9][02-9].{subscriber}"},
        {"name": "1+10-digit N1X area", "pattern": f"{access}1[2-9]1[02-9]{subscriber}"},
        {"name": "N11 service", "pattern": f"{access}[2-8]11"},
        {"name": "international", "pattern": f"{access}011T"},
    ]


def extension_patterns(codes: list[str], stations: int) -> list[str]:
    """Destination patterns covering every site-coded extension: one per extension length,
    the first digit a class of the site codes' first digits.

    >>> extension_patterns(["801", "885", "803"], 4), extension_patterns(["12", "45"], 3)
    (['8......'], ['[14]....'])
    """
    lengths: dict[int, set[str]] = {}
    for code in codes:
        lengths.setdefault(len(code) + stations, set()).add(code[0])
    patterns = []
    for length, firsts in sorted(lengths.items()):
        first = next(iter(firsts)) if len(firsts) == 1 else f"[{''.join(sorted(firsts))}]"
        patterns.append(first + "." * (length - 1))
    return patterns


def dsp_sessions(modules: dict[str, str], ports: Any) -> int:
    """Transcoding sessions the gateway's DSPs hold (from the hardware catalogue): the DSP
    channels its modules provide, less those its TDM voice ports need (24 a T1 PRI, one an
    analog port), two channels a session (one per leg).

    >>> from citynet.inventory.schema import VoicePorts
    >>> dsp_sessions({"0/4": "PVDM4-128"}, VoicePorts(pri=2, dsp_channels=128))
    40
    >>> dsp_sessions({"0/4": "PVDM4-32"}, VoicePorts(fxs=4, fxo=4, dsp_channels=32))
    12
    """
    channels = sum(count for _, count in dsp_slots(modules))
    if ports is not None:
        channels -= CHANNELS_PER_T1 * ports.pri + ports.fxs + ports.fxo
    return max(channels // 2, 0)
