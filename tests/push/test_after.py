"""The drift report after ``change apply``: the applied devices read again, next to the packet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from citynet.changes import audit
from citynet.inventory.filters import HostFilter, select
from citynet.inventory.loader import load_inventory
from citynet.push.after import write_after_report
from playbooks.drift import drift_from_texts
from tests.push.conftest import Rig, states
from tests.support import PROJECT


def test_apply_reads_the_devices_again_and_writes_the_drift_report(make_rig: Any) -> None:
    rig: Rig = make_rig(("lib1-acc01", "lib1-acc02"))
    change = rig.plan()
    rig.approve(change)
    result = rig.run(
        "change", "apply", str(change), "--confirm-timeout", "2", who="alice"
    )  # the table
    assert result.code == 0, result.out + result.err
    report = rig.root / "state" / "reports" / f"change-{change}-after.html"
    assert f"after the change: 2 compliant (report: {report})" in result.out, result.out
    html = report.read_text()
    assert "lib1-acc01" in html and "lib1-acc02" in html and "Moved" not in html
    with rig.store() as store, store.read() as session:
        notes = [
            audit.details_of(e)
            for e in audit.entries(session, change)
            if audit.details_of(e).get("step") == "after-report"
        ]
    assert [(n["compliant"], n["counts"], n["path"]) for n in notes] == [
        (True, {"compliant": 2}, str(report))
    ]


def test_no_report_when_nothing_was_applied(make_rig: Any) -> None:
    rig: Rig = make_rig(
        ("lib1-acc01",), faults={"lib1-acc01": {"reject_pattern": r"description User port"}}
    )
    change = rig.plan()
    rig.approve(change)
    result, data = rig.apply(change)
    assert result.code == 1 and states(data) == {"lib1-acc01": "rolled back"}, data
    assert "after" not in data
    assert not (rig.root / "state" / "reports" / f"change-{change}-after.html").exists()


def test_a_device_still_drifted_is_named(tmp_path: Path) -> None:
    views = select(load_inventory(PROJECT / "inventory"), HostFilter(hosts=("lib1-acc01",)))
    golden = (PROJECT / "golden_configs" / "lib1-acc01.cfg").read_text()
    for text, compliant in ((golden, True), (golden.replace("User port", "Hand edit", 1), False)):
        drifts = drift_from_texts(
            views, PROJECT / "golden_configs", {"lib1-acc01": (text, "")}, {}
        )
        after = write_after_report(drifts, tmp_path / "r.html")
        assert after.compliant is compliant
        assert after.drifted == (() if compliant else ("lib1-acc01",))
        assert ("not compliant: lib1-acc01" in after.line()) is not compliant
        assert "lib1-acc01" in (tmp_path / "r.html").read_text()


def test_a_merge_expects_the_device_s_own_blocks_to_stay() -> None:
    """The plan's post-change hash of a merge: golden plus what the device writes itself."""
    from citynet.changes.confighash import config_hash
    from citynet.changes.plan import expected_after
    from citynet.diff.engine import diff_configs

    golden = (PROJECT / "golden_configs" / "lib1-acc01.cfg").read_text()
    owned = "vlan internal allocation policy ascending\n!\nswitch 1 provision ws-c2960x-24pd-l\n"
    after = golden.replace("\nend\n", "\n" + owned + "end\n")
    running = after.replace("User port", "Hand edit", 1)
    result = diff_configs(running, golden, platform="cisco_ios", model="WS-C2960X-24PD-L")
    assert [o.line for o in result.device_owned] == [
        "vlan internal allocation policy ascending",
        "switch 1 provision ws-c2960x-24pd-l",
    ]
    expected = expected_after(running, golden, result)
    assert config_hash(expected, "cisco_ios") == config_hash(after, "cisco_ios")
    assert config_hash(golden, "cisco_ios") != config_hash(after, "cisco_ios")
    assert expected.endswith("switch 1 provision ws-c2960x-24pd-l\nend\n")


def test_a_merge_expects_the_device_s_own_lines_inside_a_section_to_stay() -> None:
    from citynet.changes.confighash import config_hash
    from citynet.changes.plan import expected_after
    from citynet.diff.engine import diff_configs

    golden = (PROJECT / "golden_configs" / "net6-rtr01.cfg").read_text()
    section = "line con 0\n exec-timeout 10 0\n logging synchronous\n stopbits 1\n"
    assert section in golden
    after = golden.replace(section, section + " transport input none\n")
    running = after.replace("logging host 10.0.44.12\n", "")
    result = diff_configs(running, golden, platform="cisco_iosxe", model="ISR4321/K9")
    assert [(o.path, o.line) for o in result.device_owned] == [
        (("line con 0",), "transport input none")
    ]
    expected = expected_after(running, golden, result)
    assert config_hash(expected, "cisco_iosxe") == config_hash(after, "cisco_iosxe")
    assert config_hash(golden, "cisco_iosxe") != config_hash(after, "cisco_iosxe")
