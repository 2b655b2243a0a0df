"""Shared fixtures for the lab tests: devices on 127.77.x.y, known_hosts, client settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from citynet.lab.device import LabDevice, LabLogin
from citynet.lab.server import Lab

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
USERNAME, PASSWORD, SECRET = "admin", "lab-password", "lab-enable"


def switch_config(hostname: str = "sw1") -> str:
    """The fixture switch configuration with another hostname."""
    text = (FIXTURES / "sw1.cfg").read_text(encoding="utf-8")
    return text.replace("hostname sw1", f"hostname {hostname}")


def make_device(name: str, address: str, *, privilege: int = 15, **kwargs: Any) -> LabDevice:
    """A lab device on ``address`` with a free port and the test credentials."""
    creds = LabLogin(USERNAME, PASSWORD, SECRET, privilege)
    config = kwargs.pop("config", None) or switch_config(name)
    return LabDevice(name, address, 0, config, credentials=creds, **kwargs)


@pytest.fixture
def known_hosts(tmp_path: Path) -> Path:
    """A fresh known_hosts path."""
    return tmp_path / "known_hosts"


def netmiko_params(device: LabDevice, known_hosts: Path, **extra: Any) -> dict[str, Any]:
    """netmiko ConnectHandler arguments for a lab device, verifying its host key."""
    params: dict[str, Any] = {
        "device_type": "cisco_ios",
        "host": device.address,
        "port": device.port,
        "username": USERNAME,
        "password": PASSWORD,
        "secret": SECRET,
        "ssh_strict": True,
        "system_host_keys": False,
        "alt_host_keys": True,
        "alt_key_file": str(known_hosts),
        "conn_timeout": 10,
        "auth_timeout": 10,
        "banner_timeout": 10,
        "read_timeout_override": 20,
    }
    params.update(extra)
    return params


@pytest.fixture
def running_lab(known_hosts: Path) -> Iterator[Any]:
    """Start a lab from a list of devices, register its keys, stop it afterwards."""
    labs: list[Lab] = []

    def start(devices: list[LabDevice], state_dir: Path | None = None) -> Lab:
        lab = Lab(devices, state_dir)
        lab.start(timeout=30)
        labs.append(lab)
        lab.register_host_keys(known_hosts)
        return lab

    yield start
    for lab in labs:
        lab.stop()
