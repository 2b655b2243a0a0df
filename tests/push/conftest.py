"""A City workspace whose devices run in the lab: drifted backups, a plan, approvals, push.

Devices listen on 127.77.50.x (free ports); their inventory entries are rewritten
to point there. A device "minute" lasts ``MINUTE`` seconds, on the lab's revert
timers and in the push's waits alike (``CITYNET_DEVICE_MINUTE``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from citynet.changes.store import ChangeStore
from citynet.lab.device import LabDevice, LabLogin
from citynet.lab.faults import Faults
from citynet.lab.server import Lab
from tests.changes.conftest import (
    Person,
    db_url,
    make_workspace,
    people,
    policy_text,
    postgres,
    seed_backups,
)
from tests.support import FIXTURES, CliResult, CliRunner

__all__ = ["db_url", "people", "postgres"]

USERNAME, PASSWORD, SECRET = "admin", "lab-password", "lab-enable"
MINUTE = 3.0
POLICY = FIXTURES / "push" / "policy.yaml"
ALWAYS = '{days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "12:00"}'
ALWAYS += '\n      - {days: [mon, tue, wed, thu, fri, sat, sun], start: "12:00", end: "00:00"}'
LIB = ("lib1-acc01", "lib1-acc02", "lib2-acc01", "lib2-acc02")
PORT = "interface GigabitEthernet1/0/5\n description User port\n"


def drift_port(name: str) -> Callable[[str], str]:
    """A hand-made change of one port description, as ``drift_lib`` for other hosts."""

    def edit(text: str) -> str:
        assert PORT in text, name
        return text.replace(PORT, PORT.replace("User port", f"Moved {name}"), 1)

    return edit


def ten_line_drift(text: str) -> str:
    """Ten port descriptions changed by hand: a plan of ten lines."""
    for port in range(5, 10):
        old = f"interface GigabitEthernet1/0/{port}\n description User port\n"
        assert old in text, port
        text = text.replace(old, old.replace("User port", f"Hand edit {port}"), 1)
    return text


@dataclass
class Rig:
    """The workspace, its lab, its people and how to run citynet on it."""

    root: Path
    lab: Lab
    people: dict[str, Person]
    cli: CliRunner
    env: dict[str, str] = field(default_factory=dict)
    hosts: tuple[str, ...] = ()

    def run(self, *args: str, who: str | None = None) -> CliResult:
        key = ["--key", str(self.people[who].key)] if who else []
        result = self.cli(*args, *key, env=self.env, cwd=self.root)
        assert "Traceback" not in result.out + result.err, result.err
        return result

    def plan(self, *filters: str) -> int:
        filters = filters or tuple(a for h in self.hosts for a in ("--host", h))
        result = self.run(
            "change", "plan", *filters, "--from", "drift", "--title", "Fix", who="alice"
        )
        assert result.code == 3, result.err
        return int(re.search(r"change (\d+) planned", result.out).group(1))  # type: ignore[union-attr]

    def approve(self, change: int, *who: str) -> None:
        for name in who or ("bob",):
            result = self.run("change", "approve", str(change), who=name)
            assert result.code == 0, result.err

    def apply(
        self, change: int, *options: str, who: str = "alice"
    ) -> tuple[CliResult, dict[str, Any]]:
        result = self.run(
            "change",
            "apply",
            str(change),
            "--confirm-timeout",
            "2",
            "--format",
            "json",
            *options,
            who=who,
        )
        data = json.loads(result.out) if result.out.startswith("{") else {}
        return result, data

    def store(self) -> ChangeStore:
        return ChangeStore.open(f"sqlite:///{self.root / 'state' / 'citynet.db'}")

    def running(self, host: str) -> str:
        return self.lab.device(host).running_text()

    def golden(self, host: str) -> str:
        return (self.root / "golden_configs" / f"{host}.cfg").read_text()


def states(data: dict[str, Any]) -> dict[str, str]:
    return {d["host"]: d["state"] for d in data["devices"]}


def point_inventory(root: Path, endpoints: dict[str, tuple[str, int]]) -> None:
    """Rewrite the hosts' management addresses to their lab endpoints."""
    path = root / "inventory" / "hosts.yaml"
    text = path.read_text()
    for host, (address, port) in endpoints.items():
        pattern = re.compile(rf"^({re.escape(host)}:\n  hostname: )\S+\n", re.M)
        text, count = pattern.subn(rf"\g<1>{address}\n  port: {port}\n", text)
        assert count == 1, host
    path.write_text(text)


@pytest.fixture
def make_rig(
    tmp_path: Path, people: dict[str, Person], cli: CliRunner
) -> Iterator[Callable[..., Rig]]:
    """Start a rig: ``make_rig(hosts, drifts=..., window=...)``."""
    labs: list[Lab] = []

    def start(
        hosts: tuple[str, ...] = LIB[:2],
        *,
        drifts: dict[str, Callable[[str], str]] | None = None,
        window: str = ALWAYS,
        faults: dict[str, dict[str, Any]] | None = None,
    ) -> Rig:
        root = make_workspace(tmp_path / "workspace", people)
        (root / "inventory" / "change_policy.yaml").write_text(
            policy_text(people, POLICY).replace("{WINDOW}", window)
        )
        drifts = drifts if drifts is not None else {h: drift_port(h) for h in hosts}
        seed_backups(root, hosts, drifts)
        lab_devices = []
        for number, host in enumerate(hosts, 1):
            text = (root / "golden_configs" / f"{host}.cfg").read_text()
            edit = drifts.get(host)
            device = LabDevice(
                host,
                f"127.77.50.{number}",
                0,
                edit(text) if edit else text,
                credentials=LabLogin(USERNAME, PASSWORD, SECRET, 15),
                seconds_per_minute=MINUTE,
            )
            device.faults = RecordingFaults(**(faults or {}).get(host, {}))
            lab_devices.append(device)
        lab = Lab(lab_devices)
        lab.start(timeout=60)
        labs.append(lab)
        lab.register_host_keys(root / "state" / "known_hosts")
        point_inventory(root, lab.endpoints())
        env = {
            "HOME": str(tmp_path / "home"),
            "CITYNET_USERNAME": USERNAME,
            "CITYNET_PASSWORD": PASSWORD,
            "CITYNET_ENABLE_SECRET": SECRET,
            "CITYNET_DEVICE_MINUTE": str(MINUTE),
        }
        return Rig(root, lab, people, cli, env, hosts)

    yield start
    for lab in labs:
        lab.stop()


class RecordingFaults(Faults):
    """A device's faults that also keep every configuration line the device was sent."""

    def __init__(self, **faults: Any) -> None:
        super().__init__(**faults)
        self.lines: list[str] = []

    def rejects(self, line: str) -> bool:
        self.lines.append(line)
        return super().rejects(line)


def lines_of(rig: Rig, host: str) -> list[str]:
    lines: list[str] = rig.lab.device(host).faults.lines  # type: ignore[attr-defined]
    return lines
