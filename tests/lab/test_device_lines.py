"""Lab devices show the lines their model writes by itself; drift against them stays empty.

City devices of each family (Catalyst 9300 access, Catalyst 9500 core, ISR4451 router,
ISR4321 voice gateway, Catalyst 2960-X) start from their golden configs the way
``citynet lab up`` starts them. Their running configs are read over SSH with netmiko and
redacted as a backup is; each shows its model's own lines (licence, redundancy,
control-plane, trustpoints, every port ...) and drift against its golden config is
empty, with nothing to remove. A real IOS-XE capture from the corpus (netutils'
CSR1000V, IOS-XE 17.1) is the golden config of a lab CSR1000V: read back, it is
compliant with zero remediation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from netmiko import ConnectHandler

from citynet.diff.assess import DriftStatus, assess
from citynet.diff.engine import diff_configs
from citynet.inventory.loader import load_inventory
from citynet.inventory.model import HostView
from citynet.ios.redact import redact_config
from citynet.lab.device import LabDevice, LabLogin
from citynet.lab.server import Lab
from citynet.lab.specs import DeviceSpec, device_from_spec, specs_from_hosts
from tests.lab.conftest import PASSWORD, PROJECT_ROOT, SECRET, USERNAME, netmiko_params
from tests.support import corpus_path

HOSTS = {
    "dc1-acc01": "127.77.9.1",  # C9300-48P
    "ch-core01": "127.77.9.2",  # C9500
    "dc1-rtr01": "127.77.9.3",  # ISR4451-X
    "fs01-vg01": "127.77.9.4",  # ISR4321
    "pw1-acc01": "127.77.9.5",  # WS-C2960X-48FPD-L
}
CAPTURE = ("netutils", "tests", "unit", "mock", "config", "parser", "base", "cisco_ios")
CSR = ("csr1", "127.77.9.6")
# Lines each device must show although its golden config does not hold them.
SHOWN = {
    "dc1-acc01": ["switch 1 provision c9300-48p", "redundancy", "interface GigabitEthernet0/0",
                   "interface TenGigabitEthernet1/1/8", "interface AppGigabitEthernet1/0/1",
                   "control-plane", "call-home", "license boot level network-advantage"],
    "ch-core01": ["vrf definition Mgmt-vrf", "interface HundredGigE1/0/28", "redundancy"],
    "dc1-rtr01": ["license udi pid ISR4451-X/K9 sn", "interface GigabitEthernet0/0/3",
                  "interface GigabitEthernet0", "line aux 0", "control-plane"],
    "fs01-vg01": ["interface GigabitEthernet0/0/0", "interface GigabitEthernet0",
                  "vrf definition Mgmt-intf", "redundancy", "ip forward-protocol nd"],
    "pw1-acc01": ["switch 1 provision ws-c2960x-48fpd-l", "interface FastEthernet0",
                  "crypto pki trustpoint TP-self-signed",
                  "vlan internal allocation policy ascending"],
}  # fmt: skip


def _shows(row: str, line: str) -> bool:
    return row == line or row.startswith((line + " ", line + "-"))


def _read(device: LabDevice, known_hosts: Path, platform: str) -> str:
    device_type = "cisco_ios" if platform == "cisco_ios" else "cisco_xe"
    with ConnectHandler(**netmiko_params(device, known_hosts, device_type=device_type)) as conn:
        conn.enable()
        text = str(conn.send_command("show running-config", read_timeout=60))
    return redact_config(text, platform)


@pytest.fixture(scope="module")
def city(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[dict[str, HostView], dict[str, str], dict[str, str]]]:
    """The devices' golden configs and their running configs as a backup reads them."""
    tmp = tmp_path_factory.mktemp("device-lines")
    inventory = load_inventory(PROJECT_ROOT / "inventory")
    views = {h: inventory.views[h] for h in HOSTS}
    golden = {h: (PROJECT_ROOT / "golden_configs" / f"{h}.cfg").read_text() for h in HOSTS}
    specs = specs_from_hosts(list(views.values()), golden)
    creds = LabLogin(USERNAME, PASSWORD, SECRET, 15)
    devices = [device_from_spec(replace(s, address=HOSTS[s.name]), creds, port=0) for s in specs]
    lab = Lab(devices, tmp / "state")
    lab.start(timeout=30)
    try:
        lab.register_host_keys(tmp / "known_hosts")
        running = {
            d.name: _read(d, tmp / "known_hosts", str(views[d.name].platform)) for d in devices
        }
    finally:
        lab.stop()
    yield views, golden, running


@pytest.mark.parametrize("host", HOSTS)
def test_a_lab_device_shows_its_models_own_lines(
    city: tuple[dict[str, HostView], dict[str, str], dict[str, str]], host: str
) -> None:
    _, golden, running = city
    own = [
        line for line in SHOWN[host]
        if not any(_shows(row, line) for row in golden[host].splitlines())
    ]
    assert len(own) >= len(SHOWN[host]) - 1  # a golden config may set one itself (CoPP)
    for line in own:
        assert any(_shows(row, line) for row in running[host].splitlines()), line


@pytest.mark.parametrize("host", HOSTS)
def test_drift_of_a_lab_device_showing_its_own_lines_is_empty(
    city: tuple[dict[str, HostView], dict[str, str], dict[str, str]], host: str
) -> None:
    views, golden, running = city
    view = views[host]
    assert view.platform is not None
    drift = assess(
        host,
        view.site,
        str(view.role),
        view.platform,
        running[host],
        golden[host],
        management_address=view.data.get("mgmt_ip"),
        model=view.model,
    )
    assert drift.status is DriftStatus.COMPLIANT, drift.result and drift.result.changes
    assert drift.result is not None
    assert drift.result.remediation == [] and drift.result.rollback == []
    assert len(drift.result.device_owned) >= len(SHOWN[host])


def test_drift_still_finds_a_real_change_beside_the_devices_own_lines(
    city: tuple[dict[str, HostView], dict[str, str], dict[str, str]],
) -> None:
    _, golden, running = city
    edited = running["fs01-vg01"].replace("ntp server 10.0.76.10 key 1\n", "")
    result = diff_configs(edited, golden["fs01-vg01"], platform="cisco_iosxe", model="ISR4321/K9")
    assert result.remediation == ["ntp server 10.0.76.10 key 1"]
    assert [f.name for f in result.features if not f.compliant] == ["ntp"]


def test_a_real_iosxe_capture_read_back_from_the_lab_is_compliant(tmp_path: Path) -> None:
    capture = (corpus_path(*CAPTURE) / "ios_full_sent.txt").read_text()
    spec = DeviceSpec(CSR[0], CSR[1], capture, model="CSR1000V", serial="9SAGBHTUEE9")
    device = device_from_spec(spec, LabLogin(USERNAME, PASSWORD, SECRET, 15), port=0)
    lab = Lab([device], tmp_path / "state")
    lab.start(timeout=30)
    try:
        lab.register_host_keys(tmp_path / "known_hosts")
        running = _read(device, tmp_path / "known_hosts", "cisco_iosxe")
    finally:
        lab.stop()
    assert "interface GigabitEthernet9" in running and "cdp run" in running
    result = diff_configs(running, capture, platform="cisco_iosxe", model="CSR1000V")
    assert result.compliant, result.changes
    assert result.remediation == [] and result.rollback == []
    # What the capture already holds is compared, not left alone as the device's own.
    assert result.device_owned == []
