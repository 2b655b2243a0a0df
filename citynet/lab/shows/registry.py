"""The show commands the lab answers: their full keywords -> the handler.

The exec parser's ``show`` keywords are built from this table (see
:mod:`citynet.lab.keywords`), so a typed word is expanded only to a keyword of a
command listed here, and a command that is not listed answers as IOS answers an
invalid one: ``% Invalid input detected at '^' marker.``, ``% Incomplete command.``
or ``% Ambiguous command``. A command ending in ``LINE`` takes the words that follow.
"""

from __future__ import annotations

from collections.abc import Sequence

from citynet.lab.keywords import LINE, Tree, command_tree
from citynet.lab.shows import (
    configs,
    interfaces,
    neighbours,
    routing,
    switching,
    system,
    version,
    voice,
)
from citynet.lab.shows.request import ShowHandler, ShowOutput, ShowRequest

SHOW_COMMANDS: dict[tuple[str, ...], ShowHandler] = {
    # the device itself
    ("version",): version.show_version,
    ("inventory",): system.show_inventory,
    ("clock",): system.show_clock,
    ("hosts",): system.show_hosts,
    ("processes", "cpu"): system.show_processes_cpu,
    ("memory", "statistics"): system.show_memory_statistics,
    ("environment", "temperature", "status"): system.show_environment_temperature,
    ("privilege",): system.show_privilege,
    ("terminal",): system.show_terminal,
    # configurations and files
    ("running-config",): configs.show_running_config,
    ("running-config", "all"): configs.show_running_config,
    ("running-config", "interface", LINE): configs.show_running_config_interface,
    ("startup-config",): configs.show_startup_config,
    ("archive",): configs.show_archive,
    ("archive", "config", "rollback", "timer"): configs.show_archive_rollback_timer,
    ("archive", "config", "differences"): configs.show_archive_differences,
    ("archive", "config", "differences", LINE): configs.show_archive_differences,
    ("archive", "config", "incremental-diffs", LINE): configs.show_archive_incremental_diffs,
    ("flash:",): configs.show_flash,
    ("bootflash:",): configs.show_flash,
    # interfaces
    ("interfaces",): interfaces.show_interfaces,
    ("interfaces", LINE): interfaces.show_interface,
    ("interfaces", "status"): interfaces.show_interfaces_status,
    ("interfaces", "switchport"): interfaces.show_interfaces_switchport,
    ("interfaces", "description"): interfaces.show_interfaces_description,
    ("ip", "interface"): interfaces.show_ip_interface,
    ("ip", "interface", "brief"): interfaces.show_ip_interface_brief,
    # switching
    ("vlan", "brief"): switching.show_vlan_brief,
    ("vlan", "all-ports"): switching.show_vlan_brief,
    # neighbours
    ("cdp",): neighbours.show_cdp,
    ("cdp", "neighbors"): neighbours.show_cdp_neighbors,
    ("cdp", "neighbors", "detail"): neighbours.show_cdp_neighbors_detail,
    ("lldp", "neighbors"): neighbours.show_lldp_neighbors,
    # routing
    ("ip", "route"): routing.show_ip_route,
    ("ip", "ospf", "neighbor"): routing.show_ip_ospf_neighbor,
    ("ip", "bgp", "summary"): routing.show_ip_bgp_summary,
    ("bgp", "all", "summary"): routing.show_ip_bgp_summary,
    ("standby", "brief"): routing.show_standby_brief,
    # voice
    ("dial-peer", "voice", "summary"): voice.show_dial_peer_voice_summary,
    ("sip-ua", "status"): voice.show_sip_ua_status,
    ("sip-ua", "register", "status"): voice.show_sip_ua_register_status,
    ("voice", "dsp", "group", "all"): voice.show_voice_dsp_group_all,
    ("ephone", "registered"): voice.show_ephone_registered,
    ("voice", "register", "pool", "all", "brief"): voice.show_voice_register_pool_all_brief,
    ("voice", "port", "summary"): voice.show_voice_port_summary,
    ("isdn", "status"): voice.show_isdn_status,
    ("isdn", "status", "serial", LINE): voice.show_isdn_status_serial,
}
"""Every show command the lab models, by its full keywords (``LINE``: arguments follow)."""

SHOW_TREE: Tree = command_tree(SHOW_COMMANDS)
"""The keywords the exec parser accepts after ``show``."""


def run_show(keywords: Sequence[str], request: ShowRequest) -> ShowOutput:
    """Answer ``show`` with the full ``keywords`` the parser expanded, arguments in ``request``.

    Raises:
        KeyError: no such command (the parser only expands to commands listed here).
    """
    key = (*keywords, LINE) if request.args else tuple(keywords)
    return SHOW_COMMANDS[key](request)
