"""A plain interactive SSH terminal: greeting banner, echo, paging, Ctrl-Z, exec channel."""

from __future__ import annotations

import time
from collections.abc import Iterator

import paramiko
import pytest

from citynet.lab.device import LabDevice
from citynet.lab.server import Lab
from tests.lab.conftest import PASSWORD, USERNAME, make_device


@pytest.fixture(scope="module")
def device() -> Iterator[LabDevice]:
    lab = Lab([make_device("term1", "127.77.8.1")])
    lab.start(timeout=30)
    yield lab.device("term1")
    lab.stop()


@pytest.fixture
def client(device: LabDevice) -> Iterator[paramiko.SSHClient]:
    ssh = paramiko.SSHClient()
    ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # key checks: test_netmiko
    ssh.connect(
        device.address,
        device.port,
        USERNAME,
        PASSWORD,
        timeout=10,
        look_for_keys=False,
        allow_agent=False,
    )
    yield ssh
    ssh.close()


def read_until(chan: paramiko.Channel, *endings: str, timeout: float = 10.0) -> str:
    data = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if chan.recv_ready():
            data += chan.recv(65536).decode()
            if any(data.endswith(e) for e in endings):
                return data
        else:
            time.sleep(0.01)
    raise AssertionError(f"timed out; got {data[-300:]!r}")


def test_banner_echo_paging_and_ctrl_z(client: paramiko.SSHClient, device: LabDevice) -> None:
    chan = client.invoke_shell()
    greeting = read_until(chan, "term1#")
    assert "Authorised access only" in greeting
    chan.send("show running-config\r")
    first = read_until(chan, " --More-- ")
    assert first.startswith("show running-config\r\n")
    assert first.count("\r\n") == 24
    pages = first
    while True:
        chan.send(" ")
        chunk = read_until(chan, " --More-- ", "term1#")
        pages += chunk
        if chunk.endswith("term1#"):
            break
    text = pages.replace("\x08", "").replace(" --More-- ", "").replace("          ", "")
    assert "line vty 0 4" in text
    assert text.rstrip("term1#").rstrip().endswith("end")
    chan.send("show running-config\r")
    read_until(chan, " --More-- ")
    chan.send("q")
    assert read_until(chan, "term1#")
    chan.send("conf t\r")
    read_until(chan, "term1(config)#")
    chan.send("int lo5\r")
    read_until(chan, "term1(config-if)#")
    chan.send("\x1a")
    assert read_until(chan, "term1#").startswith("^Z")
    chan.send("terminal length 0\rshow running-config\r")
    full = read_until(chan, "end\r\nterm1#")
    assert "--More--" not in full
    chan.send("exit\r")


def test_exec_channel_command(client: paramiko.SSHClient) -> None:
    _, stdout, _ = client.exec_command("show ip interface brief", timeout=10)
    assert "Loopback0" in stdout.read().decode()
