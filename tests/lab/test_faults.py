"""Faults injected into lab devices, seen through real netmiko sessions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import (
    ConfigInvalidException,
    NetmikoAuthenticationException,
    ReadTimeout,
)

from citynet.lab.server import Lab, LabError
from tests.lab.conftest import make_device, netmiko_params

ERRORS = r"% Invalid|% Incomplete"


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[tuple[Lab, Path]]:
    lab = Lab([make_device("flt1", "127.77.4.1")])
    lab.start(timeout=30)
    hosts = tmp_path / "known_hosts"
    lab.register_host_keys(hosts)
    yield lab, hosts
    lab.stop()


def test_refuse_auth(lab: tuple[Lab, Path]) -> None:
    the_lab, hosts = lab
    the_lab.set_fault("flt1", refuse_auth=True)
    with pytest.raises(NetmikoAuthenticationException):
        ConnectHandler(**netmiko_params(the_lab.device("flt1"), hosts))


def test_reject_pattern(lab: tuple[Lab, Path]) -> None:
    the_lab, hosts = lab
    the_lab.set_fault("flt1", reject_pattern=r"^ntp server")
    with (
        ConnectHandler(**netmiko_params(the_lab.device("flt1"), hosts)) as conn,
        pytest.raises(ConfigInvalidException),
    ):
        conn.send_config_set(["ntp server 10.9.9.9"], error_pattern=ERRORS)
    assert "ntp server 10.9.9.9" not in the_lab.device("flt1").running_text()


def test_drop_after_config_lines(lab: tuple[Lab, Path]) -> None:
    the_lab, hosts = lab
    the_lab.set_fault("flt1", drop_after_config_lines=2)
    params = netmiko_params(the_lab.device("flt1"), hosts, read_timeout_override=None)
    conn = ConnectHandler(**params)
    try:
        with pytest.raises((OSError, EOFError, ReadTimeout)):
            conn.send_config_set(
                ["interface Loopback20", "description half", "description never"],
                error_pattern=ERRORS,
                read_timeout=2,
            )
    finally:
        conn.disconnect()
    running = the_lab.device("flt1").running_text()
    assert "interface Loopback20" in running
    assert "description half" not in running


def test_delay_still_answers(lab: tuple[Lab, Path]) -> None:
    the_lab, hosts = lab
    the_lab.set_fault("flt1", delay=0.05)
    with ConnectHandler(**netmiko_params(the_lab.device("flt1"), hosts)) as conn:
        assert conn.send_command("show run | include ^hostname") == "hostname flt1"
    the_lab.clear_faults("flt1")
    assert the_lab.device("flt1").faults.active() == {}


def test_hang(lab: tuple[Lab, Path]) -> None:
    the_lab, hosts = lab
    params = netmiko_params(the_lab.device("flt1"), hosts, read_timeout_override=None)
    conn = ConnectHandler(**params)
    try:
        the_lab.set_fault("flt1", hang=True)
        with pytest.raises(ReadTimeout):
            conn.send_command("show version", read_timeout=1, auto_find_prompt=False)
    finally:
        the_lab.clear_faults("flt1")
        conn.disconnect()


def test_changed_host_key_is_refused(lab: tuple[Lab, Path]) -> None:
    the_lab, hosts = lab
    device = the_lab.device("flt1")
    old_key = device.ensure_host_key().export_public_key()
    the_lab.set_fault("flt1", change_host_key=True)
    assert device.ensure_host_key().export_public_key() != old_key
    with pytest.raises(Exception, match=r"(?i)host key|not found in known_hosts|mismatch"):
        ConnectHandler(**netmiko_params(device, hosts))
    the_lab.register_host_keys(hosts)
    with ConnectHandler(**netmiko_params(device, hosts)) as conn:
        assert conn.find_prompt() == "flt1#"


def test_unknown_fault_is_an_error(lab: tuple[Lab, Path]) -> None:
    the_lab, _ = lab
    with pytest.raises(LabError):
        the_lab.set_fault("flt1", explode=True)


def test_non_loopback_address_is_refused() -> None:
    with pytest.raises(LabError, match=r"outside 127\.0\.0\.0/8"):
        Lab([make_device("bad", "192.0.2.1")])
