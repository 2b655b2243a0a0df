"""A lab voice gateway shows every port of its installed modules, as a real ISR does.

The City's voice gateways configure every port of their modules; a gateway given a
second FXS module and a four-port T1/E1 module (the inventory's ``modules``) shows their
unconfigured voice ports and T1 controllers too, and the default clock source inside the
controllers its golden config configures. Read over SSH with netmiko, its drift against
the golden config is empty; an edit on a port it does not configure is drift removed
line by line, never with ``no voice-port`` or ``no controller``.
"""

from __future__ import annotations

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
from citynet.lab.specs import device_from_spec, specs_from_hosts
from tests.lab.conftest import PASSWORD, PROJECT_ROOT, SECRET, USERNAME, netmiko_params

HOST, ADDRESS = "ch-vg01", "127.77.10.1"  # ISR4431: a NIM-2MFT-T1/E1 in 0/2, both ports used
MODULES = (("0/1", "NIM-4FXSP"), ("0/2", "NIM-4MFT-T1/E1"), ("0/4", "PVDM4-128"))
UNCONFIGURED = [
    "voice-port 0/1/0", "voice-port 0/1/1", "voice-port 0/1/2", "voice-port 0/1/3",
    "controller T1 0/2/2", "controller T1 0/2/3",
]  # fmt: skip


def _read(device: LabDevice, known_hosts: Path) -> str:
    params = netmiko_params(device, known_hosts, device_type="cisco_xe")
    with ConnectHandler(**params) as conn:
        conn.enable()
        text = str(conn.send_command("show running-config", read_timeout=60))
    return redact_config(text, "cisco_iosxe")


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> tuple[HostView, str, str]:
    """The gateway's view, golden config and running config as a backup reads it."""
    tmp = tmp_path_factory.mktemp("module-ports")
    view = load_inventory(PROJECT_ROOT / "inventory").views[HOST]
    golden = (PROJECT_ROOT / "golden_configs" / f"{HOST}.cfg").read_text()
    (spec,) = specs_from_hosts([view], {HOST: golden})
    assert dict(spec.modules) == {"0/2": "NIM-2MFT-T1/E1", "0/4": "PVDM4-128"}
    spec = replace(spec, address=ADDRESS, modules=MODULES)
    device = device_from_spec(spec, LabLogin(USERNAME, PASSWORD, SECRET, 15), port=0)
    lab = Lab([device], tmp / "state")
    lab.start(timeout=30)
    try:
        lab.register_host_keys(tmp / "known_hosts")
        running = _read(device, tmp / "known_hosts")
    finally:
        lab.stop()
    return view, golden, running


def _section(text: str, header: str) -> list[str]:
    lines = text.splitlines()
    body = []
    for line in lines[lines.index(header) + 1 :]:
        if not line.startswith(" "):
            break
        body.append(line.strip())
    return body


def test_the_gateway_shows_every_port_of_its_modules(gateway: tuple[HostView, str, str]) -> None:
    _, golden, running = gateway
    for header in UNCONFIGURED:
        assert header not in golden.splitlines()
        assert header in running.splitlines(), header
    assert _section(running, "voice-port 0/1/2") == []
    assert _section(running, "controller T1 0/2/3") == [
        "framing esf", "clock source line", "linecode b8zs", "cablelength long 0db",
    ]  # fmt: skip
    configured = _section(running, "controller T1 0/2/0")
    assert "clock source line" in configured and "pri-group timeslots 1-24" in configured


def test_drift_of_the_gateway_is_empty(gateway: tuple[HostView, str, str]) -> None:
    view, golden, running = gateway
    assert view.platform is not None
    drift = assess(
        HOST,
        view.site,
        str(view.role),
        view.platform,
        running,
        golden,
        management_address=view.data.get("mgmt_ip"),
        model=view.model,
    )
    assert drift.status is DriftStatus.COMPLIANT, drift.result and drift.result.changes
    assert drift.result is not None
    assert drift.result.remediation == [] and drift.result.rollback == []
    owned = {" > ".join([*o.path, o.line]) for o in drift.result.device_owned}
    assert set(UNCONFIGURED) <= owned
    assert "controller T1 0/2/0 > clock source line" in owned


def test_drift_never_removes_a_module_port(gateway: tuple[HostView, str, str]) -> None:
    _, golden, running = gateway
    edited = running.replace(
        "voice-port 0/1/2\n", "voice-port 0/1/2\n description Lobby phone\n", 1
    ).replace("controller T1 0/2/3\n", "controller T1 0/2/3\n description spare\n", 1)
    assert edited.count("description Lobby phone") == 1 and edited.count("description spare") == 1
    result = diff_configs(edited, golden, platform="cisco_iosxe", model="ISR4431/K9")
    assert result.remediation == [
        "voice-port 0/1/2", " no description Lobby phone",
        "controller T1 0/2/3", " no description spare",
    ]  # fmt: skip
    for line in (*result.remediation, *result.rollback):
        assert not line.startswith(("no voice-port", "no controller", "default voice-port"))
