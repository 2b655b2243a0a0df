"""NAPALM replace under the device's revert timer, against the lab, and what it refuses."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from citynet.device.credentials import Credentials
from citynet.device.options import ConnectionOptions
from citynet.errors import PushError
from citynet.lab.device import LabDevice
from citynet.lab.server import Lab
from citynet.push import replace as replace_module
from citynet.push.replace import (
    ReplaceState,
    ReplaceTarget,
    candidate_problem,
    replace_device,
)
from tests.lab.conftest import PASSWORD, SECRET, USERNAME, make_device
from tests.support import PROJECT

SECRETS = {"ops_password": "Ops-Pa55word-41", "site_key": "K3y-for-the-site"}
GOLDEN = PROJECT / "golden_configs" / "adm1-acc01.cfg"


def resolver(name: str) -> str | None:
    return SECRETS.get(name)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Lab, Path]]:
    golden = GOLDEN.read_text(encoding="utf-8").replace("<redacted>", "x-lab-value")
    devices = [
        make_device("rep1", "127.77.15.1"),
        make_device("rep2", "127.77.15.2", seconds_per_minute=0.3),
        make_device("rep3", "127.77.15.3", config=golden),
    ]
    lab = Lab(devices)
    lab.start(timeout=30)
    known_hosts = tmp_path_factory.mktemp("kh") / "known_hosts"
    lab.register_host_keys(known_hosts)
    yield lab, known_hosts
    lab.stop()


def target(device: LabDevice, known_hosts: Path) -> ReplaceTarget:
    creds = Credentials(USERNAME, PASSWORD, SECRET)
    return ReplaceTarget(device.name, device.address, device.port, creds, known_hosts)


def body(device: LabDevice) -> str:
    """The running configuration without its changing header."""
    return device.running_text().split("\n!\n", 1)[1] if "\n!\n" in device.running_text() else ""


def candidate_from(device: LabDevice, old: str, new: str) -> str:
    text = device.running_text()
    assert old in text
    return text.replace(old, new)


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_replace_confirms_and_saves_with_secrets_resolved_only_on_the_device(
    lab: tuple[Lab, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    devices, known_hosts = lab
    device = devices.device("rep1")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where NAPALM would write a file

    def no_file(config: str) -> str:
        raise AssertionError("NAPALM was given the resolved text to write to a local file")

    monkeypatch.setattr("napalm.ios.ios.IOSDriver._create_tmp_file", staticmethod(no_file))
    candidate = candidate_from(
        device,
        "description user port",
        "description replaced port",
    ).replace("\nend", "\nusername ops privilege 15 secret <secret:ops_password>\nend")
    checked: list[str] = []

    def verify(host: str) -> bool:
        checked.append(host)
        return device.archive.pending is not None  # the timer runs while we verify

    result = replace_device(
        "rep1",
        candidate,
        revert_minutes=5,
        target=target(device, known_hosts),
        resolver=resolver,
        verify=verify,
    )
    assert result.state is ReplaceState.CONFIRMED, result.detail
    assert checked == ["rep1"]
    running = device.running_text()
    assert "description replaced port" in running
    assert f"username ops privilege 15 secret {SECRETS['ops_password']}" in running
    assert device.archive.pending is None
    assert device.startup_text == running
    assert "+description replaced port" in result.diff
    assert SECRETS["ops_password"] not in result.diff + result.detail
    assert "username ops privilege 15 secret" in result.diff
    for path in tmp_path.rglob("*"):
        assert SECRETS["ops_password"] not in path.read_text(errors="replace"), path


def test_failed_verification_reverts_now(lab: tuple[Lab, Path]) -> None:
    devices, known_hosts = lab
    device = devices.device("rep1")
    before = body(device)
    candidate = candidate_from(device, "hostname rep1", "hostname rep1\nsnmp-server location X")
    result = replace_device(
        "rep1",
        candidate,
        revert_minutes=5,
        target=target(device, known_hosts),
        resolver=resolver,
        verify=lambda host: False,
    )
    assert result.state is ReplaceState.ROLLED_BACK
    assert "+snmp-server location X" in result.diff
    assert body(device) == before
    assert device.archive.pending is None


def test_a_verification_that_raises_counts_as_failed(lab: tuple[Lab, Path]) -> None:
    devices, known_hosts = lab
    device = devices.device("rep1")
    before = body(device)

    def verify(host: str) -> bool:
        raise TimeoutError(f"post-check on {host} timed out")

    candidate = candidate_from(device, "hostname rep1", "hostname rep1\nsnmp-server contact Y")
    result = replace_device(
        "rep1",
        candidate,
        revert_minutes=5,
        target=target(device, known_hosts),
        resolver=resolver,
        verify=verify,
    )
    assert result.state is ReplaceState.ROLLED_BACK
    assert "post-check on rep1 timed out" in result.detail
    assert body(device) == before


def test_session_lost_before_the_confirm_leaves_the_timer_to_revert(
    lab: tuple[Lab, Path],
) -> None:
    devices, known_hosts = lab
    device = devices.device("rep2")
    before = body(device)
    drivers: list[Any] = []

    def factory(where: ReplaceTarget, options: ConnectionOptions) -> Any:
        drivers.append(replace_module._driver(where, options))
        return drivers[-1]

    def verify(host: str) -> bool:
        drivers[0].device.disconnect()  # the management path is gone
        return True

    candidate = candidate_from(device, "hostname rep2", "hostname rep2\nsnmp-server location Z")
    result = replace_device(
        "rep2",
        candidate,
        revert_minutes=1,
        target=target(device, known_hosts),
        resolver=resolver,
        verify=verify,
        driver_factory=factory,
    )
    assert result.state is ReplaceState.REVERTING
    assert "1-minute timer" in result.detail
    assert "snmp-server location Z" in device.running_text()  # not yet: the timer decides
    assert wait_for(lambda: body(device) == before), "the device's timer restored it"


def test_a_line_the_device_refuses_restores_the_old_configuration(
    lab: tuple[Lab, Path],
) -> None:
    devices, known_hosts = lab
    device = devices.device("rep1")
    before = body(device)
    candidate = candidate_from(device, "hostname rep1", "hostname rep1\nfrobnicate the router")
    called: list[str] = []
    result = replace_device(
        "rep1",
        candidate,
        revert_minutes=5,
        target=target(device, known_hosts),
        resolver=resolver,
        verify=lambda host: called.append(host) is None,
    )
    assert result.state is ReplaceState.REJECTED
    assert called == []
    assert body(device) == before


def test_the_same_configuration_commits_nothing(lab: tuple[Lab, Path]) -> None:
    devices, known_hosts = lab
    device = devices.device("rep1")
    result = replace_device(
        "rep1",
        device.running_text(),
        revert_minutes=5,
        target=target(device, known_hosts),
        resolver=resolver,
        verify=lambda host: pytest.fail("nothing to verify"),
    )
    assert result.state is ReplaceState.UNCHANGED
    assert device.archive.pending is None


def test_a_much_smaller_candidate_is_refused_after_reading_the_running_config(
    lab: tuple[Lab, Path],
) -> None:
    devices, known_hosts = lab
    device = devices.device("rep3")
    before = body(device)
    small = "hostname adm1-acc01\ninterface Vlan99\n ip address 10.0.0.1 255.255.255.0\n!\nend\n"
    with pytest.raises(PushError, match=r"rep3: refusing .* truncated or half-written"):
        replace_device(
            "rep3",
            small,
            revert_minutes=5,
            target=target(device, known_hosts),
            resolver=resolver,
            verify=lambda host: True,
        )
    assert body(device) == before
    assert device.archive.pending is None


# -- refused before any connection ------------------------------------------------


def _no_connection(where: ReplaceTarget, options: ConnectionOptions) -> Any:
    raise AssertionError("connected although the candidate was refused")


def _golden() -> str:
    return GOLDEN.read_text(encoding="utf-8")


REFUSED: list[tuple[str, str | None, str]] = [
    ("", None, "the candidate is empty"),
    ("\n\n", None, "the candidate is empty"),
    ("hostname r1\ninterface Vlan1\n ip add", None, "ends in the middle of a line"),
    ("hostname r1\ninterface Vlan1\n shutdown\n", None, 'no closing "end"'),
    ("hostname r1\nenable secret <redacted>\nend\n", None, "still holds <redacted>"),
    ("hostname r1\n!\nend\n", "golden", "truncated or half-written"),
    ("hostname r1\nkey <secret:radius_key>\nend\n", None, "no value for the secret"),
]


@pytest.mark.parametrize(("candidate", "running", "reason"), REFUSED)
def test_refused_before_connecting(candidate: str, running: str | None, reason: str) -> None:
    creds = Credentials(USERNAME, PASSWORD, SECRET)
    where = ReplaceTarget("r1", "127.77.15.9", 22, creds, Path("/nonexistent"))
    with pytest.raises(PushError) as raised:
        replace_device(
            "r1",
            candidate,
            revert_minutes=5,
            target=where,
            resolver=resolver,
            verify=lambda host: True,
            running=_golden() if running == "golden" else None,
            driver_factory=_no_connection,
        )
    assert reason in str(raised.value)


@pytest.mark.parametrize("minutes", [0, 121])
def test_revert_timer_outside_what_ios_accepts(minutes: int) -> None:
    creds = Credentials(USERNAME, PASSWORD, SECRET)
    where = ReplaceTarget("r1", "127.77.15.9", 22, creds, Path("/nonexistent"))
    with pytest.raises(PushError, match="outside what IOS accepts"):
        replace_device(
            "r1",
            "hostname r1\nend\n",
            revert_minutes=minutes,
            target=where,
            resolver=resolver,
            verify=lambda host: True,
            driver_factory=_no_connection,
        )


def test_golden_config_with_markers_is_acceptable() -> None:
    text = _golden().replace("<redacted>", "<secret:site_key>")
    assert candidate_problem(text, _golden()) is None


def test_unknown_secret_is_named_and_no_value_shown() -> None:
    with pytest.raises(PushError) as raised:
        replace_module.resolve_secrets("key <secret:site_key>\nkey <secret:nope>\n", resolver)
    assert "nope" in str(raised.value)
    assert SECRETS["site_key"] not in str(raised.value)
