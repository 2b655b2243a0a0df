"""Secrets named in a plan resolve only at push time and appear in no artifact."""

from __future__ import annotations

import logging
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from citynet.changes import service
from citynet.changes.approvals import check_signature, make_payload, timestamp
from citynet.changes.confighash import config_hash
from citynet.changes.plan import DeviceInput, PlanRequest, build_plan, plan_hash
from citynet.changes.policy import load_policy
from citynet.changes.signing import sign
from citynet.push.secrets import Secrets, SecretsError, resolve
from tests.push.conftest import Rig, drift_port, states

VALUE = "Xy7-community-s3cr3t"
LINE = "snmp-server community <secret:ro_community> RO"


def plan_with_secret(rig: Rig, hosts: tuple[str, ...]) -> int:
    """A plan that brings the hosts back to golden and adds a community from a secret."""
    policy = load_policy(rig.root / "inventory" / "change_policy.yaml")
    now = datetime.now(UTC).replace(microsecond=0)
    alice = rig.people["alice"]
    devices = []
    for host in hosts:
        golden = rig.golden(host)
        devices.append(
            DeviceInput(
                host, "LIB1", "library", "access", "cisco_ios", drift_port(host)(golden), golden
            )
        )
    request = PlanRequest(
        title="Community from a secret",
        source="drift",
        author="alice",
        author_key=alice.public.fingerprint,
        created_at=timestamp(now),
        uid=uuid.uuid4().hex,
        policy_hash=policy.hash,
    )
    document = build_plan(request, devices)
    assert document is not None
    for device in document["devices"]:
        device["commands"].append(LINE)
        golden = rig.golden(device["host"])
        device["post_hash"] = config_hash(
            golden + LINE.replace("<secret:ro_community>", VALUE) + "\n", "cisco_ios"
        )
    text = make_payload(
        "plan", plan_hash=plan_hash(document), policy_hash=policy.hash, when=now, change_id=None
    )
    signed = check_signature(text, sign(text.encode(), alice.key))
    with rig.store() as store:
        return service.create_plan(store, policy, document, signed, now=now, user="tester")


def test_secret_values_reach_the_device_and_no_artifact(
    make_rig: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    hosts = ("lib1-acc01", "lib1-acc02")
    rig: Rig = make_rig(hosts, faults={"lib1-acc02": {"reject_pattern": "^snmp-server community"}})
    change = plan_with_secret(rig, hosts)
    rig.approve(change)
    missing, _ = rig.apply(change)
    assert missing.code == 1 and "CITYNET_SECRET_RO_COMMUNITY" in missing.err
    rig.env["CITYNET_SECRET_RO_COMMUNITY"] = VALUE
    result, data = rig.apply(change, "--max-failures", "1")
    assert states(data) == {"lib1-acc01": "applied and verified", "lib1-acc02": "rolled back"}
    assert f"snmp-server community {VALUE} RO" in rig.running("lib1-acc01")  # it was sent
    refused = {d["host"]: d["detail"] for d in data["devices"]}["lib1-acc02"]
    assert "<secret:ro_community>" in refused  # the device's error names the marker
    leaked = [result.out, result.err, caplog.text]
    leaked += [
        p.read_bytes().decode("latin-1") for p in (rig.root / "state").rglob("*") if p.is_file()
    ]
    assert not [text for text in leaked if VALUE in text]


def test_resolve_from_the_environment_and_a_private_file_outside_the_workspace(
    tmp_path: Path,
) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    secrets = tmp_path / "secrets.yaml"
    secrets.write_text('tacacs_key: "from-file"\nro: "file-ro"\n')
    os.chmod(secrets, 0o600)
    env = {"CITYNET_SECRET_RO": "env-ro", "CITYNET_SECRETS_FILE": str(secrets)}
    got = resolve(["ro", "tacacs_key"], env, workspace=workspace)
    assert got.values == {"ro": "env-ro", "tacacs_key": "from-file"}
    assert got.fill([" key <secret:tacacs_key>"]) == [" key from-file"]
    assert got.scrub("% Invalid input: key from-file") == "% Invalid input: key <secret:tacacs_key>"
    assert "from-file" not in repr(got)
    with pytest.raises(SecretsError, match=r"snmp_v3.*CITYNET_SECRET_SNMP_V3"):
        resolve(["snmp_v3"], env, workspace=workspace)
    os.chmod(secrets, 0o644)
    with pytest.raises(SecretsError, match=r"readable by others .*chmod 600"):
        resolve(["tacacs_key"], env, workspace=workspace)
    inside = workspace / "secrets.yaml"
    inside.write_text('tacacs_key: "x"\n')
    os.chmod(inside, 0o600)
    with pytest.raises(SecretsError, match="inside the workspace"):
        resolve(["tacacs_key"], {"CITYNET_SECRETS_FILE": str(inside)}, workspace=workspace)
    assert resolve([], {}) == Secrets()
