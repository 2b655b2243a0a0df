"""Lab state survives a restart: configurations, flash and host keys."""

from __future__ import annotations

from pathlib import Path

from netmiko import ConnectHandler

from citynet.lab.server import Lab
from tests.lab.conftest import make_device, netmiko_params


def test_restart_keeps_configuration_and_host_key(tmp_path: Path) -> None:
    state = tmp_path / "lab"
    hosts = tmp_path / "known_hosts"
    first = Lab([make_device("per1", "127.77.5.1")], state_dir=state)
    first.start(timeout=30)
    try:
        first.register_host_keys(hosts)
        device = first.device("per1")
        with ConnectHandler(**netmiko_params(device, hosts)) as conn:
            conn.send_config_set(["interface Loopback30", "description persisted"])
            conn.send_command_timing("copy running-config flash:/saved.cfg")
            conn.send_command_timing("\n")
        port = device.port
    finally:
        first.stop()
    assert (state / "per1" / "state.json").exists()

    second_device = make_device("per1", "127.77.5.1")
    second_device.port = port
    second = Lab([second_device], state_dir=state)
    second.start(timeout=30)
    try:
        assert "description persisted" in second_device.running_text()
        assert second_device.flash.read("saved.cfg") is not None
        with ConnectHandler(**netmiko_params(second_device, hosts)) as conn:
            assert "description persisted" in conn.send_command("show run | section Loopback30")
    finally:
        second.stop()
