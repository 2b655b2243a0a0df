"""A voice gateway's push is checked for calls still routing: dial-peers, voice ports, ISDN,
SIP, DSPs and SRST phones before and after; a dial-peer gone down means no confirm."""

from __future__ import annotations

from typing import Any

import pytest

from citynet.push import device as push_device_module
from citynet.push.checks import StateChecker
from citynet.state import features_for
from citynet.state.features import VOICE_FEATURES
from tests.push.conftest import Rig, states

GATEWAY = "fs01-vg01"
PEER = "dial-peer voice 1000 pots\n description Outbound PSTN 10-digit via 0/1/0\n"


def hand_edit(text: str) -> str:
    """The gateway's outbound PSTN dial-peer description changed by hand."""
    assert PEER in text
    return text.replace(PEER, PEER.replace("via 0/1/0", "via 0/1/0 (hand edit)"), 1)


def voice_rig(make_rig: Any) -> Rig:
    rig: Rig = make_rig((GATEWAY,), drifts={GATEWAY: hand_edit})
    change = rig.plan()
    assert change == 1
    # a fire station's voice change: public safety (two approvals) and voice (the voice team)
    rig.approve(change, "bob", "carol", "dave")
    return rig


@pytest.fixture
def snapshots(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple[str, ...], Any]]:
    """Every snapshot the push's state checks take: (features asked for, snapshot)."""
    taken: list[tuple[tuple[str, ...], Any]] = []
    take = StateChecker.take

    def recording(checker: Any, send: Any, platform: str, features: Any, role: str) -> Any:
        snapshot = take(checker, send, platform, features, role)
        taken.append((tuple(features_for(tuple(features), role)), snapshot))
        return snapshot

    monkeypatch.setattr(StateChecker, "take", recording)
    return taken


def test_a_dial_peer_down_after_the_push_means_no_confirm_and_a_revert(
    make_rig: Any, monkeypatch: pytest.MonkeyPatch, snapshots: list[Any]
) -> None:
    rig = voice_rig(make_rig)
    before = rig.running(GATEWAY)
    say = push_device_module._Run.say

    def emergency_peer_fails(run: Any, step: str) -> None:
        if step == "sent":  # the lines are in, the post-checks have not run yet
            rig.lab.set_fault(GATEWAY, voice_down=r"^dial-peer 10$")
        say(run, step)

    monkeypatch.setattr(push_device_module._Run, "say", emergency_peer_fails)
    result, data = rig.apply(1)
    assert result.code == 1, result.err
    assert states(data) == {GATEWAY: "rolled back"}
    detail = data["devices"][0]["detail"]
    assert detail.startswith("post-checks failed: "), detail
    assert "dial-peer 10 oper was up before the change and is down after it" in detail
    assert "reverted, back at the pre-change config" in detail
    assert rig.running(GATEWAY) == before  # no confirm: the device is back where it was
    assert "(hand edit)" in rig.running(GATEWAY)
    assert rig.lab.device(GATEWAY).archive.pending is None
    assert len(snapshots) == 2  # pre and post, nothing confirmed in between


def test_a_successful_voice_push_checks_every_voice_feature(
    make_rig: Any, snapshots: list[Any]
) -> None:
    rig = voice_rig(make_rig)
    result, data = rig.apply(1)
    assert result.code == 0, (result.err, data)
    assert states(data) == {GATEWAY: "applied and verified"}
    assert "(hand edit)" not in rig.running(GATEWAY)
    assert len(snapshots) == 2
    for wanted, snapshot in snapshots:
        assert set(VOICE_FEATURES) <= set(wanted)
        for feature in VOICE_FEATURES:  # each read and parsed, none an error
            assert feature in snapshot.features, (feature, snapshot.errors)
            assert feature not in snapshot.errors, snapshot.errors[feature]
        assert snapshot.features["dial-peers"], "no dial-peer in the snapshot"
        assert snapshot.features["voice-ports"], "no voice port in the snapshot"
    pre, post = snapshots[0][1], snapshots[1][1]
    assert pre.features["dial-peers"].keys() == post.features["dial-peers"].keys()
