"""PLAYBOOKS maps names to the playbooks; the command line loads them only when it runs one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from playbooks import PLAYBOOKS
from playbooks.apply import apply
from playbooks.backup import backup
from playbooks.drift import drift_live, drift_offline
from tests.support import PROJECT

DEVICE_LIBRARIES = ("nornir", "netmiko", "napalm", "paramiko")


def test_the_registry_holds_the_callables() -> None:
    assert {
        "apply": apply,
        "backup": backup,
        "drift": drift_live,
        "drift-offline": drift_offline,
    } == PLAYBOOKS


def _imported(code: str) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(PROJECT)},
    )
    return {line.split("|")[-1].strip().split(".")[0] for line in run.stderr.splitlines()}


@pytest.mark.parametrize(
    ("code", "absent"),
    [
        ("from citynet.cli.main import main; main(['--help'], env={})", DEVICE_LIBRARIES),
        ("import citynet.device.errors, citynet.device.credentials", DEVICE_LIBRARIES),
        ("import playbooks", ("netmiko", "napalm", "paramiko")),  # offline drift stays light
    ],
    ids=["citynet --help", "device errors", "playbooks"],
)
def test_device_libraries_are_imported_only_when_used(code: str, absent: tuple[str, ...]) -> None:
    imported = _imported(f"import contextlib\nwith contextlib.suppress(SystemExit): {code}")
    assert "citynet" in imported or "playbooks" in imported  # the measurement works
    assert not imported & set(absent)
