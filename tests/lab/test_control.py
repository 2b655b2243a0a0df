"""The background lab process: plan, start, status, faults, stop."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException

from citynet.lab import control
from citynet.lab.server import LabError
from citynet.lab.specs import DeviceSpec
from tests.lab.conftest import PASSWORD, PROJECT_ROOT, SECRET, USERNAME, switch_config

ENV = {
    **os.environ,
    "CITYNET_USERNAME": USERNAME,
    "CITYNET_PASSWORD": PASSWORD,
    "CITYNET_ENABLE_SECRET": SECRET,
    "PYTHONPATH": str(PROJECT_ROOT),
}


@pytest.fixture
def state(tmp_path: Path) -> Iterator[Path]:
    state_dir = tmp_path / "lab"
    yield state_dir
    control.stop_background(state_dir)


def params(address: str, port: int, hosts: Path) -> dict[str, object]:
    return {
        "device_type": "cisco_xe",
        "host": address,
        "port": port,
        "username": USERNAME,
        "password": PASSWORD,
        "secret": SECRET,
        "ssh_strict": True,
        "system_host_keys": False,
        "alt_host_keys": True,
        "alt_key_file": str(hosts),
        "conn_timeout": 10,
        "auth_timeout": 10,
        "banner_timeout": 10,
    }


def test_credentials_come_from_the_environment() -> None:
    with pytest.raises(LabError, match="CITYNET_PASSWORD"):
        control.credentials_from_env({"CITYNET_USERNAME": "x"})
    creds = control.credentials_from_env({"CITYNET_USERNAME": "u", "CITYNET_PASSWORD": "p"})
    assert creds.enable_secret == "p"


def test_background_lab_lifecycle(state: Path, tmp_path: Path) -> None:
    hosts = tmp_path / "known_hosts"
    specs = [
        DeviceSpec("bg1", "127.77.6.1", switch_config("bg1"), port=0),
        DeviceSpec("bg2", "127.77.6.2", switch_config("bg2"), port=0, model="ISR4331/K9"),
    ]
    control.write_plan(state, specs, known_hosts=hosts, drift=1, drift_seed=3)
    info = control.start_background(state, env=ENV, timeout=60)
    assert set(info["devices"]) == {"bg1", "bg2"}
    assert "PASSWORD" not in (state / control.PLAN_FILE).read_text()
    drifted = json.loads((state / control.DRIFT_FILE).read_text())
    assert len(drifted) == 1
    address, port = info["devices"]["bg1"]
    with ConnectHandler(**params(address, port, hosts)) as conn:
        assert conn.find_prompt() == "bg1#"
        conn.send_config_set(["interface Loopback77", "description kept"])
    address2, port2 = info["devices"]["bg2"]
    with ConnectHandler(**params(address2, port2, hosts)) as conn:
        assert "Directory of bootflash:/" in conn.send_command("dir")

    control.set_faults(state, "bg1", refuse_auth=True)
    deadline = time.monotonic() + 10
    refused = False
    while time.monotonic() < deadline and not refused:
        try:
            ConnectHandler(**params(address, port, hosts)).disconnect()
            time.sleep(0.2)
        except NetmikoAuthenticationException:
            refused = True
    assert refused
    status = control.status(state)
    assert status is not None
    assert status["faults"] == {"bg1": {"refuse_auth": True}}
    control.clear_faults(state)

    before = hosts.read_text()
    control.set_faults(state, "bg2", change_host_key=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and hosts.read_text() == before:
        time.sleep(0.1)
    assert hosts.read_text() != before
    with ConnectHandler(**params(address2, port2, hosts)) as conn:
        assert conn.find_prompt() == "bg2#"

    assert control.stop_background(state)
    assert control.status(state) is None
    saved = (state / "devices" / "bg1" / "state.json").read_text()
    assert "description kept" in saved


def test_unknown_fault_name(state: Path) -> None:
    with pytest.raises(LabError, match="unknown fault"):
        control.set_faults(state, "bg1", melt=True)
