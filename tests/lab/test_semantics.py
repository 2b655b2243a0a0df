"""Semantic errors: lines IOS parses but refuses, in the engine and over SSH with netmiko."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import ConfigInvalidException

from citynet.lab.config_engine import ConfigEditor, ConfigNode, parse_config, render_body
from citynet.lab.server import Lab
from citynet.push.errors import CONFIG_ERROR_PATTERN, config_error
from tests.lab.conftest import FIXTURES, make_device, netmiko_params

#: (lines entered in order, the message the last one gets) for every refusal the lab models.
REFUSED: list[tuple[list[str], str]] = [
    (
        ["interface Vlan20", "ip address 10.10.0.5 255.255.255.0"],
        "% 10.10.0.0 overlaps with Vlan10",
    ),
    (
        ["interface GigabitEthernet1/0/2", "no switchport", "ip address 10.0.0.1 255.255.255.0"],
        "% 10.0.0.0 overlaps with GigabitEthernet1/0/1",
    ),
    (
        ["interface Loopback5", "ip address 10.255.0.1 255.255.255.255"],
        "% 10.255.0.1 overlaps with Loopback0",
    ),
    (
        ["interface Vlan20", "ip address 10.20.0.1 255.0.255.0"],
        "Bad mask 0xFF00FF00 for address 10.20.0.1",
    ),
    (
        ["interface Vlan20", "ip address 10.20.0.0 255.255.255.0"],
        "Bad mask /24 for address 10.20.0.0",
    ),
    (
        ["interface Vlan20", "ip address 10.20.0.255 255.255.255.0"],
        "Bad mask /24 for address 10.20.0.255",
    ),
    (["interface Vlan20", "vrf forwarding RED"], "% VRF RED not configured."),
    (["ip route 10.1.1.1 255.255.255.0 10.0.0.1"], "%Inconsistent address and mask"),
    (["ip route 10.1.0.0 255.0.255.0 10.0.0.1"], "%Inconsistent address and mask"),
    (["ip route 10.1.0.0 255.255.0.0 10.10.0.1"], "%Invalid next hop address (it's this router)"),
    (["no ip route 10.9.0.0 255.255.0.0 10.0.0.1"], "%No matching route to delete"),
    (["no ip route 0.0.0.0 0.0.0.0 10.0.0.9"], "%No matching route to delete"),
]

#: Lines IOS accepts silently, although they look wrong; the lab accepts them too.
ACCEPTED: list[list[str]] = [
    ["interface GigabitEthernet1/0/3", "no switchport", "ip address 10.10.0.9 255.255.255.0"],
    ["interface Vlan20", "ip address 10.10.1.1 255.255.255.0"],
    ["interface Vlan20", "ip access-group NOT-YET-DEFINED in"],
    ["interface GigabitEthernet1/0/1", "ip address 10.0.0.1 255.255.255.252"],
    ["interface Vlan20", "ip address 10.20.0.1 255.255.255.254"],
    ["vrf definition RED", "interface Vlan20", "vrf forwarding RED"],
    [
        "vrf definition RED",
        "interface Vlan20",
        "vrf forwarding RED",
        "ip address 10.10.0.5 255.255.255.0",
    ],
    ["no ip route 0.0.0.0 0.0.0.0 10.0.0.1"],
    ["no ip route 0.0.0.0 0.0.0.0"],
    ["ip route 10.1.0.0 255.255.0.0 10.0.0.1 name SITE"],
    ["no ip access-list extended NOT-THERE"],
    ["route-map RM-NEW permit 10", "match ip address prefix-list NOT-DEFINED"],
    ["line vty 0 4", "access-class NOT-DEFINED in"],
]


def _switch() -> ConfigNode:
    tree, errors = parse_config((FIXTURES / "sw1.cfg").read_text(encoding="utf-8"))
    assert errors == []
    return tree


def _apply(lines: list[str]) -> tuple[ConfigNode, list[str]]:
    tree = _switch()
    editor = ConfigEditor(tree, semantic=True)
    outputs = []
    for line in lines:
        result = editor.apply(line)
        outputs.append(result.error.render(0) if result.error else result.message)
    return tree, outputs


@pytest.mark.parametrize(("lines", "message"), REFUSED)
def test_engine_refuses_with_the_ios_message(lines: list[str], message: str) -> None:
    tree, outputs = _apply(lines)
    assert outputs[-1].strip() == message
    assert all(out == "" for out in outputs[:-1])
    without_last, _ = _apply(lines[:-1])
    assert render_body(tree) == render_body(without_last)  # the refused line changed nothing
    assert config_error(outputs[-1]) == message


@pytest.mark.parametrize("lines", ACCEPTED)
def test_engine_accepts_what_ios_accepts(lines: list[str]) -> None:
    _, outputs = _apply(lines)
    assert outputs == [""] * len(lines)


def test_a_port_the_switch_lacks_is_invalid_input() -> None:
    _, outputs = _apply(["interface GigabitEthernet1/0/99"])
    assert "% Invalid input detected at '^' marker." in outputs[0]
    _, outputs = _apply(["interface TenGigabitEthernet1/1/1"])
    assert outputs == [""]  # no ten-gig port listed: a hand-written config, left alone


def test_a_flat_file_loaded_whole_is_not_checked() -> None:
    ports = "".join(f"interface GigabitEthernet1/0/{n}\n shutdown\n" for n in (1, 2))
    tree, errors = parse_config(ports, strict=True)
    assert errors == []
    editor = ConfigEditor(tree, strict=True)  # as a merge of a file: no semantic checks
    assert editor.apply("interface GigabitEthernet1/0/99").error is None


def test_a_whole_file_is_loaded_without_semantic_checks() -> None:
    text = (
        "interface Vlan1\n ip address 10.1.0.1 255.255.255.0\n"
        "interface Vlan2\n ip address 10.1.0.2 255.255.255.0\n"
    )
    _, errors = parse_config(text, strict=True)
    assert errors == []


# -- against the lab, over SSH, with the push's error pattern ---------------------


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Lab, Path]]:
    config = (
        (FIXTURES / "sw1.cfg").read_text(encoding="utf-8").replace("hostname sw1", "hostname sem1")
    )
    no_path = config.replace("hostname sem1", "hostname sem2").replace(" path flash:archive\n", "")
    assert no_path.count("archive") == 1  # the section is there, its path is not
    lab = Lab(
        [
            make_device("sem1", "127.77.14.1", config=config),
            make_device("sem2", "127.77.14.2", config=no_path),
        ]
    )
    lab.start(timeout=30)
    known_hosts = tmp_path_factory.mktemp("kh") / "known_hosts"
    lab.register_host_keys(known_hosts)
    yield lab, known_hosts
    lab.stop()


LAB_REFUSED = [
    *REFUSED,
    (["interface Vlan20", "ip addr 10.20.0.1"], "% Incomplete command."),
    (["interface Vlan20", "frobnicate on"], "% Invalid input detected at '^' marker."),
    (["s"], '% Ambiguous command:  "s"'),
    (["interface GigabitEthernet1/0/99"], "% Invalid input detected at '^' marker."),
]


@pytest.mark.parametrize(("lines", "message"), LAB_REFUSED)
def test_netmiko_stops_at_the_refused_line(
    lab: tuple[Lab, Path], lines: list[str], message: str
) -> None:
    devices, known_hosts = lab
    device = devices.device("sem1")
    after = "snmp-server location NEVER-SENT"
    with ConnectHandler(**netmiko_params(device, known_hosts)) as conn:
        conn.enable()
        before = conn.send_command("show running-config | exclude Last configuration")
        with pytest.raises(ConfigInvalidException) as raised:
            conn.send_config_set([*lines, after], error_pattern=CONFIG_ERROR_PATTERN)
        conn.exit_config_mode()
        running = conn.send_command("show running-config | exclude Last configuration")
    failed, _, matched = str(raised.value).partition(", matched error: ")
    assert failed.endswith(f"at command: {lines[-1]}")
    assert matched and message.startswith(matched.strip())
    assert "NEVER-SENT" not in running
    # the lines before the refused one were applied; remove them so the next case starts clean
    if running != before:
        device.running = parse_config(before.split("!", 1)[1], strict=False)[0]


def test_netmiko_passes_accepted_lines(lab: tuple[Lab, Path]) -> None:
    devices, known_hosts = lab
    device = devices.device("sem1")
    lines = [
        "vrf definition BLUE",
        "interface Vlan20",
        "vrf forwarding BLUE",
        "ip address 10.10.0.7 255.255.255.0",
    ]
    with ConnectHandler(**netmiko_params(device, known_hosts)) as conn:
        conn.enable()
        output = conn.send_config_set(lines, error_pattern=CONFIG_ERROR_PATTERN)
        running = conn.send_command("show running-config interface Vlan20")
    assert config_error(output) is None
    assert "vrf forwarding BLUE" in running
    assert "ip address 10.10.0.7 255.255.255.0" in running


def test_revert_timer_needs_the_archive_path(lab: tuple[Lab, Path]) -> None:
    devices, known_hosts = lab
    devices.device("sem2").flash.write("candidate.cfg", b"hostname sem2\nend\n")
    with ConnectHandler(**netmiko_params(devices.device("sem2"), known_hosts)) as conn:
        conn.enable()
        refused = conn.send_command_timing("configure terminal revert timer 5")
        prompt = conn.find_prompt()
        replace = conn.send_command_timing(
            "configure replace flash:candidate.cfg force revert trigger error timer 5"
        )
    assert config_error(refused) == "Archive feature not enabled"
    assert prompt == "sem2#"  # still in exec mode: nothing would be sent under no timer
    assert config_error(replace) == "%Please turn config archive on"
    with ConnectHandler(**netmiko_params(devices.device("sem1"), known_hosts)) as conn:
        conn.enable()
        armed = conn.send_command_timing("configure terminal revert timer 5")
        prompt = conn.find_prompt()
        conn.send_command_timing("end")
        conn.send_command_timing("configure confirm")
        nothing = conn.send_command_timing("configure revert now")
        missing = conn.send_command_timing("configure replace flash:missing.cfg force")
    assert config_error(armed) is None and prompt == "sem1(config)#"
    assert config_error(nothing) == "%No Rollback Confirmed Change pending"
    assert config_error(missing) == "%Error opening flash:missing.cfg (No such file or directory)"
