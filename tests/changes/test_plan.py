"""Plan building (pure): per-device entries, compliant devices as counts, refusals, risk flags
(fixtures under tests/fixtures/changes/risk), and the canonical plan hash."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from citynet.changes.canonical import canonical_json
from citynet.changes.confighash import config_hash
from citynet.changes.plan import (
    DeviceInput,
    PlanError,
    PlanRequest,
    build_plan,
    check_text,
    plan_hash,
)
from tests.support import FIXTURES, PROJECT

RISK_CASES = sorted((FIXTURES / "changes" / "risk").glob("*.yaml"))
PUBLIC_SAFETY = frozenset({"fire_station", "police_hq", "communications_911"})


def golden(host: str) -> str:
    return (PROJECT / "golden_configs" / f"{host}.cfg").read_text()


def device(host: str, running: str, *, kind: str = "library", site: str = "LIB1") -> DeviceInput:
    return DeviceInput(
        host=host,
        site=site,
        site_kind=kind,
        role="access",
        platform="cisco_iosxe",
        running=running,
        golden=golden(host),
        running_source="backup 2026-03-01",
        management_address="10.2.190.11",
    )


def request(**changes: Any) -> PlanRequest:
    values: dict[str, Any] = {
        "title": "Bring LIB1 back to golden",
        "source": "drift",
        "author": "alice",
        "author_key": "SHA256:alice",
        "created_at": "2026-03-02T15:00:00Z",
        "uid": "0" * 32,
        "policy_hash": "p" * 64,
        "public_safety_kinds": PUBLIC_SAFETY,
    }
    values.update(changes)
    return PlanRequest(**values)


def edited(host: str, *edits: tuple[str, str]) -> str:
    text = golden(host)
    for old, new in edits:
        assert old in text, (host, old)
        text = text.replace(old, new, 1)
    return text


DESCRIPTION = (
    "interface GigabitEthernet1/0/5\n description User port\n",
    "interface GigabitEthernet1/0/5\n description Reading room\n",
)


@pytest.mark.parametrize("case", RISK_CASES, ids=[c.stem for c in RISK_CASES])
def test_risk_flags(case: Path) -> None:
    spec = yaml.safe_load(case.read_text())
    running = edited(spec["host"], *[tuple(e) for e in spec["edits"]])
    document = build_plan(
        request(allow_lockout="console access confirmed"),
        [device(spec["host"], running, kind=spec["site_kind"])],
    )
    assert document is not None
    (entry,) = document["devices"]
    assert entry["risks"] == spec["flags"]
    assert list(document["summary"]["risks"]) == spec["flags"]


def test_the_risk_corpus_covers_every_flag() -> None:
    from citynet.changes.risk import FLAGS

    seen = set()
    for case in RISK_CASES:
        seen |= set(yaml.safe_load(case.read_text())["flags"])
    assert seen == set(FLAGS)


def test_compliant_devices_are_counts_and_nothing_to_do_is_no_plan() -> None:
    devices = [
        device("lib1-acc01", golden("lib1-acc01")),
        device("lib1-acc02", golden("lib1-acc02")),
    ]
    assert build_plan(request(), devices) is None
    devices[0] = device("lib1-acc01", edited("lib1-acc01", DESCRIPTION))
    document = build_plan(request(), devices)
    assert document is not None
    assert [d["host"] for d in document["devices"]] == ["lib1-acc01"]
    assert document["untouched"] == {"compliant": {"LIB1": 1}}
    assert document["selection"]["devices"] == 2
    entry = document["devices"][0]
    assert entry["commands"] == ["interface GigabitEthernet1/0/5", " description User port"]
    assert entry["rollback"] == ["interface GigabitEthernet1/0/5", " description Reading room"]
    assert entry["pre_hash"] == config_hash(devices[0].running)
    assert entry["post_hash"] == config_hash(golden("lib1-acc01"))
    assert entry["features"] == ["interfaces"]
    assert (entry["added"], entry["removed"]) == (1, 1)
    assert document["summary"] == {
        "sites": ["LIB1"],
        "devices": 1,
        "features": ["interfaces"],
        "added": 1,
        "removed": 1,
        "risks": {},
        "secrets": {},
        "rotation": {},
        "rollback_unknown": 0,
    }


def test_replace_mode_pins_the_candidate_not_commands() -> None:
    document = build_plan(
        request(mode="replace"), [device("lib1-acc01", edited("lib1-acc01", DESCRIPTION))]
    )
    assert document is not None
    entry = document["devices"][0]
    import hashlib

    assert entry["candidate_sha256"] == hashlib.sha256(golden("lib1-acc01").encode()).hexdigest()
    assert entry["commands"] == [] and entry["rollback_method"] == "replace"
    assert entry["changes"]  # the board still sees what changes


def test_a_lockout_risk_needs_allow_lockout() -> None:
    running = edited(
        "lib1-acc01",
        (
            " 20 permit 10.0.76.48 0.0.0.7\n",
            " 20 permit 10.0.76.48 0.0.0.7\n 25 permit 10.9.9.0 0.0.0.255\n",
        ),
    )
    with pytest.raises(PlanError) as caught:
        build_plan(request(), [device("lib1-acc01", running)])
    message = str(caught.value)
    assert message.startswith("the remediation may cut off management access")
    assert "--allow-lockout REASON" in message
    assert "lib1-acc01: ip access-list standard MGMT-ACCESS > permit 10.9.9.0" in message
    document = build_plan(
        request(allow_lockout="console cable on site"), [device("lib1-acc01", running)]
    )
    assert document is not None
    assert document["allow_lockout"] == "console cable on site"
    assert document["devices"][0]["lockout"][0]["reason"].startswith("changes MGMT-ACCESS")


def test_an_unfit_target_cannot_be_planned() -> None:
    empty = DeviceInput(
        "lib1-acc01", "LIB1", "library", "access", "cisco_iosxe", golden("lib1-acc01"), ""
    )
    with pytest.raises(
        PlanError,
        match=r"1 device\(s\) cannot be planned.*\n  lib1-acc01: the golden config is empty",
    ):
        build_plan(request(), [empty])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "--title must not be empty"),
        ({"title": "two\nlines"}, "--title holds a newline"),
        ({"title": "x" * 201}, "keep it under 201"),
        ({"ticket": "CHG 1; rm"}, "--ticket 'CHG 1; rm' is not a ticket id"),
        ({"source": "wishes"}, "--from 'wishes'"),
        ({"mode": "yolo"}, "--mode 'yolo'"),
        ({"emergency": "a\x1bb"}, "--emergency holds a newline or control character"),
    ],
)
def test_bad_requests_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build_plan(request(**changes), [device("lib1-acc01", golden("lib1-acc01"))])


def test_check_text_trims() -> None:
    assert check_text(" ok ", "--comment", limit=10) == "ok"


def _plan() -> dict[str, Any]:
    document = build_plan(
        request(emergency="core down"),
        [device("lib1-acc01", edited("lib1-acc01", DESCRIPTION))],
    )
    assert document is not None
    return document


def test_the_plan_hash_is_canonical_and_covers_every_byte() -> None:
    document = _plan()
    digest = plan_hash(document)
    reordered = json.loads(json.dumps(document, sort_keys=False))
    assert plan_hash(dict(reversed(list(reordered.items())))) == digest
    assert plan_hash(json.loads(canonical_json(document))) == digest

    def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in leaves(v, (*path, k))]
        if isinstance(value, list):
            return [p for i, v in enumerate(value) for p in leaves(v, (*path, i))]
        return [path]

    paths = leaves(document)
    assert len(paths) > 40
    for path in paths:
        altered = copy.deepcopy(document)
        holder = altered
        for key in path[:-1]:
            holder = holder[key]
        value = holder[path[-1]]
        holder[path[-1]] = (
            value + "x"
            if isinstance(value, str)
            else value + 1
            if isinstance(value, int) and not isinstance(value, bool)
            else "x"
            if value is None
            else not value
        )
        assert plan_hash(altered) != digest, path


def test_same_inputs_same_plan() -> None:
    assert plan_hash(_plan()) == plan_hash(_plan())
    assert plan_hash(_plan()) != plan_hash(
        build_plan(
            request(emergency="core down", uid="1" * 32),
            [device("lib1-acc01", edited("lib1-acc01", DESCRIPTION))],
        )
        or {}
    )
