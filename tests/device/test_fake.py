"""The fake device plugin: scripts from fixture folders, netmiko's failures, no sockets."""

from __future__ import annotations

from pathlib import Path

import netmiko.base_connection
import pydantic
import pytest
from netmiko.exceptions import ConfigInvalidException

from citynet.device.classify import classify
from citynet.device.errors import CommandRejected
from citynet.device.fake import (
    INVALID_INPUT,
    SCRIPT_FILE,
    FakeSession,
    command_file,
    load_script,
)
from citynet.device.hostkeys import load_known_hosts
from tests.device.support import DEVICES, KNOWN_HOSTS, SETTINGS, city, fake_fleet
from tests.support import PROJECT

FIXTURE_HOSTS = sorted(p.name for p in DEVICES.iterdir() if p.is_dir())


@pytest.mark.parametrize("host", FIXTURE_HOSTS)
def test_every_fixture_device_is_a_city_device(host: str) -> None:
    script = load_script(DEVICES / host)
    view = city().views[host]
    known = load_known_hosts(KNOWN_HOSTS).lookup(str(view.address))
    if host == "pd1-vg01":
        assert known is None  # the unknown host key, on purpose
    elif host == "ch-vg01":
        assert known is not None and known[script.host_key.get_name()] != script.host_key
    else:
        assert known is not None and known[script.host_key.get_name()] == script.host_key
    running = script.outputs.get("show running-config")
    if running is not None:
        assert f"hostname {host}\n" in running
        golden = (PROJECT / "golden_configs" / f"{host}.cfg").read_text()
        assert running.splitlines()[6] == golden.splitlines()[0]  # a real City config


def test_an_unknown_behaviour_is_refused(tmp_path: Path) -> None:
    (tmp_path / SCRIPT_FILE).write_text("host_key: ssh-ed25519 AAAA\nrefuse_tcp: 2\n")
    with pytest.raises(pydantic.ValidationError, match="refuse_tcp"):
        load_script(tmp_path)
    (tmp_path / SCRIPT_FILE).write_text("host_key: ssh-ed25519 AAAA\nattempts: [exploded]\n")
    with pytest.raises(pydantic.ValidationError, match="attempts"):
        load_script(tmp_path)


def test_answers_are_files_named_after_their_command() -> None:
    assert command_file("show ip interface brief") == "show_ip_interface_brief.txt"
    script = load_script(DEVICES / "fs01-rtr01")
    assert set(script.outputs) == {"show running-config"}
    session = FakeSession(script)
    assert session.send_command("show running-config") == script.outputs["show running-config"]
    assert session.send_command("show clock") == INVALID_INPUT + "\n"
    assert script.journal.commands == ["show running-config", "show clock"]


def test_a_rejected_config_line_raises_only_with_an_error_pattern() -> None:
    script = load_script(DEVICES / "fs01-rtr01")
    script.reject = frozenset({"ntp server 10.9.9.9"})
    session = FakeSession(script)
    lines = ["ntp server 10.0.76.10", "ntp server 10.9.9.9", "ntp server 10.0.76.11"]
    output = session.send_config_set(lines)  # netmiko's trap: nothing detected
    assert INVALID_INPUT in output and "10.0.76.11" in output
    with pytest.raises(ConfigInvalidException) as raised:
        session.send_config_set(lines, error_pattern=r"% Invalid input")
    assert "ntp server 10.0.76.11" not in script.journal.commands[3:]  # stopped at the error
    error = classify(raised.value, host="fs01-rtr01", address="127.10.21.1")
    assert isinstance(error, CommandRejected) and not error.transient
    assert "ntp server 10.9.9.9" in str(error)


def test_the_fake_never_leaves_a_netmiko_log_filter() -> None:
    from tasks.get_running_config import get_running_config

    before = len(netmiko.base_connection.log.filters)
    fleet = fake_fleet(["fs01-rtr01", "pd1-vg01", "fs01-vg01"])
    fleet.nornir.run(task=get_running_config, settings=SETTINGS, options=fleet.options)
    assert len(netmiko.base_connection.log.filters) == before
