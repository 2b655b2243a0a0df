"""Backup store, credentials and the target check, without devices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from citynet.backup.store import BackupStore
from citynet.connect import check_target, credentials_from_env
from citynet.errors import CitynetError, DeviceConnectionError, TargetNotAllowedError
from citynet.platforms import Platform
from citynet.workspace import parse_settings
from tests.support import FIXTURES, PROJECT, CliRunner

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def test_versions_only_on_change_and_redacted(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    canaries = (FIXTURES / "redact" / "canaries.cfg").read_text()
    first, new = store.save("r1", canaries, Platform.CISCO_IOSXE, T0)
    assert new and "Canary" not in store.read(first)
    again, new = store.save("r1", canaries, Platform.CISCO_IOSXE, T0 + timedelta(hours=1))
    assert not new and again == first
    second, new = store.save(
        "r1", canaries + "ntp server 10.0.0.1\n", Platform.CISCO_IOSXE, T0 + timedelta(hours=2)
    )
    assert new
    assert [v.digest for v in store.history("r1")] == [first.digest, second.digest]
    assert store.resolve("r1", "1") == first
    assert store.resolve("r1", "-1") == second
    assert store.resolve("r1", second.digest[:6]) == second
    with pytest.raises(CitynetError, match="2 versions"):
        store.resolve("r1", "7")
    with pytest.raises(CitynetError, match="no backup of 'r2' yet"):
        store.resolve("r2", "-1")
    assert [p.suffix for p in (tmp_path / "r1").iterdir()] == [".cfg", ".cfg"]


def test_credentials_come_from_the_environment() -> None:
    creds = credentials_from_env({"CITYNET_USERNAME": "u", "CITYNET_PASSWORD": "p"})
    assert (creds.username, creds.password, creds.enable_secret) == ("u", "p", "p")
    assert "p" not in repr(creds).replace("password", "").replace("username='u'", "")
    with pytest.raises(DeviceConnectionError, match="set CITYNET_PASSWORD"):
        credentials_from_env({"CITYNET_USERNAME": "u"})


def test_targets_outside_the_allowed_ranges_are_refused() -> None:
    settings = parse_settings({"safety": {"allowed_targets": ["127.10.0.0/16"]}})
    check_target("127.10.21.1", settings, "fs01-rtr01")
    with pytest.raises(TargetNotAllowedError, match=r"refusing to connect to 127\.11\.0\.1"):
        check_target("127.11.0.1", settings, "x")
    with pytest.raises(TargetNotAllowedError):
        check_target("10.0.62.2", parse_settings({}), "x")


def test_missing_credentials_are_a_clear_error(cli: CliRunner) -> None:
    result = cli("backup", "--host", "fs01-rtr01", env={}, cwd=PROJECT)
    assert result.code == 1
    assert result.err == (
        "error: no device username: set CITYNET_USERNAME in the environment "
        "(credentials are never kept in the inventory)\n"
    )


def test_the_task_refuses_before_sending_anything(tmp_path: Path) -> None:
    from citynet.connect import ConnectionOptions, Credentials
    from citynet.fleet import make_nornir
    from citynet.inventory.loader import load_inventory
    from tasks.get_running_config import get_running_config

    inventory = load_inventory(FIXTURES / "inventory" / "valid" / "inventory")
    nornir = make_nornir(
        inventory,
        ["fs1-rtr01", "pk1-acc01"],
        workers=2,
        credentials=Credentials("u", "p", "s"),
        known_hosts=tmp_path / "known_hosts",
        options=ConnectionOptions(),
    )
    settings = parse_settings({"safety": {"allowed_targets": ["127.99.0.0/16"]}})
    result = nornir.run(task=get_running_config, settings=settings, options=ConnectionOptions())
    assert sorted(result.failed_hosts) == ["fs1-rtr01", "pk1-acc01"]
    for multi in result.values():
        assert isinstance(multi[0].exception, TargetNotAllowedError)
    assert not (tmp_path / "known_hosts").exists()
