"""NAPALM ``ios`` driver life cycle against lab devices (SCP, archive, configure replace)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from napalm import get_network_driver

from citynet.lab.device import LabDevice
from citynet.lab.server import Lab
from tests.lab.conftest import PASSWORD, SECRET, USERNAME, make_device
from tests.support import corpus_files


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    devices = [
        make_device("nap1", "127.77.2.1"),
        make_device("nap2", "127.77.2.2", seconds_per_minute=0.3),
        make_device("nap3", "127.77.2.3"),
        make_device("nap4", "127.77.2.4"),
    ]
    lab = Lab(devices)
    lab.start(timeout=30)
    yield lab
    lab.stop()


def driver(device: LabDevice) -> Any:
    cls = get_network_driver("ios")
    return cls(
        device.address,
        USERNAME,
        PASSWORD,
        timeout=20,
        optional_args={"port": device.port, "secret": SECRET, "conn_timeout": 10},
    )


def wait_for(condition: Any, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_getters(lab: Lab) -> None:
    device = lab.device("nap1")
    napalm = driver(device)
    napalm.open()
    try:
        facts = napalm.get_facts()
        interfaces = napalm.get_interfaces()
        config = napalm.get_config()
    finally:
        napalm.close()
    assert facts["hostname"] == "nap1"
    assert facts["fqdn"] == "nap1.city.example"
    assert facts["model"] == "C9300-48P"
    assert facts["serial_number"] == device.facts.serial
    assert "Loopback0" in facts["interface_list"]
    assert interfaces["GigabitEthernet1/0/1"]["description"] == "uplink to r1"
    assert interfaces["GigabitEthernet1/0/3"]["is_enabled"] is False
    assert interfaces["GigabitEthernet1/0/1"]["speed"] == 1000.0
    assert "hostname nap1" in config["running"]
    assert config["startup"].strip().endswith("end")


def test_replace_commit_confirm_and_rollback(lab: Lab) -> None:
    device = lab.device("nap1")
    napalm = driver(device)
    napalm.open()
    try:
        running = napalm.get_config()["running"]
        candidate = running.replace("description user port", "description replaced port")
        napalm.load_replace_candidate(config=candidate)
        diff = napalm.compare_config()
        assert diff.splitlines() == [
            "interface GigabitEthernet1/0/2",
            " +description replaced port",
            "interface GigabitEthernet1/0/2",
            " -description user port",
        ]
        napalm.commit_config(revert_in=60)
        assert napalm.has_pending_commit()
        napalm.confirm_commit()
        assert not napalm.has_pending_commit()
        assert "description replaced port" in device.running_text()
        assert device.startup_text == device.running_text()
        napalm.rollback()
    finally:
        napalm.close()
    assert "description user port" in device.running_text()
    assert "description replaced port" not in device.running_text()


def test_merge_compare_commit_and_discard(lab: Lab) -> None:
    device = lab.device("nap3")
    napalm = driver(device)
    napalm.open()
    try:
        napalm.load_merge_candidate(config="interface Loopback9\n description merged\n")
        diff = napalm.compare_config()
        assert diff.splitlines() == ["+interface Loopback9", "+ description merged"]
        napalm.commit_config()
        assert "description merged" in device.running_text()
        assert device.startup_text == device.running_text()
        napalm.load_merge_candidate(config="interface Loopback10\n description dropped\n")
        napalm.discard_config()
        assert napalm.compare_config() == ""
        napalm.rollback()
    finally:
        napalm.close()
    assert "Loopback9" not in device.running_text()
    assert "Loopback10" not in device.running_text()


def test_replace_with_invalid_line_is_refused(lab: Lab) -> None:
    device = lab.device("nap4")
    before = device.running_text()
    napalm = driver(device)
    napalm.open()
    try:
        candidate = before.replace("hostname nap4", "hostname nap4\nthis is not ios")
        napalm.load_replace_candidate(config=candidate)
        with pytest.raises(Exception, match="could not be applied"):
            napalm.commit_config()
    finally:
        napalm.close()
    assert device.running_text() == before


def test_revert_timer_fires(lab: Lab) -> None:
    device = lab.device("nap2")
    napalm = driver(device)
    napalm.open()
    try:
        napalm.load_merge_candidate(config="interface Loopback11\n description temporary\n")
        napalm.commit_config(revert_in=60)
        assert "Loopback11" in device.running_text()
        assert wait_for(lambda: "Loopback11" not in device.running_text())
        assert not napalm.has_pending_commit()
    finally:
        napalm.close()


def test_nornir_napalm_per_host_ports(lab: Lab) -> None:
    from nornir.core import Nornir
    from nornir.core.inventory import (
        ConnectionOptions,
        Defaults,
        Groups,
        Host,
        Hosts,
        Inventory,
    )
    from nornir.core.plugins.connections import ConnectionPluginRegister
    from nornir_napalm.plugins.connections import CONNECTION_NAME, Napalm
    from nornir_napalm.plugins.tasks import napalm_get

    ConnectionPluginRegister.register(CONNECTION_NAME, Napalm)
    hosts = Hosts()
    for name in ("nap1", "nap3"):
        device = lab.device(name)
        options = ConnectionOptions(
            extras={"optional_args": {"port": device.port, "secret": SECRET}}
        )
        hosts[name] = Host(
            name,
            hostname=device.address,
            username=USERNAME,
            password=PASSWORD,
            platform="ios",
            connection_options={"napalm": options},
        )
    from nornir.plugins.runners import ThreadedRunner

    inventory = Inventory(hosts=hosts, groups=Groups(), defaults=Defaults())
    nr = Nornir(inventory=inventory, runner=ThreadedRunner(num_workers=2))
    try:
        result = nr.run(task=napalm_get, getters=["facts"])
    finally:
        nr.close_connections()
    assert not result.failed, {h: r.exception for h, r in result.items()}
    assert {h: r[0].result["facts"]["hostname"] for h, r in result.items()} == {
        "nap1": "nap1",
        "nap3": "nap3",
    }


_ = Path


NAPALM_CONFIGS = sorted(
    {
        p.read_text(encoding="utf-8"): p
        for p in corpus_files("napalm/test/ios", "**/show_running*config.txt")
    }.values()
)
NEEDED = "ip scp server enable\narchive\n path flash:archive\n"


def _body(text: str) -> list[str]:
    skip = ("Building configuration", "Current configuration")
    return [
        line.rstrip()
        for line in text.splitlines()
        if line.strip()
        and not line.strip().startswith("!")
        and line.strip() != "end"
        and not line.startswith(skip)
    ]


@pytest.mark.skipif(not NAPALM_CONFIGS, reason="../shared/corpus is not available")
def test_napalm_corpus_configs_replace_and_round_trip(lab: Lab) -> None:
    device = lab.device("nap4")
    napalm = driver(device)
    napalm.open()
    try:
        for path in NAPALM_CONFIGS:
            text = path.read_text(encoding="utf-8")
            candidate = text.replace("\nend", "\n" + NEEDED + "end")
            napalm.load_replace_candidate(config=candidate)
            napalm.commit_config()
            running = napalm.get_config()["running"]
            assert _body(running) == _body(candidate), path
    finally:
        napalm.close()


def test_more_getters(lab: Lab) -> None:
    napalm = driver(lab.device("nap1"))
    napalm.open()
    try:
        addresses = napalm.get_interfaces_ip()
        vlans = napalm.get_vlans()
        users = napalm.get_users()
        environment = napalm.get_environment()
        bgp = napalm.get_bgp_neighbors()
    finally:
        napalm.close()
    assert addresses["Vlan10"]["ipv4"]["10.10.0.1"]["prefix_length"] == 24
    assert vlans["10"]["name"] == "DATA"
    assert users["admin"]["level"] == 15
    assert environment["cpu"][0]["%usage"] == 2.0
    assert bgp == {}
