"""Fake City devices for tests of the device path: no socket is ever opened.

The devices are the folders of ``tests/fixtures/device/`` (see
:mod:`citynet.device.fake`), on their City inventory addresses, with
``tests/fixtures/device/known_hosts`` as the project's known_hosts.
"""

from __future__ import annotations

import functools
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from citynet.device.credentials import Credentials
from citynet.device.fake import DeviceScript, fake_options, load_scripts
from citynet.device.fleet import make_nornir
from citynet.device.options import ConnectionOptions
from citynet.inventory.loader import load_inventory
from citynet.inventory.model import Inventory
from citynet.workspace import Settings
from tests.support import FIXTURES, PROJECT

DEVICES = FIXTURES / "device"
KNOWN_HOSTS = DEVICES / "known_hosts"
CREDENTIALS = Credentials("netops", "Fixture-Passw0rd", "Fixture-Enable-S3cret")

HEALTHY = ["fs01-rtr01", "fs01-acc01", "pw1-acc01"]
"""Devices that answer at the first attempt."""


@functools.cache
def city() -> Inventory:
    """The City inventory (loaded once: it is never changed)."""
    return load_inventory(PROJECT / "inventory")


@dataclass
class Sleeps:
    """A stand-in for ``time.sleep`` that only records."""

    calls: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@dataclass
class FakeFleet:
    """A Nornir over fake devices, their scripts and the recorded back-off."""

    nornir: Any
    options: ConnectionOptions
    scripts: dict[str, DeviceScript]
    sleeps: Sleeps


def fake_fleet(
    hosts: Iterable[str],
    *,
    scripts: dict[str, DeviceScript] | None = None,
    known_hosts: Path = KNOWN_HOSTS,
    **options: Any,
) -> FakeFleet:
    """Nornir over ``hosts`` read through the fake (scripts from the fixtures by default)."""
    hosts = list(hosts)
    scripts = scripts if scripts is not None else load_scripts(DEVICES, hosts)
    sleeps = Sleeps()
    connection = fake_options(scripts, sleep=sleeps, **options)
    nornir = make_nornir(
        city(),
        hosts,
        workers=4,
        credentials=CREDENTIALS,
        known_hosts=known_hosts,
        options=connection,
    )
    return FakeFleet(nornir, connection, scripts, sleeps)


SETTINGS = Settings()


@pytest.fixture(autouse=True)
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that tries to open a network connection."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a test of the device path tried to open a socket: {args[1:]}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
