"""Secrets in change plans: named markers say which secret goes where, a rotation
(``--rotate NAME``) re-sends the lines that carry it, and the plan hash covers both."""

from __future__ import annotations

import re
from typing import Any

import pytest

from citynet.changes.plan import DeviceInput, PlanError, build_plan, plan_hash
from tests.changes.test_plan import DESCRIPTION, device, edited, golden, request

MARKER = re.compile(r"<secret:[a-z][a-z0-9_]*>")


def backed_up(host: str, *edits: tuple[str, str]) -> str:
    """The running config as a backup holds it: the device's secrets masked, no names."""
    return MARKER.sub("<redacted>", edited(host, *edits))


def tacacs_block(host: str) -> list[str]:
    """The golden config's TACACS+ server sections, as lines."""
    lines = golden(host).splitlines()
    out: list[str] = []
    for index, line in enumerate(lines):
        if line.startswith("tacacs server "):
            out.append(line)
            out.extend(
                child
                for child in lines[index + 1 :][
                    : next(i for i, c in enumerate(lines[index + 1 :]) if not c.startswith(" "))
                ]
                if "<secret:tacacs_key>" in child
            )
    return out


def core(host: str = "ch-core01", running: str | None = None) -> DeviceInput:
    return DeviceInput(
        host=host,
        site="CH",
        site_kind="city_hall",
        role="core",
        platform="cisco_iosxe",
        running=running if running is not None else backed_up(host),
        golden=golden(host),
        running_source="backup 2026-03-01",
    )


def test_a_backup_without_drift_is_no_plan_though_its_secrets_are_masked() -> None:
    assert build_plan(request(), [device("lib1-acc01", backed_up("lib1-acc01"))]) is None


def test_commands_carry_named_markers_and_the_plan_lists_them() -> None:
    running = backed_up(
        "lib1-acc01", ("enable secret <secret:enable_secret>\n", "enable secret 9 $9$x\n!\n")
    )
    running = running.replace("tacacs server ISE-DC2\n", "tacacs server ISE-DC3\n")
    document = build_plan(request(allow_lockout="console on site"), [device("lib1-acc01", running)])
    assert document is not None
    (entry,) = document["devices"]
    assert " key <secret:tacacs_key>" in entry["commands"]
    assert "<redacted>" not in "\n".join(entry["commands"])
    assert entry["secrets"] == ["tacacs_key"]
    assert document["summary"]["secrets"] == {"tacacs_key": 1}
    # The rollback restores ISE-DC3, whose key the golden config does not name.
    assert entry["rollback_unknown"] == 1
    assert " key <redacted>" in entry["rollback"]
    assert document["summary"]["rollback_unknown"] == 1


def test_a_rotation_re_sends_every_line_of_the_secret_with_its_section() -> None:
    devices = [device("lib1-acc01", backed_up("lib1-acc01")), core()]
    document = build_plan(request(rotate=("tacacs_key",)), devices)
    assert document is not None
    assert document["rotate"] == ["tacacs_key"]
    assert document["summary"]["rotation"] == {"tacacs_key": ["ch-core01", "lib1-acc01"]}
    by_host = {d["host"]: d for d in document["devices"]}
    for host, entry in by_host.items():
        assert entry["commands"] == tacacs_block(host)
        assert len(entry["commands"]) >= 4
        assert entry["rollback"] == entry["commands"]  # re-sent under the same name
        assert entry["rotated"] == ["tacacs_key"]
        assert entry["secrets"] == entry["rollback_secrets"] == ["tacacs_key"]
        assert entry["changes"] == [] and entry["added"] == entry["removed"] == 0
        assert {e["name"] for e in entry["rotation"]} == {"tacacs_key"}
        assert entry["rotation"][0]["path"] == [entry["commands"][0]]
        assert "aaa" in entry["risks"]
        assert entry["pre_hash"] == entry["post_hash"]  # secrets compare by presence
    assert document["summary"]["risks"]["aaa"] == ["ch-core01", "lib1-acc01"]


def test_a_rotation_goes_only_to_the_devices_using_the_secret() -> None:
    devices = [device("lib1-acc01", backed_up("lib1-acc01")), core()]
    document = build_plan(request(rotate=("hsrp_key",)), devices)
    assert document is not None
    assert [d["host"] for d in document["devices"]] == ["ch-core01"]
    assert document["untouched"] == {"compliant": {"LIB1": 1}}
    (entry,) = document["devices"]
    assert entry["commands"][0].startswith("interface Vlan")
    assert all(
        line.startswith("interface ") or "key-string <secret:hsrp_key>" in line
        for line in entry["commands"]
    )
    assert entry["commands"].count(" standby 10 authentication md5 key-string <secret:hsrp_key>")


