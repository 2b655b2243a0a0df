"""``citynet change apply`` of a replace plan, against the lab: the whole candidate through
NAPALM under the revert timer, verified from a fresh session, secrets filled in memory."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from citynet.changes.confighash import config_hash
from citynet.push.candidate import CandidateSource
from citynet.push.checks import default_checker
from citynet.push.device import NOT_ATTEMPTED, DeviceWork, PushOptions, push_device
from citynet.push.gate import PushToken
from citynet.push.replace import SECRET_MARKER as MARKER
from citynet.push.replace import secret_names
from citynet.push.secrets import Secrets, env_name
from tests.push.conftest import Rig, drift_port, states
from tests.push.test_failures import VLAN1

HOST = "lib1-acc01"
VALUE = "Lab-Secret-7731"
"""The value the lab device has where the golden config says <redacted>."""


def with_values(edit: Callable[[str], str]) -> Callable[[str], str]:
    """The lab's (and the backup's) text: drifted, the secrets holding a value."""
    return lambda text: MARKER.sub(VALUE, edit(text).replace("<redacted>", "<secret:lab_secret>"))


def replace_rig(make_rig: Any, edit: Callable[[str], str]) -> Rig:
    """A rig whose golden config names its secrets with markers, resolved from the env."""
    rig: Rig = make_rig((HOST,), drifts={HOST: with_values(edit)})
    golden = rig.root / "golden_configs" / f"{HOST}.cfg"
    golden.write_text(golden.read_text().replace("<redacted>", "<secret:lab_secret>"))
    for name in secret_names(golden.read_text()):
        rig.env[env_name(name)] = VALUE
    return rig


def plan_replace(rig: Rig) -> int:
    result = rig.run(
        "change", "plan", "--host", HOST, "--from", "drift", "--mode", "replace",
        "--title", "Replace", who="alice",
    )  # fmt: skip
    assert result.code == 3, result.out + result.err
    return int(re.search(r"change (\d+) planned", result.out).group(1))  # type: ignore[union-attr]


def test_replace_applies_verifies_and_saves_with_secrets_only_on_the_device(
    make_rig: Any,
) -> None:
    rig = replace_rig(make_rig, drift_port(HOST))
    change = plan_replace(rig)
    rig.approve(change)
    result, data = rig.apply(change)
    assert result.code == 0, result.out + result.err
    assert states(data) == {HOST: "applied and verified"}
    assert data["devices"][0]["detail"].startswith("replaced, confirmed and verified"), data
    assert data["after"]["compliant"] is True and data["after"]["counts"] == {"compliant": 1}
    device = rig.lab.device(HOST)
    golden = rig.golden(HOST)
    assert "Moved" not in device.running_text() and "description User port" in device.running_text()
    assert device.running_text().count(VALUE) == len(MARKER.findall(golden)) > 0
    assert config_hash(device.running_text()) == config_hash(golden)
    assert device.archive.pending is None  # confirmed: no timer left to fire
    assert config_hash(device.startup_text) == config_hash(golden)  # saved
    log = rig.run("audit", "log", "--change", str(change))
    assert VALUE not in result.out + result.err + log.out
    assert not [p for p in rig.root.rglob("*") if p.is_file() and VALUE.encode() in p.read_bytes()]
    again, data = rig.apply(change)  # re-applying an applied change sends nothing
    assert again.code == 0 and "already applied" in again.out, again.out


def test_a_failed_post_check_reverts_the_replace(make_rig: Any) -> None:
    def drift(text: str) -> str:
        return drift_port(HOST)(text).replace(VLAN1, VLAN1.replace(" shutdown\n", ""))

    rig = replace_rig(make_rig, drift)
    before = rig.running(HOST)
    change = plan_replace(rig)
    rig.approve(change)
    result, data = rig.apply(change)
    assert result.code == 1, data
    assert states(data) == {HOST: "rolled back"}
    detail = data["devices"][0]["detail"]
    assert detail.startswith("post-checks failed: ") and "Vlan1" in detail, detail
    assert "back at the pre-change config" in detail
    assert config_hash(rig.running(HOST)) == config_hash(before)
    assert "Moved" in rig.running(HOST)


def test_a_candidate_changed_since_the_plan_is_refused_at_the_gate(make_rig: Any) -> None:
    rig = replace_rig(make_rig, drift_port(HOST))
    before = rig.running(HOST)
    change = plan_replace(rig)
    rig.approve(change)
    golden = rig.root / "golden_configs" / f"{HOST}.cfg"
    golden.write_text(golden.read_text().replace("User port", "Edited after approval", 1))
    result, _ = rig.apply(change)
    assert result.code == 1, result.out
    assert "it is not the approved configuration" in result.err, result.err
    assert rig.running(HOST) == before


class Unreachable:
    """An opener that fails the test if anything connects."""

    calls = 0

    def __call__(self) -> Any:
        Unreachable.calls += 1
        raise AssertionError("connected")


class Rows:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def take_lease(self, host: str) -> None: ...
    def release_lease(self, host: str) -> None: ...
    def state(self, host: str) -> str | None:
        return None

    def record(self, host: str, state: str, step: str, detail: str = "", **extra: object) -> None:
        self.rows.append((state, step, detail))


def test_a_truncated_or_altered_candidate_is_refused_before_connecting(tmp_path: Path) -> None:
    from tests.support import PROJECT

    text = (PROJECT / "golden_configs" / f"{HOST}.cfg").read_text()
    text = text.replace("<redacted>", "<secret:x>")
    (tmp_path / "golden_configs").mkdir()
    (tmp_path / "golden_configs" / f"{HOST}.cfg").write_text(text[: len(text) // 2])
    token = _real_token(HOST)
    source = CandidateSource(tmp_path)
    for sha, why in (
        (hashlib.sha256(text[: len(text) // 2].encode()).hexdigest(), "looks truncated"),
        (hashlib.sha256(text.encode()).hexdigest(), "it is not the approved configuration"),
    ):
        work = DeviceWork(HOST, "cisco_iosxe", (), "a", "b", mode="replace", candidate_sha256=sha)
        rows = Rows()

        def replacer(candidate: str, verify: Any) -> Any:
            raise AssertionError("replaced")

        outcome = push_device(
            token,
            work,
            opener=Unreachable(),
            checker=default_checker(),
            recorder=rows,
            secrets=Secrets({"x": "Not-Used-Value-1"}),
            options=PushOptions(),
            candidate=lambda sha=sha: source.load(HOST, sha),
            replacer=replacer,
        )
        assert outcome.state == NOT_ATTEMPTED and why in outcome.detail, outcome.detail
        assert rows.rows == [(NOT_ATTEMPTED, "candidate", outcome.detail)]
    assert Unreachable.calls == 0


def _real_token(host: str) -> PushToken:
    from citynet.push import gate

    return PushToken(1, "p" * 64, "apply", "r", frozenset({host}), gate._SEAL)
