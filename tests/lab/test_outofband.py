"""Seeded out-of-band drift on lab devices."""

from __future__ import annotations

from citynet.lab.outofband import seed_drift
from tests.lab.conftest import make_device


def test_seed_drift_changes_the_chosen_devices_only() -> None:
    devices = [make_device(f"d{i}", f"127.77.7.{i + 1}") for i in range(5)]
    before = {d.name: d.running_text() for d in devices}
    changed = seed_drift(devices, 2, seed=7)
    assert len(changed) == 2
    for device in devices:
        if device.name in changed:
            assert device.running_text() != before[device.name]
            assert all(changed[device.name])
        else:
            assert device.running_text() == before[device.name]
        assert device.startup_text == before[device.name]


def test_seed_drift_is_reproducible() -> None:
    first = [make_device(f"d{i}", f"127.77.7.{i + 1}") for i in range(4)]
    second = [make_device(f"d{i}", f"127.77.7.{i + 1}") for i in range(4)]
    assert seed_drift(first, 3, seed=1) == seed_drift(second, 3, seed=1)
    assert [d.running_text() for d in first] == [d.running_text() for d in second]
