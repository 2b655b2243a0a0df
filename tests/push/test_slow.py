"""Slow devices (the lab's fault: 1 s before every answer) and the device's revert timer.

A slow device still pushes, is checked and confirmed while its timer runs; a device too
slow for its timer ends where the timer put it, reported as reverted by the device.
A device minute lasts ``MINUTE`` (3) seconds here, on the lab's timers and in the push.
"""

from __future__ import annotations

import re
from typing import Any

from citynet.changes.confighash import config_hash
from tests.push.conftest import Rig, states

HOST = "lib1-acc01"


def moved(text: str) -> str:
    """The SNMP location changed by hand: a one-line plan, checked on the interfaces only."""
    changed = re.sub(r"^(snmp-server location .*)$", r"\1 (moved)", text, count=1, flags=re.M)
    assert changed != text
    return changed


def slow_rig(make_rig: Any) -> tuple[Rig, int]:
    rig: Rig = make_rig((HOST,), drifts={HOST: moved}, faults={HOST: {"delay": 1.0}})
    change = rig.plan()
    rig.approve(change)
    return rig, change


def test_a_slow_device_pushes_and_confirms_within_its_timer(make_rig: Any) -> None:
    rig, change = slow_rig(make_rig)
    assert rig.lab.device(HOST).faults.delay == 1.0
    # 20 device minutes (60 s here): room for every slow answer before the confirm
    result, data = rig.apply(change, "--confirm-timeout", "20", "--read-timeout", "30")
    assert result.code == 0, (result.err, data)
    assert states(data) == {HOST: "applied and verified"}
    device = rig.lab.device(HOST)
    assert "(moved)" not in rig.running(HOST)
    assert config_hash(rig.running(HOST)) == config_hash(rig.golden(HOST))  # verified: drift 0
    assert device.archive.pending is None  # confirmed before the timer fired
    assert device.startup_text == rig.running(HOST)  # and saved


def test_a_device_slower_than_its_timer_is_reverted_by_the_device(make_rig: Any) -> None:
    rig, change = slow_rig(make_rig)
    before, startup = rig.running(HOST), rig.lab.device(HOST).startup_text
    # one device minute (3 s): the timer fires while the fresh session still logs in
    result, data = rig.apply(change, "--confirm-timeout", "1", "--read-timeout", "30")
    assert result.code == 1, data
    assert states(data) == {HOST: "reverted by the device"}
    assert "timer" in data["devices"][0]["detail"], data["devices"][0]["detail"]
    assert rig.running(HOST) == before  # never half-applied: back at the pre-change config
    assert rig.lab.device(HOST).archive.pending is None
    assert rig.lab.device(HOST).startup_text == startup  # nothing was saved