def test_a_rotation_does_not_send_what_the_remediation_already_sends() -> None:
    running = backed_up("lib1-acc01").replace(
        "tacacs server ISE-DC2\n address ipv4 10.0.76.20\n key <redacted>\n", ""
    )
    document = build_plan(request(rotate=("tacacs_key",)), [device("lib1-acc01", running)])
    assert document is not None
    (entry,) = document["devices"]
    assert entry["commands"].count(" key <secret:tacacs_key>") == 2
    assert entry["commands"].count("tacacs server ISE-DC2") == 1
    assert [e["path"] for e in entry["rotation"]] == [["tacacs server ISE-DC1"]]


def test_a_rotation_and_drift_on_one_device() -> None:
    running = backed_up("lib1-acc01", DESCRIPTION)
    document = build_plan(request(rotate=("tacacs_key",)), [device("lib1-acc01", running)])
    assert document is not None
    (entry,) = document["devices"]
    assert entry["commands"][:2] == ["interface GigabitEthernet1/0/5", " description User port"]
    assert entry["commands"][2:] == tacacs_block("lib1-acc01")
    assert entry["features"][0] == "interfaces" and "aaa" in entry["features"]


def test_the_plan_hash_covers_the_rotation() -> None:
    devices = [device("lib1-acc01", backed_up("lib1-acc01", DESCRIPTION))]
    plain = build_plan(request(), devices)
    rotated = build_plan(request(rotate=("tacacs_key",)), devices)
    again = build_plan(request(rotate=("tacacs_key", "tacacs_key")), devices)
    both = build_plan(request(rotate=("ntp_key", "tacacs_key")), devices)
    assert plain is not None and rotated is not None and again is not None and both is not None
    hashes = {plan_hash(d) for d in (plain, rotated, both)}
    assert len(hashes) == 3
    assert plan_hash(again) == plan_hash(rotated)
    altered: dict[str, Any] = {**rotated, "rotate": []}
    assert plan_hash(altered) != plan_hash(rotated)
    secrets = {**rotated, "devices": [{**rotated["devices"][0], "secrets": []}]}
    assert plan_hash(secrets) != plan_hash(rotated)


def test_an_unknown_name_is_refused_with_the_known_names() -> None:
    devices = [device("lib1-acc01", backed_up("lib1-acc01"))]
    with pytest.raises(PlanError) as caught:
        build_plan(request(rotate=("tacacs_kee",)), devices)
    message = str(caught.value)
    assert message.startswith("--rotate tacacs_kee: no golden config of the 1 selected device")
    assert "enable_secret, local_admin, ntp_key, tacacs_key" in message
    with pytest.raises(PlanError, match=r"--rotate 'TACACS-KEY' is not a secret's name"):
        build_plan(request(rotate=("TACACS-KEY",)), devices)


def test_no_rotation_onto_a_refused_target() -> None:
    """A golden config cut off mid-line still compares equal (no drift), yet a rotation
    must not push it: the plan refuses the device as it refuses any unfit target."""
    cut = golden("lib1-acc01").removesuffix("end\n").rstrip("\n")
    assert not cut.endswith("end")
    unfit = DeviceInput(
        "lib1-acc01", "LIB1", "library", "access", "cisco_iosxe", backed_up("lib1-acc01"), cut
    )
    assert build_plan(request(), [unfit]) is None  # no drift: nothing to refuse
    with pytest.raises(
        PlanError, match=r"cannot be planned.*\n  lib1-acc01: the golden config ends in the middle"
    ):
        build_plan(request(rotate=("tacacs_key",)), [unfit])


def test_replace_mode_needs_every_secret_of_the_candidate() -> None:
    document = build_plan(
        request(mode="replace", rotate=("tacacs_key",)),
        [device("lib1-acc01", backed_up("lib1-acc01"))],
    )
    assert document is not None
    (entry,) = document["devices"]
    assert entry["commands"] == [] and entry["rollback_method"] == "replace"
    assert entry["secrets"] == ["enable_secret", "local_admin", "ntp_key", "tacacs_key"]
    assert entry["rotated"] == ["tacacs_key"]
