"""Secrets as keyed hashes in backups: a changed secret shows between versions, never its value."""

from __future__ import annotations

import difflib
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from citynet.backup.store import BackupStore
from citynet.cli.main import main
from citynet.diff.engine import diff_configs
from citynet.errors import CitynetError
from citynet.ios.keyed import MARKER, hmac_key, redact_keeping_markers, redact_keyed
from playbooks.backup import backup
from tests.device.support import SETTINGS, fake_fleet
from tests.support import PROJECT

T0 = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
KEY = b"k" * 32
CANARIES = ("CanaryEnable", "CanaryUser", "CanaryTacacs")
TACACS = "key 7 CanaryTacacs0822455D0A16"


def _versions(store: BackupStore, host: str) -> list[str]:
    return [store.read(v) for v in store.history(host)]


def test_with_a_key_backups_hold_keyed_hashes_and_no_value(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    fleet = fake_fleet(["fs01-rtr01"])
    (outcome,) = backup(
        fleet.nornir, store, settings=SETTINGS, options=fleet.options, now=T0, hmac_key=KEY
    )
    assert outcome.version is not None
    on_disk = outcome.version.path.read_text(encoding="utf-8")
    assert "<redacted>" not in on_disk
    assert "enable secret <hmac:" in on_disk
    assert " key <hmac:" in on_disk
    for canary in CANARIES:
        assert canary not in on_disk
    assert store.read(outcome.version) == on_disk  # reading keeps the markers
    # the two TACACS servers share one key: one marker for the same value
    tacacs = [line for line in on_disk.splitlines() if line.startswith(" key <hmac:")]
    assert len(tacacs) == 2 and tacacs[0] == tacacs[1]


def test_a_changed_secret_is_a_new_version_and_shows_in_the_diff(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    fleet = fake_fleet(["fs01-rtr01"])
    options = {"settings": SETTINGS, "options": fleet.options, "hmac_key": KEY}
    backup(fleet.nornir, store, now=T0, **options)
    same = backup(fleet.nornir, store, now=T0 + timedelta(hours=1), **options)
    assert same[0].status == "unchanged"  # same values, same markers

    script = fleet.scripts["fs01-rtr01"]
    running = script.outputs["show running-config"]
    assert TACACS in running
    script.outputs["show running-config"] = running.replace(TACACS, "key 7 CanaryTacacs99", 1)
    changed = backup(fleet.nornir, store, now=T0 + timedelta(hours=2), **options)
    assert changed[0].status == "new version"
    old, new = _versions(store, "fs01-rtr01")
    diff = [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len(diff) == 2
    assert diff[0].startswith("- key <hmac:") and diff[1].startswith("+ key <hmac:")
    assert "Canary" not in "\n".join(diff)


def test_without_a_key_a_changed_secret_is_invisible(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    fleet = fake_fleet(["fs01-rtr01"])
    backup(fleet.nornir, store, settings=SETTINGS, options=fleet.options, now=T0)
    script = fleet.scripts["fs01-rtr01"]
    running = script.outputs["show running-config"]
    script.outputs["show running-config"] = running.replace(TACACS, "key 7 CanaryTacacs99", 1)
    later = backup(
        fleet.nornir, store, settings=SETTINGS, options=fleet.options, now=T0 + timedelta(hours=1)
    )
    assert later[0].status == "unchanged"
    (stored,) = _versions(store, "fs01-rtr01")
    assert " key <redacted>" in stored and "<hmac:" not in stored


def test_another_key_gives_other_markers() -> None:
    text = "hostname r1\nenable secret 9 $9$abc\n"
    one, other = redact_keyed(text, KEY), redact_keyed(text, b"z" * 32)
    assert MARKER.search(one) and MARKER.search(other) and one != other


def test_rereading_still_redacts_a_value_written_into_a_stored_file() -> None:
    text = "enable secret <hmac:0123456789abcdef>\nsnmp-server community Publ1c RO\n"
    assert redact_keeping_markers(text) == (
        "enable secret <hmac:0123456789abcdef>\nsnmp-server community <redacted> RO\n"
    )


def test_a_keyed_hash_is_present_against_the_golden_marker() -> None:
    golden = "hostname r1\nenable secret <redacted>\ntacacs server A\n key <redacted>\n"
    running = redact_keyed(
        "hostname r1\nenable secret 9 $9$abc\ntacacs server A\n key 7 0822455D0A16\n", KEY
    )
    assert "<hmac:" in running
    assert diff_configs(running, golden).compliant
    named = golden.replace("enable secret <redacted>", "enable secret <secret:enable_secret>")
    named = named.replace(" key <redacted>", " key <secret:tacacs_key>")
    assert diff_configs(running, named).compliant  # golden configs that name their secrets
    missing = diff_configs("hostname r1\ntacacs server A\n key <hmac:0123456789abcdef>\n", golden)
    assert not missing.compliant  # the enable secret is absent: still drift


def test_key_from_the_environment() -> None:
    assert hmac_key({}) is None
    assert hmac_key({"CITYNET_SECRET_HMAC_KEY": "x" * 16}) == b"x" * 16
    with pytest.raises(CitynetError, match="at least 16"):
        hmac_key({"CITYNET_SECRET_HMAC_KEY": "short"})


def test_backup_refuses_a_short_key_before_connecting() -> None:
    out, err = io.StringIO(), io.StringIO()
    env = {"CITYNET_SECRET_HMAC_KEY": "tooShort9"}
    code = main(["--root", str(PROJECT), "backup"], env=env, stdout=out, stderr=err)
    assert code == 1
    assert "CITYNET_SECRET_HMAC_KEY is 9 characters long" in err.getvalue()
    assert "tooShort9" not in err.getvalue() + out.getvalue()
