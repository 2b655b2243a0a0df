"""Lab devices for the state tests: answered in-process, no sockets."""

from __future__ import annotations

from pathlib import Path

from citynet.lab.device import LabDevice
from citynet.lab.session import CliSession
from citynet.lab.shows.model import DeviceFacts, Neighbor

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def lab_device(config: str, *, name: str = "vg", neighbors: tuple[Neighbor, ...] = ()) -> LabDevice:
    """A simulated ISR voice gateway running ``config``."""
    facts = DeviceFacts(model="ISR4331/K9", neighbors=neighbors)
    return LabDevice(name, "127.0.0.1", 0, config, facts=facts)


def cli(device: LabDevice) -> CliSession:
    """A privileged CLI session on ``device``."""
    return CliSession(device, "u", lambda _: None, lambda: None)


def fixture_text(name: str) -> str:
    """The text of ``tests/state/fixtures/<name>``."""
    return (FIXTURES / name).read_text(encoding="utf-8")
