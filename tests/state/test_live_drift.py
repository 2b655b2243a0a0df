"""``citynet drift`` against a lab voice gateway on a free 127.77.63.x port: its live voice
state is read on the backup's session, and a dial-peer down is a finding in every format."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from citynet.lab.device import LabDevice, LabLogin
from citynet.lab.server import Lab
from tests.push.conftest import point_inventory
from tests.support import CliResult, CliRunner

pytest.importorskip("genie")
pytest.importorskip("ttp")

GATEWAY = "fs01-vg01"
USERNAME, PASSWORD, SECRET = "admin", "lab-password", "lab-enable"
ENV = {
    "CITYNET_USERNAME": USERNAME,
    "CITYNET_PASSWORD": PASSWORD,
    "CITYNET_ENABLE_SECRET": SECRET,
}


def free_port(address: str) -> int:
    with socket.socket() as probe:
        probe.bind((address, 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def lab(workspace_copy: Path) -> Iterator[Lab]:
    """The gateway running its golden config in the lab; the workspace points at it."""
    root = workspace_copy
    golden = (root / "golden_configs" / f"{GATEWAY}.cfg").read_text()
    address = "127.77.63.1"
    device = LabDevice(
        GATEWAY,
        address,
        free_port(address),
        golden,
        credentials=LabLogin(USERNAME, PASSWORD, SECRET, 15),
    )
    lab = Lab([device])
    lab.start(timeout=60)
    try:
        (root / "state").mkdir(exist_ok=True)
        lab.register_host_keys(root / "state" / "known_hosts")
        point_inventory(root, lab.endpoints())
        yield lab
    finally:
        lab.stop()


def drift(cli: CliRunner, root: Path, *args: str) -> CliResult:
    result = cli("drift", "--host", GATEWAY, *args, env={**ENV, "HOME": str(root)}, cwd=root)
    assert "Traceback" not in result.out + result.err, result.err
    return result


def device(result: CliResult) -> dict[str, object]:
    data = json.loads(result.out)
    (only,) = data["devices"]
    assert isinstance(only, dict)
    return only


def test_a_healthy_voice_gateway_has_no_voice_state_finding(
    lab: Lab, workspace_copy: Path, cli: CliRunner
) -> None:
    result = drift(cli, workspace_copy, "--format", "json")
    assert result.code == 0, result.out + result.err
    data = json.loads(result.out)
    assert data["voice_state"] == []
    assert device(result)["status"] == "compliant" and "voice_state" not in device(result)


def test_a_dial_peer_down_is_a_finding_in_every_format(
    lab: Lab, workspace_copy: Path, cli: CliRunner
) -> None:
    lab.set_fault(GATEWAY, voice_down=r"^dial-peer 200$")
    message = "dial-peer 200 is admin up but oper down"
    result = drift(cli, workspace_copy, "--format", "json")
    assert result.code == 3, result.out + result.err
    assert json.loads(result.out)["voice_state"] == [GATEWAY]
    got = device(result)
    assert got["status"] == "compliant"  # the config is right; the state is not
    assert got["voice_state"] == [
        {
            "feature": "dial-peers",
            "item": "dial-peer 200",
            "before": "oper up",
            "after": "oper down",
            "message": message,
        }
    ]
    table = drift(cli, workspace_copy)
    assert table.code == 3
    assert f"voice state (live, voice gateways):\n  {GATEWAY}: {message}\n" in table.out
    markdown = drift(cli, workspace_copy, "--format", "markdown")
    assert markdown.code == 3 and f"- `{GATEWAY}`: {message}\n" in markdown.out
    junit = drift(cli, workspace_copy, "--format", "junit")
    assert junit.code == 3
    assert 'failure message="voice state: 1 problem(s)"' in junit.out
    assert f"voice state: {message}" in junit.out
    page = drift(cli, workspace_copy, "--format", "html")
    assert page.code == 3
    assert "id='count-voice-state'><b>1</b>" in page.out
    assert f"<ul class='voice-state'><li>{message}</li></ul>" in page.out
    # from the backup just taken there is no live state: nothing is said about it
    offline = drift(cli, workspace_copy, "--offline", "--format", "json")
    assert offline.code == 0, offline.out + offline.err
    assert json.loads(offline.out)["voice_state"] == [] and "voice_state" not in device(offline)
