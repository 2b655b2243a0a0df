"""Parsing show output into a feature's items: Genie where it has a parser, else TTP.

Genie and TTP are imported only here, and only when something is parsed, so that
``citynet --help`` never pays for them. Each command's parsed structure is normalised by
one small function into ``item -> field -> value`` (strings), the shape snapshots hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from citynet.ios.names import canonical_interface_name
from citynet.state.features import ShowCommand

Rows = dict[str, dict[str, str]]

REJECTED = re.compile(
    r"^\s*% ?(?:Invalid input|Incomplete command|Ambiguous command|Unknown command)", re.M
)
"""What a device answers to a command it does not have."""

GENIE_OS: Mapping[str, tuple[str, ...]] = {
    "cisco_iosxe": ("iosxe",),
    "cisco_ios": ("ios", "iosxe"),
}
"""Genie OS names to try for a platform, in order (classic IOS shares IOS-XE's text for
the commands Genie parses only under ``iosxe``)."""


class StateParseError(ValueError):
    """A show output could not be read (the device rejected the command, or it is garbled)."""


def parse_command(command: ShowCommand, platform: str, text: str) -> Rows:
    """The items one command's output states.

    Raises:
        StateParseError: the device rejected the command or the output makes no sense.
    """
    rejected = REJECTED.search(text)
    if rejected:
        raise StateParseError(f"the device rejected {command.command!r}: {rejected.group(0)}")
    if command.parser == "genie":
        data = _genie(command.command, platform, text)
    else:
        data = _ttp(command.template, text)
    try:
        return NORMALISE[command.command](data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StateParseError(f"unexpected output of {command.command!r}: {exc}") from exc


def _genie(command: str, platform: str, text: str) -> dict[str, Any]:
    if not text.strip():
        return {}
    from genie.libs.parser.utils.common import ParserNotFound
    from genie.metaparser.util.exceptions import SchemaEmptyParserError

    for os_name in GENIE_OS.get(platform, ("iosxe",)):
        device = _genie_device(os_name)
        try:
            parsed = device.parse(command, output=text)
        except SchemaEmptyParserError:
            return {}
        except ParserNotFound:
            continue
        return dict(parsed)
    raise StateParseError(f"Genie has no parser for {command!r} on {platform}")


@cache
def _genie_device(os_name: str) -> Any:
    from genie.conf.base import Device

    device = Device(f"citynet-{os_name}", os=os_name)
    device.custom.setdefault("abstraction", {})["order"] = ["os"]
    return device


def _ttp(template: str, text: str) -> dict[str, Any]:
    parser = _ttp_parser(template)
    parser.clear_input()
    parser.clear_result()
    parser.add_input(text)
    parser.parse(one=True)
    results = parser.result(structure="flat_list")
    merged: dict[str, Any] = {}
    for result in results:
        if isinstance(result, dict):
            merged.update(result)
    return merged


@cache
def _ttp_parser(template: str) -> Any:
    """One compiled TTP parser per template and process (compiling costs milliseconds)."""
    from ttp import ttp

    return ttp(template=template_text(template))


@cache
def template_text(name: str) -> str:
    """The text of the TTP template ``name`` shipped in ``citynet/state/ttp``."""
    return (resources.files("citynet.state") / "ttp" / f"{name}.ttp").read_text(encoding="utf-8")


def _list(value: object) -> list[dict[str, Any]]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _intf(name: str) -> str:
    return canonical_interface_name(name.strip())


# --- Genie structures ---------------------------------------------------------------


def _ip_interface_brief(data: dict[str, Any]) -> Rows:
    return {
        _intf(name): {
            "status": str(row.get("status", "")),
            "protocol": str(row.get("protocol", "")),
            "ip_address": str(row.get("ip_address", "")),
        }
        for name, row in data.get("interface", {}).items()
    }


def _interfaces_status(data: dict[str, Any]) -> Rows:
    return {
        _intf(name): {
            "status": str(row.get("status", "")),
            "vlan": str(row.get("vlan", "")),
            "duplex": str(row.get("duplex_code", "")),
            "speed": str(row.get("port_speed", "")),
        }
        for name, row in data.get("interfaces", {}).items()
    }


def _vlan_brief(data: dict[str, Any]) -> Rows:
    rows: Rows = {}
    for key, row in data.get("vlan", data.get("vlans", {})).items():
        vid = str(row.get("vlan_id", key)).removeprefix("vlan")
        rows[f"VLAN {vid}"] = {
            "name": str(row.get("vlan_name", row.get("name", ""))),
            "status": str(row.get("vlan_status", row.get("state", ""))),
            "ports": ",".join(_intf(p) for p in row.get("vlan_port", row.get("interfaces", []))),
        }
    return rows


def _cdp_detail(data: dict[str, Any]) -> Rows:
    rows: Rows = {}
    for row in data.get("index", {}).values():
        device = str(row.get("device_id", "")).split(".")[0]
        local = _intf(str(row.get("local_interface", "")))
        rows[f"{device} on {local}"] = {
            "present": "yes",
            "port": _intf(str(row.get("port_id", ""))),
            "platform": str(row.get("platform", "")).strip(),
            "hold_time": str(row.get("hold_time", "")),
        }
    return rows


def _lldp(data: dict[str, Any]) -> Rows:
    rows: Rows = {}
    for local, entry in data.get("interfaces", {}).items():
        for port, by_port in entry.get("port_id", {}).items():
            for name, row in by_port.get("neighbors", {}).items():
                rows[f"{name.strip()} on {_intf(local)}"] = {
                    "present": "yes",
                    "port": _intf(port),
                    "hold_time": str(row.get("hold_time", "")),
                }
    return rows


def _ospf(data: dict[str, Any]) -> Rows:
    rows: Rows = {}
    for intf, entry in data.get("interfaces", {}).items():
        for rid, row in entry.get("neighbors", {}).items():
            state = str(row.get("state", ""))
            rows[f"neighbor {rid} on {_intf(intf)}"] = {
                "state": state.split("/")[0].strip(),
                "role": state.split("/")[1].strip() if "/" in state else "",
                "address": str(row.get("address", "")),
                "dead_time": str(row.get("dead_time", "")),
            }
    return rows


def _bgp(data: dict[str, Any]) -> Rows:
    rows: Rows = {}
    for vrf, by_vrf in data.get("vrf", {}).items():
        for address, by_nbr in by_vrf.get("neighbor", {}).items():
            for family, row in by_nbr.get("address_family", {}).items():
                received = str(row.get("state_pfxrcd", ""))
                established = received.isdigit()
                where = "" if vrf == "default" else f" vrf {vrf}"
                rows[f"neighbor {address}{where} {family}".rstrip()] = {
                    "as": str(row.get("as", "")),
                    "state": "Established" if established else received,
                    "prefixes": received if established else "0",
                    "up_down": str(row.get("up_down", "")),
                    "msg_rcvd": str(row.get("msg_rcvd", "")),
                    "msg_sent": str(row.get("msg_sent", "")),
                }
    return rows


def _standby_brief(data: dict[str, Any]) -> Rows:
    rows: Rows = {}
    for intf, row in data.get("interface", {}).items():
        groups = row.get("groups") if isinstance(row.get("groups"), dict) else {"": row}
        for grp_key, grp in groups.items():
            group = str(grp.get("grp", grp_key))
            rows[f"group {group} on {_intf(intf)}"] = {
                "state": str(grp.get("state", "")),
                "priority": str(grp.get("priority", "")),
                "virtual_ip": str(grp.get("virtual_ip", "")),
            }
    return rows


def _dsp_group_all(data: dict[str, Any]) -> Rows:
    rows: Rows = {}
    for slot, by_slot in data.get("dsp_groups", {}).items():
        for dsp, row in by_slot.get("dsps", {}).items():
            rows[f"DSP {dsp} in slot {slot}"] = {
                "state": str(row.get("state", "")).lower(),
                "firmware": str(row.get("firmware", "")),
                "credits_used": str(row.get("credits_used_rounded_up", "")),
                "voice_channels": str(row.get("voice_channels_allocated", "")),
                "signaling_channels": str(row.get("signaling_channels_allocated", "")),
            }
    return rows


# --- TTP structures ------------------------------------------------------------------


def _isdn(data: dict[str, Any]) -> Rows:
    return {
        _intf(row["interface"]): {
            "layer1": str(row.get("layer1", "")),
            "layer2": str(row.get("layer2", "")),
            "switch_type": str(row.get("switch_type", "")),
            "calls": str(row.get("calls", "")),
            "ccbs": str(row.get("ccbs", "")),
            "channel_mask": str(row.get("channel_mask", "")),
            "l2_discards": str(row.get("l2_discards", "")),
            "l2_session": str(row.get("l2_session", "")),
        }
        for row in _list(data.get("channels"))
    }


def _sip_ua_status(data: dict[str, Any]) -> Rows:
    return {
        f"user agent over {row['transport']}": {"state": str(row.get("state", ""))}
        for row in _list(data.get("transports"))
    }


def _sip_register(data: dict[str, Any]) -> Rows:
    return {
        f"registration of {row['line']}": {
            "registered": str(row.get("registered", "")),
            "peer": str(row.get("peer", "")),
            "expires": str(row.get("expires", "")),
        }
        for row in _list(data.get("registrations"))
    }


def _dial_peers(data: dict[str, Any]) -> Rows:
    rows: Rows = {}
    for row in _list(data.get("peers")):
        fields = {
            k: str(row.get(k, "")) for k in ("type", "admin", "oper", "pattern", "preference")
        }
        for optional in ("prefix", "target", "port", "out_status", "keepalive"):
            if row.get(optional):
                fields[optional] = str(row[optional])
        rows[f"dial-peer {row['tag']}"] = fields
    return rows


def _voice_ports(data: dict[str, Any]) -> Rows:
    rows: Rows = {}
    for row in _list(data.get("ports")):
        channel = str(row.get("channel", "--"))
        item = f"voice-port {row['port']}" + ("" if channel == "--" else f" channel {channel}")
        rows[item] = {
            k: str(row.get(k, "")) for k in ("sig_type", "admin", "oper", "in_status", "out_status")
        }
    return rows


def _ephones(data: dict[str, Any]) -> Rows:
    return {
        f"phone {str(row['mac']).upper()}": {
            "state": str(row.get("state", "")),
            "protocol": "SCCP",
            "ip": str(row.get("ip", "")),
        }
        for row in _list(data.get("phones"))
    }


def _sip_pools(data: dict[str, Any]) -> Rows:
    return {
        f"phone {str(row['mac']).upper()}": {
            "state": str(row.get("state", "")),
            "protocol": "SIP",
            "ip": str(row.get("ip", "")),
            "number": str(row.get("number", "")).rstrip("$"),
        }
        for row in _list(data.get("pools"))
    }


NORMALISE: Mapping[str, Callable[[dict[str, Any]], Rows]] = {
    "show ip interface brief": _ip_interface_brief,
    "show interfaces status": _interfaces_status,
    "show vlan brief": _vlan_brief,
    "show cdp neighbors detail": _cdp_detail,
    "show lldp neighbors": _lldp,
    "show ip ospf neighbor": _ospf,
    "show ip bgp summary": _bgp,
    "show standby brief": _standby_brief,
    "show voice dsp group all": _dsp_group_all,
    "show isdn status": _isdn,
    "show sip-ua status": _sip_ua_status,
    "show sip-ua register status": _sip_register,
    "show dial-peer voice summary": _dial_peers,
    "show voice port summary": _voice_ports,
    "show ephone registered": _ephones,
    "show voice register pool all brief": _sip_pools,
}
"""Each command's parsed structure -> the feature's items."""
