"""A lab serving part of the City, on the devices' own loopback addresses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from citynet.inventory.loader import load_inventory
from citynet.lab.device import LabLogin
from citynet.lab.server import Lab
from citynet.lab.specs import device_from_spec, specs_from_hosts
from tests.support import copy_workspace

ENV = {
    "CITYNET_USERNAME": "netops",
    "CITYNET_PASSWORD": "lab-Passw0rd",
    "CITYNET_ENABLE_SECRET": "lab-Enable-Secret",
}
CREDENTIALS = LabLogin("netops", "lab-Passw0rd", "lab-Enable-Secret", 15)


@dataclass
class RunningLab:
    root: Path
    lab: Lab
    hosts: list[str]

    @property
    def known_hosts(self) -> Path:
        return self.root / "state" / "known_hosts"


def make_workspace(tmp: Path) -> Path:
    """A copy of the City workspace (see tests.support.copy_workspace)."""
    return copy_workspace(tmp)


def start_lab(
    root: Path,
    hosts: list[str],
    edit: Callable[[str, str], str] | None = None,
    credentials: LabLogin = CREDENTIALS,
) -> RunningLab:
    """Devices from their golden configs (``edit(host, text)`` changes one out of band)."""
    inventory = load_inventory(root / "inventory")
    views = [inventory.views[h] for h in hosts]
    configs = {}
    for view in views:
        text = (root / "golden_configs" / f"{view.name}.cfg").read_text()
        configs[view.name] = edit(view.name, text) if edit else text
    devices = [device_from_spec(spec, credentials) for spec in specs_from_hosts(views, configs)]
    lab = Lab(devices, root / "state" / "lab")
    lab.start(timeout=60)
    (root / "state").mkdir(exist_ok=True)
    lab.register_host_keys(root / "state" / "known_hosts")
    return RunningLab(root, lab, hosts)


@pytest.fixture
def lab_factory(tmp_path: Path) -> Iterator[Callable[..., RunningLab]]:
    labs: list[Lab] = []

    def factory(hosts: list[str], edit: Callable[[str, str], str] | None = None) -> RunningLab:
        running = start_lab(make_workspace(tmp_path), hosts, edit)
        labs.append(running.lab)
        return running

    yield factory
    for lab in labs:
        lab.stop()
