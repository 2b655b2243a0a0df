"""The lab's running-config header tells unsaved changes as IOS does; drift reads it live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from netmiko import ConnectHandler

from citynet.ios.saved import unsaved_changes
from citynet.lab.server import Lab
from tests.lab.conftest import make_device, netmiko_params


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Lab, Path]]:
    lab = Lab([make_device("sav1", "127.77.16.1")])
    lab.start(timeout=30)
    known_hosts = tmp_path_factory.mktemp("kh") / "known_hosts"
    lab.register_host_keys(known_hosts)
    yield lab, known_hosts
    lab.stop()


def test_a_change_is_unsaved_until_write_memory(lab: tuple[Lab, Path]) -> None:
    devices, known_hosts = lab
    device = devices.device("sav1")
    with ConnectHandler(**netmiko_params(device, known_hosts)) as conn:
        conn.enable()
        fresh = conn.send_command("show running-config")
        conn.send_config_set(["snmp-server location unsaved-test"])
        changed = conn.send_command("show running-config")
        conn.save_config()
        saved = conn.send_command("show running-config")
        conn.send_config_set(["no snmp-server location unsaved-test"])
        again = conn.send_command("show running-config")
        conn.send_config_set(["snmp-server location unsaved-test"])
        back = conn.send_command("show running-config")
    assert "! NVRAM config last updated at " in fresh
    assert unsaved_changes(fresh) is None
    found = unsaved_changes(changed)
    assert found is not None and found.startswith("changed at ") and "by admin" in found
    assert unsaved_changes(saved) is None
    assert unsaved_changes(again) is not None
    assert unsaved_changes(back) is None  # back to what startup holds: nothing to lose
