"""The gate: nothing reaches a device unless the plan is approved for its current hash,
inside its window, signed by someone allowed to apply, and every device is as approved.
Each refusal is one line, exit 1, and an audit entry; no device receives a line."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from citynet.changes import audit
from citynet.push.device import DeviceWork, PushOptions, push_device
from citynet.push.gate import PushRefused, PushToken
from citynet.push.secrets import Secrets
from tests.changes.tamper import execute
from tests.push.conftest import Rig, drift_port, lines_of, states


def refusals(rig: Rig) -> list[dict[str, Any]]:
    with rig.store() as store, store.read() as session:
        return [
            {"actor": e.actor, **audit.details_of(e)}
            for e in audit.entries(session)
            if e.action == "refused"
        ]


def assert_refused(rig: Rig, change: int, words: str, *, who: str = "alice") -> None:
    result, _ = rig.apply(change, who=who)
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith(f"error: change {change}: apply refused: ")
    assert words in result.err and result.err.count("\n") == 1, result.err
    last = refusals(rig)[-1]
    assert last["attempted"] == "apply" and words in last["reason"]
    for host in rig.hosts:
        assert lines_of(rig, host) == []


def test_unapproved_change_is_refused(make_rig: Any) -> None:
    rig: Rig = make_rig(("lib1-acc01",))
    change = rig.plan()
    assert_refused(rig, change, "may not be pushed: awaiting approval")


def test_self_approved_change_is_refused(make_rig: Any) -> None:
    rig: Rig = make_rig(("lib1-acc01",))
    result = rig.run(
        "change", "plan", "--host", "lib1-acc01", "--from", "drift", "--title", "T", who="erin"
    )
    assert result.code == 3
    selfie = rig.run("change", "approve", "1", who="erin")
    assert selfie.code == 1 and "an approval must come from someone else" in selfie.err
    assert_refused(rig, 1, "may not be pushed: awaiting approval")


@pytest.mark.parametrize(
    ("who", "words"),
    [("bob", "may not apply: that needs the 'apply' role"), ("mallory", "is not listed")],
)
def test_push_signed_by_someone_not_allowed_to_apply_is_refused(
    make_rig: Any, who: str, words: str
) -> None:
    rig: Rig = make_rig(("lib1-acc01",))
    change = rig.plan()
    rig.approve(change)
    assert_refused(rig, change, words, who=who)


def test_one_byte_changed_in_the_approved_plan_is_refused(make_rig: Any) -> None:
    rig: Rig = make_rig(("lib1-acc01",))
    change = rig.plan()
    rig.approve(change)
    with rig.store() as store, store.read() as session:
        document = session.execute(sa.text("SELECT document FROM plans")).scalar_one()
    assert " description User port" in document
    altered = document.replace(" description User port", " description User porT", 1)
    with rig.store() as store:
        execute(store, "UPDATE plans SET document = :d WHERE id = :i", d=altered, i=change)
    assert_refused(rig, change, "altered in the database")


def test_outside_the_window_is_refused(make_rig: Any) -> None:
    today = datetime.now(UTC).astimezone(ZoneInfo("America/New_York")).strftime("%a").lower()
    other = next(d for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if d != today)
    rig: Rig = make_rig(
        ("lib1-acc01",), window=f'{{days: [{other}], start: "00:00", end: "00:01"}}'
    )
    change = rig.plan()
    rig.approve(change)
    assert_refused(rig, change, "outside its change window")


def test_device_drifted_since_approval_is_not_touched(make_rig: Any) -> None:
    rig: Rig = make_rig(("lib1-acc01", "lib1-acc02"))
    change = rig.plan()
    rig.approve(change)
    device = rig.lab.device("lib1-acc02")
    device.set_running_text(drift_port("again")(rig.golden("lib1-acc02")))
    drifted = rig.running("lib1-acc02")
    result, data = rig.apply(change, "--max-failures", "1")
    assert result.code == 1
    assert states(data) == {
        "lib1-acc01": "applied and verified",
        "lib1-acc02": "not attempted",
    }
    detail = {d["host"]: d["detail"] for d in data["devices"]}["lib1-acc02"]
    assert detail.startswith("drifted since approval") and "nothing sent" in detail
    assert lines_of(rig, "lib1-acc02") == []
    assert rig.running("lib1-acc02") == drifted


def test_the_sender_takes_only_the_gates_token() -> None:
    work = DeviceWork("sw1", "cisco_iosxe", ("hostname x",), "a" * 64, "b" * 64)
    with pytest.raises(PushRefused, match="only made by"):
        PushToken(1, "h", "apply", "run", frozenset({"sw1"}), object())

    def never(*_: Any) -> Any:
        raise AssertionError("the device was contacted")

    forged = object.__new__(PushToken)
    for name, value in dict(
        change_id=1,
        plan_hash="h",
        action="apply",
        run_id="r",
        hosts=frozenset({"sw1"}),
        seal=object(),
    ).items():
        object.__setattr__(forged, name, value)
    with pytest.raises(PushRefused, match="not part of the push"):
        push_device(
            forged,
            work,
            opener=never,
            checker=never,  # type: ignore[arg-type]
            recorder=never,  # type: ignore[arg-type]
            secrets=Secrets(),
            options=PushOptions(),
        )
